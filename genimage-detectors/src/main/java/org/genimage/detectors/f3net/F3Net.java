package org.genimage.detectors.f3net;

import org.genimage.api.internal.Checks;
import org.genimage.degrade.ResampleFilter;
import org.genimage.detectors.layers.DeclaredArchitecture;
import org.genimage.detectors.layers.GraphParams;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.preprocess.PreprocessingStep;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * F3Net (Qian et al., "Thinking in Frequency: Face Forgery Detection by Mining Frequency-aware Clues",
 * ECCV 2020), "Mix" variant ({@link F3NetNetwork}, which is also the config record). Preprocessing: bilinear
 * resize to 299x299 (no crop) and scaling to [-1, 1] ({@code x / 127.5 - 1}). Registered as family
 * {@value #FAMILY}.
 *
 * <p>Deviations: the Xception streams start from random weights (the reference initialises them from
 * ImageNet-pretrained Xception; such weights can be imported under the {@code fad_stream.}/{@code lfs_stream.}
 * names with {@code NetworkDetector.importTorch} or passed to {@code SameDiffTrainer.startingFrom}). A
 * reduced Xception (fewer middle blocks, narrower) is a configuration, not a deviation.
 *
 * <pre>{@code
 * F3Net f = new F3Net(F3NetNetwork.paper());
 * NetworkDetector d = NetworkDetector.create("f3net", f, f.initialise(7), Map.of(), InferenceOptions.defaults());
 * }</pre>
 */
public final class F3Net extends DeclaredArchitecture {
  /** Registry family name. */
  public static final String FAMILY = "f3net";

  private final F3NetNetwork network;

  /**
   * An F3Net.
   *
   * @param network the configuration
   */
  public F3Net(F3NetNetwork network) {
    this.network = Checks.notNull("network", network);
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public F3NetNetwork config() {
    return network;
  }

  @Override
  public String displayName() {
    return "f3net";
  }

  @Override
  public int inputSize() {
    return network.inputSize();
  }

  /** Resize to {@code inputSize x inputSize} (Pillow bilinear), then {@code v / 127.5 - 1} (mean = std = 0.5). */
  @Override
  public PreprocessingPipeline preprocessing() {
    int s = network.inputSize();
    return PreprocessingPipeline.of(new PreprocessingStep.ResizeTo(s, s, ResampleFilter.BILINEAR),
        new PreprocessingStep.Normalize(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}));
  }

  @Override
  protected SDVariable build(GraphParams p, SDVariable input) {
    return network.build(p, input);
  }
}
