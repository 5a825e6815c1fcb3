package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorsTest {
  /** A detector whose score is the mean red level, to check the default single-image path. */
  private static final class MeanRed implements Detector {
    @Override
    public DetectorInfo info() {
      return new DetectorInfo("mean-red", "none", 0, 4, true, Map.of("seed", "1"), "Java");
    }

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      float[] out = new float[images.size()];
      for (int i = 0; i < out.length; i++) {
        RgbImage im = images.get(i);
        long sum = 0;
        for (int y = 0; y < im.height(); y++) {
          for (int x = 0; x < im.width(); x++) {
            sum += im.sample(x, y, 0);
          }
        }
        out[i] = sum / (255f * im.pixelCount());
      }
      return out;
    }

    @Override
    public void close() {}
  }

  @Test
  void scoreDelegatesToTheBatchPath() {
    try (Detector d = new MeanRed()) {
      assertThat(d.score(RgbImage.filled(3, 3, 255, 0, 0))).isEqualTo(1f);
      assertThat(d.scoreBatch(List.of(RgbImage.filled(1, 1, 0, 0, 0),
          RgbImage.filled(1, 1, 51, 0, 0)))).containsExactly(0f, 0.2f);
      assertThatThrownBy(() -> d.score(null)).isInstanceOf(BadArgumentException.class);
      assertThatThrownBy(() -> d.save(Path.of("x")))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("mean-red");
    }
  }

  @Test
  void infoCopiesAndSortsProvenance() {
    DetectorInfo info = new DetectorInfo("d", "a", 224, 8, false,
        new java.util.HashMap<>(Map.of("z", "1", "a", "2")), "Java");
    assertThat(info.provenance().keySet()).containsExactlyInAnyOrder("a", "z");
    assertThatThrownBy(() -> info.provenance().put("b", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new DetectorInfo("d", "a", 224, 0, false, Map.of(), "Java"))
        .hasMessage("preferredBatchSize = 0: allowed a positive integer");
  }

  @Test
  void loadingAMissingFileNamesIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.gid");
    assertThatThrownBy(() -> Detectors.load(missing))
        .isInstanceOf(BadModelFileException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void loadingAFileNoProviderKnowsSaysWhy(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("model.bin"), "not a model");
    assertThatThrownBy(() -> Detectors.load(file))
        .isInstanceOf(BadModelFileException.class)
        .hasMessageStartingWith(file + ": not a detector file")
        .satisfies(e -> assertThat(((BadModelFileException) e).file()).contains(file));
  }

  @Test
  void datasetsFilterAndCount() {
    Sample real = Sample.of(Path.of("r.jpg"), Label.REAL);
    Sample fake = Sample.of(Path.of("f.png"), Label.FAKE);
    Dataset ds = Dataset.of("tiny", List.of(real, fake, fake), s -> RgbImage.filled(1, 1, 0, 0, 0));
    assertThat(ds.size()).isEqualTo(3);
    assertThat(ds.count(Label.FAKE)).isEqualTo(2);
    Dataset reals = ds.filter("reals", s -> s.label() == Label.REAL);
    assertThat(reals.samples()).containsExactly(real);
    assertThat(reals.load(real).width()).isEqualTo(1);
    assertThat(GenImageVersion.get()).isNotBlank().isNotEqualTo("unknown");
  }
}
