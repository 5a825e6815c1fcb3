package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DeiT forward against torchvision's VisionTransformer, block by block. */
class DeitNetParityTest {
  static final DeitConfig TINY = new DeitConfig(32, 8, 48, 2, 3, 96, 2, 0.1);

  @Test
  void everyBlockAndLogitsMatchTorchvision() {
    Map<String, INDArray> w = Fixtures.read(Fixtures.path("deit_tiny.weights.safetensors"));
    Map<String, INDArray> io = Fixtures.read(Fixtures.path("deit_tiny.io.safetensors"));
    try (TransformerGraph g = DeitNet.build(TINY, w, false)) {
      List<String> names = new ArrayList<>(g.activations().keySet());
      assertThat(names).containsExactly("embed", "block0", "block1", "norm", "logits");
      Map<String, INDArray> out = g.outputs(io.get("input"), names);
      for (String n : names) {
        assertThat(out.get(n).shape()).as(n).containsExactly(io.get(n).shape());
        assertThat(Fixtures.maxAbsDiff(out.get(n), io.get(n))).as(n).isLessThan(1e-4);
      }
      // the fixture is not trivially small: logits differ between the two images
      assertThat(io.get("logits").getRow(0).sub(io.get("logits").getRow(1)).amaxNumber().doubleValue())
          .isGreaterThan(0.1);
    }
  }
}
