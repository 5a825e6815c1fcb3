package org.genimage.bench.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.genimage.api.Generator;
import org.genimage.dataset.TreeScanner;

/**
 * Scans a GenImage-shaped tree of many small files with {@link TreeScanner} and with {@code find
 * <root> -type f}, alternating, in one sitting, and prints the median times and their ratio (ours /
 * find). The tree is made here: the eight subsets' {@code train|val/ai|nature} folders with files
 * named as the release names them (one byte each: only the walk and the name parsing are measured).
 *
 * <p>Run: {@code java -cp genimage-bench/target/benchmarks.jar
 * org.genimage.bench.dataset.ScanVsFind [files=100000] [rounds=5]}.
 */
public final class ScanVsFind {
  private ScanVsFind() {}

  /**
   * Makes the tree, times both scanners and prints the result.
   *
   * @param args optional file count and number of rounds
   * @throws Exception if the tree cannot be written or {@code find} cannot be run
   */
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path root = Files.createTempDirectory("genimage-scan");
    try {
      makeTree(root, files);
      long[] ours = new long[rounds];
      long[] find = new long[rounds];
      int indexed = 0;
      long found = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        indexed = TreeScanner.builder().build().scan(root).index().size();
        ours[r] = System.nanoTime() - t0;
        t0 = System.nanoTime();
        found = runFind(root);
        find[r] = System.nanoTime() - t0;
      }
      Arrays.sort(ours);
      Arrays.sort(find);
      double oursMs = ours[rounds / 2] / 1e6;
      double findMs = find[rounds / 2] / 1e6;
      System.out.printf("files: %d made, %d indexed by TreeScanner, %d listed by find%n", files,
          indexed, found);
      System.out.printf("median of %d rounds: TreeScanner %.0f ms, find %.0f ms, ratio ours/find %.2f"
          + " (best %.0f / %.0f ms)%n", rounds, oursMs, findMs, oursMs / findMs, ours[0] / 1e6,
          find[0] / 1e6);
    } finally {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void makeTree(Path root, int files) throws IOException {
    Generator[] gens = Generator.genImage().toArray(new Generator[0]);
    String[] splits = {"train", "val"};
    byte[] one = {1};
    for (int i = 0; i < files; i++) {
      Generator g = gens[i % gens.length];
      String split = splits[(i / gens.length) % 10 == 0 ? 1 : 0];
      boolean fake = (i / (gens.length * 10)) % 2 == 0;
      Path dir = root.resolve(g.releaseFolder()).resolve(g.subsetFolder()).resolve(split)
          .resolve(fake ? "ai" : "nature");
      Files.createDirectories(dir);
      int cls = i % 1000;
      String name = fake
          ? String.format("%03d_%s_%05d.png", cls, g.fileTag(), i)
          : String.format("n01440764_%d.JPEG", i);
      Files.write(dir.resolve(name), one);
    }
  }

  private static long runFind(Path root) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("find", root.toString(), "-type", "f").start();
    long lines = 0;
    try (InputStream in = p.getInputStream()) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
      }
    }
    p.waitFor();
    return lines;
  }
}
