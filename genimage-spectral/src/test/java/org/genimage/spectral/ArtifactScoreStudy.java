package org.genimage.spectral;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.genimage.api.RgbImage;

/**
 * The study of issue 23: ROC AUC of score variants separating clean images from the same images
 * carrying a simulated up-sampling trace ({@link UpsamplingTraces}), per trace kind and factor, with
 * and without JPEG re-encoding of every image. Prints a Markdown table.
 *
 * <pre>
 * java ... org.genimage.spectral.ArtifactScoreStudy [--photos DIR] [--n 60] [--size 256]
 *     [--seed 23] [--conditions 0,c0,c90] [--only PREFIX;PREFIX]
 * java ... org.genimage.spectral.ArtifactScoreStudy --midpoint PREFIX --photos DIR [--n 40]
 *     [--seed 23] [--texture-seed 5]
 * </pre>
 *
 * <p>With {@code --midpoint} it prints only the reals' raw scores of the first variant whose name
 * starts with PREFIX, for both contents (photos with {@code --seed}, textures with {@code
 * --texture-seed}: the study's two runs) and all three conditions, their pooled 95th percentile
 * (the defaults' midpoint rule, {@link #percentile}) and the false-positive rate at that midpoint per
 * content and condition ({@link #midpointReport}).
 *
 * <p>Without {@code --photos} it first prints the size-shortcut table ({@link #sizeShortcutTable}).
 * After each clean-reals table it prints the clean reals' sorted raw scores per variant.
 *
 * <p>Conditions: {@code 0} clean reals, nothing re-encoded; {@code c0} reals JPEG-compressed like
 * a camera's (quality 75 to 95), fakes PNG; {@code c90} the same, then every image re-encoded as
 * JPEG 90 (the second setting). Without {@code --photos} the content is {@link NaturalTextures}; with it, random crops (flipped,
 * transposed) of the PNG/JPEG files in DIR (e.g. written by src/test/python/study_content.py).
 */
public final class ArtifactScoreStudy {
  private ArtifactScoreStudy() {}

  /** One trace: operator and factor. */
  record Trace(UpsamplingTraces.Kind kind, int factor) {
    String label() {
      String k = switch (kind) {
        case TRANSPOSED -> "tconv";
        case BILINEAR_CONV -> "bil+conv";
        case NEAREST_CONV -> "near+conv";
      };
      return k + " x" + factor;
    }
  }

  /** Clean images and, per trace, the traced versions of the same contents. */
  record Sets(List<RgbImage> real, Map<Trace, List<RgbImage>> fake) {}

  /** All traces of the study: three operators at x2 and x4. */
  static List<Trace> traces() {
    List<Trace> out = new ArrayList<>();
    for (UpsamplingTraces.Kind kind : UpsamplingTraces.Kind.values()) {
      for (int k : new int[] {2, 4}) {
        out.add(new Trace(kind, k));
      }
    }
    return out;
  }

  /**
   * Makes the sets: {@code n} contents; each is one clean image and one traced image per trace (new
   * random weights for every image), then every image JPEG re-encoded when {@code quality > 0}.
   */
  static Sets makeSets(List<float[][]> photos, List<int[]> photoSizes, int n, int size,
      Condition condition, long seed) {
    int quality = condition.quality();
    Random random = new Random(seed);
    // The camera's qualities come from a stream of their own, so that every condition draws the same
    // contents and trace weights from `random`: conditions are paired image for image.
    Random cameraQualities = new Random(~seed);
    List<RgbImage> real = new ArrayList<>();
    Map<Trace, List<RgbImage>> fake = new LinkedHashMap<>();
    for (Trace t : traces()) {
      fake.put(t, new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      float[][] content;
      if (photos.isEmpty()) {
        content = NaturalTextures.image(size, random);
      } else {
        int p = random.nextInt(photos.size());
        int[] wh = photoSizes.get(p);
        content = Images8.randomCrop(photos.get(p), wh[0], wh[1], size, random);
      }
      RgbImage clean = Images8.toImage(content, size, size);
      // A camera's JPEG (quality 75 to 95) on the real side only: its 8x8 block grid puts peaks at
      // the same positions as up-sampling; generators write PNG.
      int cameraQuality = 75 + cameraQualities.nextInt(21);
      RgbImage camera = condition.cameraJpeg() ? Images8.jpeg(clean, cameraQuality) : clean;
      real.add(quality > 0 ? Images8.jpeg(camera, quality) : camera);
      for (Trace t : traces()) {
        fake.get(t).add(finish(UpsamplingTraces.trace(content, size, t.kind(), t.factor(), random),
            size, quality));
      }
    }
    return new Sets(real, fake);
  }

  private static RgbImage finish(float[][] planes, int size, int quality) {
    RgbImage image = Images8.toImage(planes, size, size);
    return quality > 0 ? Images8.jpeg(image, quality) : image;
  }

  /**
   * How the sets are processed.
   *
   * @param cameraJpeg whether the clean images are JPEG-compressed first (quality 75 to 95)
   * @param quality the quality every image is re-encoded with at the end; 0 for none
   */
  record Condition(boolean cameraJpeg, int quality) {
    String label() {
      return (cameraJpeg ? "reals camera JPEG 75-95" : "reals clean (no JPEG history)")
          + (quality > 0 ? ", every image re-encoded JPEG " + quality : ", no re-encoding");
    }

    static Condition parse(String text) {
      boolean camera = text.startsWith("c");
      String q = camera ? text.substring(1) : text;
      return new Condition(camera, q.isEmpty() ? 0 : Integer.parseInt(q));
    }
  }

  /** Scores every image of a list in parallel. */
  static double[] scores(List<RgbImage> images, ToDoubleFunction<RgbImage> score) {
    return images.parallelStream().mapToDouble(score).toArray();
  }

  /** The variants of the study, by name. */
  static Map<String, ToDoubleFunction<RgbImage>> variants() {
    Map<String, ToDoubleFunction<RgbImage>> v = new LinkedHashMap<>();
    ArtifactScoreConfig first = ArtifactScoreConfig.firstVersion();
    ArtifactScoreConfig ref = ArtifactScoreConfig.reference();
    put(v, "grid 3x3 (gridTiled)", ArtifactScoreConfig.gridTiled());
    put(v, "tiled (Welch 128)", ArtifactScoreConfig.tiled());
    put(v, "first version (old default)", first);
    put(v, "first + median residual", first.toBuilder().residual(ResidualFilter.median3x3()).build());
    put(v, "first + high-pass residual", first.toBuilder().residual(ResidualFilter.highPass()).build());
    put(v, "first, no window", first.toBuilder().hannWindow(false).build());
    put(v, "first, factors 2,4", first.toBuilder().factors(List.of(2, 4)).build());
    put(v, "first, mean of factors", first.toBuilder().combination(FactorCombination.MEAN).build());
    put(v, "first, log contrast", first.toBuilder().peakMeasure(PeakMeasure.LOG_CONTRAST).build());
    put(v, "first, 1-bin peak", first.toBuilder().radii(0, 6).build());
    put(v, "first, tiles 128", first.toBuilder().tiling(Tiling.ofSide(128)).build());
    put(v, "first, RGB power sum", first.toBuilder().colourPowerSum(true).build());
    put(v, "first, crop 128", first.toBuilder().maxSide(128).build());
    put(v, "reference (issue 23)", ref);
    put(v, "ref, crop 128 centre", ref.toBuilder().maxSide(128).build());
    PeriodicArtifactDetector refCorner = new PeriodicArtifactDetector(ref.toBuilder().maxSide(128).build());
    v.put("ref, crop 128 top-left", image -> refCorner.rawScore(topLeft(image, 128)));
    put(v, "ref + Hann", ref.toBuilder().hannWindow(true).build());
    put(v, "ref + high-pass", ref.toBuilder().residual(ResidualFilter.highPass()).build());
    put(v, "ref, no residual", ref.toBuilder().residual(ResidualFilter.none()).build());
    put(v, "ref, max/median", ref.toBuilder().peakMeasure(PeakMeasure.MAX_OVER_MEDIAN).build());
    put(v, "ref, ring 2..6", ref.toBuilder().radii(0, 6).build());
    put(v, "ref, factor 2", ref.toBuilder().factors(List.of(2)).build());
    put(v, "ref, factors 2,4,8 mean", ref.toBuilder().factors(List.of(2, 4, 8)).build());
    put(v, "ref, factors 2,4,8 max", ref.toBuilder().factors(List.of(2, 4, 8))
        .combination(FactorCombination.MAX).build());
    put(v, "ref, own positions", ref.toBuilder().allGridPoints(false).build());
    put(v, "ref, RGB power sum", ref.toBuilder().colourPowerSum(true).build());
    put(v, "ref, tiles 64", ref.toBuilder().tiling(Tiling.ofSide(64)).build());
    put(v, "ref, tiles 128", ref.toBuilder().tiling(Tiling.ofSide(128)).build());
    put(v, "ref, tiles 128 + Hann", ref.toBuilder().tiling(Tiling.ofSide(128)).hannWindow(true).build());
    put(v, "ref, tiles 128 + Hann + RGB", ref.toBuilder().tiling(Tiling.ofSide(128)).hannWindow(true)
        .colourPowerSum(true).build());
    put(v, "ref, tiles 64 + Hann + RGB", ref.toBuilder().tiling(Tiling.ofSide(64)).hannWindow(true)
        .colourPowerSum(true).build());
    put(v, "ref, tiles 128 + Hann + RGB, crop 512", ref.toBuilder().tiling(Tiling.ofSide(128)).hannWindow(true)
        .colourPowerSum(true).maxSide(512).build());
    put(v, "first + median + RGB", first.toBuilder().residual(ResidualFilter.median3x3())
        .colourPowerSum(true).build());
    put(v, "first + median + tiles 128 + RGB", first.toBuilder().residual(ResidualFilter.median3x3())
        .tiling(Tiling.ofSide(128)).colourPowerSum(true).build());
    ArtifactScoreConfig welch = ref.toBuilder().tiling(Tiling.ofSide(128)).hannWindow(true).colourPowerSum(true)
        .build();
    put(v, "ref, tiles 128 + Hann + RGB, factors 2,4,8", welch.toBuilder().factors(List.of(2, 4, 8))
        .build());
    put(v, "ref, tiles 128 + Hann + RGB, factors 2,4", welch.toBuilder().factors(List.of(2, 4))
        .build());
    put(v, "ref, tiles 128 + Hann + RGB, ring 2..6", welch.toBuilder().radii(0, 6).build());
    put(v, "ref, tiles 128 + Hann + RGB, 3x3 peak", welch.toBuilder().radii(1, 6).build());
    return v;
  }

  private static void put(Map<String, ToDoubleFunction<RgbImage>> v, String name,
      ArtifactScoreConfig config) {
    PeriodicArtifactDetector d = new PeriodicArtifactDetector(config);
    v.put(name, d::rawScore);
  }

  private static RgbImage topLeft(RgbImage image, int side) {
    int w = Math.min(side, image.width());
    int h = Math.min(side, image.height());
    byte[] rgb = new byte[3 * w * h];
    byte[] all = image.toByteArray();
    for (int r = 0; r < h; r++) {
      System.arraycopy(all, 3 * r * image.width(), rgb, 3 * r * w, 3 * w);
    }
    return RgbImage.wrap(w, h, rgb);
  }

  /** The variants of the size-shortcut table: the first version, both tilings, the reference. */
  static Map<String, ArtifactScoreConfig> sizeVariants() {
    Map<String, ArtifactScoreConfig> v = new LinkedHashMap<>();
    v.put("first version", ArtifactScoreConfig.firstVersion());
    v.put("tiled (Welch 128)", ArtifactScoreConfig.tiled());
    v.put("grid 3x3 (gridTiled)", ArtifactScoreConfig.gridTiled());
    v.put("reference (issue 23)", ArtifactScoreConfig.reference());
    return v;
  }

  /** The sizes {@code {height, width}} of the size-shortcut table. */
  static final int[][] SIZES = {{128, 128}, {256, 256}, {375, 500}, {512, 512}};

  /**
   * {@code n} untraced images of one size: {@link NaturalTextures} content made square at the larger
   * side and centre-cropped to {@code height x width}, or uniform noise.
   */
  static List<RgbImage> untraced(int n, int height, int width, boolean noise, Random random) {
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (noise) {
        byte[] rgb = new byte[3 * height * width];
        random.nextBytes(rgb);
        out.add(RgbImage.wrap(width, height, rgb));
        continue;
      }
      int side = Math.max(height, width);
      float[][] planes = NaturalTextures.image(side, random);
      float[][] crop = new float[3][height * width];
      int top = (side - height) / 2;
      int left = (side - width) / 2;
      for (int ch = 0; ch < 3; ch++) {
        for (int r = 0; r < height; r++) {
          System.arraycopy(planes[ch], (top + r) * side + left, crop[ch], r * width, width);
        }
      }
      out.add(Images8.toImage(crop, width, height));
    }
    return out;
  }

  /**
   * The size shortcut: AUC of untraced content of size A (called fake) against untraced content of
   * size B (called real), per variant; 0.5 means the score cannot tell the sizes apart.
   */
  static String sizeShortcutTable(int n, long seed) {
    int[][] pairs = {{0, 1}, {1, 2}, {0, 3}, {1, 3}, {0, 2}};
    StringBuilder t = new StringBuilder("**Size shortcut: AUC of untraced content, size A (as fake)"
        + " against size B (as real); " + n + " images per size**\n\n| variant | content |");
    for (int[] p : pairs) {
      t.append(' ').append(label(SIZES[p[0]])).append(" vs ").append(label(SIZES[p[1]]))
          .append(" |");
    }
    t.append(" median raw per size |\n|---|---|").append("---|".repeat(pairs.length + 1))
        .append('\n');
    for (boolean noise : new boolean[] {false, true}) {
      Random random = new Random(seed);
      List<List<RgbImage>> bySize = new ArrayList<>();
      for (int[] s : SIZES) {
        bySize.add(untraced(n, s[0], s[1], noise, random));
      }
      for (Map.Entry<String, ArtifactScoreConfig> v : sizeVariants().entrySet()) {
        PeriodicArtifactDetector d = new PeriodicArtifactDetector(v.getValue());
        List<double[]> raws = new ArrayList<>();
        for (List<RgbImage> images : bySize) {
          raws.add(scores(images, d::rawScore));
        }
        t.append("| ").append(v.getKey()).append(" | ").append(noise ? "noise" : "textures")
            .append(" |");
        for (int[] p : pairs) {
          t.append(String.format(Locale.ROOT, " %.2f |",
              Synthetic.auc(raws.get(p[1]), raws.get(p[0]))));
        }
        StringBuilder medians = new StringBuilder();
        for (double[] r : raws) {
          medians.append(String.format(Locale.ROOT, "%s%.2f", medians.length() == 0 ? "" : " / ",
              median(r)));
        }
        t.append(' ').append(medians).append(" |\n");
      }
    }
    return t.toString();
  }

  static String label(int[] size) {
    return size[0] == size[1] ? String.valueOf(size[0]) : size[0] + "x" + size[1];
  }

  static double median(double[] values) {
    double[] s = values.clone();
    java.util.Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
  }

  /** Runs the study and prints the table. */
  public static void main(String[] args) throws IOException {
    Path photosDir = null;
    int n = 60;
    int size = 256;
    long seed = 23;
    List<Condition> conditions = List.of(new Condition(false, 0), new Condition(true, 0),
        new Condition(true, 90));
    String only = null;
    String midpointVariant = null;
    long textureSeed = 5;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--photos" -> photosDir = Path.of(args[i + 1]);
        case "--n" -> n = Integer.parseInt(args[i + 1]);
        case "--size" -> size = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--conditions" -> conditions = Stream.of(args[i + 1].split(","))
            .map(Condition::parse).toList();
        case "--only" -> only = args[i + 1];
        case "--midpoint" -> midpointVariant = args[i + 1];
        case "--texture-seed" -> textureSeed = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<float[][]> photos = new ArrayList<>();
    List<int[]> sizes = new ArrayList<>();
    if (photosDir != null) {
      try (Stream<Path> files = Files.list(photosDir)) {
        for (Path f : files.sorted().toList()) {
          BufferedImage bi = ImageIO.read(f.toFile());
          if (bi == null) {
            continue;
          }
          byte[] rgb = new byte[3 * bi.getWidth() * bi.getHeight()];
          for (int y = 0; y < bi.getHeight(); y++) {
            for (int x = 0; x < bi.getWidth(); x++) {
              int p = bi.getRGB(x, y);
              int j = 3 * (y * bi.getWidth() + x);
              rgb[j] = (byte) (p >> 16);
              rgb[j + 1] = (byte) (p >> 8);
              rgb[j + 2] = (byte) p;
            }
          }
          RgbImage image = RgbImage.wrap(bi.getWidth(), bi.getHeight(), rgb);
          photos.add(Images8.planes(image));
          sizes.add(new int[] {bi.getWidth(), bi.getHeight()});
          System.out.println("photo " + f.getFileName() + " " + bi.getWidth() + "x" + bi.getHeight());
        }
      }
    }
    Map<String, ToDoubleFunction<RgbImage>> variants = variants();
    if (midpointVariant != null) {
      String prefix = midpointVariant;
      Map.Entry<String, ToDoubleFunction<RgbImage>> v = variants.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no variant " + prefix));
      System.out.println(midpointReport(v.getKey(), v.getValue(), photos, sizes, n, size, seed,
          textureSeed, conditions));
      return;
    }
    List<Trace> traces = traces();
    System.out.printf(Locale.ROOT, "%d contents per set, %dx%d, seed %d, %s%n%n", n, size, size,
        seed, photosDir == null ? "NaturalTextures content" : "crops of " + photosDir);
    if (photosDir == null) {
      System.out.println(sizeShortcutTable(n, seed));
    }
    StringBuilder rawLines = new StringBuilder();
    for (Condition condition : conditions) {
      Sets sets = makeSets(photos, sizes, n, size, condition, seed);
      StringBuilder table = new StringBuilder("**" + condition.label() + "**\n\n| variant |");
      for (Trace t : traces) {
        table.append(' ').append(t.label()).append(" |");
      }
      table.append(" mean | min |\n|---|");
      table.append("---|".repeat(traces.size() + 2)).append('\n');
      for (Map.Entry<String, ToDoubleFunction<RgbImage>> v : variants.entrySet()) {
        if (only != null && Stream.of(only.split(";")).noneMatch(v.getKey()::startsWith)) {
          continue;
        }
        double[] r = scores(sets.real(), v.getValue());
        double sum = 0;
        double min = 1;
        table.append("| ").append(v.getKey()).append(" |");
        for (Trace t : traces) {
          double auc = Synthetic.auc(r, scores(sets.fake().get(t), v.getValue()));
          sum += auc;
          min = Math.min(min, auc);
          table.append(String.format(Locale.ROOT, " %.2f |", auc));
        }
        table.append(String.format(Locale.ROOT, " **%.3f** | %.2f |%n", sum / traces.size(), min));
        System.err.println(condition.label() + ": " + v.getKey() + " done");
        if (!condition.cameraJpeg() && condition.quality() == 0) {
          // The clean reals' raw scores, pooled over contents by hand to place a mapping's midpoint.
          double[] sorted = r.clone();
          java.util.Arrays.sort(sorted);
          StringBuilder line = new StringBuilder("clean reals raw | " + v.getKey() + " |");
          for (double x : sorted) {
            line.append(String.format(Locale.ROOT, " %.4f", x));
          }
          rawLines.append(line).append('\n');
        }
      }
      System.out.println(table);
      System.out.println(rawLines);
      rawLines.setLength(0);
    }
  }

  /**
   * The {@code p}-th quantile of {@code values} with linear interpolation between order statistics
   * ({@code numpy.percentile}'s default): position {@code p (n - 1)} in the sorted values.
   */
  static double percentile(double[] values, double p) {
    double[] s = values.clone();
    java.util.Arrays.sort(s);
    double position = p * (s.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, s.length - 1);
    return s[below] + (position - below) * (s[above] - s[below]);
  }

  /**
   * The midpoint rule of the defaults: the reals of the study's two runs (photos with {@code
   * photoSeed}, {@link NaturalTextures} with {@code textureSeed}), every condition, scored by one
   * variant; prints each cell's sorted raw scores, the pooled 95th percentile and the number of reals
   * above it (a probability above 0.5) per content and condition. The sets are made exactly as the
   * study makes them (fakes included: they draw from the same random stream), so the reals are the
   * study's.
   */
  static String midpointReport(String name, ToDoubleFunction<RgbImage> variant,
      List<float[][]> photos, List<int[]> photoSizes, int n, int size, long photoSeed,
      long textureSeed, List<Condition> conditions) {
    Map<String, double[]> cells = new LinkedHashMap<>();
    List<String> contents = new ArrayList<>();
    if (!photos.isEmpty()) {
      contents.add("photos");
    }
    contents.add("textures");
    for (String content : contents) {
      boolean isPhotos = content.equals("photos");
      for (Condition c : conditions) {
        Sets sets = makeSets(isPhotos ? photos : List.of(), isPhotos ? photoSizes : List.of(), n,
            size, c, isPhotos ? photoSeed : textureSeed);
        cells.put(content + " | " + c.label(), scores(sets.real(), variant));
      }
    }
    double[] pooled = cells.values().stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    double midpoint = percentile(pooled, 0.95);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "**%s: reals' raw scores, %d per cell, %d pooled; 95th percentile %.4f**%n%n", name, n,
        pooled.length, midpoint));
    out.append("| content | condition | min | median | max | above midpoint | FPR |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, double[]> cell : cells.entrySet()) {
      double[] r = cell.getValue();
      long above = java.util.Arrays.stream(r).filter(x -> x > midpoint).count();
      out.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %d / %d | %.1f %% |%n",
          cell.getKey(), java.util.Arrays.stream(r).min().orElse(Double.NaN), median(r),
          java.util.Arrays.stream(r).max().orElse(Double.NaN), above, r.length,
          100.0 * above / r.length));
    }
    out.append('\n');
    for (Map.Entry<String, double[]> cell : cells.entrySet()) {
      double[] sorted = cell.getValue().clone();
      java.util.Arrays.sort(sorted);
      out.append("reals raw | ").append(cell.getKey()).append(" |");
      for (double x : sorted) {
        out.append(String.format(Locale.ROOT, " %.4f", x));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
