package org.genimage.detectors.gramnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.layers.FixtureTensors;
import org.genimage.detectors.layers.Fixtures;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.layers.FrequencyTestSupport;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.layers.ResNetBasic;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GramNetworkTest {
  static final GramNetwork SMALL = new GramNetwork(48,
      new ResNetBasic(8, new int[] {8, 16, 24, 32}, new int[] {1, 1, 1, 1}), 8, 4, 8, 16, 0.5);

  @Test
  void gramMatrixMatchesDirectComputation() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 2;
    int c = 5;
    int h = 4;
    int w = 7;
    float[] data = new float[n * c * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextDouble(-2, 2);
    }
    SameDiff sd = SameDiff.create();
    SDVariable f = sd.constant("f", Nd4j.create(data, new long[] {n, c, h, w}, 'c'));
    INDArray g = GramMatrix.of(f, c, h, w).eval();
    assertThat(g.shape()).containsExactly(n, 1, c, c);
    for (int b = 0; b < n; b++) {
      float[] one = new float[c * h * w];
      System.arraycopy(data, b * one.length, one, 0, one.length);
      double[] expected = GramMatrix.direct(one, c, h * w);
      for (int i = 0; i < c; i++) {
        for (int j = 0; j < c; j++) {
          assertThat(g.getDouble(b, 0, i, j)).isCloseTo(expected[i * c + j], within(1e-5));
        }
      }
    }
    // symmetric and with a non-negative diagonal, as any Gram matrix
    assertThat(g.getDouble(1, 0, 2, 3)).isCloseTo(g.getDouble(1, 0, 3, 2), within(1e-6));
    assertThat(g.getDouble(0, 0, 4, 4)).isPositive();
  }

  @Test
  void tapSizesOfThePaperInput() {
    assertThat(GramNetwork.tapSizes(512)).containsExactly(512, 256, 128, 128, 64, 32);
  }

  @Test
  void forwardMatchesPyTorchReference() {
    Map<String, FixtureTensors.Tensor> io = FixtureTensors.read("gramnet_io.safetensors");
    Map<String, NamedTensor> weights = FrequencyTestSupport.weights("gramnet_weights.safetensors");
    GramNet arch = new GramNet(SMALL);
    assertThat(arch.parameters()).extracting(ParamSpec::name)
        .containsExactlyInAnyOrderElementsOf(weights.keySet());
    SameDiff sd = FrequencyTestSupport.inferenceGraph(arch, weights, 48, 48);
    INDArray out = sd.output(Map.of("input", Fixtures.array(io.get("input"))), "logits").get("logits");
    assertThat(Fixtures.maxAbsDiff(out, io.get("logits").values())).isLessThan(1e-4);
  }
}
