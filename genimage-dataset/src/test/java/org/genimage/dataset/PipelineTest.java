package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedGenerator;
import org.genimage.dataset.sim.SimulatedRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  @TempDir Path tmp;

  private DatasetIndex release() {
    SimulatedDatasetMaker.builder().trainPerLabel(6).valPerLabel(3).build().writeTo(tmp);
    return TreeScanner.builder().build().scan(tmp).index();
  }

  @Test
  void loaderKeepsDatasetOrderAndSkipsByPolicy() throws Exception {
    DatasetIndex idx = release();
    Files.write(idx.sample(3).path(), new byte[0]);
    Files.write(idx.sample(10).path(), new byte[] {1, 2, 3});
    List<String> got = new ArrayList<>();
    ParallelLoader skip = ParallelLoader.builder().threads(3).queueCapacity(2)
        .policy(BadInputPolicy.SKIP).build();
    try (ParallelLoader.Session s = skip.open(idx)) {
      while (s.hasNext()) {
        got.add(s.next().sample().id());
      }
      assertThat(s.skipped()).extracting(Problem::path)
          .containsExactly(idx.sample(3).path(), idx.sample(10).path());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < idx.size(); i++) {
      if (i != 3 && i != 10) {
        expected.add(idx.id(i));
      }
    }
    assertThat(got).containsExactlyElementsOf(expected);
    try (ParallelLoader.Session s = ParallelLoader.builder().threads(2).build().open(idx)) {
      assertThatThrownBy(() -> {
        while (s.hasNext()) {
          s.next();
        }
      }).isInstanceOf(BadImageException.class).hasMessageContaining(idx.sample(3).path().toString());
    }
  }

  @Test
  void verifierReportsExcludesAndResumes() throws Exception {
    DatasetIndex idx = release();
    Files.write(idx.sample(0).path(), new byte[0]);
    byte[] jpg = Files.readAllBytes(idx.sample(idx.size() - 1).path());
    Files.write(idx.sample(1).path(), java.util.Arrays.copyOf(jpg, 10));
    Path png = idx.samples().stream().filter(s -> s.label() == Label.FAKE).skip(4).findFirst()
        .orElseThrow().path();
    Path real = idx.samples().stream().filter(s -> s.label() == Label.REAL).skip(2).findFirst()
        .orElseThrow().path();
    Files.copy(png, real, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // PNG named .JPEG
    Path progress = tmp.resolve("progress.tsv");
    Verifier v = Verifier.builder().progressFile(progress)
        .expectedCounts(java.util.Map.of("sd14/train/fake", 6L, "sd14/val/real", 99L)).build();
    Verifier.Report r = v.verify(idx);
    assertThat(r.checked()).isEqualTo(idx.size());
    assertThat(r.problems()).extracting(Problem::kind).contains(Problem.Kind.ZERO_BYTES,
        Problem.Kind.UNDECODABLE, Problem.Kind.MISNAMED);
    assertThat(r.countMismatches()).containsExactly("sd14/val/real: found 3, expected 99");
    Verifier.Report again = v.verify(idx);
    assertThat(again.checked()).isZero();
    assertThat(again.resumed()).isEqualTo(idx.size());
    assertThat(again.problems()).isEqualTo(r.problems());
    Path excl = tmp.resolve("exclude.txt");
    Path sums = tmp.resolve("sha256.txt");
    r.writeExclusions(idx.root(), excl);
    r.writeChecksums(sums);
    DatasetIndex clean = idx.excluding(Verifier.readExclusions(excl));
    assertThat(clean.size()).isEqualTo(idx.size() - 2);
    assertThat(r.problems()).hasSize(3);
    Checksums checksums = Checksums.read(sums);
    DatasetIndex checked = clean.withLoader(checksums.verifying(ImageDecoder.standard()));
    assertThat(checked.load(checked.sample(0)).width()).isEqualTo(64);
    Sample victim = checked.sample(5);
    byte[] b = Files.readAllBytes(victim.path());
    b[b.length - 3] ^= 0x10;
    Files.write(victim.path(), b);
    assertThatThrownBy(() -> checked.load(victim)).isInstanceOf(BadImageException.class)
        .hasMessageContaining("SHA-256");
  }

  @Test
  void manifestsRoundTripWithChecksums() {
    DatasetIndex idx = release();
    List<Sample> picked = Sampling.balanced(idx.samples(), 5, 9);
    for (String name : new String[] {"m.csv", "m.jsonl"}) {
      Path m = tmp.resolve(name);
      Manifests.write(m, picked, true);
      Manifests.Manifest back = Manifests.read(m);
      assertThat(back.samples()).hasSize(10);
      for (int i = 0; i < picked.size(); i++) {
        Sample a = picked.get(i);
        Sample b = back.samples().get(i);
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.path()).isEqualTo(a.path());
        assertThat(b.label()).isEqualTo(a.label());
        assertThat(b.generator()).isEqualTo(a.generator());
        assertThat(b.imageNetClass()).isEqualTo(a.imageNetClass());
        assertThat(back.checksums().get(b.id())).hasSize(64);
      }
      assertThat(back.dataset(ImageDecoder.standard()).load(back.samples().get(0)).width())
          .isEqualTo(64);
    }
  }

  @Test
  void badManifestLinesAreTypedWithTheLine() throws Exception {
    Path m = Files.writeString(tmp.resolve("bad.csv"), "path,label\na.png,real\nb.png,maybe\n");
    assertThatThrownBy(() -> Manifests.read(m)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("bad.csv").hasMessageContaining("line 3");
    Path j = Files.writeString(tmp.resolve("bad.jsonl"), "{\"path\":\"a.png\",\"label\":1}\n{oops\n");
    assertThatThrownBy(() -> Manifests.read(j)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void samplingIsSeededBalancedAndOrderIndependent() {
    SimulatedDatasetMaker maker = SimulatedDatasetMaker.builder()
        .generators(SimulatedGenerator.genImageEight()).classCount(20).trainPerLabel(40)
        .valPerLabel(20).build();
    List<Sample> all = maker.samples();
    List<Sample> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    assertThat(Sampling.balanced(all, 30, 1)).isEqualTo(Sampling.balanced(reversed, 30, 1));
    assertThat(Sampling.balanced(all, 30, 1)).isNotEqualTo(Sampling.balanced(all, 30, 2));
    List<Sample> sd = maker.dataset(Generator.SD_V1_4, org.genimage.dataset.Split.TRAIN).samples();
    List<Sample> train = Sampling.classCountTrainSet(sd, 10, 2, 3);
    assertThat(train).hasSize(10 * 2 * 2);
    assertThat(train.stream().map(Sample::imageNetClass).distinct().count()).isEqualTo(10);
    assertThatThrownBy(() -> Sampling.classCountTrainSet(sd, 21, 2, 3))
        .isInstanceOf(BadArgumentException.class);
    List<Sample> test = Sampling.classCountTestSet(
        maker.dataset(org.genimage.dataset.Split.VAL).samples(), 8, 4);
    assertThat(test).hasSize(20 * 16);
    assertThat(test.stream().filter(s -> s.label() == Label.FAKE).map(Sample::generator)
        .distinct().count()).isEqualTo(8);
    Sampling.TrainVal tv = Sampling.trainVal(sd, 0.25, 5);
    assertThat(tv.val()).hasSize(20);
    assertThat(tv.train()).hasSize(60).doesNotContainAnyElementsOf(tv.val());
    assertThat(Sampling.perGenerator(all, 3, 0)).hasSize(8 * 6);
  }

  @Test
  void classProtocolsKeepEverySubsetOfAScannedRelease() {
    // Written and scanned, so every sample's class comes from its file name, in each subset's own
    // pattern (GLIDE_..._808_glide_..., VQDM_..., <class>_wukong_image<n>, <class>_adm_<n>.PNG, ...).
    SimulatedRelease written = SimulatedDatasetMaker.builder()
        .generators(SimulatedGenerator.genImageEight()).imageSize(16).classCount(4).trainPerLabel(8)
        .valPerLabel(8).build().writeTo(tmp);
    TreeScanner.Result scan = TreeScanner.builder().valGroundTruth(ValGroundTruth.read(
        written.valGroundTruth(), ImageNetClasses.imageNet1k())).build().scan(tmp);
    DatasetIndex idx = scan.index();
    assertThat(scan.unrecognisedNames()).isEmpty();

    // Class-count test set: per class, 8 reals and 8 fakes drawn round-robin over the generators.
    List<Sample> test = Sampling.classCountTestSet(idx.split(Split.VAL).samples(), 8, 1);
    assertThat(test).hasSize(4 * 16);
    assertThat(test.stream().filter(s -> s.label() == Label.FAKE).map(Sample::generator).distinct())
        .containsExactlyInAnyOrderElementsOf(Generator.genImage());

    // Class-count training set and per-class sampling of each subset on its own.
    for (Generator g : Generator.genImage()) {
      List<Sample> subset = idx.split(Split.TRAIN).samples().stream()
          .filter(s -> s.generator().equals(g)).toList();
      List<Sample> train = Sampling.classCountTrainSet(subset, 4, 2, 3);
      assertThat(train).as(g.id()).hasSize(4 * 2 * 2);
      assertThat(train.stream().filter(s -> s.label() == Label.FAKE).map(Sample::imageNetClass)
          .distinct()).as(g.id()).hasSize(4);
    }

    // "Fake or JPEG?": every subset's fakes survive the per-class balancing.
    List<Sample> kept = Shortcuts.fakeOrJpegSelection(idx.split(Split.TRAIN).samples(),
        new Shortcuts.Options(96, 8, 64, true, 0));
    assertThat(kept.stream().filter(s -> s.label() == Label.FAKE).map(Sample::generator).distinct())
        .containsExactlyInAnyOrderElementsOf(Generator.genImage());
    assertThat(kept.stream().filter(s -> s.label() == Label.FAKE)).hasSize(8 * 8);
    assertThat(kept.stream().filter(s -> s.label() == Label.REAL)).hasSize(8 * 8);
  }

  @Test
  void fakeOrJpegKeepsQuality96RealsInTheBandAndBalancesClasses() {
    SimulatedDatasetMaker.builder().trainPerLabel(10).valPerLabel(0).classCount(5)
        .realSizeRange(40, 120).generators(List.of(SimulatedGenerator.defaults().get(0)))
        .build().writeTo(tmp.resolve("a"));
    SimulatedDatasetMaker.builder().seed(1).trainPerLabel(10).valPerLabel(0).classCount(5)
        .jpegQuality(90).generators(List.of(SimulatedGenerator.defaults().get(0).withStrength(1)))
        .build().writeTo(tmp.resolve("b"));
    List<Sample> pool = new ArrayList<>(TreeScanner.builder().build().scan(tmp.resolve("a")).index()
        .samples());
    List<Sample> q90 = TreeScanner.builder().build().scan(tmp.resolve("b")).index().samples();
    pool.addAll(q90.stream().filter(s -> s.label() == Label.REAL).toList());
    List<Sample> kept = Shortcuts.fakeOrJpegSelection(pool, new Shortcuts.Options(96, 64, 120,
        true, 0));
    assertThat(kept).noneMatch(s -> s.path().startsWith(tmp.resolve("b")));
    for (Sample s : kept) {
      if (s.label() == Label.REAL) {
        int[] wh = Shortcuts.dimensions(s.path());
        // the band applies to both sides, not only the shorter one
        assertThat(wh[0]).as(s.id()).isBetween(64, 120);
        assertThat(wh[1]).as(s.id()).isBetween(64, 120);
      }
    }
    for (int c = 0; c < 1000; c += 200) {
      int cls = c;
      assertThat(kept.stream().filter(s -> s.imageNetClass() == cls && s.label() == Label.REAL)
          .count()).isEqualTo(kept.stream()
              .filter(s -> s.imageNetClass() == cls && s.label() == Label.FAKE).count());
    }
    Dataset d = Dataset.of("k", kept, Shortcuts.jpegFakes(ImageDecoder.standard(), 96));
    Sample fake = kept.stream().filter(s -> s.label() == Label.FAKE).findFirst().orElseThrow();
    assertThat(d.load(fake)).isNotEqualTo(ImageDecoder.standard().load(fake));
    assertThat(Shortcuts.reencodeAll(ImageDecoder.standard(), 96).load(fake))
        .isEqualTo(d.load(fake));
    // What the selection should keep, worked out here from decoded sizes (not from Shortcuts): every
    // fake, and per class as many reals as fakes drawn from the quality-96 reals of "a" with both sides
    // in 64..120, or all of those if fewer.
    Map<Integer, Long> eligible = new HashMap<>();
    Map<Integer, Long> fakes = new HashMap<>();
    int outOfBand = 0;
    for (Sample s : pool) {
      if (s.label() == Label.FAKE) {
        fakes.merge(s.imageNetClass(), 1L, Long::sum);
      } else if (s.path().startsWith(tmp.resolve("a"))) {
        RgbImage im = ImageDecoder.standard().load(s);
        boolean inBand = im.width() >= 64 && im.width() <= 120 && im.height() >= 64
            && im.height() <= 120;
        if (inBand) {
          eligible.merge(s.imageNetClass(), 1L, Long::sum);
        } else {
          outOfBand++;
        }
      }
    }
    // the size band must have had something to exclude, or this test says nothing about it
    assertThat(outOfBand).isPositive();
    long expectedPerLabel = fakes.keySet().stream()
        .mapToLong(c -> Math.min(fakes.get(c), eligible.getOrDefault(c, 0L))).sum();
    assertThat(expectedPerLabel).isPositive();
    assertThat(kept.stream().filter(s -> s.label() == Label.REAL)).hasSize((int) expectedPerLabel);
    assertThat(kept.stream().filter(s -> s.label() == Label.FAKE)).hasSize((int) expectedPerLabel);
  }
}
