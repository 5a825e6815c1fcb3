package org.genimage.detectors.spec;

import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.ResampleFilter;
import org.genimage.detectors.layers.DeclaredArchitecture;
import org.genimage.detectors.layers.GraphParams;
import org.genimage.detectors.layers.SdLayers;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.preprocess.PreprocessingStep;
import org.genimage.detectors.preprocess.SpecSpectrum;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.TrainerConfig;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Spec (Zhang, Karaman, Chang, "Detecting and Simulating Artifacts in GAN Fake Images", IEEE WIFS 2019;
 * the AutoGAN code): a ResNet of BasicBlocks (ResNet-34) on the image's per-channel normalised log-magnitude
 * spectrum ({@link SpecSpectrum}: resize 256, centre crop 224), global average pooling and
 * {@code fc = Linear(width, 2)}. Its training fakes can be made from real images with
 * {@link UpsamplingArtifactSimulator}, so no image of the target generator is needed. Registered as family
 * {@value #FAMILY}; an api {@code Detector} through {@code NetworkDetector}, trained by
 * {@code SameDiffTrainer}.
 *
 * <p>Deviations: logits are ordered (REAL, FAKE) where the reference labels real = 1; the FFT is single
 * precision (genimage-spectral), the rest double. Smaller resize/crop and ResNet sizes are configurations.
 *
 * <pre>{@code
 * Spec spec = new Spec(SpecConfig.paper());
 * NetworkDetector d = new SameDiffTrainer("spec", spec, Spec.paperTraining(7), ImageTransform.identity())
 *     .train(train, null, TrainingListener.NONE);
 * float pFake = d.score(image);
 * }</pre>
 */
public final class Spec extends DeclaredArchitecture {
  /** Registry family name. */
  public static final String FAMILY = "spec";

  private final SpecConfig config;
  private final PreprocessingPipeline preprocessing;

  /**
   * A Spec network.
   *
   * @param config the configuration
   */
  public Spec(SpecConfig config) {
    this.config = Checks.notNull("config", config);
    this.preprocessing = PreprocessingPipeline.of(
        new PreprocessingStep.ResizeShorterSide(config.resize(), ResampleFilter.BILINEAR, false),
        new PreprocessingStep.CenterCrop(config.crop()), new PreprocessingStep.LogSpectrum());
  }

  /**
   * The reference training recipe: SGD lr 0.01, momentum 0.9, weight decay 1e-4, batch 64, 10 epochs.
   *
   * @param seed the seed
   * @return the trainer configuration (use with {@link ImageTransform#identity()})
   */
  public static TrainerConfig paperTraining(long seed) {
    return new TrainerConfig(10, 64, OptimizerConfig.sgd(0.01, 0.9, 1e-4), LrSchedule.constant(), seed, 0,
        null, false);
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public SpecConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    return "spec";
  }

  @Override
  public int inputSize() {
    return config.crop();
  }

  /** Shorter side to {@code resize} (Pillow bilinear), centre crop {@code crop}, {@link SpecSpectrum}. */
  @Override
  public PreprocessingPipeline preprocessing() {
    return preprocessing;
  }

  @Override
  protected SDVariable build(GraphParams p, SDVariable input) {
    SDVariable f = config.body().build(p, "", input, 3).pooled();
    return SdLayers.linear(p, "fc", f, config.body().featureWidth(), 2);
  }
}
