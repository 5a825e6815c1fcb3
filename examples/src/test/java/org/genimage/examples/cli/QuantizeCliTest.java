package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.Precision;
import org.genimage.api.RgbImage;
import org.genimage.detectors.Int8Calibration;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ValidationFit;
import org.genimage.detectors.onednn.OneDnn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantize} on a trained detector (the small Spec, AUC 1.0 on simulated BigGAN): the int8 file keeps the
 * fp32 ROC AUC on held-out simulated images (the goal: within 0.005) and loads for int8; a CPU where int8
 * cannot be checked writes nothing and exits 1. (The refusal rule itself: {@code QuantizeDetectorTest}.)
 */
class QuantizeCliTest {
  @TempDir
  static Path tmp;
  static Path data;
  static Path model;

  @BeforeAll
  static void trainOne() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    Path root = tmp.resolve("sim");
    Cli made = Cli.run("make-sim-dataset", root.toString(), "--size", "64", "--train-per-label", "48",
        "--val-per-label", "40", "--seed", "3", "-q");
    assertThat(made.code()).as(made.err()).isZero();
    model = tmp.resolve("spec.gidet");
    Cli trained = Cli.run("train", "-q", "--detector", "spec", "--data", root.toString(), "--generator",
        "biggan", "--epochs", "4", "--batch", "16", "-o", model.toString());
    assertThat(trained.code()).as(trained.err()).isZero();
    data = root.resolve("BigGAN/imagenet_ai_0419_biggan/val");
  }

  private static boolean int8Runs() {
    try (Detector d = Detectors.load(model)) {
      NetworkDetector n = (NetworkDetector) d;
      try (NetworkDetector q = n.withInt8(new Int8Calibration(
          n.activationRanges(List.of(RgbImage.wrap(64, 64, new byte[3 * 64 * 64]))), new ValidationFit("", 1)))) {
        return q.engineDescription().contains(", int8, ");
      }
    }
  }

  @Test
  void theInt8CopyKeepsTheAucAndLoadsForInt8() throws IOException {
    Path out = tmp.resolve("int8.gidet");
    Cli r = Cli.run("quantize", "--model", model.toString(), "--calibration", data.toString(),
        "--calibration-images", "32", "-o", out.toString(), "-q");
    if (!int8Runs()) {
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("Not written: int8 did not run");
      assertThat(out).doesNotExist();
      return;
    }
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("from 32 calibration images", "held-out images: 48", "fp32", "bf16", "int8",
        "Written: ");
    String change = r.out().lines().filter(l -> l.startsWith("int8 - fp32 ROC AUC: ")).findFirst().orElseThrow();
    double delta = Double.parseDouble(change.substring("int8 - fp32 ROC AUC: ".length(), change.indexOf(" (")));
    double fp32Auc = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("fp32 ")).findFirst()
        .orElseThrow().trim().split("\\s+")[1]);
    assertThat(fp32Auc).as("the detector learned something").isGreaterThan(0.7);
    assertThat(Math.abs(delta)).isLessThanOrEqualTo(0.005);
    try (Detector d = Detectors.load(out, LoadOptions.defaults().withPrecision(Precision.INT8))) {
      assertThat(d.info().engine()).contains(", int8, ");
      assertThat(d.info().provenance()).containsEntry("int8.calibration.samples", "32");
    }
    // The written copy is made from the bf16 read; made from an fp32 read with the same ranges it is the same file.
    Int8Calibration written;
    try (Detector d = Detectors.load(out)) {
      written = ((NetworkDetector) d).int8Calibration().orElseThrow();
    }
    Path ref = tmp.resolve("int8-from-fp32.gidet");
    try (Detector d = Detectors.load(model, LoadOptions.defaults().withPrecision(Precision.FP32));
        NetworkDetector fromFp32 = ((NetworkDetector) d).withInt8(written)) {
      fromFp32.save(ref);
    }
    assertThat(Files.mismatch(out, ref)).isEqualTo(-1L);
  }

  @Test
  void aThresholdOutsideZeroToOneIsAUsageError() {
    Cli r = Cli.run("quantize", "--model", model.toString(), "--calibration", data.toString(),
        "--max-auc-drop", "-0.1", "-o", tmp.resolve("x.gidet").toString(), "-q");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("maxAucDrop");
  }
}
