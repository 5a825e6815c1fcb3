package org.genimage.detectors.npr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ParityWeights;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NPR against the PyTorch reference of its network in src/test/python/make_npr_fixtures.py (written after
 * networks/resnet.py of chuangchuangtan/NPR-DeepfakeDetection): the reference network (width 64, bottleneck blocks
 * [3, 4]) on 64-pixel input and the small variant on 32-pixel input, with the seeded weights of recipe parity-1
 * under the reference's state-dict names (recomputed here by {@link ParityWeights}, imported through
 * {@link NetworkDetector#importTorch}, so names, shapes and the skipped buffers are checked too) and a seeded
 * batch of 2. The logits of SameDiff and of the engine that scores images ({@code AUTO}: the oneDNN plan where it
 * loads) are within 1e-4 of PyTorch's float64 logits.
 */
class NprParityTest {
  private static final double TOLERANCE = 1e-4;

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"npr, 64, 3, 4, SAMEDIFF", "npr, 64, 3, 4, AUTO", "npr_small, 8, 1, 1, SAMEDIFF",
      "npr_small, 8, 1, 1, AUTO"})
  void logitsMatchTheReference(String model, int width, int blocks1, int blocks2, InferenceEngine engine)
      throws IOException {
    JsonNode fixture = fixture(model);
    assertThat(fixture.get("recipe").asText()).isEqualTo(ParityWeights.RECIPE);
    int size = fixture.get("size").asInt();
    int batch = fixture.get("batch").asInt();
    Npr arch = new Npr(new NprConfig(model, width, new int[] {blocks1, blocks2}, PreprocessingPipeline.imagenet(0, size)));
    Path weights = dir.resolve(model + ".safetensors");
    SafeTensors.write(weights, referenceStateDict(fixture, List.of()), Map.of());
    double[] amplitudes = new double[batch];
    for (int b = 0; b < batch; b++) {
      amplitudes[b] = fixture.get("amplitudes").get(b).asDouble();
    }
    float[] input = ParityWeights.input(fixture.get("input_seed").asLong(), amplitudes, size);
    double[] expected = new double[batch];
    for (int b = 0; b < batch; b++) {
      expected[b] = fixture.get("logits_f64").get(b).get(0).asDouble();
    }
    try (NetworkDetector d = NetworkDetector.importTorch(model, arch, weights,
        new InferenceOptions(batch, false, engine))) {
      assertThat(d.engine()).isEqualTo(engine == InferenceEngine.AUTO && OneDnn.available() ? InferenceEngine.ONEDNN
          : InferenceEngine.SAMEDIFF);
      float[] logits = d.logitsOfPreprocessed(input, batch);
      assertThat(logits).hasSize(batch);
      double diff = 0;
      for (int b = 0; b < batch; b++) {
        diff = Math.max(diff, Math.abs(logits[b] - expected[b]));
      }
      System.out.printf("NPR parity %s (%d px) on %s: max |logit - PyTorch float64| %.3g (PyTorch float32 %.3g"
          + " relative)%n", model, size, d.engine(), diff, fixture.get("torch_f32_relative_error").asDouble());
      assertThat(diff).as("%s logits on %s", model, d.engine()).isLessThan(TOLERANCE);
    }
  }

  /**
   * The reference's trainer attaches an unused {@code fc = Linear(2048, 1)} to the model, so its own checkpoints
   * carry {@code fc.weight} and {@code fc.bias}: those are skipped, any other extra tensor is refused by name.
   */
  @Test
  void trainerCheckpointsWithTheUnusedFcImportAndStrangersAreRefused() throws IOException {
    JsonNode fixture = fixture("npr_small");
    int size = fixture.get("size").asInt();
    Npr arch = new Npr(new NprConfig("npr_small", 8, new int[] {1, 1}, PreprocessingPipeline.imagenet(0, size)));
    Path withFc = dir.resolve("with-fc.safetensors");
    SafeTensors.write(withFc, referenceStateDict(fixture, List.of(
        NamedTensor.f32("fc.weight", new long[] {1, 2048}, new float[2048]),
        NamedTensor.f32("fc.bias", new long[] {1}, new float[1]))), Map.of());
    try (NetworkDetector d = NetworkDetector.importTorch("npr", arch, withFc, InferenceOptions.defaults())) {
      assertThat(d.weights()).doesNotContainKeys("fc.weight", "fc.bias").containsKey("fc1.weight");
    }
    Path stranger = dir.resolve("stranger.safetensors");
    SafeTensors.write(stranger, referenceStateDict(fixture, List.of(
        NamedTensor.f32("layer3.0.conv1.weight", new long[] {1, 1, 1, 1}, new float[1]))), Map.of());
    assertThatThrownBy(() -> NetworkDetector.importTorch("npr", arch, stranger, InferenceOptions.defaults()))
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("layer3.0.conv1.weight");
  }

  /** The reference state dict: float tensors from the recipe, integer buffers as zeros, then {@code extra}. */
  private static List<NamedTensor> referenceStateDict(JsonNode fixture, List<NamedTensor> extra) {
    long seed = fixture.get("seed").asLong();
    List<NamedTensor> out = new ArrayList<>();
    for (JsonNode t : fixture.get("tensors")) {
      String name = t.get(0).asText();
      long[] shape = new long[t.get(1).size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = t.get(1).get(i).asLong();
      }
      out.add(t.get(2).asBoolean() ? ParityWeights.tensor(seed, name, shape)
          : NamedTensor.f32(name, shape, new float[Math.toIntExact(NamedTensor.elementCount(shape))]));
    }
    out.addAll(extra);
    return out;
  }

  private static JsonNode fixture(String model) throws IOException {
    try (InputStream in = NprParityTest.class.getResourceAsStream("/fixtures/parity/" + model + ".json")) {
      assertThat(in).as("fixture of " + model).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }
}
