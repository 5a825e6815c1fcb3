package org.genimage.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.internal.Checks;

/**
 * The ImageNet-1k classes as WordNet ids ({@code n01440764}) in class-index order: index {@code i} is
 * the {@code i}-th WordNet id in sorted order, which is the order torchvision's {@code ImageFolder}
 * and the usual ImageNet class indices use.
 *
 * <p>{@link #imageNet1k()} reads the list shipped with this module (one id a line,
 * {@code org/genimage/dataset/imagenet_wnids.txt}); {@link #fromFile(Path)} reads a list the user
 * supplies in the same format (a line may carry a name after the id, as in
 * {@code LOC_synset_mapping.txt}).
 */
public final class ImageNetClasses {
  private static final Pattern WNID = Pattern.compile("n\\d{8}");
  private static final String RESOURCE = "imagenet_wnids.txt";
  private static volatile ImageNetClasses shipped;

  private final List<String> ids;
  private final Map<String, Integer> index;

  private ImageNetClasses(List<String> ids, Path source) {
    if (ids.size() != 1000) {
      throw new BadDatasetLayoutException(source, "expected 1000 WordNet ids, found " + ids.size());
    }
    this.ids = List.copyOf(ids);
    this.index = new HashMap<>(2048);
    for (int i = 0; i < ids.size(); i++) {
      if (index.put(ids.get(i), i) != null) {
        throw new BadDatasetLayoutException(source, "WordNet id " + ids.get(i) + " appears twice");
      }
    }
  }

  /**
   * The 1000 ImageNet-1k classes shipped with this module.
   *
   * @return the shared instance
   */
  public static ImageNetClasses imageNet1k() {
    ImageNetClasses s = shipped;
    if (s == null) {
      try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("resource " + RESOURCE + " missing from the jar");
        }
        s = new ImageNetClasses(parse(in, null), null);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read resource " + RESOURCE, e);
      }
      shipped = s;
    }
    return s;
  }

  /**
   * Reads a user-supplied list: 1000 lines, each a WordNet id optionally followed by a space and a
   * name, in class-index order.
   *
   * @param file the list
   * @return the classes
   * @throws BadDatasetLayoutException naming the file if it cannot be read or is malformed
   */
  public static ImageNetClasses fromFile(Path file) {
    Checks.notNull("file", file);
    try (InputStream in = Files.newInputStream(file)) {
      return new ImageNetClasses(parse(in, file), file);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the WordNet id list", e);
    }
  }

  private static List<String> parse(InputStream in, Path source) throws IOException {
    List<String> out = new ArrayList<>(1000);
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNo = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int space = t.indexOf(' ');
      String id = space < 0 ? t : t.substring(0, space);
      if (!WNID.matcher(id).matches()) {
        throw new BadDatasetLayoutException(source,
            "line " + lineNo + ": \"" + id + "\" is not a WordNet id like n01440764");
      }
      out.add(id);
    }
    return out;
  }

  /**
   * The WordNet id of a class.
   *
   * @param classIndex 0..999
   * @return its WordNet id
   */
  public String wordNetId(int classIndex) {
    Checks.inRange("classIndex", classIndex, 0, ids.size() - 1);
    return ids.get(classIndex);
  }

  /**
   * The class index of a WordNet id.
   *
   * @param wordNetId an id like {@code n01440764}
   * @return its index 0..999, or -1 when the id is not one of the classes
   */
  public int indexOf(String wordNetId) {
    Integer i = wordNetId == null ? null : index.get(wordNetId);
    return i == null ? -1 : i;
  }

  /**
   * The class index of a WordNet id that must be known.
   *
   * @param wordNetId an id
   * @return its index
   * @throws BadArgumentException if the id is not one of the classes
   */
  public int require(String wordNetId) {
    int i = indexOf(wordNetId);
    if (i < 0) {
      throw new BadArgumentException("wordNetId", wordNetId, "one of the 1000 ImageNet-1k ids");
    }
    return i;
  }

  /**
   * All ids in class-index order.
   *
   * @return an immutable list of 1000 ids
   */
  public List<String> ids() {
    return ids;
  }
}
