package org.genimage.detectors.gramnet;

import org.genimage.api.internal.Checks;
import org.genimage.degrade.ResampleFilter;
import org.genimage.detectors.layers.DeclaredArchitecture;
import org.genimage.detectors.layers.GraphParams;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.preprocess.PreprocessingStep;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.TrainerConfig;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * GramNet (Liu, Qi, Torr, "Global Texture Enhancement for Fake Face Detection in the Wild", CVPR 2020):
 * ResNet-18 with six Gram-matrix texture branches ({@link GramNetwork}, which is also the config record).
 * Preprocessing: bilinear resize to {@code inputSize x inputSize} (512; no crop, as the reference) and
 * ImageNet mean/std normalisation. Training: Adam lr 3e-4, weight decay 1e-4, with
 * {@link RandomDownUpResize} (down to [64, 256], back up to the input size) as the trainer's augmentation.
 * Registered as family {@value #FAMILY}.
 *
 * <p>Deviations: the shared branch scale is one learnable scalar initialised to 1 (the paper does not give
 * its initial value); the reference's later learning-rate drop to 1e-5 is left to the caller. Smaller input
 * and widths are configurations.
 *
 * <pre>{@code
 * GramNet g = new GramNet(GramNetwork.paper());
 * NetworkDetector d = new SameDiffTrainer("gramnet", g, GramNet.paperTraining(10, 7),
 *     RandomDownUpResize.paper(g.inputSize())).train(train, val, TrainingListener.NONE);
 * }</pre>
 */
public final class GramNet extends DeclaredArchitecture {
  /** Registry family name. */
  public static final String FAMILY = "gramnet";

  private final GramNetwork network;

  /**
   * A GramNet.
   *
   * @param network the configuration
   */
  public GramNet(GramNetwork network) {
    this.network = Checks.notNull("network", network);
  }

  /**
   * The paper's recipe: Adam lr 3e-4, weight decay 1e-4 (coupled, as PyTorch's Adam), batch 32; use with
   * {@link RandomDownUpResize#paper(int)}.
   *
   * @param epochs epochs
   * @param seed   seed
   * @return the trainer configuration
   */
  public static TrainerConfig paperTraining(int epochs, long seed) {
    return new TrainerConfig(epochs, 32, new OptimizerConfig(OptimizerConfig.Kind.ADAM, 3e-4, 0, 0.9, 0.999,
        1e-8, 1e-4), LrSchedule.constant(), seed, 0, null, false);
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public GramNetwork config() {
    return network;
  }

  @Override
  public String displayName() {
    return "gramnet";
  }

  @Override
  public int inputSize() {
    return network.inputSize();
  }

  /** Resize to {@code inputSize x inputSize} (Pillow bilinear), ImageNet mean / std. */
  @Override
  public PreprocessingPipeline preprocessing() {
    int s = network.inputSize();
    return PreprocessingPipeline.of(new PreprocessingStep.ResizeTo(s, s, ResampleFilter.BILINEAR),
        PreprocessingStep.Normalize.imagenet());
  }

  @Override
  protected SDVariable build(GraphParams p, SDVariable input) {
    return network.build(p, input);
  }
}
