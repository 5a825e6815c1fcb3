package org.genimage.detectors.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our ResNet against torchvision: weights imported from safetensors written by
 * src/test/python/make_resnet_fixtures.py, every stage's activation and the logits within 1e-4 (max abs),
 * in both NCHW and NHWC inference graphs, and the logits of the engine that scores images (the oneDNN plan)
 * within the same bound.
 */
class ResNetParityTest {
  private static final String[] OUTPUTS = {"stem", "layer1", "layer2", "layer3", "layer4", "pooled", "logits"};

  @TempDir
  Path dir;

  private Path fixture(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/fixtures/resnet/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @ParameterizedTest
  @CsvSource({"small_2class, TWO_CLASS, false", "small_2class, TWO_CLASS, true",
      "small_1logit, SINGLE_LOGIT, false", "small_1logit, SINGLE_LOGIT, true"})
  void smallVariantMatchesTorchvision(String name, Head head, boolean nhwc) throws IOException {
    ResNet arch = new ResNet(ResNetConfig.small(head));
    double worst = check(arch, fixture(name + ".weights.safetensors"), fixture(name + ".io.safetensors"), nhwc,
        1e-4, false);
    assertThat(worst).isLessThan(1e-4);
  }

  /**
   * The full-size check; runs only when the script's --full output directory is given (see the script). Deep
   * float32 activations of ResNet-50 differ from the exact (float64) values by up to ~1e-3 in PyTorch itself
   * (summation order), so each stage must be within twice PyTorch's own float32 error of the float64 result,
   * and the logits within 1e-4 (max abs) of PyTorch's float32 logits.
   */
  @Test
  void fullResNet50MatchesTorchvision() {
    String d = System.getProperty("genimage.fullParityDir");
    assumeThat(d).as("-Dgenimage.fullParityDir not set").isNotNull();
    ResNet arch = new ResNet(ResNetConfig.resnet50(Head.TWO_CLASS));
    for (boolean nhwc : new boolean[] {false, true}) {
      check(arch, Path.of(d, "resnet50_2class.weights.safetensors"),
          Path.of(d, "resnet50_2class.io.safetensors"), nhwc, 1e-4, true);
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double check(ResNet arch, Path weights, Path io, boolean nhwc, double tolerance, boolean againstF64) {
    SafeTensors.Contents expected = SafeTensors.read(io);
    NamedTensor in = expected.get("input");
    double worst = 0;
    // The oneDNN plan reads NCHW: the NHWC graph is SameDiff's alone, so that case pins SameDiff.
    InferenceEngine engine = nhwc ? InferenceEngine.SAMEDIFF : InferenceEngine.AUTO;
    try (NetworkDetector d = NetworkDetector.importTorch("parity", arch, weights,
        new InferenceOptions(2, nhwc, engine))) {
      assertThat(d.channelsLast()).isEqualTo(nhwc);
      INDArray x = Nd4j.create(in.data(), in.shape(), 'c');
      if (nhwc) {
        x = x.permute(0, 2, 3, 1).dup('c');
      }
      Map<String, INDArray> out = d.run(x, OUTPUTS);
      for (String o : OUTPUTS) {
        INDArray got = out.get(o);
        if (nhwc && got.rank() == 4) {
          got = got.permute(0, 3, 1, 2);
        }
        NamedTensor want = expected.get(o);
        assertThat(got.shape()).as(o).containsExactly(want.shape());
        float[] g = got.dup('c').data().asFloat();
        double diff = maxAbsDiff(g, want.data());
        String layout = nhwc ? "NHWC" : "NCHW";
        if (againstF64 && !o.equals("logits")) {
          float[] exact = expected.get(o + ".f64").data();
          double ours = maxAbsDiff(g, exact);
          double torch = maxAbsDiff(want.data(), exact);
          System.out.printf("parity %s %-6s (%s): vs torch f32 %.3g; vs f64: ours %.3g, torch f32 %.3g%n",
              arch.displayName(), o, layout, diff, ours, torch);
          assertThat(ours).as("error of %s against float64 (%s)", o, layout).isLessThan(2 * torch + 1e-5);
        } else {
          System.out.printf("parity %s %-6s (%s): max abs diff %.3g%n", arch.displayName(), o, layout, diff);
          assertThat(diff).as("max abs diff of %s (%s)", o, layout).isLessThan(tolerance);
        }
        worst = Math.max(worst, diff);
      }
      // The engine that scores images (the oneDNN plan where it loads) against the same torchvision logits.
      float[] logits = d.logitsOfPreprocessed(x.dup('c').data().asFloat(), (int) in.shape()[0]);
      double diff = maxAbsDiff(logits, expected.get("logits").data());
      System.out.printf("parity %s logits via %s (%s): max abs diff %.3g%n", arch.displayName(), d.engine(),
          nhwc ? "NHWC" : "NCHW", diff);
      assertThat(d.engine()).isEqualTo(OneDnn.available() && !nhwc ? InferenceEngine.ONEDNN
          : InferenceEngine.SAMEDIFF);
      assertThat(diff).as("max abs diff of the %s engine's logits", d.engine()).isLessThan(tolerance);
      worst = Math.max(worst, diff);
    }
    return worst;
  }
}
