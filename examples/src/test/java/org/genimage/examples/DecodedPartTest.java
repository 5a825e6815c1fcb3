package org.genimage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@code genimage quantize}: every pass scores the same decodable images in the same order, a file
 * that does not decode is skipped and warned about once, images beyond the byte budget are decoded again on each
 * pass (and one that stops decoding aborts), a first pass that fails keeps nothing, and the calibration part's
 * list holds only the budget's images, decoding the others on access.
 */
class DecodedPartTest {
  private static final int SIDE = 4;
  private static final long IMAGE_BYTES = 3L * SIDE * SIDE;

  /** Seven samples, the fourth undecodable; pixels carry the sample's number so a score tells which image it is. */
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, Integer> loads = new HashMap<>();
  private final Dataset data;
  /** A file that stops decoding from now on (replaced on disk), or null. */
  private String broken;

  DecodedPartTest() {
    for (int i = 0; i < 7; i++) {
      samples.add(Sample.of(Path.of("img" + i + ".png"), i % 2 == 0 ? Label.REAL : Label.FAKE));
    }
    data = Dataset.of("held-out", samples, s -> {
      loads.merge(s.id(), 1, Integer::sum);
      int n = Integer.parseInt(s.id().substring(3, 4));
      if (n == 3 || s.id().equals(broken)) {
        throw new BadImageException(s.path(), "not an image");
      }
      return RgbImage.filled(SIDE, SIDE, n * 10, 0, 0);
    });
  }

  /** Scores an image by its red value, so the scores name the images scored and their order. */
  private static class RedDetector implements Detector {
    @Override
    public DetectorInfo info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      float[] s = new float[images.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = images.get(i).sample(0, 0, 0);
      }
      return s;
    }

    @Override
    public void close() {}
  }

  private List<double[]> threePasses(DecodedPart h, List<String> warnings) {
    Progress progress = new Progress() {
      @Override
      public void warning(String text) {
        warnings.add(text);
      }
    };
    List<double[]> passes = new ArrayList<>();
    for (String p : List.of("fp32", "bf16", "int8")) {
      passes.add(h.score(new RedDetector(), p, progress));
    }
    return passes;
  }

  @Test
  void everyPassScoresTheDecodableImagesInOrderAndTheBadFileIsSkippedOnce() {
    DecodedPart h = new DecodedPart(data, samples, 2, Long.MAX_VALUE);
    List<String> warnings = new ArrayList<>();
    List<double[]> passes = threePasses(h, warnings);

    double[] expected = {0, 10, 20, 40, 50, 60};
    assertThat(passes).allSatisfy(p -> assertThat(p).containsExactly(expected));
    assertThat(h.samples()).extracting(Sample::id)
        .containsExactly("img0.png", "img1.png", "img2.png", "img4.png", "img5.png", "img6.png");
    assertThat(h.skipped()).isEqualTo(1);
    assertThat(warnings).hasSize(1).allMatch(w -> w.contains("img3.png") && w.contains("not an image"));
    assertThat(loads).as("each file decoded once: all are kept").containsEntry("img0.png", 1)
        .containsEntry("img6.png", 1).containsEntry("img3.png", 1);
  }

  @Test
  void imagesBeyondTheBudgetAreDecodedOnEveryPass() {
    DecodedPart h = new DecodedPart(data, samples, 4, 2 * IMAGE_BYTES);
    List<String> warnings = new ArrayList<>();
    List<double[]> passes = threePasses(h, warnings);

    assertThat(passes).allSatisfy(p -> assertThat(p).containsExactly(0, 10, 20, 40, 50, 60));
    assertThat(h.keptImages()).isEqualTo(2);
    assertThat(loads).containsEntry("img0.png", 1).containsEntry("img1.png", 1).containsEntry("img2.png", 3)
        .containsEntry("img6.png", 3).containsEntry("img3.png", 1);
    assertThat(h.skipped()).isEqualTo(1);
    assertThat(warnings).hasSize(1);
  }

  @Test
  void aZeroBudgetKeepsNothing() {
    DecodedPart h = new DecodedPart(data, samples, 32, 0);
    threePasses(h, new ArrayList<>());
    assertThat(h.keptImages()).isZero();
    assertThat(loads).containsEntry("img5.png", 3);
  }

  @Test
  void aFirstPassThatFailsLeavesNothingBehindAndTheNextStartsOver() {
    DecodedPart h = new DecodedPart(data, samples, 2, Long.MAX_VALUE);
    Detector failsOnTheSecondBatch = new RedDetector() {
      private int calls;

      @Override
      public float[] scoreBatch(List<RgbImage> images) {
        if (++calls == 2) {
          throw new IllegalStateException("scoring failed");
        }
        return super.scoreBatch(images);
      }
    };
    assertThatThrownBy(() -> h.score(failsOnTheSecondBatch, "fp32", Progress.NONE))
        .hasMessage("scoring failed");
    assertThat(h.samples()).isEmpty();
    assertThat(h.keptImages()).isZero();

    List<double[]> passes = threePasses(h, new ArrayList<>());
    assertThat(passes).allSatisfy(p -> assertThat(p).containsExactly(0, 10, 20, 40, 50, 60));
    assertThat(h.samples()).hasSize(6);
    assertThat(h.skipped()).as("the bad file counted once, by the pass that completed").isEqualTo(1);
  }

  @Test
  void aFileBeyondTheBudgetThatStopsDecodingAbortsALaterPass() {
    DecodedPart h = new DecodedPart(data, samples, 2, 2 * IMAGE_BYTES);
    h.score(new RedDetector(), "fp32", Progress.NONE);
    broken = "img5.png";
    assertThatThrownBy(() -> h.score(new RedDetector(), "bf16", Progress.NONE))
        .isInstanceOf(BadImageException.class).hasMessageContaining("img5.png");
  }

  @Test
  void theCalibrationListKeepsTheBudgetsImagesAndDecodesTheRestOnAccess() {
    DecodedPart h = new DecodedPart(data, samples, 4, 2 * IMAGE_BYTES);
    List<String> warnings = new ArrayList<>();
    List<RgbImage> images = h.images("calibration", new Progress() {
      @Override
      public void warning(String text) {
        warnings.add(text);
      }
    });
    assertThat(images).hasSize(6);
    assertThat(h.keptImages()).isEqualTo(2);
    assertThat(warnings).hasSize(1).allMatch(w -> w.contains("img3.png"));
    // One decoding pass so far: every file once.
    assertThat(loads).containsEntry("img0.png", 1).containsEntry("img2.png", 1).containsEntry("img6.png", 1);

    List<Integer> reds = new ArrayList<>();
    for (RgbImage image : images) {
      reds.add(image.sample(0, 0, 0));
    }
    assertThat(reds).containsExactly(0, 10, 20, 40, 50, 60);
    assertThat(h.samples()).extracting(Sample::id)
        .containsExactly("img0.png", "img1.png", "img2.png", "img4.png", "img5.png", "img6.png");
    // Kept images are not decoded again; the others once more per access; the bad file never again.
    assertThat(loads).containsEntry("img0.png", 1).containsEntry("img1.png", 1).containsEntry("img2.png", 2)
        .containsEntry("img6.png", 2).containsEntry("img3.png", 1);
    // A second call reuses the first pass.
    assertThat(h.images("calibration", Progress.NONE)).hasSize(6);
    assertThat(loads).containsEntry("img0.png", 1);
    assertThatThrownBy(() -> images.get(6)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
