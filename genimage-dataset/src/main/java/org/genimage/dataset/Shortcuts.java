package org.genimage.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException;
import org.genimage.api.BiasControl;
import org.genimage.api.Dataset;
import org.genimage.api.ImageLoader;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * Options that remove the format and size shortcuts of GenImage (real images are ImageNet JPEGs of
 * varied size, mostly quality 96; generated ones are fixed-size PNGs, and detectors learn that instead
 * of the content):
 * <ul>
 *   <li>the "Fake or JPEG?" remedy (Grommelt et al. 2024) as a {@link BiasControl}: {@link #select}
 *       keeps the reals of the control's JPEG quality (estimated from their quantisation tables)
 *       whose width and height both lie in its size band and balances reals and fakes per ImageNet
 *       class; {@link #controlled} also JPEG-compresses the fakes at that quality when they are
 *       loaded ({@link #jpegFakes}); every protocol applies it through its settings;
 *   <li>{@link #fakeOrJpegSelection}: the same selection from the older {@link Options};
 *   <li>{@link #reencodeAll}: every image, real or fake, re-encoded the same way.
 * </ul>
 */
public final class Shortcuts {
  private Shortcuts() {}

  /**
   * Options of the "Fake or JPEG?" selection.
   *
   * @param realQuality the JPEG quality reals must have (96 in the paper)
   * @param minSide the smallest allowed width and height of a real, in pixels
   * @param maxSide the largest allowed width and height of a real
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
     * The library's setting for a generator of the given output size: quality 96, width and height
     * in [size / 2, 2 x size] (a band around the generator's size), balanced per class.
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
   * is {@code realQuality} and whose width and height both lie in the band; then, if asked, per
   * ImageNet class the same number of reals and fakes (the smaller of the two, seeded draw). A real
   * that is not a JPEG or cannot be read is left out. Same as {@link #select} with the matching
   * {@link BiasControl}.
   *
   * @param samples the pool
   * @param options the options
   * @return the kept samples, in the pool's order
   */
  public static List<Sample> fakeOrJpegSelection(List<Sample> samples, Options options) {
    Checks.notNull("options", options);
    return select(samples, new BiasControl(OptionalInt.of(options.realQuality()),
        Optional.of(BiasControl.SizeBand.between(options.minSide(), options.maxSide())),
        options.balancePerClass()), options.seed());
  }

  /**
   * The samples a bias control keeps: every fake; the reals that have the control's JPEG quality
   * (if it sets one) and whose width and height both lie in its size band (if it sets one; a band
   * around the generator uses the output side of the generator the real is paired with, or else the
   * one output side of the pool's fakes); then, if it balances, per ImageNet class the same number
   * of reals and fakes (the smaller of the two, seeded draw; unknown classes count as one). A real
   * that cannot be read, or is not a JPEG when a quality is set, is left out. Headers are read in
   * parallel.
   *
   * @param samples the pool
   * @param control the control
   * @param seed the seed of the balancing draw
   * @return the kept samples, in the pool's order
   * @throws BadArgumentException if the band is around the generator and a real's generator side
   *     cannot be told (give a band {@code size=MIN-MAX} then)
   */
  public static List<Sample> select(List<Sample> samples, BiasControl control, long seed) {
    Checks.notNull("samples", samples);
    Checks.notNull("control", control);
    int fakeSide = commonFakeSide(samples);
    boolean[] keep = new boolean[samples.size()];
    IntStream.range(0, samples.size()).parallel()
        .forEach(i -> keep[i] = keeps(samples.get(i), control, fakeSide));
    List<Sample> kept = new ArrayList<>();
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        kept.add(samples.get(i));
      }
    }
    return control.balancePerClass() ? balancePerClass(kept, seed) : kept;
  }

  private static boolean keeps(Sample s, BiasControl control, int fakeSide) {
    if (s.label() == Label.FAKE) {
      return true;
    }
    try {
      if (control.jpegQuality().isPresent()) {
        OptionalInt q = JpegQuality.of(s.path());
        if (q.isEmpty() || q.getAsInt() != control.jpegQuality().getAsInt()) {
          return false;
        }
      }
      if (control.sizeBand().isPresent()) {
        BiasControl.SizeBand band = control.sizeBand().get();
        int side = 0;
        if (band.aroundGenerator()) {
          side = s.generator().nativeSize() > 0 ? s.generator().nativeSize() : fakeSide;
          if (side <= 0) {
            throw new BadArgumentException("biasControl", "\"size\" (a band around the generator)"
                + " cannot tell the generator's output side for " + s.path() + ": it is paired"
                + " with no generator of known size and the fakes beside it are of several or"
                + " unknown sizes; give a band such as size=200-600");
          }
        }
        int[] wh = dimensions(s.path());
        return band.admits(wh[0], wh[1], side);
      }
      return true;
    } catch (BadImageException e) {
      // An unreadable real cannot be shown to meet the criteria: it is left out.
      return false;
    }
  }

  /** The one native side of the pool's fakes' generators, or 0 if several or unknown. */
  private static int commonFakeSide(List<Sample> samples) {
    Set<Integer> sides = new HashSet<>();
    for (Sample s : samples) {
      if (s.label() == Label.FAKE) {
        sides.add(s.generator().nativeSize());
      }
    }
    return sides.size() == 1 ? sides.iterator().next() : 0;
  }

  private static List<Sample> balancePerClass(List<Sample> kept, long seed) {
    Map<Integer, List<Sample>> reals = new TreeMap<>();
    Map<Integer, List<Sample>> fakes = new TreeMap<>();
    for (Sample s : Sampling.shuffled(kept, seed)) {
      (s.label() == Label.REAL ? reals : fakes).computeIfAbsent(s.imageNetClass(),
          k -> new ArrayList<>()).add(s);
    }
    Set<String> keep = new HashSet<>();
    for (Map.Entry<Integer, List<Sample>> e : reals.entrySet()) {
      List<Sample> f = fakes.getOrDefault(e.getKey(), List.of());
      int n = Math.min(e.getValue().size(), f.size());
      e.getValue().subList(0, n).forEach(s -> keep.add(s.id()));
      f.subList(0, n).forEach(s -> keep.add(s.id()));
    }
    return kept.stream().filter(s -> keep.contains(s.id())).toList();
  }

  /**
   * A dataset under a bias control: the same name, the samples {@link #select} keeps (selected on
   * the first call to {@code samples()}, as it reads every real's header), and fakes loaded through
   * {@link #jpegFakes} when the control sets a JPEG quality. Protocols call this through their
   * settings ({@code ProtocolSettings.biasControl()} in genimage-eval); call it directly for
   * other uses such as training outside a protocol.
   *
   * @param dataset the dataset
   * @param control the control
   * @param seed the seed of the balancing draw
   * @return the dataset itself for {@link BiasControl#none()}, else the controlled dataset
   */
  public static Dataset controlled(Dataset dataset, BiasControl control, long seed) {
    Checks.notNull("dataset", dataset);
    Checks.notNull("control", control);
    if (control.isNone()) {
      return dataset;
    }
    ImageLoader loader = control.jpegQuality().isPresent()
        ? jpegFakes(dataset::load, control.jpegQuality().getAsInt()) : dataset::load;
    return new BiasControlledDataset(dataset, () -> select(dataset.samples(), control, seed),
        loader);
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
