package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.eval.CellResult;
import org.genimage.eval.Experiment;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.protocol.ClassCount;
import org.genimage.eval.protocol.CrossContent;
import org.genimage.eval.protocol.CrossGenerator;
import org.genimage.eval.protocol.Degraded;
import org.genimage.eval.report.Report;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bias control applied by every protocol: a small release of PNG fakes and JPEG reals of chosen
 * sizes is written to a temp folder, each protocol runs with {@code jpeg96,size=48-80} through the
 * experiment runner, and a probe detector (and, for class count, a probe trainer) records the
 * pixels it was given. Fakes must arrive JPEG-96 encoded and decoded, reals outside the band (in
 * width or in height) or of another quality must never arrive, and the result must record the
 * control.
 */
class BiasControlProtocolsTest {
  private static final BiasControl CONTROL = BiasControl.parse("jpeg96,size=48-80");

  @TempDir
  Path tmp;

  private final List<Sample> samples = new ArrayList<>();
  private final List<RgbImage> fakePixels = new ArrayList<>();
  private final List<RgbImage> keptRealPixels = new ArrayList<>();
  private Dataset data;

  @BeforeEach
  void writeRelease() throws IOException {
    Generator g = Generator.SD_V1_4;
    for (int i = 0; i < 4; i++) {
      RgbImage im = texture(64, 64, i);
      Path p = tmp.resolve("ai").resolve(String.format("%03d_sdv4_%05d.png", 1 + i / 2, i));
      write(p, ImageEncoding.png(im));
      samples.add(new Sample("ai/" + p.getFileName(), p, Label.FAKE, g, 1 + i / 2));
      fakePixels.add(im);
    }
    real("ok1", 64, 64, 96, 1, true);
    real("ok2", 72, 56, 96, 2, true);
    real("wide-but-short", 70, 40, 96, 1, false);
    real("tall-but-narrow", 40, 70, 96, 2, false);
    real("shorter-side-fits-height-too-big", 64, 100, 96, 1, false);
    real("quality90", 64, 64, 90, 2, false);
    data = Dataset.of("sd14/val", samples, ImageDecoder.standard());
  }

  private void real(String name, int w, int h, int quality, int cls, boolean kept)
      throws IOException {
    Path p = tmp.resolve("nature").resolve(name + ".JPEG");
    write(p, ImageEncoding.jpeg(texture(w, h, name.hashCode()), quality));
    samples.add(new Sample("nature/" + name, p, Label.REAL, Generator.SD_V1_4, cls));
    if (kept) {
      keptRealPixels.add(ImageDecoder.standard().decode(p));
    }
  }

  private static void write(Path p, byte[] bytes) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  /** Smooth colour gradients plus noise: JPEG at quality 96 changes some pixels, not many. */
  private static RgbImage texture(int w, int h, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] b = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int v = (x * (c + 2) + y * (3 - c)) % 200 + rnd.nextInt(40);
          b[3 * (y * w + x) + c] = (byte) v;
        }
      }
    }
    return RgbImage.wrap(w, h, b);
  }

  /** What a detector may see: each kept real as decoded, each fake after a quality-96 round trip. */
  private List<RgbImage> expectedImages() {
    List<RgbImage> out = new ArrayList<>(keptRealPixels);
    for (RgbImage f : fakePixels) {
      out.add(ImageDecoder.standard().decode(ImageEncoding.jpeg(f, 96), Path.of("expected.jpg")));
    }
    return out;
  }

  private static List<RgbImage> times(List<RgbImage> images, int n) {
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.addAll(images);
    }
    return out;
  }

  private ProtocolSettings settings() {
    return ProtocolSettings.defaults().withBiasControl(CONTROL);
  }

  private Experiment experiment(String name) {
    return Experiment.builder().runDirectory(tmp.resolve("runs").resolve(name)).threads(2).build();
  }

  @Test
  void crossGeneratorShowsTheDetectorJpegFakesAndOnlyRealsInTheBand() {
    Probe probe = new Probe();
    ExperimentResult r = experiment("cg").run(CrossGenerator.builder().settings(settings())
        .testSubset("sd14", data).pretrained("sd14", probe).build());
    assertSeen(probe.seen, 1);
    assertRecorded(r);
  }

  @Test
  void degradedAppliesTheControlBeforeTheDegradation() {
    Probe probe = new Probe();
    ExperimentResult r = experiment("deg").run(Degraded.builder().settings(settings())
        .detector("sd14", probe).testSet("sd14", data)
        .degradation("unchanged", ImageTransform.identity()).build());
    assertSeen(probe.seen, 2);
    assertRecorded(r);
  }

  @Test
  void classCountTrainsAndTestsOnControlledSets() {
    Probe probe = new Probe();
    ProbeTrainer trainer = new ProbeTrainer(probe);
    ExperimentResult r = experiment("cc").run(ClassCount.builder().settings(settings())
        .trainer(trainer).classCounts(2).trainingSets(n -> data).validationSets(n -> data)
        .testSet("all", data).build());
    assertSeen(probe.seen, 1);
    // Training and checkpoint sets go through the same control.
    assertThat(trainer.trainingImages).containsExactlyInAnyOrderElementsOf(expectedImages());
    assertThat(trainer.validationImages).containsExactlyInAnyOrderElementsOf(expectedImages());
    assertRecorded(r);
  }

  @Test
  void crossContentAppliesTheControlToTheTarget() {
    Probe probe = new Probe();
    ExperimentResult r = experiment("xc").run(CrossContent.builder().settings(settings())
        .detector("sd14", probe).target("faces", data).build());
    assertSeen(probe.seen, 1);
    assertRecorded(r);
  }

  @Test
  void withoutTheControlTheDetectorSeesEveryFileAsItIs() {
    Probe probe = new Probe();
    ExperimentResult r = experiment("none").run(CrossGenerator.builder()
        .testSubset("sd14", data).pretrained("sd14", probe).build());
    assertThat(probe.seen).hasSize(samples.size()).containsAll(fakePixels);
    assertThat(r.settings().describe()).containsEntry("biasControl", "none");
  }

  @Test
  void theProtocolsPlanAlreadyHoldsTheControlledSets() {
    CrossGenerator p = CrossGenerator.builder().settings(settings()).testSubset("sd14", data)
        .pretrained("sd14", new Probe()).build();
    Dataset test = p.plan().scoreCells().get(0).test();
    assertThat(test.name()).isEqualTo("sd14/val");
    assertThat(test.samples()).extracting(Sample::id).containsExactly("ai/001_sdv4_00000.png",
        "ai/001_sdv4_00001.png", "ai/002_sdv4_00002.png", "ai/002_sdv4_00003.png", "nature/ok1",
        "nature/ok2");
  }

  private void assertSeen(List<RgbImage> seen, int cells) {
    assertThat(seen).containsExactlyInAnyOrderElementsOf(times(expectedImages(), cells));
    for (RgbImage png : fakePixels) {
      // The lossless fake never reaches the detector; its quality-96 version is lossy, but closer
      // to it than a quality-50 one (so the quality was 96, not some low default).
      assertThat(seen).doesNotContain(png);
      RgbImage q96 = ImageDecoder.standard().decode(ImageEncoding.jpeg(png, 96), Path.of("a.jpg"));
      RgbImage q50 = ImageDecoder.standard().decode(ImageEncoding.jpeg(png, 50), Path.of("b.jpg"));
      assertThat(meanAbsoluteDifference(png, q96)).isGreaterThan(0)
          .isLessThan(meanAbsoluteDifference(png, q50));
    }
  }

  private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
    byte[] x = a.toByteArray();
    byte[] y = b.toByteArray();
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    }
    return (double) sum / x.length;
  }

  private static void assertRecorded(ExperimentResult r) {
    assertThat(r.settings().biasControl()).isEqualTo(CONTROL);
    assertThat(r.provenance().settings()).containsEntry("biasControl", "jpeg96,size=48-80");
    for (CellResult c : r.cells()) {
      assertThat(c.evaluation().realSamples()).isEqualTo(2);
      assertThat(c.evaluation().fakeSamples()).isEqualTo(4);
    }
    Report report = Report.builder(r).build();
    assertThat(report.json()).contains("\"biasControl\" : \"jpeg96,size=48-80\"");
    assertThat(report.markdown()).contains("Bias control: jpeg96,size=48-80: fakes "
        + "JPEG-compressed at quality 96");
  }

  @Test
  void sizeBandTestsWidthAndHeight() {
    List<Sample> kept = Shortcuts.select(samples, BiasControl.parse("size=48-80"), 0);
    assertThat(kept).extracting(Sample::id).contains("nature/ok1", "nature/ok2",
        "nature/quality90").doesNotContain("nature/wide-but-short", "nature/tall-but-narrow",
        "nature/shorter-side-fits-height-too-big");
    // The older options test both sides too now.
    List<Sample> old = Shortcuts.fakeOrJpegSelection(samples, new Shortcuts.Options(96, 48, 80,
        false, 0));
    assertThat(old).extracting(Sample::id).contains("nature/ok1", "nature/ok2")
        .doesNotContain("nature/wide-but-short", "nature/tall-but-narrow",
            "nature/shorter-side-fits-height-too-big", "nature/quality90");
  }

  @Test
  void balanceKeepsAsManyRealsAsFakesPerClass() {
    List<Sample> kept = Shortcuts.select(samples, BiasControl.parse("jpeg96,size=48-80,balance"),
        1);
    for (int cls : new int[] {1, 2}) {
      assertThat(kept).filteredOn(s -> s.imageNetClass() == cls && s.label() == Label.REAL)
          .hasSize(1);
      assertThat(kept).filteredOn(s -> s.imageNetClass() == cls && s.label() == Label.FAKE)
          .hasSize(1);
    }
  }

  @Test
  void aBandAroundTheGeneratorUsesItsOutputSide() throws IOException {
    // BigGAN makes 128-pixel images: the band is [64, 256] for both sides.
    List<Sample> pool = new ArrayList<>();
    for (int[] wh : new int[][] {{64, 64}, {300, 100}, {100, 60}, {200, 250}}) {
      Path p = tmp.resolve("big").resolve(wh[0] + "x" + wh[1] + ".JPEG");
      write(p, ImageEncoding.jpeg(texture(wh[0], wh[1], 1), 96));
      pool.add(new Sample(p.getFileName().toString(), p, Label.REAL, Generator.BIGGAN, 3));
    }
    assertThat(Shortcuts.select(pool, BiasControl.parse("size"), 0)).extracting(Sample::id)
        .containsExactly("64x64.JPEG", "200x250.JPEG");
    // Reals of no known generator take the size of the fakes beside them, if they share one.
    List<Sample> unknown = new ArrayList<>();
    pool.forEach(s -> unknown.add(new Sample(s.id(), s.path(), Label.REAL, Generator.UNKNOWN, 3)));
    unknown.add(samples.get(0)); // an SD V1.4 fake: 512, band [256, 1024]
    assertThat(Shortcuts.select(unknown, BiasControl.parse("size"), 0)).extracting(Sample::id)
        .containsExactly(samples.get(0).id());
    List<Sample> noSize = new ArrayList<>(pool.stream().map(s -> new Sample(s.id(), s.path(),
        Label.REAL, Generator.UNKNOWN, 3)).toList());
    assertThatThrownBy(() -> Shortcuts.select(noSize, BiasControl.parse("size"), 0))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("size=");
  }

  @Test
  void noneLeavesTheDatasetAlone() {
    assertThat(Shortcuts.controlled(data, BiasControl.none(), 0)).isSameAs(data);
  }

  /** Records every image it scores. */
  static final class Probe implements Detector {
    final List<RgbImage> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public DetectorInfo info() {
      return new DetectorInfo("probe", "probe", 0, 4, false, Map.of(), "Java");
    }

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      seen.addAll(images);
      float[] out = new float[images.size()];
      java.util.Arrays.fill(out, 0.5f);
      return out;
    }

    @Override
    public void close() {}
  }

  /** Loads every training and checkpoint image, then hands back the probe. */
  static final class ProbeTrainer implements DetectorTrainer {
    final Probe probe;
    final List<RgbImage> trainingImages = new ArrayList<>();
    final List<RgbImage> validationImages = new ArrayList<>();

    ProbeTrainer(Probe probe) {
      this.probe = probe;
    }

    @Override
    public String name() {
      return "probe-trainer";
    }

    @Override
    public Map<String, String> settings() {
      return Map.of();
    }

    @Override
    public Detector train(Dataset training, Dataset validation, TrainingListener listener) {
      training.samples().forEach(s -> trainingImages.add(training.load(s)));
      validation.samples().forEach(s -> validationImages.add(validation.load(s)));
      return probe;
    }
  }
}
