package org.genimage.detectors.testfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A family known only through {@code src/test/resources/META-INF/services} is built, trained, saved and loaded by
 * name, with no list anywhere else naming it.
 */
class ServiceRegisteredFamilyTest {
  @TempDir
  Path dir;

  /** Reddish fakes, bluish reals: separable by the channel means alone. */
  private static Dataset colours(String name, int perLabel) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < perLabel; i++) {
      samples.add(Sample.of(Path.of(name, "real" + i + ".png"), Label.REAL));
      samples.add(Sample.of(Path.of(name, "fake" + i + ".png"), Label.FAKE));
    }
    return Dataset.of(name, samples, s -> {
      int k = s.id().hashCode() & 31;
      return s.label() == Label.FAKE ? RgbImage.filled(16, 16, 200 + k, 40, 60)
          : RgbImage.filled(16, 16, 40, 60, 200 + k);
    });
  }

  @Test
  void theTestFamilyIsFoundBuiltTrainedSavedAndLoadedByName() {
    assertThat(Architectures.providers()).containsKey(PixelMean.FAMILY);
    assertThat(Architectures.variants()).containsKey("pixelmean-16").containsKey("resnet50");
    Architecture arch = Architectures.variant("pixelmean-16");
    assertThat(arch).isInstanceOf(PixelMean.class);
    assertThat(Architectures.rebuild(arch).config()).isEqualTo(arch.config());

    TrainerConfig cfg = new TrainerConfig(6, 8, OptimizerConfig.adam(0.05), LrSchedule.constant(), 5, 0, null,
        false);
    Path file = dir.resolve("pm.gidet");
    float[] trained;
    List<RgbImage> probe = List.of(RgbImage.filled(16, 16, 210, 40, 60), RgbImage.filled(16, 16, 40, 60, 210));
    try (NetworkDetector d = new SameDiffTrainer("pm", arch, cfg, ImageTransform.identity())
        .train(colours("train", 8), colours("val", 4), new TrainingListener() {})) {
      trained = d.scoreBatch(probe);
      assertThat(trained[0]).as("fake scores above real").isGreaterThan(trained[1]);
      assertThat(d.provenance().family()).isEqualTo(PixelMean.FAMILY);
      assertThat(d.provenance().architectureConfig()).containsEntry("side", "16");
      d.save(file);
    }
    try (Detector loaded = Detectors.load(file)) {
      assertThat(loaded.info().architecture()).isEqualTo("pixelmean-16");
      assertThat(loaded.scoreBatch(probe)).containsExactly(trained);
      assertThat(loaded.info().modelProvenance().trainingRun().orElseThrow().epochsRun()).isEqualTo(6);
    }
  }

  @Test
  void anUnknownVariantNamesTheKnownOnes() {
    assertThatThrownBy(() -> Architectures.variant("no-such-net")).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("pixelmean-16").hasMessageContaining("deit_s");
  }
}
