package org.genimage.detectors.npr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference NPR at its full input (256) on a CPU: {@code AUTO} compiles it to the oneDNN inference plan (every
 * op, the residual's slice, concatenations and reshapes included, has a lowering), and the plan's logits equal
 * SameDiff's on the same graph within 2e-5 of the largest logit for batches of 2, 1 and 2, as
 * PaperArchitecturesOnThePlanTest checks the other families.
 */
class NprOnThePlanTest {
  @Test
  void autoRunsThePlanAndItMatchesSameDiff() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    Npr arch = new Npr(NprConfig.paper());
    PreprocessingPipeline p = arch.preprocessing();
    int sample = p.channels() * p.height() * p.width();
    SplittableRandom r = new SplittableRandom(17);
    try (NetworkDetector d = NetworkDetector.create(arch.family(), arch, arch.initialise(4), Map.<String, String>of(),
        InferenceOptions.defaults().withBatchSize(2).withEngine(InferenceEngine.AUTO))) {
      assertThat(d.engine()).as(d.engineDescription()).isEqualTo(InferenceEngine.ONEDNN);
      for (int n : List.of(2, 1, 2)) {
        float[] x = new float[n * sample];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextGaussian();
        }
        float[] got = d.logitsOfPreprocessed(x, n);
        float[] want;
        try (INDArray in = Nd4j.create(x, new long[] {n, p.channels(), p.height(), p.width()}, DataType.FLOAT)) {
          INDArray logits = d.run(in, NetworkDetector.LOGITS).get(NetworkDetector.LOGITS);
          want = logits.data().asFloat();
          logits.close();
        }
        assertThat(got).hasSameSizeAs(want).hasSize(n);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
          scale = Math.max(scale, Math.abs(want[i]));
          diff = Math.max(diff, Math.abs(got[i] - want[i]));
        }
        assertThat(diff / scale).as("batch %d", n).isLessThan(2e-5);
      }
    }
  }
}
