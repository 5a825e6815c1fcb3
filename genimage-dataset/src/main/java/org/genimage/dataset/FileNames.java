package org.genimage.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.Generator;

/**
 * The file-name patterns of the GenImage release: generated files, ImageNet training files
 * ({@code n01440764_10026.JPEG}) and ImageNet val files ({@code ILSVRC2012_val_00000278.JPEG}). A name
 * matching none of them is not an error: its class is simply unknown.
 *
 * <p>The eight subsets name their generated files in three ways (names from the release's own lists of
 * defective files and from users' code):
 * <table>
 *   <caption>Generated-file names of the GenImage subsets</caption>
 *   <tr><th>subset</th><th>example</th><th>class</th></tr>
 *   <tr><td>SD V1.4, SD V1.5</td><td>{@code 033_sdv4_00152.png}, {@code 001_sdv5_00094.png}</td>
 *       <td>33, 1</td></tr>
 *   <tr><td>Midjourney</td><td>{@code 208_midjourney_76.png}, {@code 0_midjourney_169.png} (unpadded)
 *       </td><td>208, 0</td></tr>
 *   <tr><td>ADM</td><td>{@code 115_adm_141.PNG}, {@code 0_adm_174.PNG} (class unpadded, upper-case
 *       extension)</td><td>115, 0</td></tr>
 *   <tr><td>BigGAN</td><td>{@code 116_biggan_00081.png}</td><td>116</td></tr>
 *   <tr><td>Wukong</td><td>{@code 729_wukong_image188.png} (number after {@code image})</td>
 *       <td>729</td></tr>
 *   <tr><td>GLIDE</td><td>{@code GLIDE_1000_200_08_808_glide_00033.png} (tag first, then numeric
 *       groups; the class is the group before the tag)</td><td>808</td></tr>
 *   <tr><td>VQDM</td><td>{@code VQDM_1000_200_00_017_vqdm_00020.png}</td><td>17</td></tr>
 * </table>
 * One grammar covers them all, so a tag the user maps ({@link TreeScanner.Builder#mapFileTag}) may use
 * any of the forms: {@code [<TAG>(_<digits>)*_]<class>_<tag>_[image]<number>.<extension>}, where the
 * leading {@code <TAG>}, when present, is the tag again (in any case), the class has 1-4 digits and is
 * a class only in 0..999, and {@code image} is matched in any case.
 */
public final class FileNames {
  // The patterns below are matched by hand (a tree scan parses every file name; a regex matcher per
  // name was a visible share of it). In regex form, checked against these in
  // TreeScannerEquivalenceTest: generated
  // (?:([A-Za-z][A-Za-z0-9]*)(?:_\d+)*_)?(\d{1,4})_([A-Za-z][A-Za-z0-9]*)_(?i:image)?\d+\.[A-Za-z]+
  // with group 1, when present, equal to group 3 ignoring case; train (n\d{8})_\d+\.[A-Za-z]+,
  // val (ILSVRC2012_val_\d{8})\.[A-Za-z]+, WordNet id n\d{8}; \d is ASCII only.
  private static final String VAL_PREFIX = "ILSVRC2012_val_";
  /** What may stand before a generated file's number (Wukong's {@code 729_wukong_image188.png}). */
  private static final String NUMBER_PREFIX = "image";
  /** The release's generators, whose tags are compared in place (no substring per name). */
  private static final Generator[] RELEASE = Generator.genImage().toArray(new Generator[0]);

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
    return len == 3 && (asciiIgnoreCaseAt(fileName, dot + 1, "jpg")
        || asciiIgnoreCaseAt(fileName, dot + 1, "png") || asciiIgnoreCaseAt(fileName, dot + 1, "bmp"))
        || len == 4 && (asciiIgnoreCaseAt(fileName, dot + 1, "jpeg")
        || asciiIgnoreCaseAt(fileName, dot + 1, "webp"));
  }

  /**
   * Whether {@code s} at {@code at} holds the lower-case ASCII letters {@code lower} in either case;
   * ASCII only (the JDK's case folding would also match the dotless i or the Kelvin sign). The caller
   * checks that {@code s} is long enough.
   */
  private static boolean asciiIgnoreCaseAt(String s, int at, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = s.charAt(at + i);
      if (c >= 0x80 || (c | 0x20) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The ImageNet class a generated file's name gives: {@code 033_sdv4_00152.png} gives 33,
   * {@code GLIDE_1000_200_08_808_glide_00033.png} 808, {@code 0_wukong_image128.png} 0 (see the
   * class comment for every subset's pattern).
   *
   * @param fileName the name
   * @return the class 0..999, or -1 if the name follows none of the patterns or its class field is
   *     above 999
   */
  public static int generatedClass(String fileName) {
    long parsed = parseGenerated(fileName);
    if (parsed < 0) {
      return -1;
    }
    int cls = classOf(parsed);
    return cls <= 999 ? cls : -1;
  }

  /**
   * The generator a generated file's tag names ({@code sdv4} in {@code 033_sdv4_00152.png},
   * {@code glide} in {@code GLIDE_1000_200_08_808_glide_00033.png}). The name must follow one of the
   * generated-file patterns; its class field need not be a class.
   *
   * @param fileName the name
   * @param userTags extra tag to generator mappings (lower-case tags), consulted first
   * @return the generator, or empty if the name has no known tag
   */
  public static Optional<Generator> generatorFromTag(String fileName,
      Map<String, Generator> userTags) {
    long parsed = parseGenerated(fileName);
    if (parsed < 0) {
      return Optional.empty();
    }
    int from = tagStart(parsed);
    int to = tagEnd(parsed);
    if (!userTags.isEmpty()) {
      Generator g = userTags.get(fileName.substring(from, to).toLowerCase(Locale.ROOT));
      if (g != null) {
        return Optional.of(g);
      }
    }
    for (Generator g : RELEASE) {
      String tag = g.fileTag();
      // The tag is ASCII letters and digits, so the JDK's case folding cannot match other letters.
      if (tag.length() == to - from && fileName.regionMatches(true, from, tag, 0, tag.length())) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
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

  /**
   * Parses a generated name without allocating: -1 if it is not one, else the tag's start, the tag's
   * end and the class field's value (0..9999) packed into 16 bits each.
   */
  private static long parseGenerated(String s) {
    int dot = s.lastIndexOf('.');
    if (s.length() > 0xFFFF || dot < 0 || !extensionAt(s, dot)) {
      return -1;
    }
    // From the end: the fields are '_'-separated and none of the last three holds a '_'.
    int numberAt = s.lastIndexOf('_', dot - 1);
    if (numberAt < 0) {
      return -1;
    }
    int p = numberAt + 1;
    if (p + NUMBER_PREFIX.length() <= dot && asciiIgnoreCaseAt(s, p, NUMBER_PREFIX)) {
      p += NUMBER_PREFIX.length();
    }
    if (p == dot || digits(s, p) != dot) {
      return -1;
    }
    int tagAt = s.lastIndexOf('_', numberAt - 1);
    if (tagAt < 0 || alphanumericWord(s, tagAt + 1) != numberAt) {
      return -1;
    }
    int classAt = s.lastIndexOf('_', tagAt - 1);
    int classStart = classAt + 1;
    int classLength = tagAt - classStart;
    if (classLength < 1 || classLength > 4 || digits(s, classStart) != tagAt) {
      return -1;
    }
    if (classAt >= 0 && !tagFirstHead(s, classAt, tagAt + 1, numberAt)) {
      return -1;
    }
    int cls = Integer.parseInt(s, classStart, tagAt, 10);
    return (tagAt + 1) | (long) numberAt << 16 | (long) cls << 32;
  }

  /**
   * Whether {@code s[0, end)} is GLIDE's and VQDM's head: the tag again (any case), then zero or more
   * {@code _<digits>} groups ({@code GLIDE_1000_200_08} before {@code _808_glide_00033.png}).
   */
  private static boolean tagFirstHead(String s, int end, int tagStart, int tagEnd) {
    int tagLength = tagEnd - tagStart;
    int i = alphanumericWord(s, 0);
    if (i != tagLength || !s.regionMatches(true, 0, s, tagStart, tagLength)) {
      return false;
    }
    while (i < end) {
      int j = digits(s, i + 1);
      if (s.charAt(i) != '_' || j == i + 1) {
        return false;
      }
      i = j;
    }
    return i == end;
  }

  /** The end of an ASCII letter followed by ASCII letters and digits at {@code i}, or -1. */
  private static int alphanumericWord(String s, int i) {
    if (i >= s.length() || !isAsciiLetter(s.charAt(i))) {
      return -1;
    }
    i++;
    while (i < s.length() && (isAsciiLetter(s.charAt(i)) || isDigit(s.charAt(i)))) {
      i++;
    }
    return i;
  }

  private static int tagStart(long parsed) {
    return (int) (parsed & 0xFFFF);
  }

  private static int tagEnd(long parsed) {
    return (int) (parsed >>> 16 & 0xFFFF);
  }

  private static int classOf(long parsed) {
    return (int) (parsed >>> 32 & 0xFFFF);
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
