package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.ReadLimits;
import org.genimage.api.Sample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made hostile index files whose CRC is correct (computed the way the writer does), one per
 * check {@link DatasetIndex#load} makes.
 */
class DatasetIndexValidationTest {
  @TempDir
  Path tmp;
  Path root;
  Path file;
  byte[] valid;

  @BeforeEach
  void saveAValidIndex() throws Exception {
    root = tmp.resolve("data");
    DatasetIndex idx = DatasetIndex.builder("x", root)
        .add("adm/train/ai", "001_adm_1.png", Label.FAKE, Split.TRAIN, Generator.ADM, 1, 10)
        .add("adm/train/nature", "n01440764_1.JPEG", Label.REAL, Split.TRAIN, Generator.ADM, 0, 11)
        .add("", "loose.png", Label.FAKE, null, Generator.UNKNOWN, Sample.NO_CLASS, 12)
        .build();
    file = tmp.resolve("index.gidx");
    idx.save(file);
    valid = Files.readAllBytes(file);
  }

  private IndexForge forge() {
    return IndexForge.parse(valid);
  }

  private Path write(IndexForge f) throws Exception {
    return Files.write(file, f.bytes());
  }

  private void refused(Consumer<IndexForge> change, String... messageParts) throws Exception {
    IndexForge f = forge();
    change.accept(f);
    Path p = write(f);
    assertThatThrownBy(() -> DatasetIndex.load(p)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageStartingWith(p.toString())
        .satisfies(e -> assertThat(((BadDatasetLayoutException) e).file()).contains(p))
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void theForgeReproducesTheWriterByteForByte() throws Exception {
    assertThat(forge().bytes()).isEqualTo(valid);
    DatasetIndex back = DatasetIndex.load(write(forge()));
    assertThat(back.size()).isEqualTo(3);
    assertThat(back.sample(2).path()).isEqualTo(root.resolve("loose.png"));
    assertThat(back.split(2)).isNull();
  }

  @Test
  void countsAreCheckedAgainstTheLimitAndTheFileLength() throws Exception {
    refused(f -> f.n = ReadLimits.MAX_DATASET_ENTRIES + 1, "entry count", "50000000");
    refused(f -> f.n = -1, "entry count -1");
    refused(f -> f.n = 1_000_000, "1000000 entries", "the file has");
    refused(f -> f.nDirs = Integer.MAX_VALUE, "folder count");
    refused(f -> f.nDirs = 4_000_000, "folders need at least 16000000 bytes");
    refused(f -> f.nGen = 9000, "generator count 9000");
    refused(f -> f.nGen = 100, "generators need at least 3200 bytes");
    refused(f -> f.nameBytes = -5, "file-name bytes -5");
    refused(f -> f.nameBytes = 5000, "5000 name bytes");
  }

  @Test
  void entryIndicesAreCheckedBeforeUse() throws Exception {
    refused(f -> f.dir[1] = 7, "index.gidx: entry 1: folder index 7 >= 3 folders");
    refused(f -> f.dir[0] = -2, "entry 0: folder index -2 < 0");
    refused(f -> f.meta[1] = (short) (f.meta[1] & ~6 | 2 << 1), "entry 1: split bits 2");
    refused(f -> f.meta[0] = (short) (f.meta[0] & 7 | 9 << 3), "entry 0: generator index 9 >= 2");
    refused(f -> f.meta[2] = (short) 0xFFFF, "entry 2: generator index 8191");
    refused(f -> f.cls[0] = 1000, "entry 0: ImageNet class 1000");
    refused(f -> f.cls[0] = -7, "entry 0: ImageNet class -7");
    refused(f -> f.size[2] = -1, "entry 2: file size -1");
  }

  @Test
  void nameOffsetsMustDescribeTheNameBytes() throws Exception {
    refused(f -> f.starts[0] = 3, "entry 0: name offset 3");
    refused(f -> f.starts[1] = f.starts[2] + 1, "entry 1: name offsets", "decreasing");
    refused(f -> f.starts[1] = 1 << 30, "entry 0: name offsets");
    refused(f -> f.starts[3] = 2, "name offsets end at 2");
    refused(f -> f.starts[1] = 0, "entry 0: file name is empty");
  }

  @Test
  void fileNamesAreOneSegment() throws Exception {
    refused(f -> rename(f, 2, ".."), "entry 2: file name is '..'");
    refused(f -> rename(f, 2, "../../../etc/passwd"), "entry 2: file name contains '/'");
    refused(f -> rename(f, 2, "a\\b"), "entry 2: file name contains '\\'");
    refused(f -> rename(f, 2, "a\0b"), "entry 2: file name contains a NUL");
    refused(f -> rename(f, 2, "é".repeat(ReadLimits.MAX_PATH_CHARS + 1)),
        "entry 2: file name is 4097 characters long");
  }

  /** Replaces the last entry's name, keeping the offsets and byte count consistent. */
  private static void rename(IndexForge f, int last, String newName) {
    byte[] nb = newName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] names = java.util.Arrays.copyOf(f.names, f.starts[last] + nb.length);
    System.arraycopy(nb, 0, names, f.starts[last], nb.length);
    f.names = names;
    f.nameBytes = names.length;
    f.starts[last + 1] = names.length;
  }

  @Test
  void foldersCannotLeaveTheRoot() throws Exception {
    refused(f -> f.dirs.set(0, "/etc"), "folder 0 \"/etc\" is absolute", "inside the root");
    refused(f -> f.dirs.set(0, "../../x"), "folder 0 \"../../x\" has a '..' segment");
    refused(f -> f.dirs.set(1, "adm/../../.."), "folder 1", "'..' segment");
    refused(f -> f.dirs.set(0, "..\\..\\x"), "folder 0", "backslash");
    refused(f -> f.dirs.set(0, "C:/Windows"), "folder 0", "absolute");
    refused(f -> f.dirs.set(0, "a//b"), "folder 0", "empty segment");
    refused(f -> f.dirs.set(0, "a\0b"), "folder 0", "NUL");
    refused(f -> f.dirs.set(0, "d".repeat(ReadLimits.MAX_PATH_CHARS + 1)), "folder 0", "4097");
    refused(f -> f.dirs.set(0, "d".repeat(5 * ReadLimits.MAX_PATH_CHARS)), "folder 0: length");
  }

  @Test
  void leavingTheRootIsAnExplicitOptIn() throws Exception {
    IndexForge f = forge();
    f.dirs.set(0, "../elsewhere");
    Path p = write(f);
    DatasetIndex opened = DatasetIndex.load(p, PathPolicy.ALLOW_OUTSIDE_ROOT);
    assertThat(opened.sample(0).path().normalize().startsWith(root)).isFalse();
    assertThatThrownBy(() -> DatasetIndex.builder("x", root)
        .add("../elsewhere", "a.png", Label.FAKE, null, Generator.UNKNOWN, Sample.NO_CLASS, 1))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("ALLOW_OUTSIDE_ROOT");
    assertThatThrownBy(() -> DatasetIndex.builder("x", root)
        .add("a", "b/c.png", Label.FAKE, null, Generator.UNKNOWN, Sample.NO_CLASS, 1))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("fileName");
    DatasetIndex built = DatasetIndex.builder("x", root).pathPolicy(PathPolicy.ALLOW_OUTSIDE_ROOT)
        .add("../elsewhere", "a.png", Label.FAKE, null, Generator.UNKNOWN, Sample.NO_CLASS, 1)
        .build();
    built.save(file);
    assertThatThrownBy(() -> DatasetIndex.load(file)).isInstanceOf(BadDatasetLayoutException.class);
    assertThat(DatasetIndex.load(file, PathPolicy.ALLOW_OUTSIDE_ROOT).id(0))
        .isEqualTo("../elsewhere/a.png");
  }

  @Test
  void headerStringsAndGeneratorsAreChecked() throws Exception {
    refused(f -> f.root = "", "root is empty");
    refused(f -> f.root = "/data\0/x", "root contains a NUL");
    refused(f -> f.name = " ", "name is blank");
    refused(f -> f.generatorStrings.set(3, "LASER"), "generator 0: family \"LASER\"");
    refused(f -> f.generatorStrings.set(4, "big"), "generator 0: native size \"big\"");
    refused(f -> f.generatorStrings.set(4, "-3"), "generator 0", "nativeSize");
    refused(f -> f.generatorStrings.set(8, "Not An Id"), "generator 1", "id");
    refused(f -> f.magic = 0x12345678, "bad magic");
    refused(f -> f.version = 2, "index version 2");
  }

  @Test
  void stringLengthsAndTrailingBytesAreChecked() throws Exception {
    byte[] b = forge().bytes();
    // The root's length prefix sits right after the 24-byte header.
    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(24, -9);
    Files.write(file, IndexForge.withCrc(b));
    assertThatThrownBy(() -> DatasetIndex.load(file)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("root: length -9");
    byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 4);
    Files.write(file, IndexForge.withCrc(longer));
    assertThatThrownBy(() -> DatasetIndex.load(file)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("the file has");
    Files.write(file, new byte[20]);
    assertThatThrownBy(() -> DatasetIndex.load(file)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("not an index file (20 bytes)");
  }
}
