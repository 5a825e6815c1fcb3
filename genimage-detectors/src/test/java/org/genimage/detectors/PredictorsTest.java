package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.Predictor;
import org.genimage.api.RgbImage;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One loaded model, many predictors: each thread's predictor scores what the model scores alone, the load options
 * reach the detector, the engine is in the detector's info, and a thread limit leaves the thread as it found it.
 */
class PredictorsTest {
  @TempDir
  Path dir;

  private Path saved(int seed) {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    Path f = dir.resolve("tiny-" + seed + ".gidet");
    try (NetworkDetector d = NetworkDetector.create("tiny", arch, arch.initialise(seed), Map.of(),
        InferenceOptions.defaults())) {
      d.save(f);
    }
    return f;
  }

  private static List<RgbImage> images(int count, int seed) {
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(DetectorFileTest.image(64 + 7 * (i % 3), 64 + 5 * (i % 4), seed + i));
    }
    return out;
  }

  @Test
  void eightThreadsWithAPredictorEachScoreWhatTheModelScoresAlone() throws Exception {
    int threads = 8;
    List<List<RgbImage>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      work.add(images(5 + t % 4, 100 * t));
    }
    try (Detector model = Detectors.load(saved(3), LoadOptions.defaults().withBatchSize(4))) {
      List<float[]> alone = new ArrayList<>();
      for (List<RgbImage> w : work) {
        alone.add(model.scoreBatch(w));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CyclicBarrier start = new CyclicBarrier(threads);
      try {
        List<Future<float[][]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<RgbImage> w = work.get(t);
          results.add(pool.submit(() -> {
            try (Predictor p = model.newPredictor()) {
              start.await();
              float[][] rounds = new float[6][];
              for (int r = 0; r < rounds.length; r++) {
                rounds[r] = p.scoreBatch(w);
              }
              return rounds;
            }
          }));
        }
        for (int t = 0; t < threads; t++) {
          for (float[] got : results.get(t).get()) {
            assertThat(got).as("thread %d", t).containsExactly(alone.get(t));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void theModelItselfMayBeCalledFromManyThreadsAtOnce() throws Exception {
    List<RgbImage> imgs = images(6, 7);
    try (Detector model = Detectors.load(saved(4))) {
      float[] alone = model.scoreBatch(imgs);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          results.add(pool.submit(() -> model.scoreBatch(imgs)));
        }
        for (Future<float[]> f : results) {
          assertThat(f.get()).containsExactly(alone);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void loadOptionsChooseTheEngineAndTheBatchAndTheInfoSaysWhichEngineRuns() {
    Path f = saved(5);
    List<RgbImage> imgs = images(3, 11);
    try (Detector sameDiff = Detectors.load(f, LoadOptions.defaults().withEngine("SameDiff").withBatchSize(2));
        Detector auto = Detectors.load(f)) {
      assertThat(sameDiff.info().engine()).startsWith("SameDiff (requested)");
      assertThat(sameDiff.info().preferredBatchSize()).isEqualTo(2);
      assertThat(auto.info().engine()).isEqualTo(((NetworkDetector) auto).engineDescription());
      if (OneDnn.available()) {
        assertThat(auto.info().engine()).startsWith("oneDNN ");
      }
      float[] a = auto.scoreBatch(imgs);
      float[] s = sameDiff.scoreBatch(imgs);
      for (int i = 0; i < a.length; i++) {
        assertThat(s[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
    assertThatThrownBy(() -> Detectors.load(f, LoadOptions.defaults().withEngine("tensorrt")))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("tensorrt")
        .hasMessageContaining("auto, samediff, onednn");
  }

  @Test
  void aThreadLimitAppliesToTheCallAndIsUndoneAfterIt() {
    assumeThat(OneDnn.available()).as("the oneDNN plan loads here").isTrue();
    var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    int before = ops.ompGetMaxThreads();
    assertThat(NativeThreads.limit(before + 1)).isEqualTo(before);
    assertThat(ops.ompGetMaxThreads()).as("limited on this thread").isEqualTo(before + 1);
    NativeThreads.restore(before);
    assertThat(ops.ompGetMaxThreads()).isEqualTo(before);
    List<RgbImage> imgs = images(3, 21);
    try (Detector one = Detectors.load(saved(6), LoadOptions.defaults().withThreads(1));
        Detector all = Detectors.load(saved(6))) {
      float[] limited = one.scoreBatch(imgs);
      assertThat(ops.ompGetMaxThreads()).as("restored after the call").isEqualTo(before);
      float[] free = all.scoreBatch(imgs);
      for (int i = 0; i < free.length; i++) {
        assertThat(limited[i]).isCloseTo(free[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void aPredictorOfAClosedModelRefusesToScore() {
    List<RgbImage> imgs = images(2, 31);
    Detector model = Detectors.load(saved(7));
    Predictor p = model.newPredictor();
    assertThat(p.scoreBatch(imgs)).hasSize(2);
    model.close();
    assertThatThrownBy(() -> p.scoreBatch(imgs)).isInstanceOf(IllegalStateException.class);
    p.close();
    assertThatThrownBy(model::newPredictor).isInstanceOf(IllegalStateException.class);
  }
}
