package org.genimage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.Precision;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.examples.QuantizeDetector.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy guard of {@code genimage quantize}: when an int8 file may be written; and the refusal to pair one
 * read's ranges with another read's weights when the model file is replaced while it runs.
 */
class QuantizeDetectorTest {
  @TempDir
  Path tmp;

  private static final String INT8 = "oneDNN 2.5.2 inference plan, batch 8, int8, 62 steps";

  private static List<Row> rows(double fp32, double int8) {
    return List.of(new Row(Precision.FP32, "fp32", fp32, 0.9), new Row(Precision.BF16, "bf16", fp32, 0.9),
        new Row(Precision.INT8, INT8, int8, 0.9));
  }

  @Test
  void writesWithinTheThresholdIncludingExactlyAtIt() {
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.95), 0.005, INT8)).isEmpty();
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.96), 0.005, INT8)).isEmpty();
    assertThat(QuantizeDetector.refusal(rows(0.75, 0.75 - 0.00390625), 0.00390625, INT8)).isEmpty();
  }

  @Test
  void refusesALossOverTheThreshold() {
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.944), 0.005, INT8)).contains("loses 0.0060 ROC AUC")
        .contains("0.0050 allowed");
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.9499), 0.0, INT8)).contains("loses");
  }

  @Test
  void refusesAnUndefinedAuc() {
    assertThat(QuantizeDetector.refusal(rows(Double.NaN, Double.NaN), 0.005, INT8)).contains("undefined")
        .contains("both labels");
    assertThat(QuantizeDetector.refusal(rows(0.9, Double.NaN), 1.0, INT8)).contains("undefined");
  }

  @Test
  void refusesWhenInt8DidNotRun() {
    String fp32 = "oneDNN 2.5.2 inference plan, batch 8, fp32 (int8 was asked for but this CPU has no native int8"
        + " kernels ...): running fp32)";
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.95), 0.005, fp32)).startsWith("int8 did not run")
        .contains("no native int8 kernels");
  }

  @Test
  void aModelFileReplacedBetweenItsTwoReadsIsRefusedAndNothingIsWritten() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    Path root = tmp.resolve("sim");
    MakeSimDataset.run(new MakeSimDataset.Options(root, 3, 64, 1, 8, false, false), Progress.NONE);
    Path before = tmp.resolve("model.gidet");
    Path after = tmp.resolve("replacement.gidet");
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    try (NetworkDetector a = NetworkDetector.create("a", arch, arch.initialise(1), Map.of(),
        InferenceOptions.defaults());
        NetworkDetector b = NetworkDetector.create("b", arch, arch.initialise(2), Map.of(),
            InferenceOptions.defaults())) {
      a.save(before);
      b.save(after);
    }
    Path out = tmp.resolve("int8.gidet");
    List<Precision> reads = new ArrayList<>();
    QuantizeDetector.Request request = new QuantizeDetector.Request(before,
        root.resolve("BigGAN/imagenet_ai_0419_biggan/val"), out, 4, 1.0, 0,
        LoadOptions.defaults().withEngine("onednn"));

    // The second read (bf16) finds the replacement where the model was.
    assertThatThrownBy(() -> QuantizeDetector.run(request, Progress.NONE, (path, options) -> {
      reads.add(options.precision());
      return Detectors.load(options.precision() == Precision.BF16 ? after : path, options);
    })).isInstanceOf(BadModelFileException.class).hasMessageContaining(before.toString())
        .hasMessageContaining("changed while quantising");
    assertThat(reads).containsExactly(Precision.FP32, Precision.BF16);
    assertThat(out).doesNotExist();

    // The same file read twice passes the check (whether it is written then depends on this CPU's int8).
    QuantizeDetector.Result r = QuantizeDetector.run(request, Progress.NONE, Detectors::load);
    assertThat(r.heldOut()).isEqualTo(12);
  }
}
