package org.genimage.detectors.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.genimage.detectors.frequency.FixtureTensors;
import org.genimage.detectors.frequency.Fixtures;
import org.genimage.detectors.frequency.GraphParams;
import org.genimage.detectors.frequency.ResNetBasic;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SpecNetworkTest {
  static final ResNetBasic SMALL = new ResNetBasic(8, new int[] {8, 16, 24, 32}, new int[] {1, 2, 1, 1});

  @Test
  void forwardMatchesPyTorchReference() {
    Map<String, FixtureTensors.Tensor> io = FixtureTensors.read("spec_io.safetensors");
    Map<String, INDArray> weights = Fixtures.weights("spec_weights.safetensors");
    SameDiff sd = SameDiff.create();
    GraphParams p = new GraphParams(sd, weights, 0, false);
    SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, 3, 32, 40);
    SDVariable logits = new SpecNetwork(SMALL).build(p, in);
    // every fixture tensor is used, and nothing else is declared
    assertThat(p.specs()).extracting(s -> s.name()).containsExactlyInAnyOrderElementsOf(weights.keySet());
    INDArray out = sd.output(Map.of("input", Fixtures.array(io.get("input"))), logits.name())
        .get(logits.name());
    assertThat(Fixtures.maxAbsDiff(out.ravel().toFloatVector(), io.get("logits").values())).isLessThan(1e-4);
  }
}
