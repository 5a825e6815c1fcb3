package org.genimage.detectors.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.layers.FixtureTensors;
import org.genimage.detectors.layers.FrequencyTestSupport;
import org.genimage.detectors.layers.Fixtures;
import org.genimage.detectors.layers.ResNetBasic;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.graph.InferenceExecutor;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class SpecNetworkTest {
  static final ResNetBasic SMALL = new ResNetBasic(8, new int[] {8, 16, 24, 32}, new int[] {1, 2, 1, 1});

  @Test
  void forwardMatchesPyTorchReference() {
    Map<String, FixtureTensors.Tensor> io = FixtureTensors.read("spec_io.safetensors");
    Map<String, NamedTensor> weights = FrequencyTestSupport.weights("spec_weights.safetensors");
    Spec spec = new Spec(new SpecConfig(40, 32, SMALL));
    // every fixture tensor is declared with its shape, and nothing else
    assertThat(spec.parameters()).extracting(ParamSpec::name)
        .containsExactlyInAnyOrderElementsOf(weights.keySet());
    for (ParamSpec p : spec.parameters()) {
      assertThat(p.shape()).as(p.name()).containsExactly(weights.get(p.name()).shape());
    }
    // the shared inference builder folds batch norm into the convolutions: still within 1e-4 of PyTorch
    SameDiff sd = FrequencyTestSupport.inferenceGraph(spec, weights, 32, 40);
    INDArray out = sd.output(Map.of("input", Fixtures.array(io.get("input"))), "logits").get("logits");
    assertThat(Fixtures.maxAbsDiff(out.ravel().toFloatVector(), io.get("logits").values())).isLessThan(1e-4);
    // Detectors score Spec on the oneDNN plan: same bound.
    if (OneDnn.available()) {
      float[] input = Fixtures.array(io.get("input")).dup('c').data().asFloat();
      int n = (int) io.get("input").shape()[0];
      try (InferenceExecutor e = InferenceExecutor.compile(FrequencyTestSupport.inferenceBuilder(spec, weights, 32,
          40), "input", "logits", n)) {
        assertThat(Fixtures.maxAbsDiff(e.run(input, n), io.get("logits").values())).isLessThan(1e-4);
      }
    }
  }

  @Test
  void registeredAndRebuiltFromItsConfig() {
    Spec spec = new Spec(SpecConfig.paper());
    assertThat(Architectures.rebuild(spec)).isEqualTo(spec);
    assertThat(spec.parameters()).hasSize(spec.initialise(1).size());
  }
}
