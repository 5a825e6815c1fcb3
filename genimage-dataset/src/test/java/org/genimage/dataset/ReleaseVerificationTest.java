package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release verification: the structure check finds zero-byte, truncated and misnamed files without
 * decoding the sound ones, the official defect lists turn listed files into known defects, a run
 * stopped halfway resumes to the same report, and {@link ReleaseReport} sets the counts against the
 * paper's.
 */
class ReleaseVerificationTest {
  @TempDir Path tmp;
  Path root;
  byte[] png;
  byte[] jpeg;

  @BeforeEach
  void tree() throws Exception {
    png = encode("png");
    jpeg = encode("jpeg");
    root = tmp.resolve("release");
    Path sd = root.resolve("stable_diffusion_v_1_4/imagenet_ai_0419_sdv4");
    Path bg = root.resolve("BigGAN/imagenet_ai_0419_biggan");
    for (Path subset : List.of(sd, bg)) {
      String tag = subset == sd ? "sdv4" : "biggan";
      for (String split : List.of("train", "val")) {
        Path ai = Files.createDirectories(subset.resolve(split).resolve("ai"));
        Path nature = Files.createDirectories(subset.resolve(split).resolve("nature"));
        for (int k = 0; k < 6; k++) {
          Files.write(ai.resolve(String.format("%03d_%s_%05d.png", 30 + k, tag, k)), png);
          Files.write(nature.resolve(String.format("n01440764_%d.JPEG", 100 + k)), jpeg);
        }
      }
    }
    Path sdAi = sd.resolve("train/ai");
    // Listed in the official corrupted list (the fixture excerpt) and zero bytes, as in the release.
    Files.write(sdAi.resolve("033_sdv4_00134.png"), new byte[0]);
    // Listed, but sound in this copy.
    Files.write(sdAi.resolve("033_sdv4_00152.png"), png);
    // Not listed: damage.
    Files.write(sdAi.resolve("040_sdv4_00999.png"), Arrays.copyOf(png, png.length / 2));
    Files.write(sd.resolve("val/ai/041_sdv4_00001.png"), new byte[0]);
    // A PNG named .JPEG among the reals: decodes, reported apart.
    Files.write(sd.resolve("train/nature/n01440764_999.JPEG"), png);
    // A JPEG with 100 bytes after its end marker: decoders accept it, so must the check.
    byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 100);
    Files.write(bg.resolve("train/nature/n01440764_998.JPEG"), padded);
    // A generated file whose name gives no class.
    Files.write(bg.resolve("val/ai/unnamed.png"), png);
  }

  private static byte[] encode(String format) throws Exception {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        img.setRGB(x, y, (x * 31) << 16 | (y * 29) << 8 | 77);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).isTrue();
    return out.toByteArray();
  }

  private KnownDefects fixtureLists() throws Exception {
    return KnownDefects.read(Path.of(getClass().getResource("/fixtures/release/data").toURI()));
  }

  private DatasetIndex index() {
    return TreeScanner.builder().build().scan(root).index();
  }

  @Test
  void theOfficialListFormatsParse() throws Exception {
    KnownDefects lists = fixtureLists();
    assertThat(lists.entries()).extracting(KnownDefects.Entry::releasePath).containsExactly(
        "imagenet_ai_0419_sdv4/train/ai/033_sdv4_00134.png",
        "imagenet_ai_0419_sdv4/train/ai/033_sdv4_00152.png",
        "imagenet_ai_0508_adm/train/ai/115_adm_141.PNG",
        "imagenet_ai_0508_adm/train/ai/115_adm_135.PNG",
        "imagenet_ai_0508_adm/train/ai/115_adm_142.PNG",
        "imagenet_ai_0508_adm/train/ai/115_adm_154.PNG");
    assertThat(lists.find(Generator.ADM, Split.TRAIN, Label.FAKE, "115_adm_142.PNG"))
        .hasValueSatisfying(e -> assertThat(e.lists())
            .containsExactly("improper_png_header/imagenet_ai_0508_adm.txt"));
    assertThat(lists.find(Generator.ADM, Split.VAL, Label.FAKE, "115_adm_142.PNG")).isEmpty();
  }

  @Test
  void aFileInBothListsIsOneEntryNamingBoth() throws Exception {
    Path d = tmp.resolve("lists");
    Files.createDirectories(d.resolve("corrupted_files"));
    Files.createDirectories(d.resolve("improper_png_header"));
    Files.writeString(d.resolve("corrupted_files/imagenet_glide.txt"),
        "./imagenet_glide/train/ai/GLIDE_1000_200_08_808_glide_00033.png\n");
    Files.writeString(d.resolve("improper_png_header/imagenet_glide.txt"),
        "./data/imagenet_glide/train/ai/GLIDE_1000_200_08_808_glide_00033.png\n");
    KnownDefects lists = KnownDefects.read(d);
    assertThat(lists.size()).isEqualTo(1);
    assertThat(lists.entries().get(0).lists()).containsExactly(
        "corrupted_files/imagenet_glide.txt", "improper_png_header/imagenet_glide.txt");
  }

  @Test
  void aMalformedListLineNamesFileAndLine() throws Exception {
    Path d = tmp.resolve("lists");
    Files.createDirectories(d.resolve("corrupted_files"));
    Files.writeString(d.resolve("corrupted_files/x.txt"),
        "./imagenet_glide/train/ai/a.png\n./no_such_subset/train/ai/b.png\n");
    assertThatThrownBy(() -> KnownDefects.read(d)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("x.txt").hasMessageContaining("line 2");
    assertThatThrownBy(() -> KnownDefects.read(tmp)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("corrupted_files");
  }

  @Test
  void theStructureCheckFindsWhatTheFullDecodeFinds() throws Exception {
    DatasetIndex idx = index();
    Verifier.Report fast = Verifier.builder().check(Verifier.Check.STRUCTURE)
        .knownDefects(fixtureLists()).build().verify(idx);
    Verifier.Report full = Verifier.builder().check(Verifier.Check.DECODE)
        .knownDefects(fixtureLists()).build().verify(idx);
    assertThat(fast.problems()).extracting(p -> root.relativize(p.path()).toString(), Problem::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "stable_diffusion_v_1_4/imagenet_ai_0419_sdv4/train/ai/040_sdv4_00999.png",
                Problem.Kind.UNDECODABLE),
            org.assertj.core.groups.Tuple.tuple(
                "stable_diffusion_v_1_4/imagenet_ai_0419_sdv4/val/ai/041_sdv4_00001.png",
                Problem.Kind.ZERO_BYTES),
            org.assertj.core.groups.Tuple.tuple(
                "stable_diffusion_v_1_4/imagenet_ai_0419_sdv4/train/nature/n01440764_999.JPEG",
                Problem.Kind.MISNAMED));
    assertThat(fast.problems()).extracting(Problem::path, Problem::kind)
        .containsExactlyInAnyOrderElementsOf(full.problems().stream()
            .map(p -> org.assertj.core.groups.Tuple.tuple(p.path(), p.kind())).toList());
    assertThat(fast.knownDefects()).extracting(k -> k.path().getFileName().toString(),
        Verifier.KnownDefect::found).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("033_sdv4_00134.png", "zero-byte file"),
            org.assertj.core.groups.Tuple.tuple("033_sdv4_00152.png", "reads"));
    // Only the padded JPEG failed the quick look and was decoded (which also hashes it).
    assertThat(fast.checksums()).containsOnlyKeys(
        "BigGAN/imagenet_ai_0419_biggan/train/nature/n01440764_998.JPEG");
    assertThat(full.checksums()).hasSize(idx.size() - 3);
    Path excl = tmp.resolve("exclude.txt");
    fast.writeExclusions(root, excl);
    assertThat(Verifier.readExclusions(excl)).hasSize(4).anyMatch(s -> s.endsWith("00152.png"));
  }

  @Test
  void aRunStoppedHalfwayResumesToTheSameReport() throws Exception {
    DatasetIndex idx = index();
    KnownDefects lists = fixtureLists();
    Path progress = tmp.resolve("progress.tsv");
    AtomicInteger calls = new AtomicInteger();
    Verifier interrupted = Verifier.builder().check(Verifier.Check.STRUCTURE).knownDefects(lists)
        .progressFile(progress).batchSize(5).progress((done, total) -> {
          if (calls.incrementAndGet() == 4) { // the start, then three batches
            throw new IllegalStateException("killed");
          }
        }).build();
    assertThatThrownBy(() -> interrupted.verify(idx)).hasMessage("killed");
    assertThat(Files.readAllLines(progress)).hasSize(15);

    AtomicInteger last = new AtomicInteger();
    Verifier.Report resumed = Verifier.builder().check(Verifier.Check.STRUCTURE)
        .knownDefects(lists).progressFile(progress).batchSize(5)
        .progress((done, total) -> last.set(done)).build().verify(idx);
    assertThat(resumed.resumed()).isEqualTo(15);
    assertThat(resumed.checked()).isEqualTo(idx.size() - 15);
    assertThat(last.get()).isEqualTo(idx.size());

    Verifier.Report fresh = Verifier.builder().check(Verifier.Check.STRUCTURE)
        .knownDefects(lists).build().verify(idx);
    assertThat(resumed.problems()).isEqualTo(fresh.problems());
    assertThat(resumed.knownDefects()).isEqualTo(fresh.knownDefects());
    assertThat(resumed.counts()).isEqualTo(fresh.counts());
    assertThat(ReleaseReport.of(idx, resumed, lists, List.of(Generator.SD_V1_4)))
        .isEqualTo(ReleaseReport.of(idx, fresh, lists, List.of(Generator.SD_V1_4)));
  }

  @Test
  void aDecodingRunChecksAgainWhatAStructureRunOnlyLookedAt() throws Exception {
    DatasetIndex idx = index();
    Path progress = tmp.resolve("progress.tsv");
    Verifier.builder().check(Verifier.Check.STRUCTURE).progressFile(progress).build().verify(idx);
    Verifier.Report decoded = Verifier.builder().check(Verifier.Check.DECODE)
        .progressFile(progress).build().verify(idx);
    // Final already: the three damaged files, and the padded JPEG the structure run had to
    // decode; every other file is decoded now.
    assertThat(decoded.resumed()).isEqualTo(4);
    assertThat(decoded.checksums()).hasSize(idx.size() - 3);
  }

  @Test
  void theReportSetsCountsAgainstThePaper() throws Exception {
    DatasetIndex idx = index();
    KnownDefects lists = fixtureLists();
    Verifier.Report v = Verifier.builder().check(Verifier.Check.STRUCTURE).knownDefects(lists)
        .build().verify(idx);
    ReleaseReport r = ReleaseReport.of(idx, v, lists, List.of(Generator.SD_V1_4,
        Generator.BIGGAN, Generator.MIDJOURNEY));
    ReleaseReport.Row sdTrainFake = row(r, "sd14", "train", "fake");
    assertThat(sdTrainFake.found()).isEqualTo(6 + 3);
    assertThat(sdTrainFake.expected()).isEqualTo(162_000L);
    assertThat(sdTrainFake.status()).isEqualTo("short by " + (162_000 - 9));
    assertThat(sdTrainFake.knownDefects()).isEqualTo(2);
    assertThat(sdTrainFake.damaged()).isEqualTo(1);
    assertThat(row(r, "sd14", "val", "fake").damaged()).isEqualTo(1);
    ReleaseReport.Row bgValFake = row(r, "biggan", "val", "fake");
    assertThat(bgValFake.expected()).isNull();
    assertThat(bgValFake.status()).isEqualTo("present");
    assertThat(bgValFake.noClass()).isEqualTo(1);
    assertThat(r.noClassExamples()).containsExactly(
        "BigGAN/imagenet_ai_0419_biggan/val/ai/unnamed.png");
    assertThat(row(r, "midjourney", "train", "real").status()).isEqualTo("missing");
    assertThat(r.totals()).isEmpty(); // not all eight subsets expected
    assertThat(r.complete()).isFalse();
    assertThat(r.problems()).anyMatch(p -> p.startsWith("sd14/train/fake: short by"))
        .anyMatch(p -> p.startsWith("midjourney/val/fake: missing"))
        .anyMatch(p -> p.equals("2 damaged files not in the official defect lists"));
    assertThat(r.misnamed()).hasSize(1);
    // The ADM entries of the lists are for a subset not expected here; the SD V1.4 ones were found.
    assertThat(r.listedNotFound()).isEmpty();

    JsonNode json = new ObjectMapper().readTree(r.toJson(v));
    assertThat(json.get("complete").asBoolean()).isFalse();
    assertThat(json.get("counts")).hasSize(3 * 4);
    assertThat(json.get("knownDefects")).hasSize(2);
    assertThat(json.get("knownDefects").get(0).get("status").asText())
        .isEqualTo("known defect, excluded");
  }

  @Test
  void aSubsetWithoutPublishedCountsAndNoDamageIsComplete() throws Exception {
    Files.delete(root.resolve("BigGAN/imagenet_ai_0419_biggan/val/ai/unnamed.png"));
    Path bg = root.resolve("BigGAN");
    DatasetIndex idx = TreeScanner.builder().build().scan(bg).index();
    Verifier.Report v = Verifier.builder().check(Verifier.Check.STRUCTURE).build().verify(idx);
    ReleaseReport r = ReleaseReport.of(idx, v, KnownDefects.none(), List.of(Generator.BIGGAN));
    assertThat(r.problems()).isEmpty();
    assertThat(r.complete()).isTrue();
    assertThat(r.rows()).extracting(ReleaseReport.Row::status).containsOnly("present");
  }

  @Test
  void allEightSubsetsAddTheReleaseTotals() throws Exception {
    DatasetIndex idx = index();
    Verifier.Report v = Verifier.builder().check(Verifier.Check.STRUCTURE).build().verify(idx);
    ReleaseReport r = ReleaseReport.of(idx, v, KnownDefects.none(), Generator.genImage());
    assertThat(r.totals()).extracting(ReleaseReport.Total::what, ReleaseReport.Total::expected)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("real, train + val", 1_331_167L),
            org.assertj.core.groups.Tuple.tuple("fake, train + val", 1_350_000L),
            org.assertj.core.groups.Tuple.tuple("real, val", 50_000L),
            org.assertj.core.groups.Tuple.tuple("fake, val", 50_000L));
    long fakes = idx.samples().stream().filter(s -> s.label() == Label.FAKE).count();
    assertThat(r.totals().get(1).found()).isEqualTo(fakes);
    assertThat(r.rows()).hasSize(8 * 4);
  }

  private static ReleaseReport.Row row(ReleaseReport r, String g, String split, String label) {
    return r.rows().stream().filter(x -> x.generator().equals(g) && x.split().equals(split)
        && x.label().equals(label)).findFirst().orElseThrow();
  }
}
