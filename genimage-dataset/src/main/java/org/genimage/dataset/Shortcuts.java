package org.genimage.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.genimage.api.BadImageException;
import org.genimage.api.Checks;
import org.genimage.api.ImageLoader;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;

/**
 * Options that remove the format and size shortcuts of GenImage (real images are ImageNet JPEGs of
 * varied size, mostly quality 96; generated ones are fixed-size PNGs, and detectors learn that instead
 * of the content):
 * <ul>
 *   <li>the "Fake or JPEG?" remedy (Grommelt et al. 2024): {@link #fakeOrJpegSelection} keeps the reals
 *       of JPEG quality 96 (estimated from their quantisation tables) whose shorter side lies in the
 *       generator's size band and balances reals and fakes per ImageNet class, and
 *       {@link #jpegFakes} JPEG-compresses the fakes at quality 96 when they are loaded;
 *   <li>{@link #reencodeAll}: every image, real or fake, re-encoded the same way.
 * </ul>
 */
public final class Shortcuts {
  private Shortcuts() {}

  /**
   * Options of the "Fake or JPEG?" selection.
   *
   * @param realQuality the JPEG quality reals must have (96 in the paper)
   * @param minSide the smallest allowed shorter side of a real, in pixels
   * @param maxSide the largest allowed shorter side of a real
   * @param balancePerClass whether to keep, per ImageNet class, as many reals as fakes
   * @param seed the seed of the balancing draw
   */
  public record Options(int realQuality, int minSide, int maxSide, boolean balancePerClass,
      long seed) {
    /**
     * Validates the components.
     *
     * @throws org.genimage.api.BadArgumentException if the quality is outside 1..100 or the band is
     *     empty
     */
    public Options {
      Checks.inRange("realQuality", realQuality, 1, 100);
      Checks.positive("minSide", minSide);
      Checks.inRange("maxSide", maxSide, minSide, Integer.MAX_VALUE);
    }

    /**
     * The paper's setting for a generator of the given output size: quality 96, shorter side in
     * [size / 2, 2 x size] (a band around the generator's size), balanced per class.
     *
     * @param generatorSize the generator's output side in pixels ({@code Generator.nativeSize()})
     * @param seed the seed
     * @return the options
     */
    public static Options forGeneratorSize(int generatorSize, long seed) {
      Checks.positive("generatorSize", generatorSize);
      return new Options(96, Math.max(1, generatorSize / 2), 2 * generatorSize, true, seed);
    }
  }

  /**
   * The samples the "Fake or JPEG?" remedy keeps: every fake; the reals whose estimated JPEG quality
   * is {@code realQuality} and whose shorter side lies in the band; then, if asked, per ImageNet class
   * the same number of reals and fakes (the smaller of the two, seeded draw). A real that is not a
   * JPEG or cannot be read is left out.
   *
   * @param samples the pool
   * @param options the options
   * @return the kept samples, in the pool's order
   */
  public static List<Sample> fakeOrJpegSelection(List<Sample> samples, Options options) {
    Checks.notNull("samples", samples);
    Checks.notNull("options", options);
    List<Sample> kept = new ArrayList<>();
    for (Sample s : samples) {
      if (s.label() == Label.FAKE) {
        kept.add(s);
        continue;
      }
      try {
        OptionalInt q = JpegQuality.of(s.path());
        if (q.isEmpty() || q.getAsInt() != options.realQuality()) {
          continue;
        }
        int[] wh = dimensions(s.path());
        int side = Math.min(wh[0], wh[1]);
        if (side >= options.minSide() && side <= options.maxSide()) {
          kept.add(s);
        }
      } catch (BadImageException e) {
        // An unreadable real cannot be shown to meet the criteria: it is left out.
      }
    }
    if (!options.balancePerClass()) {
      return kept;
    }
    Map<Integer, List<Sample>> reals = new TreeMap<>();
    Map<Integer, List<Sample>> fakes = new TreeMap<>();
    for (Sample s : Sampling.shuffled(kept, options.seed())) {
      (s.label() == Label.REAL ? reals : fakes).computeIfAbsent(s.imageNetClass(),
          k -> new ArrayList<>()).add(s);
    }
    java.util.Set<String> keep = new java.util.HashSet<>();
    for (Map.Entry<Integer, List<Sample>> e : reals.entrySet()) {
      List<Sample> f = fakes.getOrDefault(e.getKey(), List.of());
      int n = Math.min(e.getValue().size(), f.size());
      e.getValue().subList(0, n).forEach(s -> keep.add(s.id()));
      f.subList(0, n).forEach(s -> keep.add(s.id()));
    }
    return kept.stream().filter(s -> keep.contains(s.id())).toList();
  }

  /**
   * A file's width and height from its header, without decoding pixels.
   *
   * @param file the image file
   * @return {width, height}
   * @throws BadImageException naming the file if no reader can read its header
   */
  public static int[] dimensions(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new BadImageException(file, "cannot open");
      }
      Iterator<ImageReader> it = ImageIO.getImageReaders(in);
      if (!it.hasNext()) {
        throw new BadImageException(file, "not a recognised image format");
      }
      ImageReader r = it.next();
      try {
        r.setInput(in, true, true);
        return new int[] {r.getWidth(0), r.getHeight(0)};
      } finally {
        r.dispose();
      }
    } catch (java.io.IOException | RuntimeException e) {
      if (e instanceof BadImageException b) {
        throw b;
      }
      throw new BadImageException(file, "cannot read the header: " + e, e);
    }
  }

  /**
   * A loader that JPEG-compresses generated images at {@code quality} (and leaves reals as decoded),
   * so both classes carry JPEG traces.
   *
   * @param base the loader that decodes the files
   * @param quality the JPEG quality (96 in the paper)
   * @return the loader
   */
  public static ImageLoader jpegFakes(ImageLoader base, int quality) {
    Checks.notNull("base", base);
    Checks.inRange("quality", quality, 1, 100);
    return sample -> {
      RgbImage image = base.load(sample);
      return sample.label() == Label.FAKE ? roundTrip(image, quality, sample.path()) : image;
    };
  }

  /**
   * A loader that re-encodes every image, real or fake, as JPEG at one quality, so no class keeps a
   * format of its own.
   *
   * @param base the loader that decodes the files
   * @param quality the JPEG quality
   * @return the loader
   */
  public static ImageLoader reencodeAll(ImageLoader base, int quality) {
    Checks.notNull("base", base);
    Checks.inRange("quality", quality, 1, 100);
    return sample -> roundTrip(base.load(sample), quality, sample.path());
  }

  private static RgbImage roundTrip(RgbImage image, int quality, Path path) {
    return ImageDecoder.standard().decode(ImageEncoding.jpeg(image, quality), path);
  }
}
