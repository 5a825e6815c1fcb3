package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of {@link DatasetIndex#load}: a valid saved index, mutated (bit flips, truncation,
 * inserted and deleted bytes, ints replaced by huge or negative values, folders and names replaced by
 * hostile paths), mostly with the CRC recomputed so the structure checks are reached. Every load
 * either succeeds with every sample inside the root, or throws {@link BadDatasetLayoutException}
 * naming the file; nothing else.
 */
class DatasetIndexFuzzTest {
  private static final int CASES = 1000;

  @TempDir
  Path tmp;

  @Test
  void mutatedIndexFilesLoadInsideTheRootOrFailTyped() throws Exception {
    Path root = tmp.resolve("data").toAbsolutePath().normalize();
    DatasetIndex.Builder b = DatasetIndex.builder("fuzz", root);
    String[] folders = {"sd14/train/ai", "sd14/train/nature", "adm/val/ai", ""};
    for (int i = 0; i < 24; i++) {
      b.add(folders[i % 4], i + "_file_" + i + ".png", Label.fromIndex(i % 2),
          i % 3 == 0 ? null : Split.values()[i % 2], i % 2 == 0 ? Generator.BIGGAN : Generator.ADM,
          i % 5 == 0 ? Sample.NO_CLASS : i, 100 + i);
    }
    Path file = tmp.resolve("index.gidx");
    b.build().save(file);
    byte[] valid = Files.readAllBytes(file);
    IndexForge template = IndexForge.parse(valid);

    int loaded = 0;
    int refused = 0;
    SplittableRandom seeds = new SplittableRandom(18);
    for (int c = 0; c < CASES; c++) {
      long seed = seeds.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      byte[] bytes;
      if (r.nextInt(3) == 0) {
        bytes = structural(template, r);
      } else {
        bytes = Mutations.mutate(valid, r);
        if (bytes.length >= 8 && r.nextInt(4) != 0) {
          bytes = IndexForge.withCrc(bytes);
        }
      }
      Files.write(file, bytes);
      try {
        DatasetIndex idx = DatasetIndex.load(file);
        // The root is read from the file too; what must hold is that no entry leaves it.
        Path indexRoot = idx.root().toAbsolutePath().normalize();
        for (int i = 0; i < idx.size(); i++) {
          Sample s = idx.sample(i);
          assertThat(s.path().toAbsolutePath().normalize().startsWith(indexRoot))
              .as("seed %d: %s leaves %s", seed, s.path(), indexRoot).isTrue();
          assertThat(s.path().toAbsolutePath().normalize()).as("seed %d", seed)
              .isNotEqualTo(indexRoot);
          idx.split(i);
          idx.fileSize(i);
        }
        loaded++;
      } catch (BadDatasetLayoutException e) {
        assertThat(e.file()).as("seed %d", seed).contains(file);
        assertThat(e.getMessage()).as("seed %d", seed).startsWith(file.toString());
        refused++;
      } catch (RuntimeException | Error e) {
        fail("seed " + seed + ": " + e, e);
      }
    }
    assertThat(loaded).as("some mutations leave a loadable index").isPositive();
    assertThat(refused).as("most are refused").isGreaterThan(CASES / 2);
  }

  /** A field-level change, with the CRC right: what a crafted file would do. */
  private static byte[] structural(IndexForge template, SplittableRandom r) {
    IndexForge f = IndexForge.parse(template.bytes());
    switch (r.nextInt(7)) {
      case 0 -> f.dirs.set(r.nextInt(f.dirs.size()), Mutations.pick(Mutations.HOSTILE_PATHS, r));
      case 1 -> f.root = Mutations.pick(Mutations.HOSTILE_PATHS, r);
      case 2 -> f.generatorStrings.set(r.nextInt(f.generatorStrings.size()),
          r.nextBoolean() ? Mutations.pick(Mutations.HOSTILE_NUMBERS, r)
              : Mutations.pick(Mutations.HOSTILE_PATHS, r));
      case 3 -> f.dir[r.nextInt(f.n)] = r.nextInt(-5, 10);
      case 4 -> f.meta[r.nextInt(f.n)] = (short) r.nextInt(1 << 16);
      case 5 -> f.starts[r.nextInt(f.n + 1)] += r.nextInt(-20, 20);
      default -> {
        int[] counts = {-1, 0, 3, 1 << 20, 50_000_001, Integer.MAX_VALUE};
        int v = counts[r.nextInt(counts.length)];
        switch (r.nextInt(4)) {
          case 0 -> f.nGen = v;
          case 1 -> f.nDirs = v;
          case 2 -> f.n = v;
          default -> f.nameBytes = v;
        }
      }
    }
    return f.bytes();
  }
}
