package org.genimage.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genimage.api.Generator;

/**
 * The GenImage paper's published tables, shipped as the resource {@code genimage-published.json}
 * (cross-generator trained on SD V1.4, the 8x8 column means, the degraded table, the cross-content
 * figures and the "Fake or JPEG?" figures), with the name matching that decides when a run matches a
 * published setting. Accuracies are in percent, as published.
 */
public final class PublishedResults {
  private static final PublishedResults INSTANCE = new PublishedResults();
  private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)");

  private final JsonNode root;

  private PublishedResults() {
    try (InputStream in = PublishedResults.class.getResourceAsStream("genimage-published.json")) {
      if (in == null) {
        throw new IllegalStateException("resource genimage-published.json is missing from the jar");
      }
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The tables.
   *
   * @return the shared instance
   */
  public static PublishedResults get() {
    return INSTANCE;
  }

  /**
   * The citation of the tables.
   *
   * @return the source text
   */
  public String source() {
    return root.get("source").asText();
  }

  /**
   * The paper's name of a detector ({@code "resnet-50"}, {@code "ResNet50"} -> {@code "ResNet-50"};
   * {@code "swin_t"} -> {@code "Swin-T"}), matched on letters and digits only.
   *
   * @param detectorName a detector's name
   * @return the paper's row name, or empty when it is not one of the paper's seven detectors
   */
  public Optional<String> paperDetector(String detectorName) {
    if (detectorName == null) {
      return Optional.empty();
    }
    String key = detectorName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("detectorAliases").fields();
        it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      for (JsonNode alias : e.getValue()) {
        if (alias.asText().equals(key)) {
          return Optional.of(e.getKey());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The GenImage generator a subset or test-set name refers to ({@code "sd14"}, {@code "SD1.4"},
   * {@code "sd14/val"}, {@code "stable_diffusion_v_1_4"}, {@code "imagenet_ai_0419_sdv4/val"}).
   *
   * @param name the name
   * @return the generator, or empty
   */
  public static Optional<Generator> generatorOf(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (String part : name.split("[/\\\\]")) {
      Optional<Generator> g = Generator.lookup(part).or(() -> Generator.fromReleaseFolder(part));
      if (g.isPresent()) {
        return g;
      }
    }
    return Optional.empty();
  }

  /**
   * The published accuracy of a detector trained on SD V1.4 and tested on a generator.
   *
   * @param detectorName the detector's name
   * @param test the test generator
   * @return the accuracy in percent, or empty
   */
  public OptionalDouble crossGeneratorSd14(String detectorName, Generator test) {
    return lookup("crossGeneratorTrainedOnSd14", detectorName, test.id());
  }

  /**
   * The published average over the eight test subsets of a detector trained on SD V1.4.
   *
   * @param detectorName the detector's name
   * @return the accuracy in percent, or empty
   */
  public OptionalDouble crossGeneratorSd14Average(String detectorName) {
    return average("crossGeneratorTrainedOnSd14", detectorName);
  }

  /**
   * The published 8x8 column mean: mean accuracy on a test subset of the detectors trained on each
   * of the eight subsets.
   *
   * @param detectorName the detector's name
   * @param test the test generator
   * @return the accuracy in percent, or empty
   */
  public OptionalDouble crossGeneratorColumnMean(String detectorName, Generator test) {
    return lookup("crossGeneratorMatrixColumnMeans", detectorName, test.id());
  }

  /**
   * The published mean of the whole 8x8 matrix.
   *
   * @param detectorName the detector's name
   * @return the accuracy in percent, or empty
   */
  public OptionalDouble crossGeneratorMatrixAverage(String detectorName) {
    return average("crossGeneratorMatrixColumnMeans", detectorName);
  }

  /**
   * The published accuracy of an SD V1.4-trained detector on a degraded SD V1.4 val split.
   *
   * @param detectorName the detector's name
   * @param degradationKey a key of {@link #degradationKey(String, String)}
   * @return the accuracy in percent, or empty
   */
  public OptionalDouble degraded(String detectorName, String degradationKey) {
    return lookup("degradedSd14", detectorName, degradationKey);
  }

  /**
   * The published average over the six degradations.
   *
   * @param detectorName the detector's name
   * @return the accuracy in percent, or empty
   */
  public OptionalDouble degradedAverage(String detectorName) {
    return average("degradedSd14", detectorName);
  }

  /**
   * The paper's cross-content accuracy for a target dataset named like LFW faces or Laion-Art.
   *
   * @param targetName the target's name ({@code "lfw-faces"}, {@code "laion_art"})
   * @return the accuracy in percent, or empty
   */
  public OptionalDouble crossContent(String targetName) {
    String key = targetName == null ? "" : targetName.toLowerCase(Locale.ROOT);
    JsonNode t = root.get("crossContent").get("targets");
    if (key.contains("lfw") || key.contains("face")) {
      return OptionalDouble.of(t.get("lfw").get("accuracy").asDouble());
    }
    if (key.contains("laion") || key.contains("art")) {
      return OptionalDouble.of(t.get("laion-art").get("accuracy").asDouble());
    }
    return OptionalDouble.empty();
  }

  /**
   * The "Fake or JPEG?" note (Grommelt et al. 2024) on format and size biases of GenImage.
   *
   * @return the note, with its source
   */
  public String fakeOrJpegNote() {
    JsonNode f = root.get("fakeOrJpeg");
    return f.get("note").asText() + " (" + f.get("source").asText() + ")";
  }

  /**
   * The paper's key of a degradation, from its name and description: {@code lowres112},
   * {@code lowres64}, {@code jpeg65}, {@code jpeg30}, {@code blur3} or {@code blur5}.
   *
   * @param name the degradation's name ({@code "jpeg_q30"}, {@code "blur_s3"}, {@code "lr112"})
   * @param description its transform description ({@code "jpeg(quality=30)"})
   * @return the key, or empty when it is not one of the paper's six
   */
  public Optional<String> degradationKey(String name, String description) {
    for (String text : new String[] {name, description}) {
      if (text == null) {
        continue;
      }
      String t = text.toLowerCase(Locale.ROOT);
      String key = null;
      if (t.contains("jpeg") || t.contains("jpg")) {
        key = number(t, "quality").map(n -> "jpeg" + n).orElse(null);
      } else if (t.contains("blur") || t.contains("gauss")) {
        key = number(t, "sigma").map(n -> "blur" + n).orElse(null);
      } else if (t.startsWith("lr") || t.contains("lowres") || t.contains("low_res")
          || t.contains("resolution") || t.contains("downsampl") || t.contains("resize")) {
        key = number(t, "size").map(n -> "lowres" + n).orElse(null);
      }
      if (key != null && columns("degradedSd14").contains(key)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> number(String text, String after) {
    int at = text.indexOf(after);
    Matcher m = NUMBER.matcher(at >= 0 ? text.substring(at) : text);
    if (!m.find()) {
      return Optional.empty();
    }
    double v = Double.parseDouble(m.group(1));
    return v == Math.rint(v) ? Optional.of(Long.toString((long) v)) : Optional.empty();
  }

  private java.util.List<String> columns(String table) {
    java.util.List<String> out = new java.util.ArrayList<>();
    root.get(table).get("columns").forEach(c -> out.add(c.asText()));
    return out;
  }

  private OptionalDouble lookup(String table, String detectorName, String column) {
    Optional<String> row = paperDetector(detectorName);
    int c = columns(table).indexOf(column);
    if (row.isEmpty() || c < 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(root.get(table).get("rows").get(row.get()).get("values").get(c)
        .asDouble());
  }

  private OptionalDouble average(String table, String detectorName) {
    return paperDetector(detectorName).map(r -> OptionalDouble.of(
        root.get(table).get("rows").get(r).get("average").asDouble()))
        .orElse(OptionalDouble.empty());
  }
}
