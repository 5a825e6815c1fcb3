package org.genimage.bench.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.dataset.DatasetIndex;
import org.genimage.dataset.ImageNetClasses;
import org.genimage.dataset.Split;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reload time of a synthetic GenImage-sized index (2.7M entries with release-like names), and, printed
 * at set-up, the heap it holds per entry. Goal: under 5 s and under 150 bytes per entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class IndexReloadBenchmark {
  /** Entries in the synthetic index. */
  static final int ENTRIES = 2_700_000;

  private Path file;

  /**
   * Builds and saves the synthetic index, and prints its retained heap per entry.
   *
   * @throws Exception on I/O failure
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    file = Files.createTempFile("genimage-index", ".gidx");
    build().save(file);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    DatasetIndex idx = DatasetIndex.load(file);
    System.gc();
    System.gc();
    long after = rt.totalMemory() - rt.freeMemory();
    System.out.printf("%n[index] %d entries, file %d bytes, heap %.1f bytes/entry%n", idx.size(),
        Files.size(file), (after - before) / (double) idx.size());
    if (idx.size() != ENTRIES) {
      throw new IllegalStateException("reload lost entries");
    }
  }

  static DatasetIndex build() {
    ImageNetClasses wn = ImageNetClasses.imageNet1k();
    List<Generator> gens = Generator.genImage();
    DatasetIndex.Builder b = DatasetIndex.builder("genimage", Path.of("/data/genimage"));
    int perGen = ENTRIES / gens.size();
    for (Generator g : gens) {
      for (int i = 0; i < perGen; i++) {
        Split split = i % 25 == 0 ? Split.VAL : Split.TRAIN;
        Label label = (i & 1) == 0 ? Label.FAKE : Label.REAL;
        int cls = (i / 2) % 1000;
        String folder = g.releaseFolder() + "/" + g.subsetFolder() + "/" + split.folder() + "/"
            + label.releaseFolder();
        String name = label == Label.FAKE
            ? String.format("%03d_%s_%05d.png", cls, g.fileTag(), i / 2000)
            : split == Split.VAL ? String.format("ILSVRC2012_val_%08d.JPEG", i)
            : wn.wordNetId(cls) + "_" + (i / 2000 + 10000) + ".JPEG";
        b.add(folder, name, label, split, g, cls, 100_000 + i % 5000);
      }
    }
    return b.build();
  }

  /**
   * Reloads the index.
   *
   * @return the index, for the blackhole
   */
  @Benchmark
  public DatasetIndex reload() {
    return DatasetIndex.load(file);
  }

  /**
   * Deletes the file.
   *
   * @throws Exception on I/O failure
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    Files.deleteIfExists(file);
  }
}
