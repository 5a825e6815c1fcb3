package org.genimage.dataset.sim;

import java.nio.file.Path;
import java.util.List;
import org.genimage.api.Dataset;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.ImageDecoder;

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
   * The written files as a dataset that decodes them with {@link ImageDecoder#standard()}.
   *
   * @param name the dataset's name
   * @return the dataset
   */
  public Dataset dataset(String name) {
    return Dataset.of(name, samples, ImageDecoder.standard());
  }
}
