package org.genimage.detectors.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.transformer.VitBlocks;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightMapping;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CLIP tower and UnivFD's probe against a PyTorch reimplementation of OpenAI CLIP's VisionTransformer
 * (src/test/python/make_clip_fixtures.py, seeded weights, 32 px, patch 8, width 48, 2 layers, 3 heads,
 * embedding 24), with QuickGELU (OpenAI) and GELU (open_clip's LAION towers): every block, the embedding and
 * the logit within 1e-4 on SameDiff, and the embedding and logit within 1e-4 on the oneDNN plan. The weights
 * file holds UnivFD-style names plus text-tower tensors, so the import's renaming and skipping are exercised.
 */
class ClipParityTest {
  static final Path DIR = Paths.get("src/test/resources/fixtures/clip");

  static ClipVisionConfig tiny(VitBlocks.Activation act) {
    return new ClipVisionConfig(32, 8, 48, 2, 3, 192, 24, act);
  }

  /** The fixture's weights imported as {@code genimage import} would: renamed, text tower skipped. */
  static Map<String, NamedTensor> imported(UnivFd arch, String variant) {
    SafeTensors.Contents c = SafeTensors.read(DIR.resolve(variant + ".weights.safetensors"));
    return WeightMapping.of(arch.shapes()).renaming(arch.importRename()).ignoring(arch.importIgnore()).load(c);
  }

  static Map<String, INDArray> io(String variant) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    SafeTensors.read(DIR.resolve(variant + ".io.safetensors")).tensors()
        .forEach((k, t) -> out.put(k, Nd4j.create(t.data(), t.shape(), 'c')));
    return out;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @ParameterizedTest
  @CsvSource({"clip_tiny, QUICK_GELU", "clip_tiny_gelu, GELU"})
  void everyBlockEmbeddingAndLogitMatchPyTorchOnSameDiff(String variant, VitBlocks.Activation act) {
    UnivFd arch = new UnivFd(UnivFdConfig.of(tiny(act)));
    Map<String, INDArray> want = io(variant);
    Map<String, String> ours = new LinkedHashMap<>();
    ours.put("clip.embed", "embed");
    ours.put("clip.ln_pre", "ln_pre");
    ours.put("clip.block0", "block0");
    ours.put("clip.block1", "block1");
    ours.put(ClipVision.EMBEDDING, "embedding");
    ours.put(NetworkDetector.LOGITS, "logits");
    try (NetworkDetector d = NetworkDetector.create("parity", arch, imported(arch, variant), Map.of(),
        InferenceOptions.defaults().withBatchSize(2).withEngine(InferenceEngine.SAMEDIFF))) {
      Map<String, INDArray> got = d.run(want.get("input").castTo(DataType.FLOAT),
          ours.keySet().toArray(new String[0]));
      for (Map.Entry<String, String> e : ours.entrySet()) {
        INDArray g = got.get(e.getKey());
        INDArray w = want.get(e.getValue());
        assertThat(g.shape()).as(e.getKey()).containsExactly(w.shape());
        double diff = maxAbsDiff(g.dup().data().asFloat(), w.data().asFloat());
        System.out.printf("%s SameDiff %s: max |diff| %.2e%n", variant, e.getKey(), diff);
        assertThat(diff).as(e.getKey()).isLessThan(1e-4);
      }
    }
    // not trivially small: the two images' embeddings differ clearly
    INDArray emb = want.get("embedding");
    assertThat(emb.getRow(0).sub(emb.getRow(1)).amaxNumber().doubleValue()).isGreaterThan(0.1);
  }

  @ParameterizedTest
  @CsvSource({"clip_tiny, QUICK_GELU", "clip_tiny_gelu, GELU"})
  void embeddingAndLogitMatchPyTorchOnTheOneDnnPlan(String variant, VitBlocks.Activation act) {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    UnivFdConfig config = UnivFdConfig.of(tiny(act));
    UnivFd arch = new UnivFd(config);
    Map<String, NamedTensor> w = imported(arch, variant);
    Map<String, INDArray> want = io(variant);
    float[] x = want.get("input").data().asFloat();
    InferenceOptions plan = InferenceOptions.defaults().withBatchSize(2).withEngine(InferenceEngine.ONEDNN);
    try (NetworkDetector d = NetworkDetector.create("parity", arch, w, Map.of(), plan);
        NetworkDetector tower = NetworkDetector.create("tower", new ClipTower(config), arch.towerWeights(w),
            Map.of(), plan)) {
      assertThat(d.engine()).isEqualTo(InferenceEngine.ONEDNN);
      float[] logits = want.get("logits").data().asFloat();
      double logitDiff = maxAbsDiff(d.logitsOfPreprocessed(x, 2), logits);
      assertThat(tower.engine()).isEqualTo(InferenceEngine.ONEDNN);
      float[] emb = want.get("embedding").data().asFloat();
      double embDiff = maxAbsDiff(tower.logitsOfPreprocessed(x, 2), emb);
      System.out.printf("%s plan: logits max |diff| %.2e, embedding %.2e%n", variant, logitDiff, embDiff);
      assertThat(logitDiff).isLessThan(1e-4);
      assertThat(embDiff).isLessThan(1e-4);
      // batch 1 on the single-sample plan: the first image alone
      assertThat(maxAbsDiff(d.logitsOfPreprocessed(x, 1), new float[] {logits[0]})).isLessThan(1e-4);
      assertThat(maxAbsDiff(tower.logitsOfPreprocessed(x, 1), java.util.Arrays.copyOf(emb, 24))).isLessThan(1e-4);
    }
  }

  /** The named configurations have the shapes of OpenAI's ViT-L/14 and ViT-B/16. */
  @org.junit.jupiter.api.Test
  void namedConfigurationsHaveOpenAiShapes() {
    Map<String, long[]> l = ClipVisionConfig.vitL14().expectedShapes();
    assertThat(l.get("visual.conv1.weight")).containsExactly(1024, 3, 14, 14);
    assertThat(l.get("visual.positional_embedding")).containsExactly(257, 1024);
    assertThat(l.get("visual.proj")).containsExactly(1024, 768);
    assertThat(l.get("visual.transformer.resblocks.23.mlp.c_fc.weight")).containsExactly(4096, 1024);
    assertThat(l).doesNotContainKey("visual.transformer.resblocks.24.ln_1.weight");
    long params = 0;
    for (long[] s : l.values()) {
      params += NamedTensor.elementCount(s);
    }
    // clip/model.py's VisionTransformer(224, 14, 1024, 24, 16, 768), counted from its module definitions:
    // conv1, class and position embeddings, ln_pre, 24 blocks (2 LayerNorms, in_proj, out_proj, c_fc, c_proj),
    // ln_post, proj
    long w = 1024;
    long block = 4 * w + (3 * w * w + 3 * w) + (w * w + w) + (4 * w * w + 4 * w) + (4 * w * w + w);
    assertThat(params).isEqualTo(w * 3 * 14 * 14 + w + 257 * w + 2 * w + 24 * block + 2 * w + w * 768);
    Map<String, long[]> b = ClipVisionConfig.vitB16().expectedShapes();
    assertThat(b.get("visual.positional_embedding")).containsExactly(197, 768);
    assertThat(b.get("visual.proj")).containsExactly(768, 512);
    List<String> blocks = new ArrayList<>();
    b.keySet().stream().filter(n -> n.endsWith("attn.in_proj_weight")).forEach(blocks::add);
    assertThat(blocks).hasSize(12);
    assertThat(ClipVisionConfig.vitL14().displayName()).isEqualTo("ViT-L/14");
  }
}
