package org.genimage.detectors.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.Checks;
import org.genimage.api.RgbImage;
import org.genimage.detectors.frequency.FrequencyArchitecture;
import org.genimage.detectors.frequency.FrequencyArchitectures;
import org.genimage.detectors.frequency.GraphParams;
import org.genimage.detectors.frequency.ResNetBasic;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Spec (Zhang, Karaman, Chang, "Detecting and Simulating Artifacts in GAN Fake Images", IEEE WIFS 2019;
 * the AutoGAN code): a ResNet-34 classifier ({@link SpecNetwork}) on the image's per-channel normalised
 * log-magnitude spectrum ({@link SpecSpectrum}: resize 256, centre crop 224). Its training fakes can be
 * made from real images with {@link UpsamplingArtifactSimulator}, so no image of the target generator is
 * needed. The reference recipe: SGD lr 0.01, momentum 0.9, weight decay 1e-4, batch 64, 10 epochs.
 *
 * <p>Deviations: logits are ordered (REAL, FAKE) where the reference labels real = 1; the FFT is single
 * precision (genimage-spectral), the rest double; training uses {@code FrequencyTrainer}'s batch-norm
 * recalibration and Nesterov momentum. Smaller resize/crop and ResNet sizes are configurations.
 *
 * <pre>{@code
 * Spec spec = Spec.paper();
 * try (FrequencyDetector d = new FrequencyTrainer(spec, Spec.paperOptions(7)).trainDetector(train, TrainingListener.NONE)) {
 *   float pFake = d.score(image);
 * }
 * }</pre>
 *
 * @param spectrum the input transform
 * @param network the classifier
 */
public record Spec(SpecSpectrum spectrum, SpecNetwork network) implements FrequencyArchitecture {
  /** Validates. */
  public Spec {
    Checks.notNull("spectrum", spectrum);
    Checks.notNull("network", network);
  }

  /**
   * The paper's configuration: resize 256, crop 224, ResNet-34.
   *
   * @return the architecture
   */
  public static Spec paper() {
    return new Spec(new SpecSpectrum(256, 224), new SpecNetwork(ResNetBasic.resnet34()));
  }

  /**
   * The reference training recipe: SGD lr 0.01, momentum 0.9, wd 1e-4, batch 64, 10 epochs.
   *
   * @param seed the seed
   * @return the options
   */
  public static org.genimage.detectors.frequency.FrequencyTrainer.Options paperOptions(long seed) {
    return new org.genimage.detectors.frequency.FrequencyTrainer.Options(10, 64,
        org.genimage.detectors.frequency.FrequencyTrainer.Optimiser.SGD, 0.01, 0.9, 1e-4, seed,
        org.genimage.api.ImageTransform.identity(), 20);
  }

  /**
   * Reads the properties written by {@link #properties()}.
   *
   * @param p the properties
   * @return the architecture
   */
  public static Spec fromProperties(Map<String, String> p) {
    ResNetBasic body = new ResNetBasic(FrequencyArchitectures.intOf(p, "stem"),
        FrequencyArchitectures.parseInts("widths", p.get("widths")),
        FrequencyArchitectures.parseInts("blocks", p.get("blocks")));
    return new Spec(new SpecSpectrum(FrequencyArchitectures.intOf(p, "resize"),
        FrequencyArchitectures.intOf(p, "crop")), new SpecNetwork(body));
  }

  @Override
  public String family() {
    return "spec";
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("family", family());
    m.put("resize", Integer.toString(spectrum.resize()));
    m.put("crop", Integer.toString(spectrum.crop()));
    m.put("stem", Integer.toString(network.body().stem()));
    m.put("widths", FrequencyArchitectures.formatInts(network.body().widths()));
    m.put("blocks", FrequencyArchitectures.formatInts(network.body().blocks()));
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public int inputSize() {
    return spectrum.crop();
  }

  @Override
  public void preprocess(RgbImage image, float[] destination, int offset) {
    spectrum.fill(image, destination, offset);
  }

  @Override
  public SDVariable build(GraphParams p, SDVariable input) {
    return network.build(p, input);
  }
}
