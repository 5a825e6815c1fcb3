package org.genimage.detectors.gramnet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.Checks;
import org.genimage.api.RgbImage;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;
import org.genimage.detectors.frequency.FrequencyArchitecture;
import org.genimage.detectors.frequency.FrequencyArchitectures;
import org.genimage.detectors.frequency.FrequencyTrainer;
import org.genimage.detectors.frequency.GraphParams;
import org.genimage.detectors.frequency.ResNetBasic;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * GramNet (Liu, Qi, Torr, "Global Texture Enhancement for Fake Face Detection in the Wild", CVPR 2020):
 * ResNet-18 with six Gram-matrix texture branches ({@link GramNetwork}). Preprocessing: bilinear resize to
 * {@code inputSize x inputSize} (512) and ImageNet mean/std normalisation. Training: Adam lr 3e-4, weight
 * decay 1e-4, with {@link RandomDownUpResize} (down to [64, 256], back up to the input size).
 *
 * <p>Deviations: the shared branch scale is one learnable scalar initialised to 1 (the paper does not give
 * its initial value); the reference's later learning-rate drop to 1e-5 is left to the caller; batch norm
 * follows {@code FrequencyTrainer}'s recalibration. Smaller input and widths are configurations.
 *
 * <pre>{@code
 * GramNet g = GramNet.paper();
 * FrequencyDetector d = new FrequencyTrainer(g, GramNet.paperOptions(g, 10, 7)).trainDetector(train, TrainingListener.NONE);
 * }</pre>
 *
 * @param network the network
 */
public record GramNet(GramNetwork network) implements FrequencyArchitecture {
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  /** Validates. */
  public GramNet {
    Checks.notNull("network", network);
  }

  /**
   * The paper's configuration.
   *
   * @return the architecture
   */
  public static GramNet paper() {
    return new GramNet(GramNetwork.paper());
  }

  /**
   * The paper's recipe: Adam lr 3e-4, wd 1e-4, random down/up resize; batch 32.
   *
   * @param arch the architecture (its input size sets the augmentation's output)
   * @param epochs epochs
   * @param seed seed
   * @return options
   */
  public static FrequencyTrainer.Options paperOptions(GramNet arch, int epochs, long seed) {
    return new FrequencyTrainer.Options(epochs, 32, FrequencyTrainer.Optimiser.ADAM, 3e-4, 0, 1e-4, seed,
        RandomDownUpResize.paper(arch.inputSize()), 20);
  }

  /**
   * Reads {@link #properties()}.
   *
   * @param p properties
   * @return the architecture
   */
  public static GramNet fromProperties(Map<String, String> p) {
    ResNetBasic body = new ResNetBasic(FrequencyArchitectures.intOf(p, "stem"),
        FrequencyArchitectures.parseInts("widths", p.get("widths")),
        FrequencyArchitectures.parseInts("blocks", p.get("blocks")));
    return new GramNet(new GramNetwork(FrequencyArchitectures.intOf(p, "inputSize"), body,
        FrequencyArchitectures.intOf(p, "gramChannels"), FrequencyArchitectures.intOf(p, "branchChannels1"),
        FrequencyArchitectures.intOf(p, "branchChannels2"), FrequencyArchitectures.intOf(p, "hidden"),
        FrequencyArchitectures.doubleOf(p, "dropout")));
  }

  @Override
  public String family() {
    return "gramnet";
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("family", family());
    m.put("inputSize", Integer.toString(network.inputSize()));
    m.put("stem", Integer.toString(network.body().stem()));
    m.put("widths", FrequencyArchitectures.formatInts(network.body().widths()));
    m.put("blocks", FrequencyArchitectures.formatInts(network.body().blocks()));
    m.put("gramChannels", Integer.toString(network.gramChannels()));
    m.put("branchChannels1", Integer.toString(network.branchChannels1()));
    m.put("branchChannels2", Integer.toString(network.branchChannels2()));
    m.put("hidden", Integer.toString(network.hidden()));
    m.put("dropout", Double.toString(network.dropout()));
    return Collections.unmodifiableMap(m);
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public int inputSize() {
    return network.inputSize();
  }

  @Override
  public void preprocess(RgbImage image, float[] destination, int offset) {
    int s = network.inputSize();
    RgbImage r = Resize.resize(image, s, s, ResampleFilter.BILINEAR);
    byte[] rgb = r.toByteArray();
    int n = s * s;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        destination[offset + c * n + i] = ((rgb[3 * i + c] & 0xFF) / 255f - MEAN[c]) / STD[c];
      }
    }
  }

  @Override
  public SDVariable build(GraphParams p, SDVariable input) {
    return network.build(p, input);
  }
}
