package org.genimage.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.Generator;

/**
 * The file-name patterns of the GenImage release: generated files
 * ({@code 033_sdv4_00152.png}, Midjourney's unpadded {@code 208_midjourney_76.png}, upper-case
 * extensions such as {@code 460_adm_74.PNG}), ImageNet training files ({@code n01440764_10026.JPEG})
 * and ImageNet val files ({@code ILSVRC2012_val_00000278.JPEG}). A name matching none of them is not an
 * error: its class is simply unknown.
 */
public final class FileNames {
  // The patterns below are matched by hand (a tree scan parses every file name; a regex matcher per
  // name was a visible share of it). In regex form, checked against these in FileNamesTest:
  // generated (\d{1,4})_([A-Za-z][A-Za-z0-9]*)_(\d+)\.[A-Za-z]+, train (n\d{8})_\d+\.[A-Za-z]+,
  // val (ILSVRC2012_val_\d{8})\.[A-Za-z]+, WordNet id n\d{8}; \d is ASCII only.
  private static final String VAL_PREFIX = "ILSVRC2012_val_";
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
    int len = fileName.length() - dot - 1;
    return len == 3 && (ext(fileName, dot, "jpg") || ext(fileName, dot, "png")
        || ext(fileName, dot, "bmp"))
        || len == 4 && (ext(fileName, dot, "jpeg") || ext(fileName, dot, "webp"));
  }

  /** ASCII case-insensitive: no other character lower-cases to the letters of these extensions. */
  private static boolean ext(String fileName, int dot, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = fileName.charAt(dot + 1 + i);
      if (c >= 0x80 || (c | 0x20) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The ImageNet class a generated file's name gives ({@code 033_sdv4_00152.png} gives 33).
   *
   * @param fileName the name
   * @return the class 0..999, or -1 if the name does not follow the pattern
   */
  public static int generatedClass(String fileName) {
    int tagEnd = generatedTagEnd(fileName);
    if (tagEnd < 0) {
      return -1;
    }
    int cls = Integer.parseInt(fileName, 0, fileName.indexOf('_'), 10);
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
    int tagEnd = generatedTagEnd(fileName);
    if (tagEnd < 0) {
      return Optional.empty();
    }
    String tag = fileName.substring(fileName.indexOf('_') + 1, tagEnd).toLowerCase(Locale.ROOT);
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
    if (fileName.length() < 9 || !isWordNetIdAt(fileName, 0) || !underscoreAt(fileName, 9)) {
      return Optional.empty();
    }
    int i = digits(fileName, 10);
    return i > 10 && extensionAt(fileName, i) ? Optional.of(fileName.substring(0, 9))
        : Optional.empty();
  }

  /**
   * The stem of an ImageNet val file name ({@code ILSVRC2012_val_00000278}).
   *
   * @param fileName the name
   * @return the stem, or empty if the name is not an ImageNet val name
   */
  public static Optional<String> valStem(String fileName) {
    int p = VAL_PREFIX.length();
    if (!fileName.startsWith(VAL_PREFIX) || digits(fileName, p) != p + 8
        || !extensionAt(fileName, p + 8)) {
      return Optional.empty();
    }
    return Optional.of(fileName.substring(0, p + 8));
  }

  /**
   * Whether a folder name is a WordNet id (class sub-folders of some re-uploads).
   *
   * @param name a folder name
   * @return true for {@code n} and eight digits
   */
  public static boolean isWordNetId(String name) {
    return name.length() == 9 && isWordNetIdAt(name, 0);
  }

  /** Where the tag of a generated name ends (its second '_'), or -1 if the name is not one. */
  private static int generatedTagEnd(String s) {
    int i = digits(s, 0);
    if (i < 1 || i > 4 || !underscoreAt(s, i)) {
      return -1;
    }
    i++;
    if (i >= s.length() || !isAsciiLetter(s.charAt(i))) {
      return -1;
    }
    i++;
    while (i < s.length() && (isAsciiLetter(s.charAt(i)) || isDigit(s.charAt(i)))) {
      i++;
    }
    int tagEnd = i;
    if (!underscoreAt(s, i)) {
      return -1;
    }
    int j = digits(s, i + 1);
    return j > i + 1 && extensionAt(s, j) ? tagEnd : -1;
  }

  /** Whether {@code s} from {@code i} is '.' and one or more ASCII letters to the end. */
  private static boolean extensionAt(String s, int i) {
    if (i >= s.length() - 1 || s.charAt(i) != '.') {
      return false;
    }
    for (int k = i + 1; k < s.length(); k++) {
      if (!isAsciiLetter(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordNetIdAt(String s, int i) {
    return s.length() >= i + 9 && s.charAt(i) == 'n' && digits(s, i + 1) >= i + 9;
  }

  /** The index after the run of ASCII digits starting at {@code i}. */
  private static int digits(String s, int i) {
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean underscoreAt(String s, int i) {
    return i < s.length() && s.charAt(i) == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
