package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DeiT forward (the shared inference graph: weights as constants) against torchvision's VisionTransformer, block by block. */
class DeitParityTest {
  static final DeitConfig TINY = DeitConfig.of(32, 8, 48, 2, 3, 96, 2, 0.1);

  @Test
  void everyBlockAndLogitsMatchTorchvision() {
    Map<String, NamedTensor> w = Fixtures.weights(Fixtures.path("deit_tiny.weights.safetensors"));
    Map<String, INDArray> io = Fixtures.read(Fixtures.path("deit_tiny.io.safetensors"));
    List<String> names = List.of("embed", "block0", "block1", "norm", "logits");
    assertThat(io.keySet()).containsAll(names);
    Map<String, INDArray> out = Fixtures.run(new Deit(TINY), w, io.get("input"), names.toArray(new String[0]));
    {
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
