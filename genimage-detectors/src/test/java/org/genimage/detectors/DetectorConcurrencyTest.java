package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.genimage.api.RgbImage;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One loaded detector scored from 8 threads at once, each on its own images, gives every thread exactly the
 * scores (bit for bit) of a single-threaded run of the same calls: batches of its list and single images. The
 * detector serialises batches on its reused buffers, and each engine is deterministic for a given batch, so no
 * tolerance is needed; a shared buffer written by two threads at once would show as a wrong score here.
 */
class DetectorConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 2;

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = InferenceEngine.class, names = {"AUTO", "SAMEDIFF"})
  void eightThreadsGetTheSingleThreadedScores(InferenceEngine engine) throws Exception {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    Path f = dir.resolve("tiny.gidet");
    DetectorFile.write(f, "tiny", arch, arch.initialise(13),
        org.genimage.api.ModelProvenance.ofNotes(java.util.Map.of()));
    List<List<RgbImage>> perThread = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<RgbImage> imgs = new ArrayList<>();
      // Sizes that differ per thread and need resizing, so preprocessing runs concurrently too; 5 images
      // against a batch of 4 gives a full and a partial batch.
      for (int i = 0; i < 5; i++) {
        imgs.add(DetectorFileTest.image(64 + 7 * t + 3 * i, 64 + 5 * i, 100 * t + i));
      }
      perThread.add(imgs);
    }
    try (NetworkDetector d = DetectorFile.load(f, new InferenceOptions(4, false, engine))) {
      float[][] expected = new float[THREADS][];
      for (int t = 0; t < THREADS; t++) {
        expected[t] = scores(d, perThread.get(t));
      }
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<List<float[]>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          List<RgbImage> mine = perThread.get(t);
          results.add(pool.submit(() -> {
            start.await();
            List<float[]> out = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
              out.add(scores(d, mine));
            }
            return out;
          }));
        }
        for (int t = 0; t < THREADS; t++) {
          for (float[] got : results.get(t).get()) {
            assertThat(got).as("thread %d on %s", t, d.engineDescription()).containsExactly(expected[t]);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      // The threads' images differ, so equal scores across threads would mean they were not really compared.
      assertThat(expected[0]).isNotEqualTo(expected[1]);
      if (engine == InferenceEngine.SAMEDIFF) {
        assertThat(d.engine()).isEqualTo(InferenceEngine.SAMEDIFF);
      }
    }
  }

  /** A batch of the whole list, then each image alone: both paths through the shared buffers. */
  private static float[] scores(NetworkDetector d, List<RgbImage> imgs) {
    float[] batch = d.scoreBatch(imgs);
    float[] out = new float[2 * imgs.size()];
    for (int i = 0; i < imgs.size(); i++) {
      out[i] = batch[i];
      out[imgs.size() + i] = d.score(imgs.get(i));
    }
    return out;
  }
}
