package org.genimage.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * The part of a {@link Sample} that travels to executors: {@code Sample} holds a {@link Path} and a
 * {@link org.genimage.api.Generator}, which Java serialization does not carry, so they go as text.
 *
 * @param index the sample's position in the list it came from (the driver restores that order)
 * @param id the sample id
 * @param path the image's location: a local path, or a Hadoop FileSystem URI ({@code hdfs://},
 *     {@code s3a://}, {@code file://}) that executors read through Hadoop's {@code FileSystem}
 * @param label 0 (REAL) or 1 (FAKE)
 * @param generator the generator's id
 * @param imageNetClass the ImageNet class or {@link Sample#NO_CLASS}
 */
public record SampleRef(int index, String id, String path, int label, String generator,
    int imageNetClass) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a negative index, blank id or path, or a
   *     label other than 0 or 1
   */
  public SampleRef {
    Checks.nonNegative("index", index);
    Checks.notBlank("id", id);
    Checks.notBlank("path", path);
    Checks.inRange("label", label, 0, 1);
    Checks.notBlank("generator", generator);
  }

  /**
   * The references of a list of samples, indexed by their position.
   *
   * @param samples the samples
   * @return one reference per sample, in order
   */
  public static List<SampleRef> of(List<Sample> samples) {
    Checks.notNull("samples", samples);
    List<SampleRef> refs = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      refs.add(new SampleRef(i, s.id(), s.path().toString(), s.label().index(), s.generator().id(),
          s.imageNetClass()));
    }
    return refs;
  }

  /**
   * A sample for loaders on the executor. The generator is {@link org.genimage.api.Generator#UNKNOWN}
   * unless it is one of GenImage's eight. The path is the local file for a local location (a plain
   * path or a {@code file:} URI); for a location on another file system it is the URI's text as a
   * path, which names the file in errors but cannot be opened (executors read the bytes through
   * Hadoop and hand them to the decoder).
   *
   * @return the sample
   */
  public Sample toSample() {
    Path local = HadoopFiles.localFile(path);
    Path p;
    try {
      p = local != null ? local : Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      p = Path.of(path.replace(':', '_'));
    }
    return new Sample(id, p, Label.fromIndex(label),
        org.genimage.api.Generator.lookup(generator).orElse(org.genimage.api.Generator.UNKNOWN),
        imageNetClass);
  }
}
