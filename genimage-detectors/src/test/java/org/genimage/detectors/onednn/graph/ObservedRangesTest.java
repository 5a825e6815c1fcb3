package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.graph.Int8ArithmeticTest.ConvChain;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;

/**
 * The observing plan reads each value through a small buffer a chunk at a time: ranges over one batch of 64
 * samples (values of up to 24,576 floats, more than one chunk) equal the ranges over the same samples in
 * batches of 2 (every value within one chunk), and the widest sample is the batch's last, so its values lie in
 * the last, partial chunk.
 */
class ObservedRangesTest {
  private static final int SIDE = 8;
  private static final int SAMPLES = 64;

  @Test
  void rangesOverOneBigBatchEqualThoseOverSmallBatchesOfTheSameSamples() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    ConvChain arch = new ConvChain();
    Map<String, NamedTensor> w = arch.initialise(5);
    int per = 3 * SIDE * SIDE;
    float[] all = InferencePlanTest.gaussian(SAMPLES * per, 11);
    for (int i = (SAMPLES - 1) * per; i < all.length; i++) {
      all[i] *= 10;
    }
    List<float[]> pairs = new ArrayList<>();
    for (int s = 0; s < SAMPLES; s += 2) {
      float[] b = new float[2 * per];
      System.arraycopy(all, s * per, b, 0, b.length);
      pairs.add(b);
    }
    ActivationRanges big = collect(arch, w, SAMPLES, List.of(all));
    ActivationRanges small = collect(arch, w, 2, pairs);
    ActivationRanges withoutTheLast = collect(arch, w, 2, pairs.subList(0, pairs.size() - 1));

    assertThat(big.ranges().keySet()).isEqualTo(small.ranges().keySet()).isNotEmpty();
    big.ranges().forEach((k, r) -> {
      ActivationRanges.Range s = small.ranges().get(k);
      float tolerance = 1e-5f * Math.max(Math.abs(s.min()), Math.abs(s.max()));
      assertThat(r.min()).as(k).isCloseTo(s.min(), offset(tolerance));
      assertThat(r.max()).as(k).isCloseTo(s.max(), offset(tolerance));
    });
    // The last pair widens the ranges, so reading only the first chunk of the big batch would have shown.
    assertThat(big.ranges()).anySatisfy((k, r) ->
        assertThat(r.max()).as(k).isGreaterThan(2 * withoutTheLast.ranges().get(k).max()));
  }

  private static ActivationRanges collect(ConvChain arch, Map<String, NamedTensor> w, int batch,
      List<float[]> batches) {
    return InferenceExecutor.collectRanges(NetworkDetector.inferenceBuilder(arch, w, false), NetworkDetector.INPUT,
        NetworkDetector.LOGITS, batch, batches);
  }
}
