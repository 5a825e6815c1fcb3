package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.eval.protocol.Degraded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native detectors may score an image differently in the last bit depending on its batch-mates, so
 * the runner must form the same batches whatever the threads, queue capacity or timing.
 */
class DeterministicBatchesTest {
  @TempDir Path tmp;

  /** Records every batch it sees as the list of image indices (encoded in the red channel). */
  private static final class RecordingDetector implements Detector {
    final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    final boolean threadSafe;

    RecordingDetector(boolean threadSafe) {
      this.threadSafe = threadSafe;
    }

    @Override
    public DetectorInfo info() {
      return new DetectorInfo("recorder", "none", 0, 4, threadSafe, Map.of(), "Java");
    }

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      List<Integer> ids = new ArrayList<>();
      float[] out = new float[images.size()];
      for (int i = 0; i < out.length; i++) {
        int index = images.get(i).sample(0, 0, 0);
        ids.add(index);
        out[i] = index / 255f;
      }
      batches.add(ids);
      return out;
    }

    @Override
    public void close() {}
  }

  private static Dataset dataset(int n, Set<Integer> bad) {
    List<Sample> samples = IntStream.range(0, n)
        .mapToObj(i -> new Sample("img" + i, Path.of("img" + i + ".png"),
            i % 2 == 0 ? Label.REAL : Label.FAKE, Generator.SD_V1_4, Sample.NO_CLASS))
        .toList();
    return Dataset.of("sd14/val", samples, s -> {
      int i = Integer.parseInt(s.id().substring(3));
      if (bad.contains(i)) {
        throw new BadImageException(s.path(), "truncated");
      }
      try {
        // Uneven decode times shuffle the order in which loaders finish.
        Thread.sleep((i * 7) % 5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return RgbImage.filled(2, 2, i, 0, 0);
    });
  }

  private List<List<Integer>> run(String dir, int threads, int capacity, boolean threadSafe) {
    RecordingDetector detector = new RecordingDetector(threadSafe);
    Degraded protocol = Degraded.builder().detector("sd14", detector)
        .testSet("sd14", dataset(23, Set.of(2, 9, 10)))
        .degradation("identity", ImageTransform.identity()).build();
    Experiment.builder().runDirectory(tmp.resolve(dir)).threads(threads).queueCapacity(capacity)
        .build().run(protocol);
    List<List<Integer>> sorted = new ArrayList<>(detector.batches);
    sorted.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
    return sorted;
  }

  @Test
  void batchesAreConsecutiveLoadableImagesWhateverTheThreadsAndCapacity() {
    // The clean cell and the identity-degraded cell each see the same five batches.
    List<List<Integer>> expected = new ArrayList<>();
    for (List<Integer> batch : List.of(List.of(0, 1, 3, 4), List.of(5, 6, 7, 8),
        List.of(11, 12, 13, 14), List.of(15, 16, 17, 18), List.of(19, 20, 21, 22))) {
      expected.add(batch);
      expected.add(batch);
    }
    assertThat(run("serial", 1, 1, false)).isEqualTo(expected);
    assertThat(run("parallel", 4, 5, false)).isEqualTo(expected);
    assertThat(run("parallel-scorers", 3, 16, true)).isEqualTo(expected);
  }
}
