package org.genimage.dataset.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.genimage.api.BadImageException;
import org.genimage.api.BufferedImages;
import org.genimage.api.Checks;
import org.genimage.api.Dataset;
import org.genimage.api.Sample;

/**
 * What {@link SimulatedDatasetMaker#writeTo(Path)} wrote.
 *
 * @param root the folder the release layout was written under
 * @param samples every written file as a sample (ids relative to {@code root}, '/'-separated), in the
 *     maker's order
 * @param valGroundTruth the ImageNet-style ground-truth file for the real val files
 *     ({@code ILSVRC2012_val_00000001.JPEG 65} per line: file name, class index)
 */
public record SimulatedRelease(Path root, List<Sample> samples, Path valGroundTruth) {
  /**
   * Validates and copies.
   *
   * @throws org.genimage.api.BadArgumentException if a component is null
   */
  public SimulatedRelease {
    Checks.notNull("root", root);
    samples = List.copyOf(Checks.notNull("samples", samples));
    Checks.notNull("valGroundTruth", valGroundTruth);
  }

  /**
   * The written files as a dataset that decodes them with ImageIO (TwelveMonkeys readers when on the
   * class path).
   *
   * @param name the dataset's name
   * @return the dataset
   */
  public Dataset dataset(String name) {
    return Dataset.of(name, samples, SimulatedRelease::decode);
  }

  static org.genimage.api.RgbImage decode(Sample sample) {
    try (InputStream in = Files.newInputStream(sample.path())) {
      var image = ImageIO.read(in);
      if (image == null) {
        throw new BadImageException(sample.path(), "no ImageIO reader recognises the file");
      }
      return BufferedImages.toRgbImage(image);
    } catch (IOException e) {
      throw new BadImageException(sample.path(), "cannot read: " + e.getMessage(), e);
    }
  }
}
