package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.Precision;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The int8 plan's arithmetic against an independent computation of the same quantisation in double precision:
 * {@code a = relu(conv3x3(x))} in fp32 (it reads the input); in int8 {@code b = relu(conv3x3(a))}, {@code c =
 * conv1x1(b)} (no ReLU: signed), {@code e = relu(conv3x3(b) + c)} (a residual add of a signed addend into an
 * unsigned output) and {@code f = conv1x1(e)}; then the mean over the image and a linear layer. The reference
 * quantises {@code a} to u8 with the collected range ({@code max / 255}), {@code c} to s8 ({@code max |c| / 127}),
 * the weights to s8 per output channel ({@code max |w| / 127}), sums integer products exactly, adds the bias and
 * the addend in real units, requantises {@code b}, {@code e} to u8 (round half to even, saturating) and keeps
 * {@code f} real, as the plan's documentation says it does. The plan must agree with it far more closely than
 * with fp32: an error in scales, bias handling, rounding, saturation or the addend's type would show.
 */
class Int8ArithmeticTest {
  private static final int SIDE = 8;
  private static final int BATCH = 2;

  /** The five-convolution network above (not a registered family). */
  static final class ConvChain implements Architecture {
    record Config(int side) {}

    @Override
    public String family() {
      return "convchain";
    }

    @Override
    public Record config() {
      return new Config(SIDE);
    }

    @Override
    public String displayName() {
      return "convchain";
    }

    @Override
    public PreprocessingPipeline preprocessing() {
      return PreprocessingPipeline.imagenet(0, SIDE);
    }

    @Override
    public Head head() {
      return Head.TWO_CLASS;
    }

    @Override
    public List<ParamSpec> parameters() {
      return List.of(new ParamSpec("a.weight", new long[] {4, 3, 3, 3}, true),
          new ParamSpec("a.bias", new long[] {4}, true),
          new ParamSpec("b.weight", new long[] {5, 4, 3, 3}, true),
          new ParamSpec("b.bias", new long[] {5}, true),
          new ParamSpec("c.weight", new long[] {6, 5, 1, 1}, true),
          new ParamSpec("c.bias", new long[] {6}, true),
          new ParamSpec("e.weight", new long[] {6, 5, 3, 3}, true),
          new ParamSpec("e.bias", new long[] {6}, true),
          new ParamSpec("f.weight", new long[] {6, 6, 1, 1}, true),
          new ParamSpec("f.bias", new long[] {6}, true),
          new ParamSpec("fc.weight", new long[] {2, 6}, true),
          new ParamSpec("fc.bias", new long[] {2}, true));
    }

    @Override
    public Map<String, NamedTensor> initialise(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      Map<String, NamedTensor> m = new LinkedHashMap<>();
      for (ParamSpec p : parameters()) {
        float[] d = new float[(int) NamedTensor.elementCount(p.shape())];
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (r.nextGaussian() * 0.4);
        }
        m.put(p.name(), NamedTensor.f32(p.name(), p.shape(), d));
      }
      return m;
    }

    @Override
    public SDVariable forward(GraphBuilder g, SDVariable input) {
      SDVariable a = g.relu(g.conv2d("a.weight", "a.bias", input, 1, 1));
      SDVariable b = g.relu(g.conv2d("b.weight", "b.bias", a, 1, 1));
      SDVariable c = g.conv2d("c.weight", "c.bias", b, 1, 0);
      SDVariable e = g.relu(g.conv2d("e.weight", "e.bias", b, 1, 1).add(c));
      SDVariable f = g.conv2d("f.weight", "f.bias", e, 1, 0);
      return g.linear("fc", g.globalAvgPool(f));
    }
  }

  @Test
  void theInt8PlanComputesTheDocumentedQuantisation() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    assumeThat(NativeSupport.problem(Precision.INT8)).as("native int8 kernels").isEmpty();
    ConvChain arch = new ConvChain();
    Map<String, NamedTensor> w = arch.initialise(21);
    int n = BATCH * 3 * SIDE * SIDE;
    List<float[]> calibration = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calibration.add(InferencePlanTest.gaussian(n, 40 + i));
    }
    ActivationRanges ranges = InferenceExecutor.collectRanges(NetworkDetector.inferenceBuilder(arch, w, false),
        NetworkDetector.INPUT, NetworkDetector.LOGITS, BATCH, calibration);
    float[] x = InferencePlanTest.gaussian(n, 7);
    float[] int8;
    float[] fp32;
    try (InferenceExecutor q = compile(arch, w, Precision.INT8, ranges);
        InferenceExecutor f = compile(arch, w, Precision.FP32, null)) {
      assertThat(q.description()).contains(", int8, ");
      // b, c, e and f on int8 kernels, a (it reads the input) on an fp32 one.
      int int8Convolutions = q.kernels().entrySet().stream()
          .filter(e -> e.getKey().startsWith("convolution ") && e.getKey().matches(".*(vnni|amx).*"))
          .mapToInt(Map.Entry::getValue).sum();
      assertThat(int8Convolutions).as(q.description()).isEqualTo(4);
      int8 = q.run(x, BATCH);
      fp32 = f.run(x, BATCH);
    }
    double[] reference = reference(w, ranges, x);
    double scale = 0;
    double toReference = 0;
    double toFp32 = 0;
    for (int i = 0; i < reference.length; i++) {
      scale = Math.max(scale, Math.abs(reference[i]));
      toReference = Math.max(toReference, Math.abs(int8[i] - reference[i]));
      toFp32 = Math.max(toFp32, Math.abs(int8[i] - fp32[i]));
    }
    System.out.printf("int8 plan vs double-precision quantisation %.3g, vs fp32 %.3g (max |logit| %.3g)%n",
        toReference, toFp32, scale);
    assertThat(toReference).isLessThan(1e-4 * scale);
    assertThat(toFp32).as("quantisation changed the logits measurably").isGreaterThan(100 * toReference);
  }

  /** The logits of the quantised network, computed independently in double precision. */
  private static double[] reference(Map<String, NamedTensor> w, ActivationRanges ranges, float[] x) {
    double sa = range(ranges, "b.weight", ActivationRanges.INPUT).max() / 255.0;
    double sb = range(ranges, "b.weight", ActivationRanges.OUTPUT).max() / 255.0;
    ActivationRanges.Range cRange = range(ranges, "c.weight", ActivationRanges.OUTPUT);
    assertThat(cRange.min()).as("c is signed").isNegative();
    assertThat(range(ranges, "e.weight", ActivationRanges.ADDEND)).isEqualTo(cRange);
    double sc = Math.max(-cRange.min(), cRange.max()) / 127.0;
    double se = range(ranges, "e.weight", ActivationRanges.OUTPUT).max() / 255.0;
    double[] logits = new double[BATCH * 2];
    for (int s = 0; s < BATCH; s++) {
      double[][][] in = new double[3][SIDE][SIDE];
      for (int ch = 0; ch < 3; ch++) {
        for (int i = 0; i < SIDE; i++) {
          for (int j = 0; j < SIDE; j++) {
            in[ch][i][j] = x[((s * 3 + ch) * SIDE + i) * SIDE + j];
          }
        }
      }
      double[][][] a = conv(in, w.get("a.weight"), 1);
      addBiasRelu(a, w.get("a.bias").data());
      double[][][] qa = quantiseU8(a, sa);
      double[] swb = weightScales(w.get("b.weight"));
      double[][][] accB = conv(qa, quantised(w.get("b.weight"), swb), 1);
      double[][][] qb = new double[accB.length][SIDE][SIDE];
      for (int o = 0; o < accB.length; o++) {
        double unit = sa * swb[o];
        for (int i = 0; i < SIDE; i++) {
          for (int j = 0; j < SIDE; j++) {
            double real = Math.max(0, accB[o][i][j] * unit + w.get("b.bias").data()[o]);
            qb[o][i][j] = Math.min(255, Math.rint(real / sb));
          }
        }
      }
      double[] swc = weightScales(w.get("c.weight"));
      double[][][] accC = conv(qb, quantised(w.get("c.weight"), swc), 0);
      double[] swe = weightScales(w.get("e.weight"));
      double[][][] accE = conv(qb, quantised(w.get("e.weight"), swe), 1);
      double[][][] qe = new double[accE.length][SIDE][SIDE];
      for (int o = 0; o < accE.length; o++) {
        for (int i = 0; i < SIDE; i++) {
          for (int j = 0; j < SIDE; j++) {
            double c = accC[o][i][j] * sb * swc[o] + w.get("c.bias").data()[o];
            double qc = Math.max(-128, Math.min(127, Math.rint(c / sc)));
            double real = Math.max(0, accE[o][i][j] * sb * swe[o] + w.get("e.bias").data()[o] + qc * sc);
            qe[o][i][j] = Math.min(255, Math.rint(real / se));
          }
        }
      }
      double[] swf = weightScales(w.get("f.weight"));
      double[][][] accF = conv(qe, quantised(w.get("f.weight"), swf), 0);
      double[] pooled = new double[accF.length];
      for (int o = 0; o < accF.length; o++) {
        for (int i = 0; i < SIDE; i++) {
          for (int j = 0; j < SIDE; j++) {
            pooled[o] += accF[o][i][j] * se * swf[o] + w.get("f.bias").data()[o];
          }
        }
        pooled[o] /= SIDE * SIDE;
      }
      float[] fc = w.get("fc.weight").data();
      for (int k = 0; k < 2; k++) {
        double z = w.get("fc.bias").data()[k];
        for (int o = 0; o < pooled.length; o++) {
          z += fc[k * pooled.length + o] * pooled[o];
        }
        logits[s * 2 + k] = z;
      }
    }
    return logits;
  }

  private static ActivationRanges.Range range(ActivationRanges ranges, String weight, String role) {
    List<ActivationRanges.Range> found = ranges.ranges().entrySet().stream()
        .filter(e -> e.getKey().endsWith("/" + role) && e.getKey().contains(weight)).map(Map.Entry::getValue)
        .toList();
    assertThat(found).as(weight + "/" + role + " in " + ranges.ranges().keySet()).hasSize(1);
    return found.get(0);
  }

  /** Same-size convolution with zero padding {@code pad}, stride 1, no bias. */
  private static double[][][] conv(double[][][] in, NamedTensor weight, int pad) {
    long[] s = weight.shape();
    return conv(in, toDouble(weight.data()), (int) s[0], (int) s[2], pad);
  }

  private static double[][][] conv(double[][][] in, double[] wts, int outChannels, int k, int pad) {
    int ci = in.length;
    double[][][] out = new double[outChannels][SIDE][SIDE];
    for (int o = 0; o < outChannels; o++) {
      for (int i = 0; i < SIDE; i++) {
        for (int j = 0; j < SIDE; j++) {
          double sum = 0;
          for (int c = 0; c < ci; c++) {
            for (int u = 0; u < k; u++) {
              for (int v = 0; v < k; v++) {
                int y = i + u - pad;
                int xx = j + v - pad;
                if (y >= 0 && y < SIDE && xx >= 0 && xx < SIDE) {
                  sum += in[c][y][xx] * wts[((o * ci + c) * k + u) * k + v];
                }
              }
            }
          }
          out[o][i][j] = sum;
        }
      }
    }
    return out;
  }

  private static double[][][] conv(double[][][] in, Quantised q, int pad) {
    return conv(in, q.values, q.outChannels, q.k, pad);
  }

  private static void addBiasRelu(double[][][] t, float[] bias) {
    for (int o = 0; o < t.length; o++) {
      for (double[] row : t[o]) {
        for (int j = 0; j < row.length; j++) {
          row[j] = Math.max(0, row[j] + bias[o]);
        }
      }
    }
  }

  private static double[][][] quantiseU8(double[][][] t, double scale) {
    double[][][] q = new double[t.length][SIDE][SIDE];
    for (int o = 0; o < t.length; o++) {
      for (int i = 0; i < SIDE; i++) {
        for (int j = 0; j < SIDE; j++) {
          q[o][i][j] = Math.max(0, Math.min(255, Math.rint(t[o][i][j] / scale)));
        }
      }
    }
    return q;
  }

  private static double[] weightScales(NamedTensor weight) {
    int co = (int) weight.shape()[0];
    float[] d = weight.data();
    int per = d.length / co;
    double[] s = new double[co];
    for (int o = 0; o < co; o++) {
      double m = 0;
      for (int i = o * per; i < (o + 1) * per; i++) {
        m = Math.max(m, Math.abs(d[i]));
      }
      s[o] = m / 127.0;
    }
    return s;
  }

  /** Integer weights of a convolution and its shape. */
  private record Quantised(double[] values, int outChannels, int k) {}

  private static Quantised quantised(NamedTensor weight, double[] scales) {
    float[] d = weight.data();
    int co = (int) weight.shape()[0];
    int per = d.length / co;
    double[] q = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      q[i] = Math.rint(d[i] / scales[i / per]);
    }
    return new Quantised(q, co, (int) weight.shape()[2]);
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static InferenceExecutor compile(Architecture arch, Map<String, NamedTensor> w, Precision precision,
      ActivationRanges ranges) {
    return InferenceExecutor.compile(NetworkDetector.inferenceBuilder(arch, w, false), NetworkDetector.INPUT,
        NetworkDetector.LOGITS, BATCH, precision, ranges);
  }
}
