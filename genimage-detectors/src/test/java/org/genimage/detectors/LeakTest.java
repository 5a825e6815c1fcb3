package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.genimage.api.RgbImage;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Off-heap memory (JavaCPP's count of allocated native bytes; for the oneDNN plan also the resident set outside
 * the Java heap, which sees oneDNN's own allocations) must not grow while a detector scores 10,000 images, on either engine, and closing detectors must
 * give their memory back.
 */
class LeakTest {
  @ParameterizedTest
  @EnumSource(value = InferenceEngine.class, names = {"SAMEDIFF", "ONEDNN"})
  void scoringTenThousandImagesDoesNotGrowNativeMemory(InferenceEngine engine) {
    ResNet arch = new ResNet(new ResNetConfig("leak", 4, new int[] {1, 1, 1, 1}, Head.SINGLE_LOGIT,
        PreprocessingPipeline.imagenet(0, 32)));
    List<RgbImage> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(DetectorFileTest.image(32, 32, i));
    }
    try (NetworkDetector d = NetworkDetector.create("leak", arch, arch.initialise(1), Map.of(),
        new InferenceOptions(50, true, engine))) {
      assertThat(d.engine()).isEqualTo(engine);
      // Warm up first: allocator arenas, ND4J caches and the JIT settle during the first few thousand images.
      for (int i = 0; i < 100; i++) {
        d.scoreBatch(batch);
      }
      System.gc();
      long before = Pointer.totalBytes();
      long rssBefore = outsideHeap();
      for (int i = 0; i < 200; i++) {
        d.scoreBatch(batch);
      }
      System.gc();
      long after = Pointer.totalBytes();
      long rssAfter = outsideHeap();
      System.out.printf("over 10,000 images (%s): JavaCPP-tracked bytes %d -> %d, resident set outside the heap "
          + "%d MB -> %d MB%n", engine, before, after, rssBefore >> 20, rssAfter >> 20);
      // A leaked input batch per call would be 200 x 600 KB = 120 MB.
      assertThat(after - before).as("JavaCPP-tracked growth over 10,000 images").isLessThan(4L << 20);
      if (engine == InferenceEngine.ONEDNN) {
        // oneDNN's buffers are invisible to JavaCPP's count: the resident set is their check. The plan allocates
        // nothing per call (0-7 MB of movement measured). Under SameDiff the resident set swings by tens of MB
        // (ND4J frees arrays on JavaCPP's deallocator thread, after GC), so JavaCPP's count is its check.
        assertThat(rssAfter - rssBefore).as("resident growth outside the heap over 10,000 images")
            .isLessThan(16L << 20);
      }
    }
    long afterFirst = Pointer.totalBytes();
    long rssAfterFirst = outsideHeap();
    for (int k = 0; k < 5; k++) {
      try (NetworkDetector d = NetworkDetector.create("leak", arch, arch.initialise(k), Map.of(),
          new InferenceOptions(50, true, engine))) {
        d.scoreBatch(batch);
      }
    }
    System.gc();
    assertThat(Pointer.totalBytes() - afterFirst).as("native growth over 5 open/close cycles")
        .isLessThan(4L << 20);
    if (engine == InferenceEngine.ONEDNN) {
      assertThat(outsideHeap() - rssAfterFirst).as("resident growth outside the heap over 5 open/close cycles")
          .isLessThan(16L << 20);
    }
  }

  /**
   * The resident set minus the committed Java heap: oneDNN's own buffers are invisible to JavaCPP's count, and
   * the heap's growth while the JIT warms up must not count as native growth.
   */
  private static long outsideHeap() {
    return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
  }
}
