package org.genimage.examples;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.GaussianBlur;
import org.genimage.degrade.JpegCompression;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;
import org.genimage.eval.protocol.RobustnessSweep;

/**
 * The named sweeps of {@code genimage evaluate robustness --sweep} and the demo, built from
 * genimage-degrade's transforms for {@link RobustnessSweep} (which does not depend on that module).
 * Levels run mildest first, as peers report them (UnivFD: JPEG quality 100 to 30 and blur sigma 0
 * to 4; AIGCDetectBenchmark: JPEG, blur and resize).
 *
 * <table>
 *   <caption>presets</caption>
 *   <tr><th>name</th><th>levels</th></tr>
 *   <tr><td>{@code jpeg}</td><td>quality 100, 90, 80, 70, 60, 50, 40, 30 (Pillow, 4:2:0)</td></tr>
 *   <tr><td>{@code blur}</td><td>Gaussian sigma 0, 0.5, 1, 2, 3, 4, 5 (scipy's filter)</td></tr>
 *   <tr><td>{@code resize}</td><td>scale 1, 0.75, 0.5, 0.375, 0.25 (bicubic down-scaling; the
 *   runner's small-image policy brings the image back to the detector's input)</td></tr>
 *   <tr><td>{@code social}</td><td>a social-media upload: resize, then JPEG: 1/q95, 0.75/q85,
 *   0.5/q75, 0.375/q65, 0.25/q50</td></tr>
 * </table>
 */
public final class RobustnessPresets {
  /** The preset names, in the order {@code --help} lists them. */
  public static final java.util.List<String> NAMES = java.util.List.of("jpeg", "blur", "resize",
      "social");

  private RobustnessPresets() {}

  /**
   * One sweep: what {@link RobustnessSweep.Builder#sweep} takes.
   *
   * @param name the sweep's name ({@code "jpeg"})
   * @param levelAxis what the levels measure ({@code "JPEG quality"})
   * @param levels level label to transform, mildest first
   */
  public record Sweep(String name, String levelAxis, Map<String, ImageTransform> levels) {
    /** Validates and copies the levels, keeping their order. */
    public Sweep {
      Checks.notBlank("name", name);
      Checks.notBlank("levelAxis", levelAxis);
      Checks.notEmpty("levels", Checks.notNull("levels", levels).keySet());
      levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
    }

    /**
     * Adds this sweep to a protocol builder.
     *
     * @param b the builder
     * @return the builder
     */
    public RobustnessSweep.Builder addTo(RobustnessSweep.Builder b) {
      return b.sweep(name, levelAxis, levels);
    }
  }

  /**
   * A named preset.
   *
   * @param name one of {@link #NAMES}, any case
   * @return the sweep
   * @throws BadArgumentException for another name
   */
  public static Sweep preset(String name) {
    switch (Checks.notNull("name", name).trim().toLowerCase(Locale.ROOT)) {
      case "jpeg":
        return jpeg(100, 90, 80, 70, 60, 50, 40, 30);
      case "blur":
        return blur(0, 0.5, 1, 2, 3, 4, 5);
      case "resize":
        return resize(1, 0.75, 0.5, 0.375, 0.25);
      case "social":
        return social(new double[] {1, 0.75, 0.5, 0.375, 0.25}, new int[] {95, 85, 75, 65, 50});
      default:
        throw new BadArgumentException("sweep", name, String.join(", ", NAMES));
    }
  }

  /**
   * JPEG compression at the given qualities.
   *
   * @param qualities qualities in 1..100, mildest (highest) first
   * @return the sweep {@code jpeg}
   */
  public static Sweep jpeg(int... qualities) {
    Map<String, ImageTransform> m = new LinkedHashMap<>();
    for (int q : qualities) {
      m.put(Integer.toString(q), JpegCompression.of(q));
    }
    return new Sweep("jpeg", "JPEG quality", m);
  }

  /**
   * Gaussian blur at the given sigmas (scipy's {@code gaussian_filter}); sigma 0 leaves the image
   * as it is.
   *
   * @param sigmas non-negative sigmas, mildest (smallest) first
   * @return the sweep {@code blur}
   */
  public static Sweep blur(double... sigmas) {
    Map<String, ImageTransform> m = new LinkedHashMap<>();
    for (double s : sigmas) {
      Checks.inRange("sigma", s, 0, GaussianBlur.MAX_SIGMA);
      m.put(label(s), s == 0 ? unchanged("gaussian_blur(sigma=0)") : GaussianBlur.scipy(s));
    }
    return new Sweep("blur", "Gaussian blur sigma", m);
  }

  /**
   * Down-scaling by the given factors (bicubic, as Pillow); the runner's small-image policy brings
   * an image smaller than the detector's input back up.
   *
   * @param scales factors in (0, 1], mildest (largest) first
   * @return the sweep {@code resize}
   */
  public static Sweep resize(double... scales) {
    Map<String, ImageTransform> m = new LinkedHashMap<>();
    for (double s : scales) {
      m.put(label(s), scale(s));
    }
    return new Sweep("resize", "scale", m);
  }

  /**
   * A social-media upload: down-scaling, then JPEG, one pair per level.
   *
   * @param scales factors in (0, 1]
   * @param qualities JPEG qualities, one per scale
   * @return the sweep {@code social}
   * @throws BadArgumentException if the arrays differ in length
   */
  public static Sweep social(double[] scales, int[] qualities) {
    if (scales.length != qualities.length) {
      throw new BadArgumentException("qualities", qualities.length, scales.length
          + " (one per scale)");
    }
    Map<String, ImageTransform> m = new LinkedHashMap<>();
    for (int i = 0; i < scales.length; i++) {
      m.put(label(scales[i]) + "+q" + qualities[i],
          scale(scales[i]).andThen(JpegCompression.of(qualities[i])));
    }
    return new Sweep("social", "scale + JPEG quality", m);
  }

  /**
   * Down-scaling by a factor: each side becomes {@code max(1, round(side * scale))}, bicubic.
   *
   * @param scale the factor in (0, 1]
   * @return the transform (the image unchanged at 1)
   */
  public static ImageTransform scale(double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new BadArgumentException("scale", scale, "(0, 1]");
    }
    String description = "resize(scale=" + label(scale) + ", filter=bicubic)";
    if (scale == 1) {
      return unchanged(description);
    }
    return new ImageTransform() {
      @Override
      public RgbImage apply(RgbImage image, RandomGenerator random) {
        return Resize.resize(image, Math.max(1, (int) Math.round(image.width() * scale)),
            Math.max(1, (int) Math.round(image.height() * scale)), ResampleFilter.BICUBIC);
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  /** The mildest level of a sweep that leaves images as they are, described as its level. */
  private static ImageTransform unchanged(String description) {
    return new ImageTransform() {
      @Override
      public RgbImage apply(RgbImage image, RandomGenerator random) {
        return image;
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  /** 1 as "1", 0.5 as "0.5": labels without trailing zeros. */
  private static String label(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
