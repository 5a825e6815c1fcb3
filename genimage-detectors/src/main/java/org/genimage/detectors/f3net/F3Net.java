package org.genimage.detectors.f3net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.Checks;
import org.genimage.api.RgbImage;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;
import org.genimage.detectors.frequency.FrequencyArchitecture;
import org.genimage.detectors.frequency.FrequencyArchitectures;
import org.genimage.detectors.frequency.GraphParams;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * F3Net (Qian et al., "Thinking in Frequency: Face Forgery Detection by Mining Frequency-aware Clues",
 * ECCV 2020), "Mix" variant ({@link F3NetNetwork}). Preprocessing: bilinear resize to 299x299 and scaling
 * to [-1, 1] ({@code x / 127.5 - 1}).
 *
 * <p>Deviations: the Xception streams start from random weights (the reference initialises them from
 * ImageNet-pretrained Xception; import such weights under the {@code fad_stream.}/{@code lfs_stream.}
 * names if wanted); batch norm follows {@code FrequencyTrainer}'s recalibration. A reduced Xception
 * (fewer middle blocks, narrower) is a configuration, not a deviation.
 *
 * <pre>{@code
 * F3Net f = F3Net.paper();
 * FrequencyDetector d = FrequencyDetector.initialised(f, 7);   // or train with FrequencyTrainer
 * }</pre>
 *
 * @param network the network
 */
public record F3Net(F3NetNetwork network) implements FrequencyArchitecture {
  /** Validates. */
  public F3Net {
    Checks.notNull("network", network);
  }

  /**
   * The paper's configuration (299 input, full Xception streams).
   *
   * @return the architecture
   */
  public static F3Net paper() {
    return new F3Net(F3NetNetwork.paper());
  }

  /**
   * Reads {@link #properties()}.
   *
   * @param p properties
   * @return the architecture
   */
  public static F3Net fromProperties(Map<String, String> p) {
    return new F3Net(new F3NetNetwork(FrequencyArchitectures.intOf(p, "inputSize"),
        FrequencyArchitectures.parseInts("stem", p.get("stem")),
        FrequencyArchitectures.parseInts("entry", p.get("entry")), FrequencyArchitectures.intOf(p, "middle"),
        FrequencyArchitectures.intOf(p, "mixAfter"), FrequencyArchitectures.intOf(p, "exit"),
        FrequencyArchitectures.parseInts("tail", p.get("tail")), FrequencyArchitectures.intOf(p, "window"),
        FrequencyArchitectures.intOf(p, "bands"), FrequencyArchitectures.doubleOf(p, "dropout")));
  }

  @Override
  public String family() {
    return "f3net";
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("family", family());
    m.put("inputSize", Integer.toString(network.inputSize()));
    m.put("stem", FrequencyArchitectures.formatInts(network.stem()));
    m.put("entry", FrequencyArchitectures.formatInts(network.entry()));
    m.put("middle", Integer.toString(network.middle()));
    m.put("mixAfter", Integer.toString(network.mixAfter()));
    m.put("exit", Integer.toString(network.exit()));
    m.put("tail", FrequencyArchitectures.formatInts(network.tail()));
    m.put("window", Integer.toString(network.window()));
    m.put("bands", Integer.toString(network.bands()));
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
    byte[] rgb = Resize.resize(image, s, s, ResampleFilter.BILINEAR).toByteArray();
    int n = s * s;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        destination[offset + c * n + i] = (rgb[3 * i + c] & 0xFF) / 127.5f - 1f;
      }
    }
  }

  @Override
  public SDVariable build(GraphParams p, SDVariable input) {
    return network.build(p, input);
  }
}
