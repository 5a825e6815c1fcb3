package org.genimage.bench.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.genimage.api.RgbImage;
import org.genimage.dataset.ImageEncoding;
import org.genimage.examples.cli.GenImageCli;

/**
 * The long fuzz run of issue 18: makes N corrupted files from real-looking PNG and JPEG images
 * (seeded), runs them all through {@code genimage detect --json} in this JVM (the CLI's own
 * {@link GenImageCli#execute} entry point, as the {@code genimage} launcher calls it), and checks
 * what a user must be able to rely on: no crash (exit code 3, "some files could not be read", and
 * JSON on stdout), no hang (a time limit), and every file named exactly once, with a probability in
 * [0, 1] or an error message that starts with its path. Prints the counts, the error kinds and the
 * wall time of the detect run, with the CPU and the load average.
 *
 * <p>Mutations, in turn: bit flips, truncation, header garbage, a run of zero bytes, noise after a
 * valid signature, pure noise, all-zero files (some empty), and PNG headers declaring
 * 2^30 x 2^20 pixels (refused from the header by the pixel limit). The base images are PNGs of
 * 256 x 256 and 128 x 128 (generator sizes) and JPEGs at quality 96 of 500 x 375 and 333 x 500
 * (ImageNet sizes), drawn as smooth shapes plus sensor-like noise.
 *
 * <p>Run: {@code genimage-bench/scripts/fuzz_detect.sh [files=10000] [seed=18] [dir]}, or
 * {@code java -cp genimage-bench/target/benchmarks.jar org.genimage.bench.dataset.FuzzDetect ...};
 * exits 0 when every check holds, 1 otherwise.
 */
public final class FuzzDetect {
  private static final int KINDS = 8;
  private static final long HANG_LIMIT_S = 1800;

  private FuzzDetect() {}

  /**
   * Makes the files, runs detect, checks and prints.
   *
   * @param args optional file count, seed and folder (kept when given; a temp folder otherwise)
   * @throws Exception if the files cannot be written
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 18L;
    boolean keep = args.length > 2;
    Path dir = keep ? Files.createDirectories(Path.of(args[2]))
        : Files.createTempDirectory("genimage-fuzz");
    boolean pass;
    try {
      pass = run(dir, count, seed);
    } finally {
      if (!keep) {
        deleteTree(dir);
      }
    }
    System.exit(pass ? 0 : 1); // after the clean-up: exit skips finally blocks
  }

  /**
   * Makes {@code count} fuzzed files in {@code dir}, runs detect on them and checks the output.
   *
   * @param dir an empty folder
   * @param count how many files
   * @param seed the mutation seed
   * @return whether every check held
   * @throws Exception if the files cannot be written or the run cannot be waited for
   */
  public static boolean run(Path dir, int count, long seed) throws Exception {
    long t0 = System.nanoTime();
    List<Path> files = makeFiles(dir, count, seed);
    double makeS = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "made %d fuzzed files in %s in %.1f s (seed %d)%n",
        files.size(), dir, makeS, seed);
    System.out.printf(Locale.ROOT, "cpu: %s, %d processors, load average before: %s%n",
        cpuModel(), Runtime.getRuntime().availableProcessors(), loadAverage());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "genimage-detect");
      t.setDaemon(true);
      return t;
    });
    long t1 = System.nanoTime();
    Future<Integer> detect = runner.submit(() -> GenImageCli.execute(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "detect", "--json", "-q",
        dir.toString()));
    int exit;
    List<String> failures = new ArrayList<>();
    try {
      exit = detect.get(HANG_LIMIT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.out.printf(Locale.ROOT, "HANG: detect did not finish in %d s%n", HANG_LIMIT_S);
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      System.out.println("CRASH: detect threw " + e.getCause());
      e.getCause().printStackTrace(System.out);
      return false;
    } finally {
      runner.shutdownNow();
    }
    double detectS = (System.nanoTime() - t1) / 1e9;

    JsonNode doc;
    try {
      doc = new ObjectMapper().readTree(out.toByteArray());
    } catch (IOException e) {
      System.out.println("CRASH: detect's stdout is not JSON: " + e.getMessage());
      System.out.println(err.toString(StandardCharsets.UTF_8));
      return false;
    }
    Set<String> expected = new HashSet<>();
    files.forEach(f -> expected.add(f.toString()));
    Set<String> seen = new HashSet<>();
    int scored = 0;
    int errors = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    for (JsonNode row : doc.path("images")) {
      String file = row.path("file").asText();
      if (!seen.add(file)) {
        failures.add("named twice: " + file);
      }
      if (row.hasNonNull("error")) {
        errors++;
        String msg = row.get("error").asText();
        if (!msg.startsWith(file + ": ")) {
          failures.add("error does not name its file: " + msg);
        }
        kinds.merge(kind(msg.substring(Math.min(msg.length(), file.length() + 2))), 1,
            Integer::sum);
      } else {
        double p = row.path("probability").asDouble(Double.NaN);
        if (!(p >= 0 && p <= 1)) {
          failures.add("probability " + p + " for " + file);
        }
        scored++;
      }
    }
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(seen);
    if (!missing.isEmpty()) {
      failures.add(missing.size() + " files not named, e.g. " + missing.iterator().next());
    }
    seen.removeAll(expected);
    if (!seen.isEmpty()) {
      failures.add(seen.size() + " unknown files named, e.g. " + seen.iterator().next());
    }
    int wantExit = errors > 0 ? 3 : 0;
    if (exit != wantExit) {
      failures.add("exit code " + exit + ", expected " + wantExit);
    }
    String errText = err.toString(StandardCharsets.UTF_8);
    if (errors > 0 && !errText.contains(errors + " of " + files.size())) {
      failures.add("stderr does not report " + errors + " of " + files.size() + ": " + errText);
    }

    System.out.printf(Locale.ROOT, "detect: %d files, %d scored, %d errors, exit code %d,"
        + " %.1f s wall (%.2f ms/file)%n", files.size(), scored, errors, exit, detectS,
        1000 * detectS / Math.max(1, files.size()));
    System.out.println("errors by kind: " + kinds);
    System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    if (failures.isEmpty()) {
      System.out.println("PASS: 0 crashes, 0 hangs, every file named once with its score or reason");
      return true;
    }
    System.out.println("FAIL: " + failures.size() + " problems");
    failures.stream().limit(20).forEach(f -> System.out.println("  " + f));
    return false;
  }

  /** The first words of an error after the path, as a coarse kind. */
  private static String kind(String problem) {
    if (problem.startsWith("image of")) {
      return "too many pixels";
    }
    if (problem.startsWith("not a recognised")) {
      return "not an image";
    }
    String[] w = problem.split("[ :(]", 3);
    return w.length >= 2 ? w[0] + " " + w[1] : problem;
  }

  static List<Path> makeFiles(Path dir, int count, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<byte[]> bases = new ArrayList<>();
    List<String> exts = new ArrayList<>();
    int[][] pngSizes = {{256, 256}, {128, 128}};
    int[][] jpegSizes = {{500, 375}, {333, 500}};
    for (int[] s : pngSizes) {
      bases.add(ImageEncoding.png(photoLike(s[0], s[1], rnd)));
      exts.add("png");
    }
    for (int[] s : jpegSizes) {
      bases.add(ImageEncoding.jpeg(photoLike(s[0], s[1], rnd), 96));
      exts.add("JPEG");
    }
    List<Path> files = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int b = i % bases.size();
      int kind = (i / bases.size()) % KINDS;
      Path f = dir.resolve(String.format(Locale.ROOT, "%05d_k%d.%s", i, kind, exts.get(b)));
      Files.write(f, mutate(bases.get(b), kind, rnd));
      files.add(f);
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  /** Smooth shapes, a gradient and noise: entropy-coded data like a photo's, not a flat fill. */
  static RgbImage photoLike(int w, int h, SplittableRandom rnd) {
    double[][] blobs = new double[6][];
    for (int k = 0; k < blobs.length; k++) {
      blobs[k] = new double[] {rnd.nextDouble() * w, rnd.nextDouble() * h,
          (0.1 + rnd.nextDouble() * 0.3) * Math.min(w, h), rnd.nextDouble() * 255,
          rnd.nextDouble() * 255, rnd.nextDouble() * 255};
    }
    byte[] px = new byte[3 * w * h];
    for (int y = 0, o = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double r = 60 + 100.0 * y / h;
        double g = 80 + 60.0 * x / w;
        double bl = 120;
        for (double[] c : blobs) {
          double d = Math.hypot(x - c[0], y - c[1]) / c[2];
          double a = Math.exp(-d * d);
          r += a * (c[3] - r);
          g += a * (c[4] - g);
          bl += a * (c[5] - bl);
        }
        px[o++] = clamp(r + rnd.nextInt(-6, 7));
        px[o++] = clamp(g + rnd.nextInt(-6, 7));
        px[o++] = clamp(bl + rnd.nextInt(-6, 7));
      }
    }
    return RgbImage.wrap(w, h, px);
  }

  private static byte clamp(double v) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
  }

  /** One mutation of a base file. */
  static byte[] mutate(byte[] src, int kind, SplittableRandom rnd) {
    byte[] b = src.clone();
    switch (kind) {
      case 0 -> {
        for (int k = 1 + rnd.nextInt(16); k > 0; k--) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 1 -> b = Arrays.copyOf(src, 1 + rnd.nextInt(src.length - 1));
      case 2 -> {
        for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
          b[rnd.nextInt(Math.min(64, b.length))] = (byte) rnd.nextInt(256);
        }
      }
      case 3 -> {
        int from = rnd.nextInt(b.length);
        Arrays.fill(b, from, Math.min(b.length, from + 1 + rnd.nextInt(4096)), (byte) 0);
      }
      case 4 -> {
        for (int i = 12; i < b.length; i++) {
          b[i] = (byte) rnd.nextInt(256);
        }
      }
      case 5 -> {
        b = new byte[1 + rnd.nextInt(8192)];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) rnd.nextInt(256);
        }
      }
      case 6 -> b = new byte[rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(2048)];
      case 7 -> b = pngDeclaring(1 << (20 + rnd.nextInt(11)), 1 << (10 + rnd.nextInt(11)));
      default -> throw new IllegalArgumentException("kind " + kind);
    }
    return b;
  }

  /** A valid PNG whose IHDR declares {@code w x h} (with a correct CRC). */
  static byte[] pngDeclaring(int w, int h) {
    byte[] png = ImageEncoding.png(RgbImage.filled(1, 1, 0, 0, 0));
    ByteBuffer.wrap(png, 16, 8).putInt(w).putInt(h);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
    return png;
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
