package org.genimage.degrade;

/**
 * The JPEG encoder a CNNSpot augmentation step names ({@code jpg_method} "cv2" or "pil").
 *
 * <p>Both are modelled by the same {@link JpegCompression} round trip, on purpose: Pillow's
 * {@code save(quality=q)} and OpenCV's {@code imencode('.jpg', IMWRITE_JPEG_QUALITY=q)} both call
 * libjpeg's {@code jpeg_set_quality(q, TRUE)} (the same scaled standard tables), both default to 4:2:0
 * for 3-channel input, both use the integer DCT, and both decoders use libjpeg's default fancy
 * upsampling and integer IDCT, so on the same libjpeg-turbo they produce the same pixels. The
 * fixtures check this: the OpenCV round trips made by the fixture script are compared to this class's
 * output with the same tolerance as Pillow's. The choice is still drawn (and reported) per image, so a
 * seeded run draws the same random numbers as CNNSpot's {@code data_augment}.
 */
public enum JpegEncoder {
  /** OpenCV's {@code cv2.imencode}/{@code cv2.imdecode} (CNNSpot's "cv2"). */
  OPENCV("cv2"),
  /** Pillow's {@code Image.save}/{@code Image.open} (CNNSpot's "pil"). */
  PILLOW("pil");

  private final String label;

  JpegEncoder(String label) {
    this.label = label;
  }

  /**
   * CNNSpot's name for the encoder.
   *
   * @return "cv2" or "pil"
   */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
