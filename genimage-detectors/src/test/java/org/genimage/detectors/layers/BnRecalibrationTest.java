package org.genimage.detectors.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.preprocess.PreprocessingStep;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@link TrainerConfig#withBnRecalibration(int)}: after an epoch, every batch norm's running mean and
 * running variance are the plain averages of the statistics of the recalibration batches, computed here
 * independently (double precision, from the images the trainer loaded, in the order it loaded them, and
 * from the trained weights): the batch mean and the unbiased batch variance, as PyTorch's
 * {@code BatchNorm2d(momentum=None)}. The net is BN on the input, then a 1x1 conv and a second BN, so the
 * second layer's statistics depend on the first BN's training-mode output and on the epoch's final weights.
 */
class BnRecalibrationTest {
  static final int SIDE = 6;
  static final int SAMPLES = 40;
  static final int BATCH = 8;
  static final int RECALIBRATION_BATCHES = 3;
  static final double EPS = 1e-5;

  /** Input BN, conv 1x1 3 -> 4, BN, ReLU, pooling, linear. */
  static final class TinyBn extends DeclaredArchitecture {
    record Config(int side) {
    }

    @Override
    protected SDVariable build(GraphParams p, SDVariable input) {
      SDVariable y = SdLayers.batchNorm(p, "bn0", input, 3);
      y = SdLayers.relu(SdLayers.convBn(p, "conv", "bn1", y, 3, 4, 1, 1, 0));
      return SdLayers.linear(p, "fc", SdLayers.globalAvgPool(y), 4, 2);
    }

    @Override
    public PreprocessingPipeline preprocessing() {
      return PreprocessingPipeline.of(new PreprocessingStep.CenterCrop(SIDE),
          new PreprocessingStep.Normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1}));
    }

    @Override
    public int inputSize() {
      return SIDE;
    }

    @Override
    public String family() {
      return "tiny-bn-test";
    }

    @Override
    public Record config() {
      return new Config(SIDE);
    }

    @Override
    public String displayName() {
      return "tiny-bn-test";
    }
  }

  @Test
  void runningStatisticsAreTheAverageOfTheRecalibrationBatches() {
    Random r = new Random(3);
    Map<String, RgbImage> images = new HashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      byte[] rgb = new byte[SIDE * SIDE * 3];
      // channel-dependent offsets, so the statistics are far from the initial 0/1
      for (int k = 0; k < rgb.length; k++) {
        rgb[k] = (byte) (40 * (k % 3) + r.nextInt(120));
      }
      Sample s = new Sample("s" + i, Path.of("s" + i + ".png"), i % 2 == 0 ? Label.REAL : Label.FAKE,
          Generator.BIGGAN, Sample.NO_CLASS);
      samples.add(s);
      images.put(s.id(), RgbImage.wrap(SIDE, SIDE, rgb));
    }
    List<String> loads = Collections.synchronizedList(new ArrayList<>());
    Dataset data = Dataset.of("bn", samples, s -> {
      loads.add(s.id());
      return images.get(s.id());
    });
    TinyBn arch = new TinyBn();
    TrainerConfig cfg = new TrainerConfig(1, BATCH, OptimizerConfig.adam(1e-2), LrSchedule.constant(), 7, 0,
        null, false).withBnRecalibration(RECALIBRATION_BATCHES);
    Map<String, NamedTensor> w;
    try (NetworkDetector d = new SameDiffTrainer("bn", arch, cfg, ImageTransform.identity())
        .train(data, null, TrainingListener.NONE)) {
      w = d.weights();
    }
    // one epoch of SAMPLES loads, then the recalibration batches' loads
    assertThat(loads).hasSize(SAMPLES + RECALIBRATION_BATCHES * BATCH);
    List<String> recalibration = loads.subList(SAMPLES, loads.size());

    double[][] mean0 = new double[2][3];
    double[][] mean1 = new double[2][4];
    for (int b = 0; b < RECALIBRATION_BATCHES; b++) {
      double[][][] x = new double[BATCH][3][SIDE * SIDE];
      for (int i = 0; i < BATCH; i++) {
        byte[] rgb = images.get(recalibration.get(b * BATCH + i)).toByteArray();
        for (int k = 0; k < SIDE * SIDE; k++) {
          for (int c = 0; c < 3; c++) {
            x[i][c][k] = (rgb[3 * k + c] & 0xFF) / 255.0;
          }
        }
      }
      double[][] s0 = stats(x);
      // training-mode BN output (biased batch variance), then the conv
      float[] g0 = w.get("bn0.weight").data();
      float[] b0 = w.get("bn0.bias").data();
      float[] cw = w.get("conv.weight").data();
      double n = BATCH * SIDE * SIDE;
      double[][][] y = new double[BATCH][4][SIDE * SIDE];
      for (int i = 0; i < BATCH; i++) {
        for (int k = 0; k < SIDE * SIDE; k++) {
          for (int o = 0; o < 4; o++) {
            double v = 0;
            for (int c = 0; c < 3; c++) {
              double biased = s0[1][c] * (n - 1) / n;
              double z = (x[i][c][k] - s0[0][c]) / Math.sqrt(biased + EPS) * g0[c] + b0[c];
              v += cw[o * 3 + c] * z;
            }
            y[i][o][k] = v;
          }
        }
      }
      double[][] s1 = stats(y);
      for (int j = 0; j < 2; j++) {
        for (int c = 0; c < 3; c++) {
          mean0[j][c] += s0[j][c] / RECALIBRATION_BATCHES;
        }
        for (int c = 0; c < 4; c++) {
          mean1[j][c] += s1[j][c] / RECALIBRATION_BATCHES;
        }
      }
    }
    assertClose(w.get("bn0.running_mean").data(), mean0[0]);
    assertClose(w.get("bn0.running_var").data(), mean0[1]);
    assertClose(w.get("bn1.running_mean").data(), mean1[0]);
    assertClose(w.get("bn1.running_var").data(), mean1[1]);
    // the data is far from the initial 0/1 statistics (input means about 0.24/0.39/0.55), so the momentum
    // average (after 5 steps 41% of the way from 0) would have failed the comparisons above
    assertThat(mean0[0][2]).isGreaterThan(0.5);
  }

  /** Per-channel mean and unbiased variance over batch and pixels. */
  private static double[][] stats(double[][][] x) {
    int channels = x[0].length;
    double[][] out = new double[2][channels];
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      long n = 0;
      for (double[][] sample : x) {
        for (double v : sample[c]) {
          sum += v;
          n++;
        }
      }
      double mean = sum / n;
      double sq = 0;
      for (double[][] sample : x) {
        for (double v : sample[c]) {
          sq += (v - mean) * (v - mean);
        }
      }
      out[0][c] = mean;
      out[1][c] = sq / (n - 1);
    }
    return out;
  }

  private static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      // float sums over a few hundred values (the conv output mean cancels terms of size ~1, hence the
      // absolute part); a biased instead of unbiased variance (factor 287/288 on ~0.02) is outside it
      assertThat((double) actual[i]).isCloseTo(expected[i], Offset.offset(1e-5 * Math.abs(expected[i]) + 5e-6));
    }
  }
}
