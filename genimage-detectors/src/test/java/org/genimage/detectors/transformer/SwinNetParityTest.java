package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Swin forward against torchvision's SwinTransformer, block by block, shifted-window mask included. */
class SwinNetParityTest {
  static final SwinConfig W7 = new SwinConfig(112, 4, 16, List.of(2, 2, 2), List.of(1, 2, 4), 7, 4.0, 2, 0.2);
  static final SwinConfig W4 = new SwinConfig(64, 4, 16, List.of(2, 2), List.of(2, 4), 4, 4.0, 2, 0.2);

  static SwinConfig config(String variant) {
    return variant.equals("swin_w7") ? W7 : W4;
  }

  @ParameterizedTest
  @ValueSource(strings = {"swin_w7", "swin_w4"})
  void everyBlockMergeAndLogitsMatchTorchvision(String variant) {
    SwinConfig cfg = config(variant);
    Map<String, INDArray> w = Fixtures.read(Fixtures.path(variant + ".weights.safetensors"));
    Map<String, INDArray> io = Fixtures.read(Fixtures.path(variant + ".io.safetensors"));
    // the fixture exercises the shifted-window path: stage 0 block 1 shifts
    assertThat(cfg.shift(0, 1)).isPositive();
    try (TransformerGraph g = SwinNet.build(cfg, w, false)) {
      List<String> names = new ArrayList<>(g.activations().keySet());
      assertThat(names).hasSize(io.size() - 1);
      Map<String, INDArray> out = g.outputs(io.get("input"), names);
      for (String n : names) {
        assertThat(io).containsKey(n);
        assertThat(out.get(n).shape()).as(n).containsExactly(io.get(n).shape());
        assertThat(Fixtures.maxAbsDiff(out.get(n), io.get(n))).as(n).isLessThan(1e-4);
      }
    }
  }
}
