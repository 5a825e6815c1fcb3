package org.genimage.spectral;

import java.util.Random;

/**
 * Simulated up-sampling traces that mimic a generator's last stages: the content is reduced by the
 * factor (block mean), mapped to pre-activation values ({@code atanh}, as before a generator's final
 * {@code tanh}), up-sampled by one of three operators with random weights, passed through a random
 * convolution-ReLU-convolution block ({@link #reluBlock}: a generator never ends on a linear
 * up-sampling, and the nonlinearity is what turns the operator's per-phase differences into periodic
 * peaks) and mapped back by {@code tanh}. Every call draws new weights, so a study over many images
 * never fits one generator.
 *
 * <ul>
 *   <li>{@link Kind#TRANSPOSED}: zero insertion and a {@code 2k x 2k} kernel (a transposed
 *       convolution with stride k): the bilinear tent plus independent Gaussian weights, so the k^2
 *       phases have unequal gains (the checkerboard);</li>
 *   <li>{@link Kind#BILINEAR_CONV}: bilinear up-sampling (half-pixel centres, as PyTorch's
 *       {@code align_corners=False}) and a random 3x3 convolution;</li>
 *   <li>{@link Kind#NEAREST_CONV}: nearest-neighbour up-sampling and a random 3x3 convolution.</li>
 * </ul>
 */
final class UpsamplingTraces {
  private UpsamplingTraces() {}

  /** The up-sampling operator. */
  enum Kind {
    TRANSPOSED, BILINEAR_CONV, NEAREST_CONV
  }

  /**
   * The range of the random weights' spread relative to the interpolating kernel's largest weight,
   * drawn uniformly per image: from barely visible to a clear checkerboard.
   */
  static final double MIN_WEIGHT_NOISE = 0.01;

  /** The upper end of the weights' spread; see {@link #MIN_WEIGHT_NOISE}. */
  static final double MAX_WEIGHT_NOISE = 0.05;

  /**
   * The traced version of an image of the same size.
   *
   * @param planes three planes of {@code size * size} values 0..255 (not modified)
   * @param size side, a multiple of {@code factor}
   * @param kind the operator
   * @param factor 2 or 4
   * @param random the source of the weights
   * @return three new planes
   */
  static float[][] trace(float[][] planes, int size, Kind kind, int factor, Random random) {
    int low = size / factor;
    double noise = MIN_WEIGHT_NOISE + (MAX_WEIGHT_NOISE - MIN_WEIGHT_NOISE) * random.nextDouble();
    double[] kernel = kind == Kind.TRANSPOSED ? transposedKernel(factor, noise, random)
        : conv3x3(noise, random);
    double[] blockA = conv3x3(noise, random);
    double[] blockB = conv3x3(noise, random);
    float[][] out = new float[3][];
    for (int ch = 0; ch < 3; ch++) {
      double[] lo = new double[low * low];
      for (int r = 0; r < low; r++) {
        for (int c = 0; c < low; c++) {
          double s = 0;
          for (int dr = 0; dr < factor; dr++) {
            for (int dc = 0; dc < factor; dc++) {
              s += planes[ch][(r * factor + dr) * size + c * factor + dc];
            }
          }
          lo[r * low + c] = toPre(s / (factor * factor));
        }
      }
      double[] up = switch (kind) {
        case TRANSPOSED -> transposed(lo, low, factor, kernel);
        case BILINEAR_CONV -> correlate3(bilinear(lo, low, factor), size, kernel);
        case NEAREST_CONV -> correlate3(nearest(lo, low, factor), size, kernel);
      };
      up = reluBlock(up, size, blockA, blockB, mean(lo));
      float[] p = new float[size * size];
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) fromPre(up[i]);
      }
      out[ch] = p;
    }
    return out;
  }

  /**
   * A random convolution-ReLU-convolution block that is the identity when its two kernels are:
   * {@code b + A * relu(y - b) - B * relu(b - y)} with {@code b} the signal's mean, so that the
   * rectifier cuts through the signal.
   */
  static double[] reluBlock(double[] y, int size, double[] a, double[] b, double bias) {
    double[] pos = new double[y.length];
    double[] neg = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      pos[i] = Math.max(0, y[i] - bias);
      neg[i] = Math.max(0, bias - y[i]);
    }
    double[] pa = correlate3(pos, size, a);
    double[] nb = correlate3(neg, size, b);
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = bias + pa[i] - nb[i];
    }
    return out;
  }

  /** The arithmetic mean. */
  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double toPre(double v) {
    double x = Math.max(-0.98, Math.min(0.98, v / 127.5 - 1));
    return 0.5 * Math.log((1 + x) / (1 - x));
  }

  private static double fromPre(double pre) {
    return 127.5 * (Math.tanh(pre) + 1);
  }

  /** The separable tent of half-width k (exact bilinear interpolation) plus random weights. */
  static double[] transposedKernel(int k, double noise, Random random) {
    int n = 2 * k;
    double[] kernel = new double[n * n];
    for (int a = 0; a < n; a++) {
      double ta = 1 - Math.abs(a - (n - 1) / 2.0) / k;
      for (int b = 0; b < n; b++) {
        double tb = 1 - Math.abs(b - (n - 1) / 2.0) / k;
        kernel[a * n + b] = ta * tb + noise * random.nextGaussian();
      }
    }
    return kernel;
  }

  /** A 3x3 kernel: the identity blended with a blur plus random weights, summing to one. */
  static double[] conv3x3(double noise, Random random) {
    double[] kernel = new double[9];
    double blur = 0.5 * random.nextDouble();
    double sum = 0;
    for (int i = 0; i < 9; i++) {
      kernel[i] = (i == 4 ? 1 - blur : 0) + blur / 9 + noise * random.nextGaussian();
      sum += kernel[i];
    }
    for (int i = 0; i < 9; i++) {
      kernel[i] /= sum;
    }
    return kernel;
  }

  /** Stride-k transposed convolution cropped to {@code low * k}: the kernel's centre on each input. */
  static double[] transposed(double[] lo, int low, int k, double[] kernel) {
    int n = 2 * k;
    int size = low * k;
    int offset = k / 2; // centres the 2k kernel on the k output pixels of each input pixel
    double[] out = new double[size * size];
    for (int r = 0; r < low; r++) {
      for (int c = 0; c < low; c++) {
        double v = lo[r * low + c];
        for (int a = 0; a < n; a++) {
          int y = r * k + a - offset;
          if (y < 0 || y >= size) {
            continue;
          }
          for (int b = 0; b < n; b++) {
            int x = c * k + b - offset;
            if (x >= 0 && x < size) {
              out[y * size + x] += v * kernel[a * n + b];
            }
          }
        }
      }
    }
    return out;
  }

  static double[] nearest(double[] lo, int low, int k) {
    int size = low * k;
    double[] out = new double[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        out[y * size + x] = lo[(y / k) * low + x / k];
      }
    }
    return out;
  }

  static double[] bilinear(double[] lo, int low, int k) {
    int size = low * k;
    double[] out = new double[size * size];
    for (int y = 0; y < size; y++) {
      double sy = Math.max(0, (y + 0.5) / k - 0.5);
      int y0 = Math.min((int) sy, low - 1);
      int y1 = Math.min(y0 + 1, low - 1);
      double fy = sy - y0;
      for (int x = 0; x < size; x++) {
        double sx = Math.max(0, (x + 0.5) / k - 0.5);
        int x0 = Math.min((int) sx, low - 1);
        int x1 = Math.min(x0 + 1, low - 1);
        double fx = sx - x0;
        out[y * size + x] = (lo[y0 * low + x0] * (1 - fx) + lo[y0 * low + x1] * fx) * (1 - fy)
            + (lo[y1 * low + x0] * (1 - fx) + lo[y1 * low + x1] * fx) * fy;
      }
    }
    return out;
  }

  /** 3x3 correlation with edge-replicated borders. */
  static double[] correlate3(double[] in, int size, double[] k) {
    double[] out = new double[in.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double s = 0;
        for (int a = -1; a <= 1; a++) {
          int yy = Math.max(0, Math.min(size - 1, y + a));
          for (int b = -1; b <= 1; b++) {
            int xx = Math.max(0, Math.min(size - 1, x + b));
            s += k[(a + 1) * 3 + b + 1] * in[yy * size + xx];
          }
        }
        out[y * size + x] = s;
      }
    }
    return out;
  }
}
