package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel {@link TreeScanner} against the sequential {@code walkFileTree} scanner it replaced
 * ({@link LegacyTreeScanner}), on a tree with every quirk the scanner handles, and the hand-written
 * file-name parsers of {@link FileNames} against the regular expressions they replaced.
 */
class TreeScannerEquivalenceTest {
  @TempDir Path tmp;

  private static void touch(Path p, int bytes) throws Exception {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
  }

  private void messyTree() throws Exception {
    for (int i = 0; i < 1500; i++) { // > one stat chunk in one folder
      touch(tmp.resolve("ADM/imagenet_ai_0508_adm/train/ai/" + String.format("%03d_adm_%d.png",
          i % 1000, i)), i % 97 == 0 ? 0 : 1);
    }
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/train/nature/n01440764_10026.JPEG"), 5);
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/val/AI/460_adm_74.PNG"), 5);
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/val/Nature/n01443537/ILSVRC2012_val_00000278.JPEG"),
        5);
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/val/ai/017/weird-name.png"), 5);
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/val/ai/n01443537/x.png"), 5);
    // files of a folder interleave with its sub-folder's ("a-b.png" < "a/..." < "a0.png")
    touch(tmp.resolve("imagenet_ai/train/ai/a-b.png"), 5);
    touch(tmp.resolve("imagenet_ai/train/ai/a/033_sdv4_00152.png"), 5);
    touch(tmp.resolve("imagenet_ai/train/ai/a0.png"), 5);
    touch(tmp.resolve("imagenet_ai/train/ai/001_wukong_1.jpg"), 5);
    touch(tmp.resolve("imagenet_ai/train/ai/002_mytag_1.jpg"), 5);
    touch(tmp.resolve("imagenet_ai/train/nature/n01443537_1.JPEG"), 5);
    touch(tmp.resolve("my_sdxl/train/ai/whatever.png"), 5);
    touch(tmp.resolve("my_sdxl/train/nature/x.jpg"), 5);
    touch(tmp.resolve("lonely/train/ai/1_x_1.webp"), 5); // no nature: a layout problem
    // CNNDetection-style: <generator>/<split>/<category>/{0_real,1_fake}, and plain real/fake
    touch(tmp.resolve("progan/test/car/1_fake/00001.png"), 5);
    touch(tmp.resolve("progan/test/car/0_real/00001.png"), 5);
    touch(tmp.resolve("other/validation/Fake/n01443537/img.png"), 5);
    touch(tmp.resolve("other/validation/REAL/img.jpg"), 5);
    touch(tmp.resolve("pics/unlabelled.png"), 5);
    touch(tmp.resolve("README.txt"), 5);
    touch(tmp.resolve("top.bmp"), 5);
    Files.createDirectories(tmp.resolve("empty/val/nature"));
    Files.createSymbolicLink(tmp.resolve("imagenet_ai/train/ai/loop"), tmp.resolve("imagenet_ai"));
    Files.createSymbolicLink(tmp.resolve("my_sdxl/train/ai/dangling.png"), tmp.resolve("nowhere"));
    Files.createSymbolicLink(tmp.resolve("my_sdxl/train/nature/linked"),
        tmp.resolve("ADM/imagenet_ai_0508_adm/train/nature"));
  }

  private void assertSame(Function<TreeScanner.Builder, TreeScanner.Builder> opts,
      Function<LegacyTreeScanner.Builder, LegacyTreeScanner.Builder> legacyOpts) {
    TreeScanner.Result now = opts.apply(TreeScanner.builder()).build().scan(tmp);
    LegacyTreeScanner.Result was = legacyOpts.apply(LegacyTreeScanner.builder()).build().scan(tmp);
    assertThat(now.index().samples()).containsExactlyElementsOf(was.index().samples());
    List<String> splits = new ArrayList<>();
    List<String> legacySplits = new ArrayList<>();
    for (int i = 0; i < was.index().size(); i++) {
      splits.add(now.index().id(i) + " " + now.index().split(i) + " " + now.index().fileSize(i));
      legacySplits.add(was.index().id(i) + " " + was.index().split(i) + " "
          + was.index().fileSize(i));
    }
    assertThat(splits).containsExactlyElementsOf(legacySplits);
    assertThat(now.problems()).containsExactlyElementsOf(was.problems());
    assertThat(now.unknownFolders()).isEqualTo(was.unknownFolders());
    assertThat(now.ignoredFiles()).isEqualTo(was.ignoredFiles());
  }

  @Test
  void matchesTheSequentialScannerOnAMessyTree() throws Exception {
    messyTree();
    Generator sdxl = Generator.custom("sdxl", "SDXL", Generator.Family.DIFFUSION);
    assertSame(b -> b, b -> b);
    assertSame(b -> b.mapFolder("MY_SDXL", sdxl).mapFileTag("mytag", sdxl),
        b -> b.mapFolder("MY_SDXL", sdxl).mapFileTag("mytag", sdxl));
    assertThat(TreeScanner.builder().build().scan(tmp).problems())
        .extracting(Problem::kind).contains(Problem.Kind.ZERO_BYTES, Problem.Kind.LAYOUT);
  }

  @Test
  void failsOnTheSameFolderAsTheSequentialScanner() throws Exception {
    messyTree();
    String was = null;
    try {
      LegacyTreeScanner.builder().policy(BadInputPolicy.FAIL).build().scan(tmp);
    } catch (BadDatasetLayoutException e) {
      was = e.getMessage();
    }
    assertThat(was).isNotNull();
    assertThatThrownBy(() -> TreeScanner.builder().policy(BadInputPolicy.FAIL).build().scan(tmp))
        .isInstanceOf(BadDatasetLayoutException.class).hasMessage(was);
  }

  // Group 1 (the tag-first head's word, GLIDE and VQDM) must equal group 3 ignoring case.
  private static final Pattern GENERATED = Pattern.compile(
      "(?:([A-Za-z][A-Za-z0-9]*)(?:_\\d+)*_)?(\\d{1,4})_([A-Za-z][A-Za-z0-9]*)_(?i:image)?\\d+"
      + "\\.[A-Za-z]+");
  private static final Pattern TRAIN = Pattern.compile("(n\\d{8})_\\d+\\.[A-Za-z]+");
  private static final Pattern VAL = Pattern.compile("(ILSVRC2012_val_\\d{8})\\.[A-Za-z]+");
  private static final Pattern WNID = Pattern.compile("n\\d{8}");

  @Test
  void fileNameParsersMatchTheRegularExpressions() {
    List<String> names = new ArrayList<>(List.of("033_sdv4_00152.png", "208_midjourney_76.png",
        "460_adm_74.PNG", "1234_x_1.png", "12345_x_1.png", "_x_1.png", "033__1.png", "033_1x_1.png",
        "033_x1_.png", "033_x_1.", "033_x_1.p1g", "033_x_1png", "033_x_1.png.png", "0_a_0.a",
        "n01440764_10026.JPEG", "n0144076_1.JPEG", "n014407640_1.JPEG", "n01440764_.JPEG",
        "n01440764_1", "n01440764", "n0144076x", "N01440764", "ILSVRC2012_val_00000278.JPEG",
        "ILSVRC2012_val_0000027.JPEG", "ILSVRC2012_val_000002789.JPEG", "ILSVRC2012_val_00000278",
        "ilsvrc2012_val_00000278.JPEG", "a.jpg", "a.JpEg", "a.webp", "a.bmp", "a.gif", "a.", ".png",
        "a.jpgx", "a.pn", "a.P\u0130NG", "a.\u212Apg", "", "\u0663\u0663_x_1.png",
        "n\u0660\u0661440764_1.JPEG", "GLIDE_1000_200_08_808_glide_00033.png",
        "VQDM_1000_200_00_017_vqdm_00020.png", "vqdm_017_VQDM_1.png", "GLIDE_1000_200_08_808_vqdm_1.png",
        "GLIDE_1000_200_08_1808_glide_1.png", "GLIDE_1000_x_08_808_glide_1.png",
        "GLIDE__08_808_glide_1.png", "_1_808_glide_1.png", "GLIDE1_808_glide_1.png",
        "729_wukong_image188.png", "0_wukong_IMAGE1.png", "0_wukong_image.png",
        "0_wukong_\u0131mage1.png", "0_wukong_imageimage1.png", "0_adm_174.PNG", "0_x_1_1.png",
        "\u212Aa_0_ka_1.png"));
    String alphabet = "0123456789_nxN.aIp\u0663GimageX_";
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 40000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = rnd.nextInt(i % 2 == 0 ? 14 : 24); k > 0; k--) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      names.add(sb.toString());
    }
    // Names built field by field like the release's patterns, each field drawn from right values and
    // near misses, so the tag-first and image forms come up often.
    String[][] fields = {
        {"GLIDE", "glide", "VqDm", "x", "", "1a", "\u0131"},
        {"1000", "08", "", "x"}, {"1000", "08", "", "x"}, {"1000", "08", "", "x"},
        {"808", "0", "12345", "", "a"},
        {"glide", "GLIDE", "vqdm", "x1", "1x", ""},
        {"00033", "image7", "IMAGE", "\u0131mage1", "", "7a"}};
    String[] endings = {".png", ".PNG", ".p1g", "", ".png.png", "png"};
    for (int i = 0; i < 40000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int f = rnd.nextInt(5) == 0 ? rnd.nextInt(fields.length) : 0; f < fields.length; f++) {
        if (f >= 1 && f <= 3 && rnd.nextBoolean()) {
          continue; // fewer numeric groups
        }
        String[] options = fields[f]; // half the time one of the first two, the likelier to match
        sb.append(options[rnd.nextInt(rnd.nextBoolean() ? 2 : options.length)]);
        if (f < fields.length - 1) {
          sb.append(rnd.nextInt(20) == 0 ? "-" : "_");
        }
      }
      names.add(sb.append(endings[rnd.nextInt(rnd.nextBoolean() ? 2 : endings.length)])
          .toString());
    }
    Set<String> exts = Set.of("jpg", "jpeg", "png", "webp", "bmp");
    for (String n : names) {
      Matcher g = GENERATED.matcher(n);
      boolean generated = g.matches()
          && (g.group(1) == null || g.group(1).equalsIgnoreCase(g.group(3)));
      int cls = generated && Integer.parseInt(g.group(2)) <= 999 ? Integer.parseInt(g.group(2))
          : -1;
      assertThat(FileNames.generatedClass(n)).as(n).isEqualTo(cls);
      assertThat(FileNames.generatorFromTag(n, java.util.Map.of()).isPresent()).as(n)
          .isEqualTo(generated && Generator.genImage().stream()
              .anyMatch(x -> x.fileTag().equalsIgnoreCase(g.group(3))));
      Matcher t = TRAIN.matcher(n);
      assertThat(FileNames.trainWordNetId(n).orElse(null)).as(n)
          .isEqualTo(t.matches() ? t.group(1) : null);
      Matcher v = VAL.matcher(n);
      assertThat(FileNames.valStem(n).orElse(null)).as(n)
          .isEqualTo(v.matches() ? v.group(1) : null);
      assertThat(FileNames.isWordNetId(n)).as(n).isEqualTo(WNID.matcher(n).matches());
      int dot = n.lastIndexOf('.');
      assertThat(FileNames.isImage(n)).as(n).isEqualTo(dot >= 0
          && exts.contains(n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT)));
    }
  }
}
