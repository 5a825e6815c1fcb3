package org.genimage.detectors.resnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * torchvision's bottleneck ResNet: 7x7/2 stem conv, batch norm, ReLU, 3x3/2 max pool, four stages of
 * bottleneck blocks (1x1, 3x3 with the stage's stride, 1x1; projection shortcut on each stage's first block),
 * global average pooling and a linear head. Batch-norm epsilon 1e-5. Parameter names are torchvision's
 * {@code state_dict} names, so PyTorch weights import without renaming. Immutable and thread-safe.
 *
 * <p>The graph names the outputs {@code stem} (after max pooling), {@code layer1}..{@code layer4} and
 * {@code pooled} for parity checks.
 */
public final class ResNet implements Architecture {
  /** Registry family name. */
  public static final String FAMILY = "resnet";
  static final double BN_EPS = 1e-5;
  private static final int EXPANSION = 4;

  private final ResNetConfig config;
  private final List<ParamSpec> params;

  /**
   * A ResNet of the given configuration.
   *
   * @param config the configuration
   */
  public ResNet(ResNetConfig config) {
    this.config = Checks.notNull("config", config);
    this.params = List.copyOf(specs());
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public ResNetConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    return config.name();
  }

  @Override
  public PreprocessingPipeline preprocessing() {
    return config.preprocessing();
  }

  @Override
  public Head head() {
    return config.head();
  }

  @Override
  public boolean supportsChannelsLast() {
    return true;
  }

  @Override
  public List<ParamSpec> parameters() {
    return params;
  }

  private List<ParamSpec> specs() {
    List<ParamSpec> out = new ArrayList<>();
    int w = config.width();
    conv(out, "conv1.weight", w, 3, 7);
    bn(out, "bn1", w);
    int in = w;
    int[] blocks = config.blocks();
    for (int s = 0; s < 4; s++) {
      int planes = w << s;
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
    out.add(new ParamSpec("fc.weight", new long[] {config.head().outputs(), in}, true));
    out.add(new ParamSpec("fc.bias", new long[] {config.head().outputs()}, true));
    return out;
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
   * torchvision's initialisation: conv weights Kaiming-normal (fan-out, ReLU gain), batch-norm weight 1 and
   * bias 0, running statistics 0 and 1, linear weight and bias uniform in +-1/sqrt(fan-in).
   */
  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, NamedTensor> m = new LinkedHashMap<>();
    long fcIn = 0;
    for (ParamSpec p : params) {
      long[] s = p.shape();
      float[] d = new float[(int) NamedTensor.elementCount(s)];
      String n = p.name();
      if (s.length == 4) {
        double std = Math.sqrt(2.0 / (s[0] * s[2] * s[3]));
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (gaussian(rnd) * std);
        }
      } else if (n.equals("fc.weight")) {
        fcIn = s[1];
        uniform(rnd, d, 1.0 / Math.sqrt(fcIn));
      } else if (n.equals("fc.bias")) {
        uniform(rnd, d, 1.0 / Math.sqrt(fcIn));
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

  private static void uniform(SplittableRandom r, float[] d, double bound) {
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) ((2 * r.nextDouble() - 1) * bound);
    }
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    SDVariable x = g.relu(g.convBn("conv1.weight", "bn1", input, 2, 3, BN_EPS));
    x = g.sd().identity("stem", g.maxPool(x, 3, 2, 1));
    int[] blocks = config.blocks();
    for (int s = 0; s < 4; s++) {
      for (int b = 0; b < blocks[s]; b++) {
        int stride = s > 0 && b == 0 ? 2 : 1;
        x = bottleneck(g, "layer" + (s + 1) + "." + b, x, stride, b == 0);
      }
      x = g.sd().identity("layer" + (s + 1), x);
    }
    SDVariable pooled = g.sd().identity("pooled", g.globalAvgPool(x));
    return g.linear("fc", pooled);
  }

  private static SDVariable bottleneck(GraphBuilder g, String p, SDVariable x, int stride, boolean project) {
    SDVariable out = g.relu(g.convBn(p + ".conv1.weight", p + ".bn1", x, 1, 0, BN_EPS));
    out = g.relu(g.convBn(p + ".conv2.weight", p + ".bn2", out, stride, 1, BN_EPS));
    out = g.convBn(p + ".conv3.weight", p + ".bn3", out, 1, 0, BN_EPS);
    SDVariable identity = project ? g.convBn(p + ".downsample.0.weight", p + ".downsample.1", x, stride, 0, BN_EPS)
        : x;
    return g.relu(out.add(identity));
  }
}
