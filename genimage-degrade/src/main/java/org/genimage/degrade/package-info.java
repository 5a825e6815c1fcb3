/**
 * The paper's image degradations and the training augmentations, in pure Java and exact against the
 * reference libraries researchers use.
 *
 * <ul>
 *   <li>{@link org.genimage.degrade.Resize}: Pillow's {@code Image.resize} for every filter
 *       ({@link org.genimage.degrade.ResampleFilter}), including its 8-bit fixed-point arithmetic.</li>
 *   <li>{@link org.genimage.degrade.JpegCompression}: a libjpeg(-turbo) round trip at a quality
 *       1..100 with the standard quantisation tables ({@link org.genimage.degrade.JpegQuantTables}),
 *       as Pillow's {@code save(quality=q)} followed by {@code Image.open}.</li>
 *   <li>{@link org.genimage.degrade.GaussianBlur}: {@code scipy.ndimage.gaussian_filter} per channel,
 *       or OpenCV's {@code GaussianBlur}.</li>
 *   <li>{@link org.genimage.degrade.GaussianNoise}, {@link org.genimage.degrade.CenterCrop},
 *       {@link org.genimage.degrade.RandomCrop}, {@link org.genimage.degrade.HorizontalFlip} for
 *       training.</li>
 *   <li>{@link org.genimage.degrade.PaperDegradations}: the GenImage degraded-image presets;
 *       {@link org.genimage.degrade.BlurJpegAugmentation}: CNNSpot's Blur+JPEG augmentation.</li>
 * </ul>
 *
 * <p>Every transform validates its arguments at construction (throwing
 * {@link org.genimage.api.BadArgumentException} naming the parameter and the allowed range), names all
 * its parameters in {@code description()} and {@code toString()}, and keeps its scratch buffers per
 * thread so that the hot path allocates only the output image.
 */
package org.genimage.degrade;
