package org.genimage.degrade;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.ImageTransform;

/**
 * The GenImage paper's degraded-image test conditions (Zhu et al. 2023, "degraded image
 * classification"): low resolution 112 and 64, JPEG quality 65 and 30, Gaussian blur sigma 3 and 5,
 * in the paper's table order.
 *
 * <p>The paper names the conditions, not the library calls, so the choices made here are stated:
 * low resolution resizes the shorter side to 112 or 64 keeping the aspect ratio with Pillow's default
 * {@code resize} filter (bicubic; {@link #lowResolution(int, ResampleFilter)} takes another); JPEG is
 * Pillow's {@code save(quality=q)} round trip with 4:2:0 subsampling; blur is
 * {@code scipy.ndimage.gaussian_filter} per channel, as the GenImage codebase's CNNSpot augmentation
 * does it.
 */
public final class PaperDegradations {
  private PaperDegradations() {}

  /**
   * Low resolution, shorter side 112, bicubic.
   *
   * @return the transform
   */
  public static ImageTransform lowResolution112() {
    return lowResolution(112, ResampleFilter.BICUBIC);
  }

  /**
   * Low resolution, shorter side 64, bicubic.
   *
   * @return the transform
   */
  public static ImageTransform lowResolution64() {
    return lowResolution(64, ResampleFilter.BICUBIC);
  }

  /**
   * Low resolution with another size or filter.
   *
   * @param shorterSide the shorter side's length, at least 1
   * @param filter the resampling filter
   * @return the transform
   * @throws org.genimage.api.BadArgumentException if the size is not positive or the filter is null
   */
  public static ImageTransform lowResolution(int shorterSide, ResampleFilter filter) {
    return Resize.shorterSide(shorterSide, filter);
  }

  /**
   * JPEG quality 65, 4:2:0.
   *
   * @return the transform
   */
  public static ImageTransform jpeg65() {
    return JpegCompression.of(65);
  }

  /**
   * JPEG quality 30, 4:2:0.
   *
   * @return the transform
   */
  public static ImageTransform jpeg30() {
    return JpegCompression.of(30);
  }

  /**
   * Gaussian blur sigma 3 (SciPy).
   *
   * @return the transform
   */
  public static ImageTransform blurSigma3() {
    return GaussianBlur.scipy(3.0);
  }

  /**
   * Gaussian blur sigma 5 (SciPy).
   *
   * @return the transform
   */
  public static ImageTransform blurSigma5() {
    return GaussianBlur.scipy(5.0);
  }

  /**
   * All six conditions by name, in the paper's order: {@code lowResolution112},
   * {@code lowResolution64}, {@code jpeg65}, {@code jpeg30}, {@code blurSigma3}, {@code blurSigma5}.
   *
   * @return an unmodifiable, ordered map from name to transform
   */
  public static Map<String, ImageTransform> all() {
    Map<String, ImageTransform> m = new LinkedHashMap<>();
    m.put("lowResolution112", lowResolution112());
    m.put("lowResolution64", lowResolution64());
    m.put("jpeg65", jpeg65());
    m.put("jpeg30", jpeg30());
    m.put("blurSigma3", blurSigma3());
    m.put("blurSigma5", blurSigma5());
    return Collections.unmodifiableMap(m);
  }
}
