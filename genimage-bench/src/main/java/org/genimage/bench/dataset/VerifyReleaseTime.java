package org.genimage.bench.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.genimage.api.Generator;
import org.genimage.dataset.DatasetIndex;
import org.genimage.dataset.ImageNetClasses;
import org.genimage.dataset.KnownDefects;
import org.genimage.dataset.ReleaseReport;
import org.genimage.dataset.TreeScanner;
import org.genimage.dataset.Verifier;

/**
 * Times {@code genimage verify}'s work on a simulated release of many small files: the scan, then
 * the structure check of every file with a progress file (a fresh run), the same run resumed from
 * its complete progress file, and the report. The files carry the release's real name patterns
 * (SD/BigGAN {@code 033_sdv4_00152.png}, Midjourney unpadded, ADM upper-case {@code .PNG}, GLIDE and
 * VQDM {@code GLIDE_1000_200_08_808_glide_00033.png}, Wukong {@code 12_wukong_image3.png}, ImageNet
 * train and val names) and minimal valid content (a PNG signature and IEND chunk, a JPEG SOI and
 * EOI), so the check reads each file's head and tail as it would on the release.
 *
 * <p>Run: {@code java -cp genimage-bench/target/benchmarks.jar
 * org.genimage.bench.dataset.VerifyReleaseTime [files=1350000] [threads=2] [dir]}; with a
 * {@code dir} the tree is kept there and reused by the next run (making it takes minutes), without
 * one it is made in a temp folder and deleted.
 */
public final class VerifyReleaseTime {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
      0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0,
      (byte) 0xFF, (byte) 0xD9};

  private static final ImageNetClasses CLASSES = ImageNetClasses.imageNet1k();

  private VerifyReleaseTime() {}

  /**
   * Makes (or reuses) the tree, times the steps and prints them.
   *
   * @param args optional file count, threads and folder to keep the tree in
   * @throws Exception if the tree cannot be written
   */
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 1_350_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    boolean keep = args.length > 2;
    Path root = keep ? Path.of(args[2]) : Files.createTempDirectory("genimage-verify");
    try {
      long t0 = System.nanoTime();
      if (!Files.isDirectory(root.resolve("BigGAN"))) {
        makeTree(root, files);
        System.out.printf("made %d files in %.1f s%n", files, (System.nanoTime() - t0) / 1e9);
      }
      long t1 = System.nanoTime();
      DatasetIndex index = TreeScanner.builder().build().scan(root).index();
      long t2 = System.nanoTime();
      System.out.printf("scan: %d files in %.1f s%n", index.size(), (t2 - t1) / 1e9);
      Path progress = Files.createTempFile("genimage-verify", ".tsv");
      Files.delete(progress);
      try {
        for (String run : List.of("fresh", "resumed")) {
          long a = System.nanoTime();
          Verifier.Report v = Verifier.builder().threads(threads).check(Verifier.Check.STRUCTURE)
              .progressFile(progress).build().verify(index);
          long b = System.nanoTime();
          ReleaseReport r = ReleaseReport.of(index, v, KnownDefects.none(), Generator.genImage());
          long c = System.nanoTime();
          System.out.printf("verify (%s, %d threads): %d checked, %d resumed, %d problems in"
              + " %.1f s; report %.2f s; complete=%s%n", run, threads, v.checked(), v.resumed(),
              v.problems().size(), (b - a) / 1e9, (c - b) / 1e9, r.complete());
        }
      } finally {
        Files.deleteIfExists(progress);
      }
    } finally {
      if (!keep) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static void makeTree(Path root, int files) throws IOException {
    List<Generator> gens = Generator.genImage();
    for (Generator g : gens) {
      for (String split : List.of("train", "val")) {
        for (String label : List.of("ai", "nature")) {
          Files.createDirectories(subset(root, g).resolve(split).resolve(label));
        }
      }
    }
    for (int i = 0; i < files; i++) {
      Generator g = gens.get(i % gens.size());
      int k = i / gens.size();
      boolean val = k % 27 == 0; // about the release's val share
      boolean fake = k % 2 == 0;
      int cls = k % 1000;
      String name;
      if (fake) {
        name = switch (g.id()) {
          case "midjourney" -> cls + "_midjourney_" + k + ".png";
          case "adm" -> cls + "_adm_" + k + ".PNG";
          case "glide" -> String.format("GLIDE_1000_200_08_%03d_glide_%05d.png", cls, k);
          case "vqdm" -> String.format("VQDM_1000_200_00_%03d_vqdm_%05d.png", cls, k);
          case "wukong" -> cls + "_wukong_image" + k + ".png";
          default -> String.format("%03d_%s_%05d.png", cls, g.fileTag(), k);
        };
      } else {
        name = val ? String.format("ILSVRC2012_val_%08d.JPEG", i)
            : CLASSES.wordNetId(cls) + "_" + k + ".JPEG";
      }
      Path dir = subset(root, g).resolve(val ? "val" : "train").resolve(fake ? "ai" : "nature");
      Files.write(dir.resolve(name), fake ? PNG : JPEG);
    }
  }

  private static Path subset(Path root, Generator g) {
    return root.resolve(g.releaseFolder()).resolve(g.subsetFolder());
  }
}
