package org.genimage.detectors.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Label;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.preprocess.PreprocessingStep;
import org.genimage.detectors.transformer.VitBlocks;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightDigest;
import org.genimage.detectors.weights.WeightMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The univfd family's registration, configuration, name mapping and feature cache. */
class UnivFdTest {
  static final ClipVisionConfig TINY = new ClipVisionConfig(16, 8, 8, 1, 2, 32, 4, VitBlocks.Activation.QUICK_GELU);

  @Test
  void theFamilyIsRegisteredAndRebuildsFromItsJson() {
    UnivFd arch = new UnivFd(UnivFdConfig.of(TINY));
    assertThat(Architectures.providers()).containsKey("univfd");
    assertThat(Architectures.rebuild(arch).config()).isEqualTo(arch.config());
    UnivFd paper = new UnivFd(UnivFdConfig.paper());
    assertThat(Architectures.rebuild(paper).config()).isEqualTo(paper.config());
    assertThat(paper.displayName()).isEqualTo("univfd-ViT-L/14");
    // UnivFD's validate.py: CenterCrop(224), CLIP's mean and std, no resize
    PreprocessingPipeline p = paper.config().preprocessing();
    assertThat(p.steps()).hasSize(2);
    assertThat(p.steps().get(0)).isEqualTo(new PreprocessingStep.CenterCrop(224));
    PreprocessingStep.Normalize norm = (PreprocessingStep.Normalize) p.steps().get(1);
    assertThat(norm.mean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
    assertThat(norm.std()).containsExactly(0.26862954f, 0.26130258f, 0.27577711f);
  }

  @Test
  void onlyTheProbeIsTrainable() {
    UnivFd arch = new UnivFd(UnivFdConfig.of(TINY));
    assertThat(arch.parameters().stream().filter(ParamSpec::trainable).map(ParamSpec::name))
        .containsExactly("fc.weight", "fc.bias");
    assertThat(arch.shapes().get("fc.weight")).containsExactly(1, 4);
    assertThat(arch.parameters()).hasSize(TINY.expectedShapes().size() + 2);
  }

  @Test
  void aCropOtherThanTheTowerSizeIsRefused() {
    assertThatThrownBy(() -> new UnivFdConfig(TINY, ClipPreprocessing.univFd(224)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("preprocessing output");
    assertThatThrownBy(() -> new ClipVisionConfig(30, 8, 8, 1, 2, 32, 4, VitBlocks.Activation.GELU))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("patchSize");
  }

  @Test
  void publishedCheckpointNamesMapOntoOurs() {
    UnivFd arch = new UnivFd(UnivFdConfig.of(TINY));
    Map<String, NamedTensor> w = arch.initialise(1);
    // UnivFD's whole CLIPModel: model.visual.*, the text tower under model., and fc.*
    Map<String, NamedTensor> file = new LinkedHashMap<>();
    w.forEach((n, t) -> file.put(n.startsWith("visual.") ? "model." + n : n,
        NamedTensor.f32(n.startsWith("visual.") ? "model." + n : n, t.shape(), t.data())));
    file.put("model.token_embedding.weight", NamedTensor.f32("model.token_embedding.weight", new long[] {2, 2},
        new float[4]));
    file.put("model.transformer.resblocks.0.ln_1.weight", NamedTensor.f32(
        "model.transformer.resblocks.0.ln_1.weight", new long[] {2}, new float[2]));
    Map<String, NamedTensor> got = WeightMapping.of(arch.shapes()).renaming(arch.importRename())
        .ignoring(arch.importIgnore()).load(new SafeTensors.Contents(null, file, Map.of()));
    assertThat(got.keySet()).containsExactlyElementsOf(arch.shapes().keySet());
    assertThat(got.get("visual.proj").data()).containsExactly(w.get("visual.proj").data());
    // fc_weights.pth holds model.fc.state_dict(): weight and bias
    assertThat(ClipNames.rename("weight")).isEqualTo("fc.weight");
    assertThat(ClipNames.rename("bias")).isEqualTo("fc.bias");
    // a tower saved on its own has no visual. prefix
    UnaryOperator<String> bare = ClipNames.forFile(Set.of("conv1.weight", "class_embedding", "proj"));
    assertThat(bare.apply("transformer.resblocks.3.attn.in_proj_weight"))
        .isEqualTo("visual.transformer.resblocks.3.attn.in_proj_weight");
    assertThat(ClipNames.forFile(Set.of("visual.conv1.weight", "transformer.resblocks.0.ln_1.weight"))
        .apply("transformer.resblocks.0.ln_1.weight")).isEqualTo("transformer.resblocks.0.ln_1.weight");
    assertThat(ClipNames.isTextTower("transformer.resblocks.0.ln_1.weight")).isTrue();
    assertThat(ClipNames.isTextTower("logit_scale")).isTrue();
    assertThat(ClipNames.isTextTower("visual.ln_post.bias")).isFalse();
  }

  @Test
  void featuresRoundTripAndAStaleCacheIsRefused(@TempDir Path dir) {
    UnivFd arch = new UnivFd(UnivFdConfig.of(TINY));
    Map<String, NamedTensor> w = arch.initialise(3);
    String sha = WeightDigest.sha256(arch.towerWeights(w).values());
    float[] v = {1, 2, 3, 4, 5, 6, 7, 8.5f};
    ClipFeatures f = new ClipFeatures(List.of("a/1.png", "b/2.png"), List.of(Label.REAL, Label.FAKE), 4, v, sha,
        TINY.displayName(), arch.config().preprocessing());
    Path file = dir.resolve("f.safetensors");
    f.write(file);
    ClipFeatures back = ClipFeatures.read(file);
    assertThat(back.ids()).containsExactly("a/1.png", "b/2.png");
    assertThat(back.labels()).containsExactly(Label.REAL, Label.FAKE);
    assertThat(back.values()).containsExactly(v);
    assertThat(back.preprocessing()).isEqualTo(arch.config().preprocessing());
    assertThat(back.requireMadeBy(file, sha, arch.config().preprocessing())).isSameAs(back);

    // another tower (other weights): refused, naming the file
    Map<String, NamedTensor> other = arch.initialise(4);
    assertThatThrownBy(() -> UnivFdProbe.fit(arch, other, back, file, LinearProbe.Options.defaults(),
        InferenceOptions.defaults()))
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("stale feature cache")
        .hasMessageContaining(file.toString());
    // another preprocessing: refused
    UnivFd resized = new UnivFd(new UnivFdConfig(TINY, ClipPreprocessing.openAi(16)));
    assertThatThrownBy(() -> UnivFdProbe.fit(resized, w, back, file, LinearProbe.Options.defaults(),
        InferenceOptions.defaults()))
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("stale feature cache");
  }

  @Test
  void aFileThatIsNotAFeatureCacheIsRefused(@TempDir Path dir) throws Exception {
    Path plain = dir.resolve("w.safetensors");
    SafeTensors.write(plain, List.of(NamedTensor.f32("features", new long[] {1, 2}, new float[2])), Map.of());
    assertThatThrownBy(() -> ClipFeatures.read(plain)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("not a CLIP feature cache");
    Path badLabel = dir.resolve("l.safetensors");
    Map<String, String> meta = Map.of("format", ClipFeatures.FORMAT, "ids", "[\"x\"]", "tower.sha256", "ab",
        "tower", "t", "preprocessing", new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(ClipPreprocessing.univFd(16)));
    SafeTensors.write(badLabel, List.of(NamedTensor.f32("features", new long[] {1, 2}, new float[2]),
        NamedTensor.f32("labels", new long[] {1}, new float[] {0.5f})), meta);
    assertThatThrownBy(() -> ClipFeatures.read(badLabel)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("labels[0]");
    assertThat(Files.exists(badLabel)).isTrue();
    assertThatThrownBy(() -> new ClipFeatures(List.of("x", "x"), List.of(Label.REAL, Label.FAKE), 1,
        new float[2], "ab", "t", ClipPreprocessing.univFd(16)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("ids");
  }
}
