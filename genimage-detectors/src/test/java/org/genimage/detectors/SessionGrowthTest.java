package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.genimage.api.RgbImage;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.junit.jupiter.api.Test;

/**
 * ND4J M2.1's {@code InferenceSession} adds every freed array id to a set it never clears: without the
 * detector's periodic session reset the heap grows by a few KB per batch forever (found by the
 * steady-state memory harness in genimage-bench).
 */
class SessionGrowthTest {
  private static long freedIds(SameDiff sd) throws ReflectiveOperationException {
    Field f = InferenceSession.class.getDeclaredField("freedArrays");
    f.setAccessible(true);
    long n = 0;
    for (InferenceSession s : sd.getSessions().values()) {
      n += ((Set<?>) f.get(s)).size();
    }
    return n;
  }

  @Test
  void sessionBookkeepingStaysBoundedOverManyBatches() throws Exception {
    ResNet arch = new ResNet(new ResNetConfig("growth", 4, new int[] {1, 1, 1, 1},
        Head.SINGLE_LOGIT, PreprocessingPipeline.imagenet(0, 16)));
    List<RgbImage> batch = List.of(DetectorFileTest.image(16, 16, 1));
    try (NetworkDetector d = NetworkDetector.create("growth", arch, arch.initialise(1), Map.of(),
        new InferenceOptions(1, true, InferenceEngine.SAMEDIFF))) {
      float first = d.score(batch.get(0));
      long perBatch = -1;
      long peak = 0;
      for (int i = 1; i < 2 * NetworkDetector.SESSION_RESET_BATCHES + 10; i++) {
        assertThat(d.scoreBatch(batch)[0]).isEqualTo(first);
        long ids = freedIds(d.graph());
        if (i == 10) {
          perBatch = ids / 11;
        }
        peak = Math.max(peak, ids);
      }
      assertThat(perBatch).as("ND4J still records freed ids per batch").isPositive();
      assertThat(peak).as("freed-id bookkeeping over 2 reset periods")
          .isLessThanOrEqualTo(perBatch * (NetworkDetector.SESSION_RESET_BATCHES + 1));
    }
  }
}
