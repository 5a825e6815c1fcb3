package org.genimage.degrade;

/** Which library's Gaussian blur {@link GaussianBlur} reproduces. */
public enum BlurReference {
  /**
   * {@code scipy.ndimage.gaussian_filter(channel, sigma)} per channel on uint8 data (SciPy 1.10):
   * truncate 4.0 (radius {@code (int) (4 * sigma + 0.5)}), mode {@code 'reflect'} (half-sample
   * symmetric), axis 0 then axis 1, double accumulation, and each pass's result truncated to uint8 as
   * SciPy's C cast does (so the intermediate image is 8-bit, and values are floored, not rounded).
   */
  SCIPY("SciPy gaussian_filter"),
  /**
   * OpenCV 4's {@code cv2.GaussianBlur(img, (0, 0), sigma)} on 8-bit images: kernel size
   * {@code round(6 * sigma + 1) | 1}, the bit-exact kernel quantised to 8 fractional bits with error
   * diffusion, border {@code BORDER_REFLECT_101}, horizontal then vertical pass in exact integer
   * arithmetic, rounded once at the end.
   */
  OPENCV("OpenCV GaussianBlur");

  private final String label;

  BlurReference(String label) {
    this.label = label;
  }

  /**
   * The reference's name as descriptions print it.
   *
   * @return the name
   */
  public String label() {
    return label;
  }
}
