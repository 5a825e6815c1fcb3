package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ensemble.EnsembleDetector;
import org.genimage.detectors.ensemble.FusionMethod;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.eval.ManifestHash;
import org.genimage.examples.DataSources;
import org.genimage.examples.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate} writes a detector whose file records the calibration and the validation data it was fitted
 * on, and says that data is not a test set; {@code ensemble} writes mean and stacking ensembles that load back.
 */
class CalibrateEnsembleCliTest {
  @TempDir
  static Path tmp;
  static Path val;
  static Path a;
  static Path b;

  @BeforeAll
  static void make() {
    Path root = tmp.resolve("sim");
    Cli made = Cli.run("make-sim-dataset", root.toString(), "--size", "64", "--train-per-label", "1",
        "--val-per-label", "6", "--seed", "5", "-q");
    assertThat(made.code()).isZero();
    val = root.resolve("BigGAN/imagenet_ai_0419_biggan/val");
    a = tmp.resolve("a.gidet");
    b = tmp.resolve("b.gidet");
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    try (NetworkDetector d = NetworkDetector.create("a", arch, arch.initialise(1), Map.of(),
        InferenceOptions.defaults());
        NetworkDetector e = NetworkDetector.create("b", arch, arch.initialise(2), Map.of(),
            InferenceOptions.defaults())) {
      d.save(a);
      e.save(b);
    }
  }

  @Test
  void calibrateWritesACalibratedCopyAndSaysTheDataIsNotATestSet() {
    Path out = tmp.resolve("a-cal.gidet");
    Cli r = Cli.run("calibrate", "--model", a.toString(), "--data", val.toString(), "--method", "platt", "-o",
        out.toString(), "-q");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("platt scaling fitted on 12 validation images", "ECE", "Brier", "before",
        "after", "not a test set", "Written: ");
    String manifest = ManifestHash.of(DataSources.open(val, Progress.NONE));
    try (Detector d = Detectors.load(out)) {
      NetworkDetector n = (NetworkDetector) d;
      assertThat(n.calibration()).isPresent();
      assertThat(n.calibration().get().fittedOn().manifest()).isEqualTo(manifest);
      assertThat(n.calibration().get().fittedOn().samples()).isEqualTo(12);
      assertThat(d.info().provenance()).containsEntry("calibration.method", "platt");
    }
  }

  @Test
  void ensembleWritesMeanAndStackingFiles() {
    Path mean = tmp.resolve("mean.gidet");
    Cli m = Cli.run("ensemble", "--member", a.toString(), "--member", b.toString(), "--method", "mean", "-o",
        mean.toString(), "-q");
    assertThat(m.code()).as(m.err()).isZero();
    assertThat(m.out()).contains("mean ensemble of 2: a, b");
    Path stack = tmp.resolve("stack.gidet");
    Cli s = Cli.run("ensemble", "--member", a.toString(), "--member", b.toString(), "--method", "stacking",
        "--data", val.toString(), "-o", stack.toString(), "-q");
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("stacking fitted on 12 validation images", "val AUC", "not a test set");
    try (Detector d = Detectors.load(stack)) {
      assertThat(((EnsembleDetector) d).method()).isEqualTo(FusionMethod.STACKING);
      assertThat(((EnsembleDetector) d).members()).hasSize(2);
    }
    Cli noData = Cli.run("ensemble", "--member", a.toString(), "--method", "stacking", "-o", stack.toString(),
        "-q");
    assertThat(noData.code()).isNotZero();
    assertThat(noData.err()).contains("--data");
    Cli detect = Cli.run("detect", "--model", mean.toString(), "-q", val.toString());
    assertThat(detect.code()).as(detect.err()).isZero();
    assertThat(detect.out()).contains("ensemble-mean");
  }
}
