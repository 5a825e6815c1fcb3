package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.ModelProvenance;
import org.genimage.api.Predictor;
import org.genimage.api.RgbImage;
import org.genimage.detectors.testfamily.PixelMean;
import org.genimage.detectors.testfamily.PixelMeanConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.eval.calibration.Calibration;
import org.genimage.eval.calibration.PlattScaling;
import org.genimage.eval.calibration.TemperatureScaling;
import org.genimage.eval.metrics.ExpectedCalibrationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration stored in detector files: fitted on a validation set's raw logits, applied by score() after
 * loading, refused when corrupt.
 */
class CalibratedDetectorTest {
  private static final int SIDE = 16;

  @TempDir
  Path dir;

  /** Simulated data: grey noise whose brightness is higher, on average, for fakes; the classes overlap. */
  static final class Simulated {
    final List<RgbImage> images = new ArrayList<>();
    final int[] labels;

    Simulated(int n, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = r.nextInt(2);
        double base = (labels[i] == 1 ? 140 : 115) + 20 * r.nextGaussian();
        byte[] b = new byte[3 * SIDE * SIDE];
        for (int j = 0; j < b.length; j++) {
          b[j] = (byte) Math.max(0, Math.min(255, (int) Math.round(base + 10 * r.nextGaussian())));
        }
        images.add(RgbImage.wrap(SIDE, SIDE, b));
      }
    }
  }

  /**
   * A pixel-mean network whose FAKE-minus-REAL logit is {@code gain * (sum of channel means) + shift}: with a
   * large gain it ranks the simulated data well and is far too sure of itself.
   */
  static NetworkDetector overconfident(float gain) {
    PixelMean arch = new PixelMean(new PixelMeanConfig(SIDE));
    float[] w = {0, 0, 0, gain, gain, gain};
    // Brightness 127.5 normalises to about (0.5 - 0.45) / 0.226 per channel: centre the logit there.
    double centre = 3 * (0.5 - 0.45) / 0.226;
    float[] b = {0, (float) (-gain * centre)};
    Map<String, NamedTensor> weights = Map.of(
        "fc.weight", NamedTensor.f32("fc.weight", new long[] {2, 3}, w),
        "fc.bias", NamedTensor.f32("fc.bias", new long[] {2}, b));
    return NetworkDetector.create("overconfident", arch, weights, ModelProvenance.ofNotes(Map.of("note", "t")),
        InferenceOptions.defaults());
  }

  private static double[] asDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void temperatureFittedOnValidationLowersTheErrorOnHeldOutData() {
    Simulated val = new Simulated(300, 1);
    Simulated test = new Simulated(300, 2);
    try (NetworkDetector d = overconfident(40)) {
      double before = ExpectedCalibrationError.of(test.labels, asDouble(d.scoreBatch(test.images)));
      TemperatureScaling t = TemperatureScaling.fit(val.labels, d.rawLogits(val.images));
      assertThat(t.temperature()).as("an overconfident detector is cooled").isGreaterThan(2);
      try (NetworkDetector c = d.withCalibration(new DetectorCalibration(t, new ValidationFit("", 300)))) {
        double after = ExpectedCalibrationError.of(test.labels, asDouble(c.scoreBatch(test.images)));
        assertThat(before).isGreaterThan(0.1);
        assertThat(after).isLessThan(before / 2);
      }
    }
  }

  @Test
  void savedCalibrationIsAppliedAfterLoadingToTheRawLogits() {
    Simulated data = new Simulated(20, 3);
    List<RgbImage> imgs = data.images.subList(0, 8);
    Path plain = dir.resolve("plain.gidet");
    Path calibrated = dir.resolve("calibrated.gidet");
    Calibration platt = new PlattScaling(-0.3, 0.2);
    ValidationFit fit = new ValidationFit("sha256:" + "ab".repeat(32), 20);
    try (NetworkDetector d = overconfident(10)) {
      d.save(plain);
      try (NetworkDetector c = d.withCalibration(new DetectorCalibration(platt, fit))) {
        c.save(calibrated);
      }
    }
    try (Detector p = Detectors.load(plain); Detector c = Detectors.load(calibrated)) {
      NetworkDetector raw = (NetworkDetector) p;
      assertThat(raw.calibration()).isEmpty();
      assertThat(raw.info().provenance()).doesNotContainKey("calibration.method").containsEntry("note", "t");
      float[] logits = raw.logits(imgs);
      float[] scores = c.scoreBatch(imgs);
      float[] uncalibrated = raw.scoreBatch(imgs);
      try (Predictor pr = c.newPredictor()) {
        float[] viaPredictor = pr.scoreBatch(imgs);
        double[] calibratedLogits = ((LogitPredictor) pr).logitBatch(imgs);
        for (int i = 0; i < imgs.size(); i++) {
          double z = (double) logits[2 * i + 1] - logits[2 * i];
          assertThat(scores[i]).isEqualTo((float) platt.apply(z));
          assertThat(viaPredictor[i]).isEqualTo(scores[i]);
          // A batch of one may sum in another order.
          assertThat(c.score(imgs.get(i))).isCloseTo(scores[i], org.assertj.core.data.Offset.offset(1e-6f));
          assertThat(uncalibrated[i]).isEqualTo((float) (1 / (1 + Math.exp(-z))), org.assertj.core.data.Offset
              .offset(1e-6f));
          assertThat(calibratedLogits[i]).isCloseTo(-(-0.3 * z + 0.2), org.assertj.core.data.Offset.offset(1e-12));
        }
      }
      assertThat(((NetworkDetector) c).calibration()).contains(new DetectorCalibration(platt, fit));
      assertThat(c.info().provenance()).containsEntry("calibration.method", "platt")
          .containsEntry("calibration.a", "-0.3").containsEntry("calibration.b", "0.2")
          .containsEntry("calibration.validation.manifest", fit.manifest())
          .containsEntry("calibration.validation.samples", "20").containsEntry("note", "t");
    }
  }

  @Test
  void recalibratingReplacesRatherThanStacksAndTemperatureRoundTrips() {
    Path f = dir.resolve("t.gidet");
    Path g = dir.resolve("t2.gidet");
    try (NetworkDetector d = overconfident(10);
        NetworkDetector c = d.withCalibration(new DetectorCalibration(new TemperatureScaling(2.5),
            new ValidationFit("", 7)))) {
      c.save(f);
    }
    try (NetworkDetector loaded = DetectorFile.load(f, InferenceOptions.defaults());
        NetworkDetector again = loaded.withCalibration(new DetectorCalibration(new TemperatureScaling(4),
            new ValidationFit("", 9)))) {
      again.save(g);
      List<RgbImage> imgs = new Simulated(4, 9).images;
      double[] raw = loaded.rawLogits(imgs);
      float[] s = again.scoreBatch(imgs);
      for (int i = 0; i < s.length; i++) {
        assertThat(s[i]).isEqualTo((float) new TemperatureScaling(4).apply(raw[i]));
      }
    }
    DetectorFile.Contents c = DetectorFile.read(g);
    assertThat(c.calibration().calibration()).isEqualTo(new TemperatureScaling(4));
    assertThat(c.calibration().fittedOn().samples()).isEqualTo(9);
    // The older calibration's notes are not carried into the new file's provenance.
    assertThat(c.provenance().notes()).doesNotContainKey("calibration.temperature");
  }

  @Test
  void corruptCalibrationsAreRefusedNamingTheFile() {
    Path f = dir.resolve("ok.gidet");
    try (NetworkDetector d = overconfident(10);
        NetworkDetector c = d.withCalibration(new DetectorCalibration(new PlattScaling(-1, 0),
            new ValidationFit("", 5)))) {
      c.save(f);
    }
    Path nan = HeaderEdit.edit(f, dir.resolve("nan.gidet"),
        h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("calibration").get("parameters"))
            .put("a", "NaN"));
    Path inf = HeaderEdit.edit(f, dir.resolve("inf.gidet"),
        h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("calibration").get("parameters"))
            .put("b", Double.POSITIVE_INFINITY));
    Path missing = HeaderEdit.edit(f, dir.resolve("missing.gidet"),
        h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("calibration").get("parameters"))
            .remove("b"));
    Path method = HeaderEdit.edit(f, dir.resolve("method.gidet"),
        h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("calibration")).put("method", "isotonic"));
    Path samples = HeaderEdit.edit(f, dir.resolve("samples.gidet"),
        h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("calibration").get("fittedOn"))
            .put("samples", 0));
    for (Path bad : List.of(nan, inf, missing, method, samples)) {
      assertThatThrownBy(() -> Detectors.load(bad)).as(bad.toString()).isInstanceOf(BadModelFileException.class)
          .hasMessageContaining(bad.getFileName().toString()).hasMessageContaining("calibration");
    }
  }
}
