package org.genimage.api;

import java.util.List;
import java.util.function.Predicate;

/**
 * An indexed, finite collection of labelled images. The list of samples is known up front (cheap to
 * query, count and sample from); pixels are loaded lazily, one sample at a time, with
 * {@link #load(Sample)}.
 *
 * <p>Protocols and trainers take this type, so they run on any collection: the GenImage release, a
 * manifest, a simulated dataset, or an in-memory one made with {@link #of(String, List, ImageLoader)}.
 */
public interface Dataset {
  /**
   * A short name for reports ({@code "sd14/val"}).
   *
   * @return the name
   */
  String name();

  /**
   * The samples, in a stable order.
   *
   * @return an immutable list
   */
  List<Sample> samples();

  /**
   * Loads one sample's pixels. Safe to call from several threads at once.
   *
   * @param sample a sample of this dataset
   * @return its pixels
   * @throws BadImageException naming the file, if it cannot be decoded
   */
  RgbImage load(Sample sample);

  /**
   * The number of samples.
   *
   * @return {@code samples().size()}
   */
  default int size() {
    return samples().size();
  }

  /**
   * Counts the samples with a label.
   *
   * @param label the label
   * @return how many samples carry it
   */
  default long count(Label label) {
    return samples().stream().filter(s -> s.label() == label).count();
  }

  /**
   * The samples that satisfy a condition, loaded the same way.
   *
   * @param newName the name of the subset
   * @param condition which samples to keep
   * @return a new dataset
   */
  default Dataset filter(String newName, Predicate<Sample> condition) {
    return of(newName, samples().stream().filter(condition).toList(), this::load);
  }

  /**
   * A dataset of the given samples and loader.
   *
   * @param name the name
   * @param samples the samples (copied)
   * @param loader how pixels are obtained
   * @return the dataset
   */
  static Dataset of(String name, List<Sample> samples, ImageLoader loader) {
    return new SimpleDataset(name, samples, loader);
  }
}
