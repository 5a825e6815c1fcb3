package org.genimage.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genimage.api.Generator;

/**
 * The file-name patterns of the GenImage release: generated files
 * ({@code 033_sdv4_00152.png}, Midjourney's unpadded {@code 208_midjourney_76.png}, upper-case
 * extensions such as {@code 460_adm_74.PNG}), ImageNet training files ({@code n01440764_10026.JPEG})
 * and ImageNet val files ({@code ILSVRC2012_val_00000278.JPEG}). A name matching none of them is not an
 * error: its class is simply unknown.
 */
public final class FileNames {
  private static final Pattern GENERATED = Pattern.compile(
      "(\\d{1,4})_([A-Za-z][A-Za-z0-9]*)_(\\d+)\\.[A-Za-z]+");
  private static final Pattern TRAIN = Pattern.compile("(n\\d{8})_\\d+\\.[A-Za-z]+");
  private static final Pattern VAL = Pattern.compile("(ILSVRC2012_val_\\d{8})\\.[A-Za-z]+");
  private static final Pattern WNID = Pattern.compile("n\\d{8}");
  private static final Map<String, Generator> TAGS = Map.of(
      "sdv4", Generator.SD_V1_4, "sdv5", Generator.SD_V1_5, "midjourney", Generator.MIDJOURNEY,
      "adm", Generator.ADM, "glide", Generator.GLIDE, "wukong", Generator.WUKONG,
      "vqdm", Generator.VQDM, "biggan", Generator.BIGGAN);

  private FileNames() {}

  /**
   * Whether a file name has an image extension this module decodes (jpg, jpeg, png, webp, bmp, in
   * any case).
   *
   * @param fileName a file name
   * @return true for an image extension
   */
  public static boolean isImage(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    return switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "jpg", "jpeg", "png", "webp", "bmp" -> true;
      default -> false;
    };
  }

  /**
   * The ImageNet class a generated file's name gives ({@code 033_sdv4_00152.png} gives 33).
   *
   * @param fileName the name
   * @return the class 0..999, or -1 if the name does not follow the pattern
   */
  public static int generatedClass(String fileName) {
    Matcher m = GENERATED.matcher(fileName);
    if (!m.matches()) {
      return -1;
    }
    int cls = Integer.parseInt(m.group(1));
    return cls <= 999 ? cls : -1;
  }

  /**
   * The generator a generated file's tag names ({@code sdv4} in {@code 033_sdv4_00152.png}).
   *
   * @param fileName the name
   * @param userTags extra tag to generator mappings (lower-case tags), consulted first
   * @return the generator, or empty if the name has no known tag
   */
  public static Optional<Generator> generatorFromTag(String fileName,
      Map<String, Generator> userTags) {
    Matcher m = GENERATED.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    String tag = m.group(2).toLowerCase(Locale.ROOT);
    Generator g = userTags.get(tag);
    return Optional.ofNullable(g != null ? g : TAGS.get(tag));
  }

  /**
   * The WordNet id of an ImageNet training file name ({@code n01440764_10026.JPEG}).
   *
   * @param fileName the name
   * @return the id, or empty
   */
  public static Optional<String> trainWordNetId(String fileName) {
    Matcher m = TRAIN.matcher(fileName);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The stem of an ImageNet val file name ({@code ILSVRC2012_val_00000278}).
   *
   * @param fileName the name
   * @return the stem, or empty if the name is not an ImageNet val name
   */
  public static Optional<String> valStem(String fileName) {
    Matcher m = VAL.matcher(fileName);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * Whether a folder name is a WordNet id (class sub-folders of some re-uploads).
   *
   * @param name a folder name
   * @return true for {@code n} and eight digits
   */
  public static boolean isWordNetId(String name) {
    return WNID.matcher(name).matches();
  }
}
