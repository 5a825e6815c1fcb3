package org.genimage.detectors.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.RgbImage;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.InferenceGraphBuilder;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** Parity and round-trip helpers for the frequency detectors' tests. */
public final class FrequencyTestSupport {
  private FrequencyTestSupport() {
  }

  /**
   * A weights fixture as canonical tensors.
   *
   * @param file the fixture file name
   * @return name to tensor
   */
  public static Map<String, NamedTensor> weights(String file) {
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    FixtureTensors.read(file).forEach((k, v) -> out.put(k, NamedTensor.f32(k, v.shape(), v.floats())));
    return out;
  }

  /**
   * An inference graph of the architecture through the shared builder, on an input of any spatial size.
   *
   * @param arch    the architecture
   * @param weights its weights
   * @param height  input height
   * @param width   input width
   * @return the graph; its placeholder is {@code input}, its output {@code logits}
   */
  public static SameDiff inferenceGraph(Architecture arch, Map<String, NamedTensor> weights, int height,
      int width) {
    return inferenceBuilder(arch, weights, height, width).sd();
  }

  /**
   * The builder of {@link #inferenceGraph} (for the oneDNN plan, which reads its regions).
   *
   * @param arch    the architecture
   * @param weights its weights
   * @param height  input height
   * @param width   input width
   * @return the builder
   */
  public static InferenceGraphBuilder inferenceBuilder(Architecture arch, Map<String, NamedTensor> weights,
      int height, int width) {
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, 3, height, width);
    InferenceGraphBuilder b = new InferenceGraphBuilder(sd, weights, false);
    sd.identity("logits", arch.forward(b, in));
    return b;
  }

  /**
   * Saves a detector, loads it back through the api's {@link Detectors#load(Path)} and checks that it
   * scores the images identically and rebuilt an equal architecture.
   *
   * @param d      the detector
   * @param dir    a temporary directory
   * @param images images to score
   */
  public static void assertRoundTrip(NetworkDetector d, Path dir, List<RgbImage> images) {
    Path file = dir.resolve(d.architecture().family() + ".gidet");
    d.save(file);
    try (Detector back = Detectors.load(file)) {
      assertThat(back).isInstanceOf(NetworkDetector.class);
      assertThat(((NetworkDetector) back).architecture()).isEqualTo(d.architecture());
      assertThat(back.scoreBatch(images)).containsExactly(d.scoreBatch(images));
    }
  }
}
