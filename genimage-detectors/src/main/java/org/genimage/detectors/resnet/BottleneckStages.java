package org.genimage.detectors.resnet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * torchvision's bottleneck stages ({@code layer1}, {@code layer2}, ... of ResNet-50: 1x1, 3x3 with the stage's
 * stride, 1x1 expanding by {@value #EXPANSION}, a projection on each stage's first block), their tensors under
 * torchvision's {@code state_dict} names, and torchvision's initialisation. Shared by {@link ResNet} (four
 * stages) and NPR (the first two), so the block is written once. Stateless.
 */
public final class BottleneckStages {
  /** Output channels per planes of a bottleneck block. */
  public static final int EXPANSION = 4;
  /** Batch-norm epsilon of torchvision's ResNet. */
  public static final double BN_EPS = 1e-5;

  private BottleneckStages() {}

  /**
   * Declares the stem ({@code conv1}, {@code bn1}) and the stages' tensors.
   *
   * @param out        where to add the declarations, in state-dict order
   * @param width      the stem's channels and the first stage's planes (doubling per stage)
   * @param stemKernel the stem convolution's kernel side (7 for ResNet, 3 for NPR)
   * @param blocks     blocks per stage
   * @return the last stage's output channels
   */
  public static int declare(List<ParamSpec> out, int width, int stemKernel, int[] blocks) {
    conv(out, "conv1.weight", width, 3, stemKernel);
    bn(out, "bn1", width);
    int in = width;
    for (int s = 0; s < blocks.length; s++) {
      int planes = width << s;
      for (int b = 0; b < blocks[s]; b++) {
        String p = "layer" + (s + 1) + "." + b + ".";
        conv(out, p + "conv1.weight", planes, in, 1);
        bn(out, p + "bn1", planes);
        conv(out, p + "conv2.weight", planes, planes, 3);
        bn(out, p + "bn2", planes);
        conv(out, p + "conv3.weight", planes * EXPANSION, planes, 1);
        bn(out, p + "bn3", planes * EXPANSION);
        if (b == 0) {
          conv(out, p + "downsample.0.weight", planes * EXPANSION, in, 1);
          bn(out, p + "downsample.1", planes * EXPANSION);
        }
        in = planes * EXPANSION;
      }
    }
    return in;
  }

  private static void conv(List<ParamSpec> out, String name, int o, int i, int k) {
    out.add(new ParamSpec(name, new long[] {o, i, k, k}, true));
  }

  private static void bn(List<ParamSpec> out, String prefix, int c) {
    out.add(new ParamSpec(prefix + ".weight", new long[] {c}, true));
    out.add(new ParamSpec(prefix + ".bias", new long[] {c}, true));
    out.add(new ParamSpec(prefix + ".running_mean", new long[] {c}, false));
    out.add(new ParamSpec(prefix + ".running_var", new long[] {c}, false));
  }

  /**
   * The stages after the stem: stage {@code s > 0} starts with stride 2; each stage's output is named
   * {@code layerK} in the graph.
   *
   * @param g      the graph builder
   * @param x      the stem's output
   * @param blocks blocks per stage
   * @return the last stage's output
   */
  public static SDVariable forward(GraphBuilder g, SDVariable x, int[] blocks) {
    for (int s = 0; s < blocks.length; s++) {
      for (int b = 0; b < blocks[s]; b++) {
        int stride = s > 0 && b == 0 ? 2 : 1;
        x = bottleneck(g, "layer" + (s + 1) + "." + b, x, stride, b == 0);
      }
      x = g.sd().identity("layer" + (s + 1), x);
    }
    return x;
  }

  private static SDVariable bottleneck(GraphBuilder g, String p, SDVariable x, int stride, boolean project) {
    SDVariable out = g.relu(g.convBn(p + ".conv1.weight", p + ".bn1", x, 1, 0, BN_EPS));
    out = g.relu(g.convBn(p + ".conv2.weight", p + ".bn2", out, stride, 1, BN_EPS));
    out = g.convBn(p + ".conv3.weight", p + ".bn3", out, 1, 0, BN_EPS);
    SDVariable identity = project ? g.convBn(p + ".downsample.0.weight", p + ".downsample.1", x, stride, 0, BN_EPS)
        : x;
    return g.relu(out.add(identity));
  }

  /**
   * torchvision's initialisation, drawn in declaration order from one seeded stream: convolution weights
   * Kaiming-normal (fan-out, ReLU gain), batch-norm weight 1 and bias 0, running statistics 0 and 1, the linear
   * head's weight and bias uniform in +-1/sqrt(fan-in) (PyTorch's default).
   *
   * @param params the declared tensors (the head's weight before its bias)
   * @param head   the head's name prefix ({@code fc}, {@code fc1})
   * @param seed   the seed
   * @return the tensors by name, in declaration order
   */
  public static Map<String, NamedTensor> initialise(List<ParamSpec> params, String head, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, NamedTensor> m = new LinkedHashMap<>();
    double headBound = 0;
    for (ParamSpec p : params) {
      long[] s = p.shape();
      float[] d = new float[(int) NamedTensor.elementCount(s)];
      String n = p.name();
      if (s.length == 4) {
        double std = Math.sqrt(2.0 / (s[0] * s[2] * s[3]));
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (gaussian(rnd) * std);
        }
      } else if (n.startsWith(head + ".")) {
        if (n.equals(head + ".weight")) {
          headBound = 1.0 / Math.sqrt(s[1]);
        }
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) ((2 * rnd.nextDouble() - 1) * headBound);
        }
      } else if (n.endsWith(".weight") || n.endsWith(".running_var")) {
        java.util.Arrays.fill(d, 1f);
      }
      m.put(n, NamedTensor.f32(n, s, d));
    }
    return m;
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller: SplittableRandom has no nextGaussian in Java 17's RandomGenerator default for all JDKs.
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
