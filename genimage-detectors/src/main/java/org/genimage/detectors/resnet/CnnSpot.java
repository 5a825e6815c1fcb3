package org.genimage.detectors.resnet;

import java.nio.file.Path;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.BlurJpegAugmentation;
import org.genimage.degrade.HorizontalFlip;
import org.genimage.degrade.RandomCrop;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;

/**
 * CNNSpot (Wang et al. 2020, "CNN-generated images are surprisingly easy to spot... for now"; reference code
 * CNNDetection) as a named configuration of {@link ResNet}, not a copy: ResNet-50 with one logit
 * (BCE-with-logits), ImageNet normalisation, 224 crops, and the training recipe of the reference code:
 * Adam (lr 1e-4, betas 0.9/0.999), batch 64, Blur+JPEG augmentation with probability 0.5
 * ({@link BlurJpegAugmentation#cnnSpot(double)}: sigma in [0, 3], JPEG quality from {30, 100}) then a random
 * 224 crop and a horizontal flip, and the plateau rule (learning rate divided by 10 after 5 epochs without
 * validation improvement, training stops once it would fall below 1e-6).
 *
 * <p>Differences from the reference, stated: the plateau monitors validation AUC (the reference monitors
 * accuracy with a 0.001 margin); inference center-crops 224 (the reference evaluates uncropped images one by
 * one, which does not batch); the reference's resize of every training image to 256x256 first is left to the
 * data (GenImage images are at least 256 on the shorter side).
 */
public final class CnnSpot {
  /** Display name of the configuration. */
  public static final String NAME = "cnnspot";
  /** Input (crop) size. */
  public static final int CROP = 224;

  private CnnSpot() {}

  /**
   * The CNNSpot network config: ResNet-50, one logit, center crop 224, ImageNet normalisation.
   *
   * @return the config
   */
  public static ResNetConfig config() {
    return new ResNetConfig(NAME, 64, new int[] {3, 4, 6, 3}, Head.SINGLE_LOGIT,
        PreprocessingPipeline.imagenet(0, CROP));
  }

  /**
   * The CNNSpot architecture.
   *
   * @return the architecture
   */
  public static ResNet architecture() {
    return new ResNet(config());
  }

  /**
   * The training augmentation: Blur+JPEG with probability {@code p}, random crop, horizontal flip (p 0.5).
   *
   * @param probability blur and JPEG probability (0.5 or 0.1 in the paper)
   * @param crop        crop size (224; smaller for small variants)
   * @return the transform
   */
  public static ImageTransform augmentation(double probability, int crop) {
    Checks.positive("crop", crop);
    return BlurJpegAugmentation.cnnSpot(probability).andThen(new RandomCrop(crop, crop))
        .andThen(new HorizontalFlip(0.5));
  }

  /**
   * The reference training recipe.
   *
   * @param epochs maximum epochs (the plateau rule usually stops earlier)
   * @param seed   seed
   * @return the trainer config (batch 64, Adam 1e-4, plateau(5, 0.1, 1e-6))
   */
  public static TrainerConfig trainerConfig(int epochs, long seed) {
    return new TrainerConfig(epochs, 64, OptimizerConfig.adam(1e-4), LrSchedule.plateau(5, 0.1, 1e-6), seed, 0,
        null, false);
  }

  /**
   * A CNNSpot trainer with the reference recipe and Blur+JPEG (0.5).
   *
   * @param epochs maximum epochs
   * @param seed   seed
   * @return the trainer
   */
  public static SameDiffTrainer trainer(int epochs, long seed) {
    return new SameDiffTrainer(NAME, architecture(), trainerConfig(epochs, seed), augmentation(0.5, CROP));
  }

  /**
   * CNNSpot with weights imported from PyTorch (torchvision names): CNNDetection's own checkpoint (e.g.
   * {@code blur_jpg_prob0.5.pth}, state dict under {@code "model"}) or a safetensors file.
   *
   * @param weights the {@code .pth} or safetensors file
   * @return the detector
   */
  public static NetworkDetector importTorch(Path weights) {
    return NetworkDetector.importTorch(NAME, architecture(), weights, InferenceOptions.defaults());
  }
}
