package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.f3net.F3NetNetwork;
import org.genimage.detectors.layers.ResNetBasic;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.gramnet.GramNetwork;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.transformer.Swin;
import org.genimage.detectors.transformer.SwinConfig;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN plan scores what SameDiff scores: the architectures beyond plain convolution networks (transformers,
 * F3Net, GramNet) under {@code AUTO} within 2e-5 of the largest logit, a different input on every call and batches
 * of n, n - 1 and n (padded onto the full plan, then the full one again); one executor shared by threads gives each
 * the logits it gives alone.
 */
class InferencePlanTest {
  static void assertPlanMatchesSameDiff(Architecture arch, int n) {
    Map<String, org.genimage.detectors.weights.NamedTensor> w = arch.initialise(5);
    CompiledPipeline p = arch.preprocessing().compile();
    int sample = p.channels() * p.height() * p.width();
    SplittableRandom r = new SplittableRandom(9);
    try (NetworkDetector plan = NetworkDetector.create("plan", arch, w, Map.of(), new InferenceOptions(n, false,
        InferenceEngine.AUTO));
        NetworkDetector ref = NetworkDetector.create("ref", arch, w, Map.of(), new InferenceOptions(n, false,
            InferenceEngine.SAMEDIFF))) {
      assertThat(plan.engineDescription()).startsWith("oneDNN ").contains(" inference plan, batch ");
      for (int size : List.of(n, n - 1, n)) {
        float[] x = new float[size * sample];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        float[] got = plan.logitsOfPreprocessed(x, size);
        float[] want = ref.logitsOfPreprocessed(x, size);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
          scale = Math.max(scale, Math.abs(want[i]));
          diff = Math.max(diff, Math.abs(got[i] - want[i]));
        }
        assertThat(got).hasSameSizeAs(want);
        assertThat(diff / scale).as("batch " + size).isLessThan(2e-5);
      }
    }
  }

  /** Seeded standard normal values (shared by the plan tests of this package). */
  static float[] gaussian(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  private static Deit smallDeit() {
    return new Deit(DeitConfig.of(32, 8, 24, 2, 3, 48, 2, 0.1));
  }

  @Test
  void partialBatchesRunPaddedOnTheFullPlanAndOneImageOnAPlanOfItsOwn() {
    Deit arch = smallDeit();
    CompiledPipeline p = arch.preprocessing().compile();
    float[] x = gaussian(4 * p.channels() * p.height() * p.width(), 3);
    try (InferenceExecutor e = InferenceExecutor.compile(NetworkDetector.inferenceBuilder(arch, arch.initialise(2),
        false), NetworkDetector.INPUT, NetworkDetector.LOGITS, 4)) {
      float[] full = e.run(x, 4);
      for (int n = 3; n >= 1; n--) {
        float[] part = e.run(x, n);
        assertThat(part).hasSize(n * e.outputColumns());
        assertThat(e.hasSinglePlan()).as("after a batch of %d", n).isEqualTo(n == 1);
        for (int i = 0; i < part.length; i++) {
          assertThat(part[i]).as("n=%d, logit %d", n, i).isCloseTo(full[i], within(2e-5f * Math.abs(full[i]) + 1e-6f));
        }
      }
      assertThat(e.run(x, 4)).containsExactly(full);
      assertThat(e.sessionCount()).as("one thread reuses one pooled session").isEqualTo(1);
    }
  }

  @Test
  void threadsShareThePlansAndEachGetsTheSingleThreadedLogits() throws Exception {
    Deit arch = smallDeit();
    CompiledPipeline p = arch.preprocessing().compile();
    int sample = p.channels() * p.height() * p.width();
    int threads = 4;
    int rounds = 6;
    try (InferenceExecutor e = InferenceExecutor.compile(NetworkDetector.inferenceBuilder(arch, arch.initialise(2),
        false), NetworkDetector.INPUT, NetworkDetector.LOGITS, 3)) {
      float[][] inputs = new float[threads * rounds][];
      float[][] alone = new float[inputs.length][];
      for (int i = 0; i < inputs.length; i++) {
        int n = 1 + i % 3;
        inputs[i] = gaussian(n * sample, 100 + i);
        alone[i] = e.run(inputs[i], n);
      }
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      try {
        List<java.util.concurrent.Future<float[][]>> results = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = t * rounds;
          results.add(pool.submit(() -> {
            try (InferenceExecutor.Session session = e.newSession()) {
              start.await();
              float[][] got = new float[rounds][];
              for (int k = 0; k < rounds; k++) {
                int i = first + k;
                got[k] = session.run(inputs[i], 1 + i % 3);
              }
              return got;
            }
          }));
        }
        for (int t = 0; t < threads; t++) {
          float[][] got = results.get(t).get();
          for (int k = 0; k < rounds; k++) {
            int i = t * rounds + k;
            for (int j = 0; j < got[k].length; j++) {
              assertThat(got[k][j]).as("thread %d, call %d, logit %d", t, k, j)
                  .isCloseTo(alone[i][j], within(1e-5f * Math.abs(alone[i][j]) + 1e-6f));
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(e.sessionCount()).as("the pooled session; the threads' own are closed and let go").isEqualTo(1);
    }
  }

  @Test
  void deit() {
    assertPlanMatchesSameDiff(new Deit(DeitConfig.of(32, 8, 24, 2, 3, 48, 2, 0.1)), 3);
  }

  @Test
  void swinWithShiftedWindowsAndPatchMerging() {
    assertPlanMatchesSameDiff(new Swin(SwinConfig.of(32, 2, 16, List.of(2, 2), List.of(1, 2), 4, 2.0, 2, 0.2)), 3);
  }

  @Test
  void gramNet() {
    assertPlanMatchesSameDiff(new GramNet(new GramNetwork(64, new ResNetBasic(8, new int[] {8, 16, 24, 32},
        new int[] {1, 1, 1, 1}), 8, 4, 8, 16, 0.5)), 3);
  }

  @Test
  void f3Net() {
    assertPlanMatchesSameDiff(new F3Net(new F3NetNetwork(67, new int[] {4, 8}, new int[] {8, 12, 16}, 1, 1, 20,
        new int[] {24, 32}, 10, 6, 0.2)), 3);
  }
}
