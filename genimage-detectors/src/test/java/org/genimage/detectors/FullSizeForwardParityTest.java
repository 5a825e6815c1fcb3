package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.f3net.F3NetNetwork;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.gramnet.GramNetwork;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.spec.Spec;
import org.genimage.detectors.spec.SpecConfig;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.transformer.Swin;
import org.genimage.detectors.transformer.SwinConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The six paper-size networks against PyTorch in float64, in every build, with no weights committed: the
 * fixtures ({@code src/test/resources/fixtures/parity/*.json}, by {@code src/test/python/make_parity_fixtures.py})
 * hold only the reference state dict's names and shapes, the seeds and the logits. Here the same float32
 * weights are recomputed under those (torchvision) names with {@link ParityWeights}, written as a safetensors
 * file and imported through {@link NetworkDetector#importTorch} (so the importer's renaming, skipping and
 * exact name and shape check run on the full state dict), and the engine that scores images (the oneDNN plan
 * where it loads, else SameDiff) runs one forward pass of batch 2 on the seeded input.
 *
 * <p>Bound: the error, max |ours - float64| over the largest float64 |logit|, must be at most
 * {@value #FLOOR} or {@value #ROUNDING_FACTOR} times PyTorch's own float32 error on the same model and input
 * (recorded in the fixture), whichever is larger. Float32 rounding over these depths costs PyTorch 3e-7 to
 * 9e-7 of the largest logit on five of the models and genimage's engines about the same (measured 1.4e-7 to
 * 1.1e-6); F3Net's LFS head takes log10 of 10x10 window DCT coefficients, some of them near zero, which
 * amplifies rounding to 2.2e-5 in PyTorch. The floor is about twenty times the typical float32 error, room for
 * other kernels and summation orders (oneDNN's AVX2 and AVX-512 convolutions, folded batch norm), while a
 * wrong tensor, layout or operator moves the logits by orders of magnitude more (one mid-network weight
 * tensor scaled by 1.01 moved them by 2.7e-3 to 7.2e-3 in five of the six; see genimage-detectors/README.md).
 * The fixture's float32 error must itself stay below {@value #MAX_REFERENCE_ERROR}, so that no bound is loose.
 */
class FullSizeForwardParityTest {
  /** The bound's floor: |ours - float64| over the largest float64 |logit|. */
  static final double FLOOR = 2e-5;
  /** The bound as a multiple of PyTorch's own float32 error, where that is larger than the floor. */
  static final double ROUNDING_FACTOR = 5;
  /** The largest PyTorch float32 error a fixture may record (so no bound exceeds 2e-4). */
  static final double MAX_REFERENCE_ERROR = 4e-5;

  @TempDir
  Path dir;

  static Stream<Arguments> models() {
    List<Arguments> m = new ArrayList<>();
    m.add(Arguments.of("resnet50", (Supplier<Architecture>) () -> new ResNet(ResNetConfig.resnet50(Head.TWO_CLASS))));
    m.add(Arguments.of("deit_s", (Supplier<Architecture>) () -> new Deit(DeitConfig.deitSmall(2))));
    m.add(Arguments.of("swin_t", (Supplier<Architecture>) () -> new Swin(SwinConfig.swinTiny(2))));
    m.add(Arguments.of("spec", (Supplier<Architecture>) () -> new Spec(SpecConfig.paper())));
    m.add(Arguments.of("gramnet", (Supplier<Architecture>) () -> new GramNet(GramNetwork.paper())));
    m.add(Arguments.of("f3net", (Supplier<Architecture>) () -> new F3Net(F3NetNetwork.paper())));
    return m.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void logitsMatchPyTorchFloat64(String model, Supplier<Architecture> paperSize) throws IOException {
    JsonNode fixture = fixture(model);
    assertThat(fixture.get("recipe").asText()).isEqualTo(ParityWeights.RECIPE);
    Architecture arch = paperSize.get();
    int batch = fixture.get("batch").asInt();
    int size = fixture.get("size").asInt();
    assertThat(arch.preprocessing().height()).as("paper input side").isEqualTo(size);
    assertThat(arch.preprocessing().width()).isEqualTo(size);

    long t0 = System.nanoTime();
    Path weights = dir.resolve(model + ".safetensors");
    SafeTensors.write(weights, referenceStateDict(fixture), Map.of());
    double[] amplitudes = new double[batch];
    for (int b = 0; b < batch; b++) {
      amplitudes[b] = fixture.get("amplitudes").get(b).asDouble();
    }
    float[] input = ParityWeights.input(fixture.get("input_seed").asLong(), amplitudes, size);

    double[] expected = flatten(fixture.get("logits_f64"));
    double largest = 0;
    for (double v : expected) {
      largest = Math.max(largest, Math.abs(v));
    }
    double torch32 = fixture.get("torch_f32_relative_error").asDouble();
    assertThat(torch32).as("PyTorch's float32 error in the fixture").isLessThan(MAX_REFERENCE_ERROR);
    double bound = Math.max(FLOOR, ROUNDING_FACTOR * torch32);

    long t1 = System.nanoTime();
    try (NetworkDetector d = NetworkDetector.importTorch(model, arch, weights,
        new InferenceOptions(batch, false, InferenceEngine.AUTO))) {
      long t2 = System.nanoTime();
      assertThat(d.engine()).isEqualTo(OneDnn.available() ? InferenceEngine.ONEDNN : InferenceEngine.SAMEDIFF);
      float[] logits = d.logitsOfPreprocessed(input, batch);
      long t3 = System.nanoTime();
      assertThat(logits).hasSize(expected.length);
      double diff = 0;
      for (int i = 0; i < expected.length; i++) {
        diff = Math.max(diff, Math.abs(logits[i] - expected[i]));
      }
      System.out.printf("forward parity %s on %s: max |logit| %.4g, error %.3g of it (PyTorch float32 %.3g, bound"
          + " %.3g); seconds: weights %.1f, import and compile %.1f, forward %.1f%n", model, d.engine(), largest,
          diff / largest, torch32, bound, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9);
      assertThat(diff / largest).as("%s logits' error over the largest |logit| %s", model, largest)
          .isLessThanOrEqualTo(bound);
    }
  }

  /**
   * Every tensor of the reference's state dict under its reference name: float tensors from the seeded
   * recipe, integer buffers ({@code num_batches_tracked}, {@code relative_position_index}) as zeros, which
   * the importer must skip since they are not weights.
   */
  private static List<NamedTensor> referenceStateDict(JsonNode fixture) {
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
    return out;
  }

  private static double[] flatten(JsonNode rows) {
    List<Double> v = new ArrayList<>();
    rows.forEach(r -> r.forEach(x -> v.add(x.asDouble())));
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static JsonNode fixture(String model) throws IOException {
    try (InputStream in = FullSizeForwardParityTest.class.getResourceAsStream("/fixtures/parity/" + model
        + ".json")) {
      assertThat(in).as("fixture of " + model).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }
}
