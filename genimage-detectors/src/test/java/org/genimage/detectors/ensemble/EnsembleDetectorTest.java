package org.genimage.detectors.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.Predictor;
import org.genimage.api.RgbImage;
import org.genimage.detectors.DetectorCalibration;
import org.genimage.detectors.HeaderEdit;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.LogitPredictor;
import org.genimage.detectors.Logits;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ValidationFit;
import org.genimage.detectors.testfamily.PixelMean;
import org.genimage.detectors.testfamily.PixelMeanConfig;
import org.genimage.eval.calibration.LogisticModel;
import org.genimage.eval.calibration.TemperatureScaling;
import org.genimage.eval.metrics.RocAuc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mean, max and stacking ensembles: exact fusion, the stacking fit, files, threads and corrupt files. */
class EnsembleDetectorTest {
  private static final int SIDE = 16;

  @TempDir
  Path dir;

  /**
   * Constructed validation data: member 0 (red) sees one half of the fakes, member 1 (green) the other half,
   * so neither alone ranks all fakes above the reals but the two together do better.
   */
  static final class Complementary {
    final List<RgbImage> images = new ArrayList<>();
    final int[] labels;

    Complementary(int n, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = r.nextInt(2);
        boolean half = r.nextBoolean();
        int red = (int) Math.round(128 + (labels[i] == 1 && half ? 40 : 0) + 20 * r.nextGaussian());
        int green = (int) Math.round(128 + (labels[i] == 1 && !half ? 40 : 0) + 20 * r.nextGaussian());
        images.add(RgbImage.filled(SIDE, SIDE, clamp(red), clamp(green), 128));
      }
    }

    private static int clamp(int v) {
      return Math.max(0, Math.min(255, v));
    }
  }

  private static NetworkDetector network(long seed) {
    PixelMean arch = new PixelMean(new PixelMeanConfig(SIDE));
    return NetworkDetector.create("net" + seed, arch, arch.initialise(seed), Map.of(), InferenceOptions.defaults());
  }

  private static double[] logitsOf(Detector d, List<RgbImage> images) {
    try (Predictor p = d.newPredictor()) {
      return Logits.of(p, images);
    }
  }

  @Test
  void meanAndMaxFuseTheMembersLogitsExactly() {
    List<RgbImage> imgs = new Complementary(12, 1).images;
    List<Detector> members = List.of(network(3), new FakeMember("fake0", 0, 1.5), network(4));
    double[][] z = new double[members.size()][];
    for (int j = 0; j < members.size(); j++) {
      z[j] = logitsOf(members.get(j), imgs);
    }
    EnsembleDetector mean = EnsembleDetector.mean("mean", members);
    EnsembleDetector max = EnsembleDetector.max("max", members);
    double[] m = mean.logitBatch(imgs);
    double[] x = max.logitBatch(imgs);
    float[] ms = mean.scoreBatch(imgs);
    for (int i = 0; i < imgs.size(); i++) {
      double expectedMean = (z[0][i] + z[1][i] + z[2][i]) / 3;
      double expectedMax = Math.max(z[0][i], Math.max(z[1][i], z[2][i]));
      assertThat(m[i]).isEqualTo(expectedMean);
      assertThat(x[i]).isEqualTo(expectedMax);
      assertThat(ms[i]).isEqualTo((float) (1 / (1 + Math.exp(-expectedMean))));
    }
    assertThat(mean.info().architecture()).isEqualTo("ensemble-mean(pixelmean-16,fake-channel-0,pixelmean-16)");
    mean.close(); // closes the shared members once; max's close closes them again, which they allow
    max.close();
  }

  @Test
  void stackingIsTheLogisticFitOnMemberLogitsAndBeatsTheBestMemberOnValidation() {
    Complementary val = new Complementary(300, 2);
    List<Detector> members = List.of(new FakeMember("fake0", 0, 1.0), new FakeMember("fake1", 1, 2.0));
    double[][] z = EnsembleDetector.memberLogits(members, val.images);
    try (EnsembleDetector e = EnsembleDetector.fitStacking("stack", members, val.labels, z,
        new ValidationFit("sha256:" + "0".repeat(64), 300))) {
      assertThat(e.stackingModel()).contains(LogisticModel.fit(val.labels, z));
      double best = 0;
      for (int j = 0; j < 2; j++) {
        double[] col = new double[z.length];
        for (int i = 0; i < z.length; i++) {
          col[i] = z[i][j];
        }
        best = Math.max(best, RocAuc.of(val.labels, col));
      }
      double[] fused = e.logitBatch(val.images);
      assertThat(RocAuc.of(val.labels, fused)).isGreaterThanOrEqualTo(best).isGreaterThan(best + 0.02);
      assertThat(e.info().provenance()).containsEntry("stacking.validation.samples", "300")
          .containsEntry("architecture.config.method", "stacking");
    }
  }

  @Test
  void savedEnsemblesLoadThroughTheApiAndScoreTheSame() throws Exception {
    List<RgbImage> imgs = new Complementary(10, 5).images;
    Path f = dir.resolve("stack.gidet");
    Path nested = dir.resolve("nested.gidet");
    float[] before;
    LogisticModel model = new LogisticModel(new double[] {0.7, -1.25}, 0.3);
    NetworkDetector calibrated;
    try (NetworkDetector n = network(6)) {
      calibrated = n.withCalibration(new DetectorCalibration(new TemperatureScaling(3), new ValidationFit("", 4)));
    }
    try (EnsembleDetector e = EnsembleDetector.stacking("stack", List.of(calibrated, new FakeMember("fake1", 1, 2)),
        model, new ValidationFit("sha256:" + "1".repeat(64), 40))) {
      before = e.scoreBatch(imgs);
      e.save(f);
      try (EnsembleDetector outer = EnsembleDetector.max("outer", List.of(Detectors.load(f),
          new FakeMember("fake2", 2, 1)))) {
        outer.save(nested);
      }
    }
    assertThat(EnsembleFile.isEnsembleFile(f)).isTrue();
    try (Detector d = Detectors.load(f)) {
      EnsembleDetector e = (EnsembleDetector) d;
      assertThat(e.method()).isEqualTo(FusionMethod.STACKING);
      assertThat(e.stackingModel()).contains(model);
      assertThat(e.fittedOn()).contains(new ValidationFit("sha256:" + "1".repeat(64), 40));
      assertThat(((NetworkDetector) e.members().get(0)).calibration()).isPresent();
      assertThat(d.scoreBatch(imgs)).containsExactly(before);
      assertThat(d.info().provenance()).containsEntry("ensemble.member.0.name", "net6")
          .containsKey("ensemble.member.0.weights.sha256");
    }
    try (Detector d = Detectors.load(nested)) {
      EnsembleDetector e = (EnsembleDetector) d;
      assertThat(e.members().get(0)).isInstanceOf(EnsembleDetector.class);
      double[] z = e.logitBatch(imgs);
      double[] inner = ((EnsembleDetector) e.members().get(0)).logitBatch(imgs);
      double[] third = logitsOf(e.members().get(1), imgs);
      for (int i = 0; i < imgs.size(); i++) {
        assertThat(z[i]).isEqualTo(Math.max(inner[i], third[i]));
      }
    }
    try (Detector d = Detectors.load(f)) {
      assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
    }
  }

  @Test
  void predictorsOnSeveralThreadsScoreAsOneThreadDoes() throws Exception {
    List<RgbImage> imgs = new Complementary(16, 8).images;
    try (EnsembleDetector e = EnsembleDetector.mean("m", List.of(network(1), network(2), new FakeMember("f", 2, 1)))) {
      float[] expected = e.scoreBatch(imgs);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(pool.submit(() -> {
            try (Predictor p = e.newPredictor()) {
              assertThat(p).isInstanceOf(LogitPredictor.class);
              return p.scoreBatch(imgs);
            }
          }));
          results.add(pool.submit(() -> e.scoreBatch(imgs)));
        }
        for (Future<float[]> r : results) {
          float[] got = r.get();
          for (int i = 0; i < got.length; i++) {
            // SameDiff or the plan may sum in another order on another arena: equal to float rounding.
            assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6f));
          }
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void refusesBadEnsembles() {
    assertThatThrownBy(() -> EnsembleDetector.mean("e", List.of())).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("members");
    assertThatThrownBy(() -> EnsembleDetector.stacking("e", List.of(new FakeMember("a", 0, 1)),
        new LogisticModel(new double[] {1, 2}, 0), new ValidationFit("", 3)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("one weight per member");
  }

  @Test
  void corruptFilesAreRefusedNamingTheFile() throws IOException {
    Path f = dir.resolve("ok.gidet");
    try (EnsembleDetector e = EnsembleDetector.stacking("s", List.of(new FakeMember("fake0", 0, 1),
        new FakeMember("fake1", 1, 1)), new LogisticModel(new double[] {1, 2}, 0.5), new ValidationFit("", 9))) {
      e.save(f);
    }
    List<Path> bad = new ArrayList<>();
    bad.add(HeaderEdit.edit(f, dir.resolve("nan-weight.gidet"),
        h -> ((ArrayNode) h.get("stacking").get("weights")).set(0, h.textNode("NaN"))));
    bad.add(HeaderEdit.edit(f, dir.resolve("inf-bias.gidet"),
        h -> ((ObjectNode) h.get("stacking")).put("bias", Double.POSITIVE_INFINITY)));
    bad.add(HeaderEdit.edit(f, dir.resolve("three-weights.gidet"),
        h -> ((ArrayNode) h.get("stacking").get("weights")).add(1.0)));
    bad.add(HeaderEdit.edit(f, dir.resolve("one-member.gidet"), h -> ((ArrayNode) h.get("members")).remove(1)));
    bad.add(HeaderEdit.edit(f, dir.resolve("max-with-model.gidet"), h -> h.put("method", "max")));
    bad.add(HeaderEdit.edit(f, dir.resolve("median.gidet"), h -> h.put("method", "median")));
    bad.add(HeaderEdit.edit(f, dir.resolve("no-fit.gidet"), h -> ((ObjectNode) h.get("stacking")).remove("fittedOn")));
    bad.add(HeaderEdit.edit(f, dir.resolve("sha.gidet"), h -> ((ObjectNode) h.get("members").get(1))
        .put("sha256", "0".repeat(64))));
    byte[] b = Files.readAllBytes(f);
    bad.add(Files.write(dir.resolve("truncated.gidet"), java.util.Arrays.copyOf(b, b.length - 3)));
    byte[] flipped = b.clone();
    flipped[b.length - 5] ^= 1;
    bad.add(Files.write(dir.resolve("flipped.gidet"), flipped));
    for (Path p : bad) {
      assertThatThrownBy(() -> Detectors.load(p)).as(p.toString()).isInstanceOf(BadModelFileException.class)
          .hasMessageContaining(p.getFileName().toString());
    }
    assertThatThrownBy(() -> Detectors.load(dir.resolve("three-weights.gidet")))
        .hasMessageContaining("one weight per member (2)");
    assertThatThrownBy(() -> Detectors.load(dir.resolve("flipped.gidet"))).hasMessageContaining("SHA-256");
  }
}
