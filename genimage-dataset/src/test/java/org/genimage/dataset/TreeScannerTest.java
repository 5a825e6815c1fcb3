package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedGenerator;
import org.genimage.dataset.sim.SimulatedRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeScannerTest {
  @TempDir Path tmp;

  @Test
  void readsTheSimulatedReleaseExactlyAsWritten() {
    SimulatedRelease written = SimulatedDatasetMaker.builder().trainPerLabel(3).valPerLabel(2)
        .build().writeTo(tmp);
    ValGroundTruth truth = ValGroundTruth.read(written.valGroundTruth(), ImageNetClasses.imageNet1k());
    TreeScanner.Result r = TreeScanner.builder().valGroundTruth(truth).build().scan(tmp);
    assertThat(r.problems()).isEmpty();
    assertThat(r.unknownFolders()).isEmpty();
    List<Sample> expected = written.samples().stream()
        .sorted((a, b) -> a.id().compareTo(b.id())).toList();
    assertThat(r.index().samples()).containsExactlyElementsOf(expected);
    DatasetIndex idx = r.index();
    for (int i = 0; i < idx.size(); i++) {
      assertThat(idx.split(i)).isEqualTo(idx.id(i).contains("/train/") ? Split.TRAIN : Split.VAL);
    }
  }

  @Test
  void everyGeneratedFileOfTheEightSubsetsGetsItsGeneratorAndClass() throws Exception {
    int[] classes = {0, 7, 17, 245, 808, 999};
    SimulatedRelease written = SimulatedDatasetMaker.builder()
        .generators(SimulatedGenerator.genImageEight()).imageSize(16).classIndices(classes)
        .trainPerLabel(6).valPerLabel(6).build().writeTo(tmp.resolve("release"));
    TreeScanner.Result r = TreeScanner.builder().build().scan(tmp.resolve("release"));
    assertThat(r.unrecognisedNames()).isEmpty();
    List<Sample> fakes = r.index().samples().stream().filter(s -> s.label() == Label.FAKE).toList();
    assertThat(fakes).hasSize(8 * 12);
    Map<String, Sample> made = written.samples().stream()
        .collect(Collectors.toMap(Sample::id, s -> s));
    Map<Generator, Set<Integer>> classesSeen = new HashMap<>();
    for (Sample s : fakes) {
      assertThat(s.imageNetClass()).as(s.id()).isBetween(0, 999)
          .isEqualTo(made.get(s.id()).imageNetClass());
      assertThat(s.generator()).as(s.id()).isEqualTo(made.get(s.id()).generator());
      classesSeen.computeIfAbsent(s.generator(), g -> new HashSet<>()).add(s.imageNetClass());
    }
    assertThat(classesSeen).containsOnlyKeys(Generator.genImage());
    assertThat(classesSeen.values()).allSatisfy(c -> assertThat(c).hasSize(classes.length));

    // Merged into one imagenet_ai tree, only the file names tell the generator.
    Map<String, Sample> byMergedId = new HashMap<>();
    for (Sample s : fakes) {
      String id = "imagenet_ai/" + r.index().split(r.index().samples().indexOf(s)).folder() + "/ai/"
          + s.path().getFileName();
      byMergedId.put(id, s);
      touch(tmp.resolve("merged").resolve(id), 1);
    }
    touch(tmp.resolve("merged/imagenet_ai/train/nature/n01440764_1.JPEG"), 1);
    touch(tmp.resolve("merged/imagenet_ai/val/nature/n01440764_2.JPEG"), 1);
    TreeScanner.Result merged = TreeScanner.builder().build().scan(tmp.resolve("merged"));
    assertThat(merged.unrecognisedNames()).isEmpty();
    List<Sample> mergedFakes = merged.index().samples().stream()
        .filter(s -> s.label() == Label.FAKE).toList();
    assertThat(mergedFakes).hasSize(fakes.size());
    for (Sample s : mergedFakes) {
      Sample was = byMergedId.get(s.id());
      assertThat(s.generator()).as(s.id()).isEqualTo(was.generator());
      assertThat(s.imageNetClass()).as(s.id()).isEqualTo(was.imageNetClass());
    }
  }

  @Test
  void generatedFilesOfAnUnknownPatternAreReportedPerFolder() throws Exception {
    String sd = "stable_diffusion_v_1_4/imagenet_ai_0419_sdv4/";
    touch(tmp.resolve(sd + "train/ai/033_sdv4_00152.png"), 5);
    touch(tmp.resolve(sd + "train/ai/sd4-033-b.png"), 5);
    touch(tmp.resolve(sd + "train/ai/sd4-033-a.png"), 5);
    touch(tmp.resolve(sd + "train/ai/1000_sdv4_00001.png"), 5); // class 1000 is none
    touch(tmp.resolve(sd + "train/nature/n01440764_1.JPEG"), 5);
    touch(tmp.resolve(sd + "train/nature/odd-real.JPEG"), 5); // reals are not reported
    touch(tmp.resolve(sd + "val/ai/017/renamed.png"), 5); // the class folder gives the class
    touch(tmp.resolve(sd + "val/nature/ILSVRC2012_val_00000001.JPEG"), 5);
    touch(tmp.resolve("imagenet_ai/val/ai/001_sdxl_00001.png"), 5); // an unknown tag
    touch(tmp.resolve("imagenet_ai/val/ai/GLIDE_1000_200_08_808_glide_00033.png"), 5);
    touch(tmp.resolve("imagenet_ai/val/nature/n01440764_2.JPEG"), 5);

    TreeScanner.Result r = TreeScanner.builder().build().scan(tmp);
    assertThat(r.unrecognisedNames()).containsExactly(
        new TreeScanner.UnrecognisedNames("imagenet_ai/val/ai", 1, 0, 1, "001_sdxl_00001.png"),
        new TreeScanner.UnrecognisedNames(sd + "train/ai", 3, 3, 0, "1000_sdv4_00001.png"));
    assertThat(r.unrecognisedNames().get(1).toString()).contains(sd + "train/ai")
        .contains("3 generated files").contains("1000_sdv4_00001.png");
    assertThat(find(r.index(), "sd4-033-a.png").imageNetClass()).isEqualTo(Sample.NO_CLASS);
    assertThat(find(r.index(), "renamed.png").imageNetClass()).isEqualTo(17);
    assertThat(find(r.index(), "GLIDE_1000_200_08_808_glide_00033.png").generator())
        .isEqualTo(Generator.GLIDE);

    Generator sdxl = Generator.custom("sdxl", "SDXL", Generator.Family.DIFFUSION);
    assertThat(TreeScanner.builder().mapFileTag("sdxl", sdxl).build().scan(tmp)
        .unrecognisedNames()).extracting(TreeScanner.UnrecognisedNames::folder)
        .containsExactly(sd + "train/ai");
  }

  private static void touch(Path p, int bytes) throws Exception {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
  }

  @Test
  void handlesReleaseQuirks() throws Exception {
    touch(tmp.resolve("MIDJOURNEY/imagenet_midjourney/train/ai/208_midjourney_76.png"), 0);
    touch(tmp.resolve("MIDJOURNEY/imagenet_midjourney/train/nature/n01440764_10026.JPEG"), 5);
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/val/AI/460_adm_74.PNG"), 5);
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/val/Nature/n01443537/ILSVRC2012_val_00000278.JPEG"), 5);
    touch(tmp.resolve("ADM/imagenet_ai_0508_adm/val/ai/017/weird-name.png"), 5);
    touch(tmp.resolve("imagenet_ai/train/ai/033_sdv4_00152.png"), 5);
    touch(tmp.resolve("imagenet_ai/train/nature/n01443537_1.JPEG"), 5);
    touch(tmp.resolve("my_sdxl/train/ai/whatever.png"), 5);
    touch(tmp.resolve("my_sdxl/train/nature/x.jpg"), 5);
    touch(tmp.resolve("README.txt"), 5);
    TreeScanner.Result r = TreeScanner.builder().build().scan(tmp);
    DatasetIndex idx = r.index();
    assertThat(idx.size()).isEqualTo(9);
    assertThat(r.ignoredFiles()).isEqualTo(1);
    assertThat(r.unknownFolders()).containsEntry("my_sdxl", 2);
    assertThat(r.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.ZERO_BYTES);
    Sample mj = find(idx, "208_midjourney_76.png");
    assertThat(mj.generator()).isEqualTo(Generator.MIDJOURNEY);
    assertThat(mj.imageNetClass()).isEqualTo(208);
    assertThat(mj.label()).isEqualTo(Label.FAKE);
    assertThat(find(idx, "n01440764_10026.JPEG").imageNetClass()).isZero();
    assertThat(find(idx, "460_adm_74.PNG").imageNetClass()).isEqualTo(460);
    assertThat(find(idx, "ILSVRC2012_val_00000278.JPEG").imageNetClass()).isEqualTo(1);
    assertThat(find(idx, "weird-name.png").imageNetClass()).isEqualTo(17);
    assertThat(find(idx, "033_sdv4_00152.png").generator()).isEqualTo(Generator.SD_V1_4);
    assertThat(find(idx, "whatever.png").generator()).isEqualTo(Generator.UNKNOWN);
    assertThat(find(idx, "whatever.png").imageNetClass()).isEqualTo(Sample.NO_CLASS);

    Generator sdxl = Generator.custom("sdxl", "SDXL", Generator.Family.DIFFUSION);
    DatasetIndex mapped = TreeScanner.builder().mapFolder("MY_SDXL", sdxl).build().scan(tmp).index();
    assertThat(find(mapped, "whatever.png").generator()).isEqualTo(sdxl);
    assertThat(find(mapped, "x.jpg").generator()).isEqualTo(sdxl);
  }

  @Test
  void readsCnnDetectionTrees() throws Exception {
    touch(tmp.resolve("progan/airplane/0_real/a.png"), 3);
    touch(tmp.resolve("progan/airplane/1_fake/b.png"), 3);
    Generator progan = Generator.custom("progan", "ProGAN", Generator.Family.GAN);
    DatasetIndex idx = TreeScanner.builder().mapFolder("progan", progan).build().scan(tmp).index();
    assertThat(idx.samples()).extracting(Sample::label).containsExactly(Label.REAL, Label.FAKE);
    assertThat(idx.samples()).allSatisfy(s -> assertThat(s.generator()).isEqualTo(progan));
    assertThat(idx.split(0)).isNull();
  }

  @Test
  void layoutProblemsAreTypedOrRecorded() throws Exception {
    touch(tmp.resolve("ADM/train/ai/001_adm_1.png"), 3);
    assertThatThrownBy(() -> TreeScanner.builder().policy(BadInputPolicy.FAIL).build().scan(tmp))
        .isInstanceOf(BadDatasetLayoutException.class).hasMessageContaining("ADM")
        .hasMessageContaining("no nature folder");
    TreeScanner.Result r = TreeScanner.builder().build().scan(tmp);
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Problem.Kind.LAYOUT);
      assertThat(p.path()).isEqualTo(tmp.resolve("ADM/train"));
    });
    assertThatThrownBy(() -> TreeScanner.builder().build().scan(tmp.resolve("nope")))
        .isInstanceOf(BadDatasetLayoutException.class).hasMessageContaining("nope");
  }

  @Test
  void noLabelFoldersIsAnError() throws Exception {
    touch(tmp.resolve("pics/a.png"), 3);
    assertThatThrownBy(() -> TreeScanner.builder().build().scan(tmp))
        .isInstanceOf(BadDatasetLayoutException.class).hasMessageContaining("no image under");
  }

  @Test
  void symlinkLoopsAreReported() throws Exception {
    touch(tmp.resolve("x/train/ai/001_adm_1.png"), 3);
    touch(tmp.resolve("x/train/nature/n01440764_1.JPEG"), 3);
    Files.createSymbolicLink(tmp.resolve("x/train/ai/loop"), tmp.resolve("x"));
    TreeScanner.Result r = TreeScanner.builder().build().scan(tmp);
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.detail()).contains("loop"));
    assertThatThrownBy(() -> TreeScanner.builder().policy(BadInputPolicy.FAIL).build().scan(tmp))
        .isInstanceOf(BadDatasetLayoutException.class).hasMessageContaining("loop");
  }

  @Test
  void indexSavesAndReloads() {
    SimulatedDatasetMaker.builder().trainPerLabel(2).valPerLabel(1).build().writeTo(tmp);
    DatasetIndex idx = TreeScanner.builder().build().scan(tmp).index();
    Path file = tmp.resolve("index.gidx");
    idx.save(file);
    DatasetIndex back = DatasetIndex.load(file);
    assertThat(back.samples()).containsExactlyElementsOf(idx.samples());
    assertThat(back.name()).isEqualTo(idx.name());
    for (int i = 0; i < idx.size(); i++) {
      assertThat(back.split(i)).isEqualTo(idx.split(i));
      assertThat(back.fileSize(i)).isEqualTo(idx.fileSize(i)).isPositive();
    }
    assertThat(back.load(back.sample(0)).width()).isEqualTo(64);
  }

  @Test
  void corruptIndexFilesAreTyped() throws Exception {
    DatasetIndex idx = DatasetIndex.builder("x", tmp)
        .add("a", "f.png", Label.FAKE, Split.TRAIN, Generator.ADM, 3, 10).build();
    Path file = tmp.resolve("i.gidx");
    idx.save(file);
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
    assertThatThrownBy(() -> DatasetIndex.load(file)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("checksum");
    Files.write(file, "hello world, not an index at all".getBytes());
    assertThatThrownBy(() -> DatasetIndex.load(file)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("magic");
  }

  private static Sample find(DatasetIndex idx, String fileName) {
    return idx.samples().stream().filter(s -> s.path().getFileName().toString().equals(fileName))
        .findFirst().orElseThrow();
  }
}
