package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Weight import: both naming schemes, real timm checkpoints, typed errors, head replacement. */
class WeightImportTest {
  static final Path TIMM = Paths.get("src/test/resources/fixtures/timm");

  static void assertSameWeights(Map<String, NamedTensor> a, Map<String, NamedTensor> b) {
    assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
    for (String n : a.keySet()) {
      assertThat(a.get(n).shape()).as(n).containsExactly(b.get(n).shape());
      assertThat(a.get(n).data()).as(n).containsExactly(b.get(n).data());
    }
  }

  static INDArray arr(NamedTensor t) {
    return org.nd4j.linalg.factory.Nd4j.create(t.data(), t.shape(), 'c');
  }

  @Test
  void deitTimmNamesGiveTheTorchvisionWeights() {
    DeitConfig cfg = DeitParityTest.TINY;
    assertSameWeights(
        TransformerWeights.deit(Fixtures.path("deit_tiny.timm06.safetensors"), cfg, false),
        TransformerWeights.deit(Fixtures.path("deit_tiny.weights.safetensors"), cfg, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"timm06", "timm09"})
  void swinTimmLayoutsGiveTheTorchvisionWeights(String layout) {
    SwinConfig cfg = SwinParityTest.W4;
    assertSameWeights(
        TransformerWeights.swin(Fixtures.path("swin_w4." + layout + ".safetensors"), cfg, false),
        TransformerWeights.swin(Fixtures.path("swin_w4.weights.safetensors"), cfg, false));
  }

  @Test
  void realTimmVitCheckpointMatchesTimmLogits() {
    DeitConfig cfg = DeitConfig.of(32, 8, 48, 2, 3, 192, 2, 0.0);
    Map<String, NamedTensor> w = TransformerWeights.deit(TIMM.resolve("vit_small_weights.safetensors"), cfg, false);
    Map<String, INDArray> io = Fixtures.read(TIMM.resolve("vit_small_io.safetensors"));
    INDArray logits = Fixtures.run(new Deit(cfg), w, io.get("input"), "logits").get("logits");
    assertThat(Fixtures.maxAbsDiff(logits, io.get("logits"))).isLessThan(1e-4);
  }

  @Test
  void realTimmVitResizedTo48ResamplesPositionsAsTimm() {
    DeitConfig cfg = DeitConfig.of(48, 8, 48, 2, 3, 192, 2, 0.0);
    Map<String, NamedTensor> w = TransformerWeights.deit(TIMM.resolve("vit_small_weights.safetensors"), cfg, false);
    Map<String, INDArray> io = Fixtures.read(TIMM.resolve("vit_small_resized_io.safetensors"));
    assertThat(Fixtures.maxAbsDiff(arr(w.get("encoder.pos_embedding")), io.get("pos_embed"))).isLessThan(1e-5);
    INDArray logits = Fixtures.run(new Deit(cfg), w, io.get("input"), "logits").get("logits");
    assertThat(Fixtures.maxAbsDiff(logits, io.get("logits"))).isLessThan(1e-4);
  }

  @Test
  void realTimmSwinCheckpointMatchesTimmLogits() {
    SwinConfig cfg = SwinConfig.of(56, 4, 24, List.of(2, 2), List.of(2, 4), 7, 4.0, 2, 0.0);
    Map<String, NamedTensor> w = TransformerWeights.swin(TIMM.resolve("swin_small_weights.safetensors"), cfg, false);
    Map<String, INDArray> io = Fixtures.read(TIMM.resolve("swin_small_io.safetensors"));
    INDArray logits = Fixtures.run(new Swin(cfg), w, io.get("input"), "logits").get("logits");
    assertThat(Fixtures.maxAbsDiff(logits, io.get("logits"))).isLessThan(1e-4);
  }

  @ParameterizedTest
  @CsvSource({"48, false", "48, true", "24, false", "24, true"})
  void positionEmbeddingResamplingMatchesTorchInterpolate(int size, boolean antialias) {
    Map<String, INDArray> io = Fixtures.read(
        Fixtures.path("deit_tiny.interp" + size + (antialias ? "aa" : "") + ".io.safetensors"));
    Map<String, INDArray> w = Fixtures.read(Fixtures.path("deit_tiny.weights.safetensors"));
    float[] old = w.get("encoder.pos_embedding").data().asFloat();
    float[] got = PosEmbed.resample(old, 1, 4, size / 8, 48, antialias);
    INDArray expected = io.get("pos_embedding");
    assertThat(Fixtures.maxAbsDiff(org.nd4j.linalg.factory.Nd4j.create(got, expected.shape(), 'c'), expected))
        .isLessThan(1e-5);
    if (antialias) {
      // the import path resamples (timm 0.9+ rule) and the network then matches torchvision
      DeitConfig cfg = DeitParityTest.TINY.withImageSize(size);
      Map<String, NamedTensor> imported = TransformerWeights.deit(
          Fixtures.path("deit_tiny.weights.safetensors"), cfg, false);
      INDArray logits = Fixtures.run(new Deit(cfg), imported, io.get("input"), "logits").get("logits");
      assertThat(Fixtures.maxAbsDiff(logits, io.get("logits"))).isLessThan(1e-4);
    }
  }

  static SafeTensors.Contents edited(String file, String drop, NamedTensor add) {
    SafeTensors.Contents c = SafeTensors.read(Fixtures.path(file));
    Map<String, NamedTensor> t = new LinkedHashMap<>(c.tensors());
    t.remove(drop);
    if (add != null) {
      t.put(add.name(), add);
    }
    return new SafeTensors.Contents(c.source(), t, c.metadata());
  }

  @Test
  void missingTensorIsATypedErrorNamingIt() {
    SafeTensors.Contents c = edited("swin_w4.weights.safetensors",
        "features.1.1.attn.relative_position_bias_table", null);
    assertThatThrownBy(() -> TransformerWeights.swin(c, SwinParityTest.W4, false))
        .isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("features.1.1.attn.relative_position_bias_table")
        .hasMessageContaining("swin_w4.weights.safetensors");
  }

  @Test
  void wronglyShapedTensorIsATypedErrorNamingIt() {
    String name = "encoder.layers.encoder_layer_1.mlp.0.weight";
    SafeTensors.Contents c = edited("deit_tiny.weights.safetensors", name,
        NamedTensor.f32(name, new long[] {95, 48}, new float[95 * 48]));
    assertThatThrownBy(() -> TransformerWeights.deit(c, DeitParityTest.TINY, false))
        .isInstanceOf(BadModelFileException.class)
        .hasMessageContaining(name)
        .hasMessageContaining("[95, 48]");
  }

  @Test
  void imageNetHeadIsReplacedOnlyWhenAsked() {
    SafeTensors.Contents c = edited("deit_tiny.weights.safetensors", "heads.head.weight",
        NamedTensor.f32("heads.head.weight", new long[] {1000, 48}, new float[1000 * 48]));
    SafeTensors.Contents c2 = edited("deit_tiny.weights.safetensors", "heads.head.bias",
        NamedTensor.f32("heads.head.bias", new long[] {1000}, new float[1000]));
    Map<String, NamedTensor> both = new LinkedHashMap<>(c.tensors());
    both.put("heads.head.bias", c2.tensors().get("heads.head.bias"));
    SafeTensors.Contents imageNet = new SafeTensors.Contents(c.source(), both, c.metadata());
    assertThatThrownBy(() -> TransformerWeights.deit(imageNet, DeitParityTest.TINY, false))
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("heads.head.weight");
    Map<String, NamedTensor> w = TransformerWeights.deit(imageNet, DeitParityTest.TINY, true);
    assertThat(w.get("heads.head.weight").shape()).containsExactly(2, 48);
    assertThat(arr(w.get("heads.head.weight")).amaxNumber().doubleValue()).isZero();
    assertThat(arr(w.get("conv_proj.weight")).amaxNumber().doubleValue()).isPositive();
  }

  @Test
  void timmDeitKeysOfTheFullModelAllMap() {
    // every tensor name timm 1.0.29 gives deit_small_patch16_224 maps onto our expected names
    List<String> mapped = new ArrayList<>();
    Map<String, long[]> want = DeitConfig.deitSmall(2).expectedShapes();
    for (String k : TimmKeys.read(TIMM.resolve("keys_deit_small_patch16_224.json")).keySet()) {
      mapped.add(TimmNames.deit(k));
    }
    assertThat(mapped).containsExactlyInAnyOrderElementsOf(want.keySet());
  }

  @Test
  void timmSwinKeysOfTheFullModelAllMapWithShapes() {
    Map<String, long[]> keys = TimmKeys.read(TIMM.resolve("keys_swin_tiny_patch4_window7_224.json"));
    Map<String, long[]> want = SwinConfig.swinTiny(2).expectedShapes();
    var rename = TimmNames.swin(keys.keySet());
    Map<String, long[]> mapped = new LinkedHashMap<>();
    keys.forEach((k, v) -> {
      if (!TimmNames.isBuffer(k)) {
        mapped.put(rename.apply(k), v);
      }
    });
    assertThat(mapped.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
    want.forEach((k, v) -> assertThat(mapped.get(k)).as(k).containsExactly(v));
  }
}
