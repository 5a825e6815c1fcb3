package org.genimage.detectors.f3net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.detectors.layers.FixtureTensors;
import org.genimage.detectors.layers.Fixtures;
import org.genimage.detectors.InferenceGraphBuilder;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.layers.FrequencyTestSupport;
import org.genimage.detectors.layers.GraphParams;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class F3NetNetworkTest {
  static final F3NetNetwork SMALL = new F3NetNetwork(67, new int[] {4, 8}, new int[] {8, 12, 16}, 2, 1,
      20, new int[] {24, 32}, 10, 6, 0.2);

  @Test
  void fadLfsAndLogitsMatchPyTorchReference() {
    Map<String, FixtureTensors.Tensor> io = FixtureTensors.read("f3net_io.safetensors");
    Map<String, NamedTensor> weights = FrequencyTestSupport.weights("f3net_weights.safetensors");
    F3Net arch = new F3Net(SMALL);
    assertThat(arch.parameters()).extracting(ParamSpec::name)
        .containsExactlyInAnyOrderElementsOf(weights.keySet());
    SameDiff sd = FrequencyTestSupport.inferenceGraph(arch, weights, 67, 67);
    // the heads alone, in a second graph sharing the same weights
    SameDiff sd2 = SameDiff.create();
    SDVariable in2 = sd2.placeHolder("input", DataType.FLOAT, -1, 3, 67, 67);
    InferenceGraphBuilder g2 = new InferenceGraphBuilder(sd2, weights, false);
    SDVariable fad = SMALL.fad(GraphParams.over(g2, in2), in2);
    SDVariable lfs = SMALL.lfs(GraphParams.over(g2, in2), in2);
    INDArray x = Fixtures.array(io.get("input"));
    Map<String, INDArray> heads = sd2.output(Map.of("input", x), fad.name(), lfs.name());
    assertThat(heads.get(fad.name()).shape()).containsExactly(1, 12, 67, 67);
    assertThat(heads.get(lfs.name()).shape()).containsExactly(1, 6, 33, 33);
    assertThat(Fixtures.maxAbsDiff(heads.get(fad.name()), io.get("fad").values())).isLessThan(1e-4);
    assertThat(Fixtures.maxAbsDiff(heads.get(lfs.name()), io.get("lfs").values())).isLessThan(1e-4);
    INDArray out = sd.output(Map.of("input", x), "logits").get("logits");
    assertThat(Fixtures.maxAbsDiff(out, io.get("logits").values())).isLessThan(1e-4);
  }

  @Test
  void paperConfigurationAlignsAndMisalignedSizesAreRejected() {
    assertThat(F3NetNetwork.paper().lfsSize()).isEqualTo(149);
    assertThatThrownBy(() -> new F3NetNetwork(40, new int[] {4, 8}, new int[] {8, 12, 16}, 2, 1, 20,
        new int[] {24, 32}, 10, 6, 0.2)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("inputSize");
  }
}
