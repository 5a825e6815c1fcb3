package org.genimage.detectors.spec;

import java.util.random.RandomGenerator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Simulates the up-sampling artifacts of a GAN generator in a real image, after Spec's AutoGAN
 * (Zhang et al. 2019): the image goes through the "auto-encoder" path of down-sampling by 2 per level
 * (the encoder's stride-2 convolutions, here a 2x2 box average) and up-sampling by 2 per level (the
 * generator's up-sampling layers), which leaves the periodic spectral peaks that Spec learns to detect.
 *
 * <p>Up-sampling modes, as the paper's choices: {@link Mode#TRANSPOSED_CONV} (AutoGAN's default:
 * {@code ConvTranspose2d(k=3, s=2, p=1, output_padding=1)}), {@link Mode#NEAREST} and
 * {@link Mode#BILINEAR} (interpolation followed by a 3x3 convolution). <b>Deviation:</b> AutoGAN trains the
 * auto-encoder to reconstruct real images and uses its output; this simulator has no learned weights: each
 * up-sampling kernel is the interpolating kernel ({@code [1/2, 1, 1/2]} outer itself, or a 3x3 smoothing
 * kernel after interpolation) with every tap multiplied by {@code 1 + jitter * N(0, 1)}, drawn per image
 * from the transform's generator, standing in for an imperfectly trained layer. Borders replicate.
 * The output is the input cropped to a multiple of {@code 2^levels} on each side.
 *
 * @param levels the number of down/up-sampling levels (AutoGAN: 2)
 * @param mode the up-sampling layer
 * @param jitter relative perturbation of the kernel taps
 */
public record UpsamplingArtifactSimulator(int levels, Mode mode, double jitter) implements ImageTransform {
  /** The up-sampling layer. */
  public enum Mode {
    /** Transposed convolution, kernel 3, stride 2 (zero insertion then 3x3 kernel). */
    TRANSPOSED_CONV,
    /** Nearest-neighbour up-sampling then a 3x3 convolution. */
    NEAREST,
    /** Bilinear up-sampling then a 3x3 convolution. */
    BILINEAR
  }

  /** Validates. */
  public UpsamplingArtifactSimulator {
    Checks.inRange("levels", levels, 1, 4);
    Checks.notNull("mode", mode);
    Checks.inRange("jitter", jitter, 0.0, 1.0);
  }

  /**
   * AutoGAN's default: two transposed-convolution levels, jitter 0.1.
   *
   * @return the simulator
   */
  public static UpsamplingArtifactSimulator autoGan() {
    return new UpsamplingArtifactSimulator(2, Mode.TRANSPOSED_CONV, 0.1);
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    Checks.notNull("random", random);
    int f = 1 << levels;
    int w = image.width() - image.width() % f;
    int h = image.height() - image.height() % f;
    if (w < f || h < f) {
      return image;
    }
    byte[] src = image.toByteArray();
    byte[] out = new byte[3 * w * h];
    double[][] kernels = new double[levels][];
    for (int l = 0; l < levels; l++) {
      kernels[l] = kernel(random);
    }
    for (int c = 0; c < 3; c++) {
      float[] plane = new float[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          plane[y * w + x] = src[3 * (y * image.width() + x) + c] & 0xFF;
        }
      }
      int cw = w;
      int ch = h;
      for (int l = 0; l < levels; l++) {
        plane = down(plane, cw, ch);
        cw /= 2;
        ch /= 2;
      }
      for (int l = 0; l < levels; l++) {
        plane = up(plane, cw, ch, kernels[l]);
        cw *= 2;
        ch *= 2;
      }
      for (int i = 0; i < w * h; i++) {
        out[3 * i + c] = (byte) Math.max(0, Math.min(255, Math.round(plane[i])));
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  private double[] kernel(RandomGenerator random) {
    double[] base = mode == Mode.TRANSPOSED_CONV
        ? new double[] {0.5, 1, 0.5}
        : new double[] {0.25, 0.5, 0.25};
    double[] k = new double[9];
    for (int u = 0; u < 3; u++) {
      for (int v = 0; v < 3; v++) {
        k[u * 3 + v] = base[u] * base[v] * (1 + jitter * random.nextGaussian());
      }
    }
    return k;
  }

  private static float[] down(float[] p, int w, int h) {
    int nw = w / 2;
    int nh = h / 2;
    float[] o = new float[nw * nh];
    for (int y = 0; y < nh; y++) {
      for (int x = 0; x < nw; x++) {
        int i = 2 * y * w + 2 * x;
        o[y * nw + x] = 0.25f * (p[i] + p[i + 1] + p[i + w] + p[i + w + 1]);
      }
    }
    return o;
  }

  private float[] up(float[] p, int w, int h, double[] k) {
    int nw = 2 * w;
    int nh = 2 * h;
    float[] o = new float[nw * nh];
    if (mode == Mode.TRANSPOSED_CONV) {
      // out[o] = sum_{i, t: o = 2 i - 1 + t} in[i] K[t]: even o takes tap 1 of in[o/2]; odd o takes tap 2
      // of in[(o-1)/2] and tap 0 of in[(o+1)/2]
      for (int oy = 0; oy < nh; oy++) {
        for (int ox = 0; ox < nw; ox++) {
          double s = 0;
          for (int ty = 0; ty < 3; ty++) {
            int ny = oy + 1 - ty;
            if ((ny & 1) != 0) {
              continue;
            }
            int iy = Math.min(ny / 2, h - 1);
            for (int tx = 0; tx < 3; tx++) {
              int nx = ox + 1 - tx;
              if ((nx & 1) != 0) {
                continue;
              }
              int ix = Math.min(nx / 2, w - 1);
              s += k[ty * 3 + tx] * p[iy * w + ix];
            }
          }
          o[oy * nw + ox] = (float) s;
        }
      }
      return o;
    }
    float[] u = new float[nw * nh];
    for (int oy = 0; oy < nh; oy++) {
      for (int ox = 0; ox < nw; ox++) {
        if (mode == Mode.NEAREST) {
          u[oy * nw + ox] = p[(oy / 2) * w + ox / 2];
        } else {
          double sy = Math.max(0, Math.min(h - 1, (oy + 0.5) / 2 - 0.5));
          double sx = Math.max(0, Math.min(w - 1, (ox + 0.5) / 2 - 0.5));
          int y0 = (int) sy;
          int x0 = (int) sx;
          int y1 = Math.min(y0 + 1, h - 1);
          int x1 = Math.min(x0 + 1, w - 1);
          double fy = sy - y0;
          double fx = sx - x0;
          u[oy * nw + ox] = (float) ((1 - fy) * ((1 - fx) * p[y0 * w + x0] + fx * p[y0 * w + x1])
              + fy * ((1 - fx) * p[y1 * w + x0] + fx * p[y1 * w + x1]));
        }
      }
    }
    for (int oy = 0; oy < nh; oy++) {
      for (int ox = 0; ox < nw; ox++) {
        double s = 0;
        for (int ty = 0; ty < 3; ty++) {
          int y = Math.max(0, Math.min(nh - 1, oy + ty - 1));
          for (int tx = 0; tx < 3; tx++) {
            int x = Math.max(0, Math.min(nw - 1, ox + tx - 1));
            s += k[ty * 3 + tx] * u[y * nw + x];
          }
        }
        o[oy * nw + ox] = (float) s;
      }
    }
    return o;
  }

  @Override
  public boolean isRandom() {
    return jitter > 0;
  }

  @Override
  public String description() {
    return "autogan-upsampling(levels=" + levels + ", mode=" + mode.name().toLowerCase() + ", jitter="
        + jitter + ")";
  }
}
