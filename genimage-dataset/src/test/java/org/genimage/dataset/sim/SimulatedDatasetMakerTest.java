package org.genimage.dataset.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.dataset.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedDatasetMakerTest {
  @TempDir Path tmp;

  private static SimulatedDatasetMaker small(long seed) {
    return SimulatedDatasetMaker.builder().seed(seed).trainPerLabel(4).valPerLabel(2).build();
  }

  @Test
  void writesTheGenImageLayoutWithReleaseNames() throws Exception {
    SimulatedRelease r = small(1).writeTo(tmp);
    assertThat(r.samples()).hasSize(4 * 2 * (4 + 2));
    assertThat(tmp.resolve("stable_diffusion_v_1_4/imagenet_ai_0419_sdv4/train/ai/000_sdv4_00000.png"))
        .isRegularFile();
    assertThat(tmp.resolve("stable_diffusion_v_1_4/imagenet_ai_0419_sdv4/train/nature/n01440764_10000.JPEG"))
        .isRegularFile();
    assertThat(tmp.resolve("Midjourney/imagenet_midjourney/train/ai/100_midjourney_1.png"))
        .isRegularFile();
    assertThat(tmp.resolve("BigGAN/imagenet_ai_0419_biggan/val/nature/ILSVRC2012_val_00000003.JPEG"))
        .isRegularFile();
    for (Sample s : r.samples()) {
      assertThat(s.path()).isRegularFile();
      assertThat(tmp.relativize(s.path()).toString().replace('\\', '/')).isEqualTo(s.id());
      byte[] head = Files.readAllBytes(s.path());
      if (s.label() == Label.REAL) {
        assertThat(head[0] & 0xFF).isEqualTo(0xFF); // JPEG SOI
        assertThat(head[1] & 0xFF).isEqualTo(0xD8);
      } else {
        assertThat(head[1]).isEqualTo((byte) 'P');
      }
    }
    List<String> truth = Files.readAllLines(r.valGroundTruth());
    assertThat(truth).hasSize(4 * 2).contains("ILSVRC2012_val_00000001.JPEG 0");
  }

  @Test
  void namesEachSubsetsFilesAsTheReleaseDoes() {
    // Class of file i is classes[i % 2]: 7 for even numbers, 808 for odd ones.
    SimulatedRelease r = SimulatedDatasetMaker.builder().generators(SimulatedGenerator.genImageEight())
        .imageSize(16).classIndices(7, 808).trainPerLabel(3).valPerLabel(0).build().writeTo(tmp);
    Stream.of(
        "stable_diffusion_v_1_4/imagenet_ai_0419_sdv4/train/ai/808_sdv4_00001.png",
        "stable_diffusion_v_1_5/imagenet_ai_0424_sdv5/train/ai/007_sdv5_00000.png",
        "Midjourney/imagenet_midjourney/train/ai/7_midjourney_2.png",
        "ADM/imagenet_ai_0508_adm/train/ai/7_adm_0.PNG",
        "ADM/imagenet_ai_0508_adm/train/ai/808_adm_1.PNG",
        "glide/imagenet_glide/train/ai/GLIDE_1000_200_01_808_glide_00001.png",
        "wukong/imagenet_ai_0424_wukong/train/ai/7_wukong_image2.png",
        "VQDM/imagenet_ai_0419_vqdm/train/ai/VQDM_1000_200_02_007_vqdm_00002.png",
        "BigGAN/imagenet_ai_0419_biggan/train/ai/808_biggan_00001.png")
        .forEach(f -> assertThat(tmp.resolve(f)).isRegularFile());
    assertThat(r.samples()).filteredOn(s -> s.label() == Label.FAKE).hasSize(8 * 3);
    Generator custom = Generator.custom("sdxl", "SDXL", Generator.Family.DIFFUSION);
    SimulatedDatasetMaker.builder()
        .generators(List.of(new SimulatedGenerator(custom, Artifact.COLOUR_SHIFT, 1)))
        .imageSize(16).classIndices(7).trainPerLabel(1).valPerLabel(0).build()
        .writeTo(tmp.resolve("custom"));
    assertThat(tmp.resolve("custom/sdxl/sdxl/train/ai/007_sdxl_00000.png")).isRegularFile();
  }

  @Test
  void inMemoryPixelsEqualTheWrittenFiles() {
    SimulatedDatasetMaker maker = small(2);
    SimulatedRelease r = maker.writeTo(tmp);
    Dataset disk = r.dataset("disk");
    Dataset mem = maker.dataset();
    assertThat(mem.samples()).extracting(Sample::id)
        .containsExactlyElementsOf(disk.samples().stream().map(Sample::id).toList());
    for (int i = 0; i < mem.size(); i += 5) {
      assertThat(mem.load(mem.samples().get(i))).isEqualTo(disk.load(disk.samples().get(i)));
    }
  }

  @Test
  void isDeterministicBySeedAndDiffersAcrossSeeds() {
    Sample s = small(3).samples().get(0);
    RgbImage a = small(3).load(s);
    RgbImage b = small(3).load(s);
    RgbImage c = small(4).load(s);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void pngOptionStoresRealsAsPng() {
    SimulatedRelease r = SimulatedDatasetMaker.builder().trainPerLabel(2).valPerLabel(1)
        .realAsJpeg(false).build().writeTo(tmp);
    assertThat(r.samples()).allSatisfy(s -> assertThat(s.id()).endsWith(".png"));
  }

  @Test
  void datasetsFilterByGeneratorAndSplit() {
    SimulatedDatasetMaker maker = small(5);
    Dataset d = maker.dataset(Generator.BIGGAN, Split.VAL);
    assertThat(d.size()).isEqualTo(4);
    assertThat(d.count(Label.FAKE)).isEqualTo(2);
    assertThat(d.samples()).allSatisfy(s -> assertThat(s.generator()).isEqualTo(Generator.BIGGAN));
    assertThat(maker.dataset(Split.TRAIN).size()).isEqualTo(4 * 2 * 4);
    assertThatThrownBy(() -> maker.dataset(Generator.ADM, Split.VAL))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("adm");
  }

  @Test
  void realSizeRangeVariesRealSizesOnly() {
    SimulatedDatasetMaker maker = SimulatedDatasetMaker.builder().trainPerLabel(6).valPerLabel(0)
        .imageSize(32).realSizeRange(40, 80).encodeInMemory(false).build();
    for (Sample s : maker.samples()) {
      RgbImage im = maker.load(s);
      if (s.label() == Label.FAKE) {
        assertThat(im.width()).isEqualTo(32);
      } else {
        assertThat(im.width()).isBetween(40, 80);
        assertThat(im.height()).isBetween(40, 80);
      }
    }
  }

  /** Mean of a statistic over a generator's fakes and over its reals. */
  private static double[] means(SimulatedDatasetMaker maker, Generator g,
      java.util.function.ToDoubleFunction<RgbImage> stat) {
    double[] sum = new double[2];
    int[] n = new int[2];
    for (Sample s : maker.dataset(g, Split.TRAIN).samples()) {
      int k = s.label().index();
      sum[k] += stat.applyAsDouble(maker.load(s));
      n[k]++;
    }
    return new double[] {sum[0] / n[0], sum[1] / n[1]};
  }

  /** Mean squared horizontal second difference of green: energy near the Nyquist frequency. */
  static double hfEnergy(RgbImage im) {
    double s = 0;
    for (int y = 0; y < im.height(); y++) {
      for (int x = 1; x + 1 < im.width(); x++) {
        double d = 2 * im.sample(x, y, 1) - im.sample(x - 1, y, 1) - im.sample(x + 1, y, 1);
        s += d * d;
      }
    }
    return s / (im.height() * (im.width() - 2));
  }

  /**
   * How periodic with period f the 2-D Laplacian of green is: the spread of its mean over the f x f
   * pixel phases (y mod f, x mod f), relative to its mean magnitude. A fixed per-phase gain pattern
   * raises it; natural content averages out to near zero in every phase.
   */
  static double gridScore(RgbImage im, int f) {
    double[] sum = new double[f * f];
    int[] n = new int[f * f];
    double total = 0;
    int count = 0;
    for (int y = 1; y + 1 < im.height(); y++) {
      for (int x = 1; x + 1 < im.width(); x++) {
        double lap = 4 * im.sample(x, y, 1) - im.sample(x - 1, y, 1) - im.sample(x + 1, y, 1)
            - im.sample(x, y - 1, 1) - im.sample(x, y + 1, 1);
        sum[(y % f) * f + x % f] += lap;
        n[(y % f) * f + x % f]++;
        total += Math.abs(lap);
        count++;
      }
    }
    double spread = 0;
    for (int i = 0; i < sum.length; i++) {
      double m = sum[i] / n[i];
      spread += m * m;
    }
    return Math.sqrt(spread / sum.length) / (total / count + 1e-9);
  }

  static double saturation(RgbImage im) {
    double s = 0;
    for (int y = 0; y < im.height(); y++) {
      for (int x = 0; x < im.width(); x++) {
        int r = im.sample(x, y, 0);
        int g = im.sample(x, y, 1);
        int b = im.sample(x, y, 2);
        s += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
      }
    }
    return s / im.pixelCount();
  }

  @Test
  void eachArtifactMovesItsOwnStatistic() {
    SimulatedDatasetMaker maker = SimulatedDatasetMaker.builder().seed(11).trainPerLabel(16)
        .valPerLabel(0).build();
    double[] hfSd = means(maker, Generator.SD_V1_4, SimulatedDatasetMakerTest::hfEnergy);
    assertThat(hfSd[1]).as("SD1.4 fakes have less high-frequency energy").isLessThan(0.6 * hfSd[0]);
    double[] grid2 = means(maker, Generator.BIGGAN, im -> gridScore(im, 2));
    assertThat(grid2[1]).as("BigGAN fakes carry a period-2 grid").isGreaterThan(2 * grid2[0]);
    double[] grid4 = means(maker, Generator.VQDM, im -> gridScore(im, 4));
    assertThat(grid4[1]).as("VQDM fakes carry a period-4 grid").isGreaterThan(2 * grid4[0]);
    double[] sat = means(maker, Generator.MIDJOURNEY, SimulatedDatasetMakerTest::saturation);
    assertThat(sat[1]).as("Midjourney fakes are more saturated").isGreaterThan(1.15 * sat[0]);
    // The colour shift leaves high frequencies roughly alone, so an SD-trained HF rule misses it.
    double[] hfMj = means(maker, Generator.MIDJOURNEY, SimulatedDatasetMakerTest::hfEnergy);
    assertThat(hfMj[1]).isGreaterThan(0.8 * hfMj[0]);
  }

  @Test
  void strengthZeroLeavesOnlyTheStorageFormat() {
    SimulatedDatasetMaker maker = SimulatedDatasetMaker.builder().strengthScale(0).trainPerLabel(12)
        .valPerLabel(0).encodeInMemory(false).build();
    double[] hf = means(maker, Generator.SD_V1_4, SimulatedDatasetMakerTest::hfEnergy);
    assertThat(hf[1] / hf[0]).isBetween(0.6, 1.6);
  }

  @Test
  void rejectsBadOptions() {
    assertThatThrownBy(() -> SimulatedDatasetMaker.builder().imageSize(8))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("imageSize");
    assertThatThrownBy(() -> SimulatedDatasetMaker.builder().classIndices(3, 3))
        .isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> new SimulatedGenerator(Generator.ADM, Artifact.COLOUR_SHIFT, 5))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("strength");
    assertThatThrownBy(() -> SimulatedDatasetMaker.builder().generators(List.of(
        SimulatedGenerator.defaults().get(0), SimulatedGenerator.defaults().get(0))))
        .isInstanceOf(BadArgumentException.class);
    assertThat(Stream.of(Artifact.values()).mapToInt(Artifact::factor).max()).hasValue(4);
  }
}
