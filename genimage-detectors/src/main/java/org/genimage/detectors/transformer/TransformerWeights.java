package org.genimage.detectors.transformer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.genimage.api.BadModelFileException;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightMapping;

/**
 * Imports DeiT and Swin weights from safetensors files with torchvision or timm names (told apart by
 * the names), and makes freshly initialised weights for training from scratch.
 *
 * <p>A missing, unexpected or wrongly shaped tensor is a {@link BadModelFileException} naming it.
 * Buffers that the graphs recompute ({@code relative_position_index}, timm's {@code attn_mask}) are
 * skipped. A DeiT position embedding made for another image size is resampled with {@code PosEmbed}
 * (timm 0.9+ rule: bicubic with antialias). With {@code freshHead} the file's classifier is ignored and
 * a zero head of {@code numClasses} outputs is used, for fine-tuning ImageNet weights as a detector.
 */
public final class TransformerWeights {
  private static final String DEIT_POS = "encoder.pos_embedding";

  private TransformerWeights() {}

  /**
   * Reads DeiT weights from a safetensors file.
   *
   * @param file the file (torchvision {@code VisionTransformer} or timm {@code deit_*} names)
   * @param config the network to fill
   * @param freshHead true to ignore the file's head and start from a zero head
   * @return the weights under torchvision names
   * @throws BadModelFileException naming the file and every offending tensor
   */
  public static Map<String, NamedTensor> deit(Path file, DeitConfig config, boolean freshHead) {
    return deit(SafeTensors.read(file), config, freshHead);
  }

  /**
   * Maps DeiT weights already read.
   *
   * @param contents the file's tensors
   * @param config the network to fill
   * @param freshHead true to ignore the file's head and start from a zero head
   * @return the weights under torchvision names
   * @throws BadModelFileException naming the file and every offending tensor
   */
  public static Map<String, NamedTensor> deit(SafeTensors.Contents contents, DeitConfig config,
      boolean freshHead) {
    Checks.notNull("contents", contents);
    Checks.notNull("config", config);
    boolean timm = TimmNames.isTimm(contents.tensors().keySet());
    UnaryOperator<String> rename = timm ? TimmNames::deit : UnaryOperator.identity();
    Map<String, NamedTensor> tensors = new LinkedHashMap<>(contents.tensors());
    String posName = timm ? "pos_embed" : DEIT_POS;
    NamedTensor pos = tensors.get(posName);
    long seq = config.seqLength();
    if (pos != null && pos.shape().length == 3 && pos.shape()[2] == config.width() && pos.shape()[1] != seq) {
      int oldGrid = (int) Math.round(Math.sqrt(pos.shape()[1] - 1));
      if ((long) oldGrid * oldGrid + 1 != pos.shape()[1]) {
        throw new BadModelFileException(contents.source(), "tensor " + posName + " has "
            + pos.shape()[1] + " tokens: not a class token plus a square grid");
      }
      float[] resampled = PosEmbed.resample(pos.data(), 1, oldGrid, config.grid(), config.width(), true);
      tensors.put(posName, NamedTensor.f32(posName, new long[] {1, seq, config.width()}, resampled));
    }
    return load(new SafeTensors.Contents(contents.source(), tensors, contents.metadata()),
        config.expectedShapes(), rename, n -> false, freshHead, "heads.head.");
  }

  /**
   * Reads Swin weights from a safetensors file.
   *
   * @param file the file (torchvision {@code swin_t} or timm {@code swin_*} names, timm 0.6 or 0.9+)
   * @param config the network to fill
   * @param freshHead true to ignore the file's head and start from a zero head
   * @return the weights under torchvision names
   * @throws BadModelFileException naming the file and every offending tensor
   */
  public static Map<String, NamedTensor> swin(Path file, SwinConfig config, boolean freshHead) {
    return swin(SafeTensors.read(file), config, freshHead);
  }

  /**
   * Maps Swin weights already read.
   *
   * @param contents the file's tensors
   * @param config the network to fill
   * @param freshHead true to ignore the file's head and start from a zero head
   * @return the weights under torchvision names
   * @throws BadModelFileException naming the file and every offending tensor
   */
  public static Map<String, NamedTensor> swin(SafeTensors.Contents contents, SwinConfig config,
      boolean freshHead) {
    Checks.notNull("contents", contents);
    Checks.notNull("config", config);
    boolean timm = TimmNames.isTimm(contents.tensors().keySet());
    UnaryOperator<String> rename = timm ? TimmNames.swin(contents.tensors().keySet()) : UnaryOperator.identity();
    return load(contents, config.expectedShapes(), rename, TimmNames::isBuffer, freshHead, "head.");
  }

  private static Map<String, NamedTensor> load(SafeTensors.Contents contents, Map<String, long[]> expected,
      UnaryOperator<String> rename, Predicate<String> buffer, boolean freshHead, String headPrefix) {
    Map<String, long[]> want = new LinkedHashMap<>(expected);
    Map<String, long[]> heads = new LinkedHashMap<>();
    Predicate<String> skip = buffer;
    if (freshHead) {
      for (String n : expected.keySet()) {
        if (n.startsWith(headPrefix)) {
          heads.put(n, want.remove(n));
        }
      }
      skip = skip.or(n -> {
        String ours = rename.apply(n);
        return ours != null && ours.startsWith(headPrefix);
      });
    }
    Map<String, NamedTensor> loaded = WeightMapping.of(want).renaming(rename).ignoring(skip).load(contents);
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (String n : expected.keySet()) {
      NamedTensor t = loaded.get(n);
      out.put(n, t != null ? t : NamedTensor.f32(n, heads.get(n),
          new float[(int) NamedTensor.elementCount(heads.get(n))]));
    }
    return out;
  }

  /**
   * Fresh DeiT weights, initialised as timm does for training from scratch: truncated normal (std
   * 0.02) linear weights, position embedding and class token, zero biases, unit LayerNorm scales.
   *
   * @param config the network
   * @param seed the random seed
   * @return the weights under torchvision names
   */
  public static Map<String, NamedTensor> randomDeit(DeitConfig config, long seed) {
    return random(Checks.notNull("config", config).expectedShapes(), seed);
  }

  /**
   * Fresh Swin weights, initialised as timm does (see {@link #randomDeit}); relative position bias
   * tables truncated normal with std 0.02.
   *
   * @param config the network
   * @param seed the random seed
   * @return the weights under torchvision names
   */
  public static Map<String, NamedTensor> randomSwin(SwinConfig config, long seed) {
    return random(Checks.notNull("config", config).expectedShapes(), seed);
  }

  private static Map<String, NamedTensor> random(Map<String, long[]> shapes, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      String n = e.getKey();
      long[] shape = e.getValue();
      int count = (int) NamedTensor.elementCount(shape);
      float[] v = new float[count];
      boolean norm = n.contains("ln_") || n.contains("norm") || n.startsWith("features.0.2")
          || n.startsWith("encoder.ln");
      if (norm && n.endsWith(".weight")) {
        java.util.Arrays.fill(v, 1f);
      } else if (!n.endsWith("bias") || n.endsWith("bias_table")) {
        for (int i = 0; i < count; i++) {
          double g;
          do {
            g = nextGaussian(rnd);
          } while (Math.abs(g) > 2);
          v[i] = (float) (0.02 * g);
        }
      }
      out.put(n, NamedTensor.f32(n, shape, v));
    }
    return out;
  }

  private static double nextGaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double w = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }
}
