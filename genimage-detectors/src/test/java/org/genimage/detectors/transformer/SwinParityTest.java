package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Swin forward (the shared inference graph: weights as constants) against torchvision's SwinTransformer, block by block, shifted-window mask included. */
class SwinParityTest {
  static final SwinConfig W7 = SwinConfig.of(112, 4, 16, List.of(2, 2, 2), List.of(1, 2, 4), 7, 4.0, 2, 0.2);
  static final SwinConfig W4 = SwinConfig.of(64, 4, 16, List.of(2, 2), List.of(2, 4), 4, 4.0, 2, 0.2);

  static SwinConfig config(String variant) {
    return variant.equals("swin_w7") ? W7 : W4;
  }

  @ParameterizedTest
  @ValueSource(strings = {"swin_w7", "swin_w4"})
  void everyBlockMergeAndLogitsMatchTorchvision(String variant) {
    SwinConfig cfg = config(variant);
    Map<String, NamedTensor> w = Fixtures.weights(Fixtures.path(variant + ".weights.safetensors"));
    Map<String, INDArray> io = Fixtures.read(Fixtures.path(variant + ".io.safetensors"));
    // the fixture exercises the shifted-window path: stage 0 block 1 shifts
    assertThat(cfg.shift(0, 1)).isPositive();
    List<String> names = new ArrayList<>(io.keySet());
    names.remove("input");
    assertThat(names).contains("embed", "stage0.block1", "merge0", "norm", "logits");
    Map<String, INDArray> out = Fixtures.run(new Swin(cfg), w, io.get("input"), names.toArray(new String[0]));
    {
      for (String n : names) {
        assertThat(io).containsKey(n);
        assertThat(out.get(n).shape()).as(n).containsExactly(io.get(n).shape());
        assertThat(Fixtures.maxAbsDiff(out.get(n), io.get(n))).as(n).isLessThan(1e-4);
      }
    }
  }
}
