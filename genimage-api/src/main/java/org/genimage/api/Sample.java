package org.genimage.api;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.genimage.api.internal.Checks;

/**
 * One labelled image of a dataset: where it is, what it is, and where it came from.
 *
 * @param id a key that is unique within its dataset and stable across runs (by convention the path
 *     relative to the dataset root, with '/' separators); scores and manifests are keyed by it
 * @param path the image file
 * @param label real or generated
 * @param generator the model that made a fake image, or the subset a real one was paired with; {@link
 *     Generator#UNKNOWN} when not known
 * @param imageNetClass the ImageNet-1k class index 0..999 when known, else {@link #NO_CLASS}
 */
public record Sample(String id, Path path, Label label, Generator generator, int imageNetClass) {
  /** The {@link #imageNetClass()} of a sample whose class is not known. */
  public static final int NO_CLASS = -1;

  /**
   * Validates the components.
   *
   * @throws BadArgumentException if a component is null, the id is blank, or the class is neither
   *     {@link #NO_CLASS} nor 0..999
   */
  public Sample {
    Checks.notBlank("id", id);
    Checks.notNull("path", path);
    Checks.notNull("label", label);
    Checks.notNull("generator", generator);
    if (imageNetClass != NO_CLASS) {
      Checks.inRange("imageNetClass", imageNetClass, 0, 999);
    }
  }

  /**
   * A sample of unknown generator and class, identified by its path.
   *
   * @param path the image file
   * @param label real or generated
   * @return the sample
   */
  public static Sample of(Path path, Label label) {
    Checks.notNull("path", path);
    return new Sample(path.toString().replace('\\', '/'), path, label, Generator.UNKNOWN, NO_CLASS);
  }

  /**
   * The ImageNet class, if known.
   *
   * @return the class index, or empty
   */
  public OptionalInt imageNetClassIfKnown() {
    return imageNetClass == NO_CLASS ? OptionalInt.empty() : OptionalInt.of(imageNetClass);
  }

  /**
   * The format of the sample's file, as its name says (no I/O; see {@link ImageFormat}).
   *
   * @return the format, {@link ImageFormat#OTHER} for an unknown extension
   */
  public ImageFormat fileFormat() {
    return ImageFormat.of(path);
  }

  /**
   * A copy with another label (for example after a label-convention conversion).
   *
   * @param newLabel the label
   * @return the new sample
   */
  public Sample withLabel(Label newLabel) {
    return new Sample(id, path, newLabel, generator, imageNetClass);
  }
}
