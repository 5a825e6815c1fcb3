package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the index file format stable: {@code fixtures/index/v1.gidx} was written by
 * {@link DatasetIndex#save} before the codec moved out of {@link DatasetIndex} (regenerate it only
 * for a deliberate format change, with {@code -Dgenimage.writeIndexFixture=<file>} and
 * {@code -Dtest=DatasetIndexFormatTest#writeFixture}). Old files must load with every field as it
 * was added, and saving the same entries must give the same bytes.
 */
class DatasetIndexFormatTest {
  private static final String FIXTURE = "/fixtures/index/v1.gidx";
  /** A generator outside the release, so the file carries all eight of its strings. */
  private static final Generator CUSTOM = new Generator("flux", "FLUX.1 dev", "FLUX",
      Generator.Family.DIFFUSION, 1024, "flux_dev", "imagenet_flux", "flux");

  @TempDir
  Path tmp;

  /** One entry as added: the expectations the loaded fixture is checked against. */
  private record Entry(String folder, String name, Label label, Split split, Generator generator,
      int cls, long size) {}

  private static final List<Entry> ENTRIES = List.of(
      new Entry("imagenet_ai_0508_adm/train/ai", "001_adm_1.png", Label.FAKE, Split.TRAIN,
          Generator.ADM, 1, 1234),
      new Entry("imagenet_ai_0508_adm/train/nature", "n01440764_10026.JPEG", Label.REAL,
          Split.TRAIN, Generator.ADM, 0, 5678),
      new Entry("imagenet_ai_0508_adm/val/ai", "999_adm_7.PNG", Label.FAKE, Split.VAL,
          Generator.ADM, 999, 0),
      new Entry("flux/1_fake", "bild_ä_ü.png", Label.FAKE, null, CUSTOM, Sample.NO_CLASS,
          3_000_000_000L),
      new Entry("", "loose.webp", Label.REAL, Split.VAL, Generator.UNKNOWN, Sample.NO_CLASS, 7),
      new Entry("imagenet_ai_0508_adm/train/ai", "002_adm_2.png", Label.FAKE, Split.TRAIN,
          Generator.ADM, 2, 99));

  private static DatasetIndex fixtureIndex() {
    DatasetIndex.Builder b = DatasetIndex.builder("format-fixture", Path.of("genimage-fixture"));
    for (Entry e : ENTRIES) {
      b.add(e.folder(), e.name(), e.label(), e.split(), e.generator(), e.cls(), e.size());
    }
    return b.build();
  }

  private static byte[] fixtureBytes() throws Exception {
    try (InputStream in = DatasetIndexFormatTest.class.getResourceAsStream(FIXTURE)) {
      assertThat(in).as(FIXTURE).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void theCommittedFileLoadsWithEveryFieldAsAdded() throws Exception {
    Path file = Files.write(tmp.resolve("v1.gidx"), fixtureBytes());
    DatasetIndex idx = DatasetIndex.load(file);
    assertThat(idx.name()).isEqualTo("format-fixture");
    assertThat(idx.root()).isEqualTo(Path.of("genimage-fixture"));
    assertThat(idx.size()).isEqualTo(ENTRIES.size());
    for (int i = 0; i < ENTRIES.size(); i++) {
      Entry e = ENTRIES.get(i);
      assertThat(idx.id(i)).isEqualTo(e.folder().isEmpty() ? e.name() : e.folder() + "/" + e.name());
      assertThat(idx.fileName(i)).isEqualTo(e.name());
      assertThat(idx.label(i)).isEqualTo(e.label());
      assertThat(idx.split(i)).isEqualTo(e.split());
      assertThat(idx.generator(i)).isEqualTo(e.generator());
      assertThat(idx.imageNetClass(i)).isEqualTo(e.cls());
      assertThat(idx.fileSize(i)).isEqualTo((int) Math.min(Integer.MAX_VALUE, e.size()));
    }
    // Release generators come back as the shared constants, others as equal values.
    assertThat(idx.generator(0)).isSameAs(Generator.ADM);
    assertThat(idx.generator(3).displayName()).isEqualTo("FLUX.1 dev");
  }

  @Test
  void savingTheSameEntriesWritesTheCommittedBytes() throws Exception {
    Path file = tmp.resolve("again.gidx");
    fixtureIndex().save(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(fixtureBytes());
  }

  @Test
  @EnabledIfSystemProperty(named = "genimage.writeIndexFixture", matches = ".+")
  void writeFixture() {
    fixtureIndex().save(Path.of(System.getProperty("genimage.writeIndexFixture")));
  }
}
