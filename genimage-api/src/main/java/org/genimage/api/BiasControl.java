package org.genimage.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.genimage.api.internal.Checks;

/**
 * What a protocol does against the format and size shortcuts of GenImage ("Fake or JPEG?",
 * Grommelt et al. 2024): real images are ImageNet JPEGs of varied size, mostly quality 96, generated
 * ones fixed-size PNGs, and detectors learn that instead of the content. Recorded in every result's
 * {@code org.genimage.eval.ProtocolSettings} (genimage-eval); applied to every dataset of a protocol (training, checkpoint and test
 * sets) by the {@link BiasControlProvider} genimage-dataset registers.
 *
 * <p>Text form (the CLI's {@code --bias-control}; case-insensitive, items separated by commas, each at
 * most once, in any order):
 *
 * <pre>
 *   control := "none" | item ("," item)*
 *   item    := "jpeg" Q              fakes JPEG-compressed at quality Q (1..100) when loaded, and
 *                                    only reals whose estimated JPEG quality is Q kept
 *            | "size"                only reals whose width AND height lie in [n/2, 2n] kept, n the
 *                                    output side of the generator the real is paired with (or, if
 *                                    unknown, of the dataset's fakes)
 *            | "size=" MIN "-" MAX   only reals with MIN &lt;= width &lt;= MAX and MIN &lt;= height &lt;= MAX
 *            | "balance"             per ImageNet class as many reals as fakes (a seeded draw; samples
 *                                    of unknown class count as one class)
 * </pre>
 *
 * <p>Examples: {@code none} (the default), {@code jpeg96}, {@code jpeg96,size},
 * {@code jpeg96,size=200-600,balance}. Fakes are never size-filtered: each generator's are of one
 * size, and the reference filters the reals only.
 *
 * @param jpegQuality the JPEG quality fakes are re-encoded at and reals must have, or empty
 * @param sizeBand the band both sides of a real must lie in, or empty
 * @param balancePerClass whether reals and fakes are balanced per ImageNet class
 */
public record BiasControl(OptionalInt jpegQuality, Optional<SizeBand> sizeBand,
    boolean balancePerClass) {
  private static final BiasControl NONE = new BiasControl(OptionalInt.empty(), Optional.empty(),
      false);

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null component or a quality outside 1..100
   */
  public BiasControl {
    Checks.notNull("jpegQuality", jpegQuality);
    Checks.notNull("sizeBand", sizeBand);
    if (jpegQuality.isPresent()) {
      Checks.inRange("jpegQuality", jpegQuality.getAsInt(), 1, 100);
    }
  }

  /**
   * The default: datasets are used as they are.
   *
   * @return the control that changes nothing
   */
  public static BiasControl none() {
    return NONE;
  }

  /**
   * The "Fake or JPEG?" remedy: {@code jpeg96,size,balance}.
   *
   * @return the paper's control
   */
  public static BiasControl fakeOrJpeg() {
    return new BiasControl(OptionalInt.of(96), Optional.of(SizeBand.ofGenerator()), true);
  }

  /**
   * Whether this control changes nothing.
   *
   * @return true for {@link #none()}
   */
  public boolean isNone() {
    return jpegQuality.isEmpty() && sizeBand.isEmpty() && !balancePerClass;
  }

  /**
   * A copy with another JPEG quality.
   *
   * @param quality 1..100
   * @return the copy
   */
  public BiasControl withJpegQuality(int quality) {
    return new BiasControl(OptionalInt.of(quality), sizeBand, balancePerClass);
  }

  /**
   * A copy with another size band.
   *
   * @param band the band
   * @return the copy
   */
  public BiasControl withSizeBand(SizeBand band) {
    return new BiasControl(jpegQuality, Optional.of(Checks.notNull("band", band)), balancePerClass);
  }

  /**
   * A copy with per-class balancing on or off.
   *
   * @param value whether to balance
   * @return the copy
   */
  public BiasControl withBalancePerClass(boolean value) {
    return new BiasControl(jpegQuality, sizeBand, value);
  }

  /**
   * The format of a sample's image as a protocol under this control loads it: a fake is JPEG when
   * the control sets a JPEG quality (it is re-encoded when loaded), every other sample keeps its
   * {@link Sample#fileFormat() file's format}. The format-only baseline of the reports uses it, so
   * that under {@code jpeg96} it sees what the detector sees: JPEG only.
   *
   * @param sample the sample
   * @return the format the detector's input went through
   */
  public ImageFormat loadedFormat(Sample sample) {
    Checks.notNull("sample", sample);
    return jpegQuality.isPresent() && sample.label() == Label.FAKE ? ImageFormat.JPEG
        : sample.fileFormat();
  }

  /**
   * Parses the text form (see the class comment).
   *
   * @param text e.g. {@code jpeg96,size=200-600}
   * @return the control
   * @throws BadArgumentException naming the bad item and the grammar
   */
  public static BiasControl parse(String text) {
    Checks.notNull("biasControl", text);
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return NONE;
    }
    OptionalInt q = OptionalInt.empty();
    Optional<SizeBand> band = Optional.empty();
    boolean balance = false;
    for (String raw : t.split(",", -1)) {
      String item = raw.trim();
      if (item.startsWith("jpeg")) {
        once(q.isPresent(), item, text);
        q = OptionalInt.of(quality(item.substring(4), item, text));
      } else if (item.equals("size") || item.startsWith("size=")) {
        once(band.isPresent(), item, text);
        band = Optional.of(item.equals("size") ? SizeBand.ofGenerator()
            : SizeBand.parse(item.substring(5), text));
      } else if (item.equals("balance")) {
        once(balance, item, text);
        balance = true;
      } else {
        throw bad(text, "unknown item \"" + item + "\"");
      }
    }
    return new BiasControl(q, band, balance);
  }

  private static void once(boolean seen, String item, String text) {
    if (seen) {
      throw bad(text, "\"" + item + "\" repeats an item given before");
    }
  }

  private static int quality(String digits, String item, String text) {
    int q;
    try {
      q = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw bad(text, "\"" + item + "\" needs a quality, e.g. jpeg96");
    }
    if (q < 1 || q > 100) {
      throw bad(text, "\"" + item + "\": the quality must be 1..100");
    }
    return q;
  }

  static BadArgumentException bad(String text, String problem) {
    return new BadArgumentException("biasControl", "\"" + text + "\": " + problem
        + "; expected none, or items jpegQ (Q 1..100), size, size=MIN-MAX and balance joined by"
        + " commas, e.g. jpeg96,size");
  }

  /**
   * The canonical text form, which {@link #parse} reads back to an equal control.
   *
   * @return e.g. {@code jpeg96,size=200-600,balance}, or {@code none}
   */
  public String text() {
    if (isNone()) {
      return "none";
    }
    List<String> items = new ArrayList<>();
    jpegQuality.ifPresent(q -> items.add("jpeg" + q));
    sizeBand.ifPresent(b -> items.add(b.text()));
    if (balancePerClass) {
      items.add("balance");
    }
    return String.join(",", items);
  }

  /**
   * What the control does, in words for reports.
   *
   * @return one sentence
   */
  public String explain() {
    if (isNone()) {
      return "none: datasets used as they are (reals keep their JPEG format and varied sizes, fakes"
          + " their PNG format and fixed size)";
    }
    List<String> parts = new ArrayList<>();
    jpegQuality.ifPresent(q -> parts.add("fakes JPEG-compressed at quality " + q
        + " when loaded and only reals of JPEG quality " + q + " kept"));
    sizeBand.ifPresent(b -> parts.add("only reals whose width and height both lie in "
        + (b.aroundGenerator() ? "[n/2, 2n] (n: the generator's output side)"
            : "[" + b.min() + ", " + b.max() + "] pixels") + " kept"));
    if (balancePerClass) {
      parts.add("reals and fakes balanced per ImageNet class");
    }
    return text() + ": " + String.join("; ", parts);
  }

  @Override
  public String toString() {
    return text();
  }

  /**
   * The range both the width and the height of a real must lie in (the reference filters both).
   *
   * @param min the smallest allowed side in pixels, or 0 for a band around the generator
   * @param max the largest allowed side, or 0 for a band around the generator
   * @param aroundGenerator whether the band is [n/2, 2n] for the generator's output side n
   */
  public record SizeBand(int min, int max, boolean aroundGenerator) {
    /**
     * Validates the components.
     *
     * @throws BadArgumentException for a fixed band with min below 1 or max below min, or a band
     *     around the generator with bounds
     */
    public SizeBand {
      if (aroundGenerator) {
        if (min != 0 || max != 0) {
          throw new BadArgumentException("sizeBand", min + "-" + max,
              "no bounds for a band around the generator");
        }
      } else {
        Checks.positive("min", min);
        Checks.inRange("max", max, min, Integer.MAX_VALUE);
      }
    }

    /**
     * A fixed band.
     *
     * @param min the smallest allowed side, at least 1
     * @param max the largest allowed side, at least min
     * @return the band
     */
    public static SizeBand between(int min, int max) {
      return new SizeBand(min, max, false);
    }

    /**
     * The band [n/2, 2n] around the output side n of the generator a real is paired with.
     *
     * @return the band
     */
    public static SizeBand ofGenerator() {
      return new SizeBand(0, 0, true);
    }

    static SizeBand parse(String range, String text) {
      String[] p = range.split("-", -1);
      if (p.length == 2) {
        try {
          int lo = Integer.parseInt(p[0].trim());
          int hi = Integer.parseInt(p[1].trim());
          if (lo >= 1 && hi >= lo) {
            return between(lo, hi);
          }
        } catch (NumberFormatException e) {
          // reported below with the grammar
        }
      }
      throw bad(text, "\"size=" + range + "\" needs MIN-MAX pixels with 1 <= MIN <= MAX");
    }

    /**
     * The bounds for a generator of output side {@code generatorSize}.
     *
     * @param generatorSize the generator's side in pixels; used only for a band around the
     *     generator, where it must be positive
     * @return {min, max}
     * @throws BadArgumentException for a band around the generator and a size below 1
     */
    public int[] bounds(int generatorSize) {
      if (!aroundGenerator) {
        return new int[] {min, max};
      }
      Checks.positive("generatorSize", generatorSize);
      return new int[] {Math.max(1, generatorSize / 2), 2 * generatorSize};
    }

    /**
     * Whether an image of this width and height lies in the band: both sides are tested.
     *
     * @param width the width in pixels
     * @param height the height in pixels
     * @param generatorSize the generator's side (see {@link #bounds})
     * @return true when min &lt;= width &lt;= max and min &lt;= height &lt;= max
     */
    public boolean admits(int width, int height, int generatorSize) {
      int[] b = bounds(generatorSize);
      return width >= b[0] && width <= b[1] && height >= b[0] && height <= b[1];
    }

    /**
     * The text form.
     *
     * @return {@code size} or {@code size=MIN-MAX}
     */
    public String text() {
      return aroundGenerator ? "size" : "size=" + min + "-" + max;
    }
  }
}
