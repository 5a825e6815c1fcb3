package org.genimage.api;

import java.util.List;
import org.genimage.api.internal.Checks;

/** The dataset {@link Dataset#of} returns. */
record SimpleDataset(String name, List<Sample> samples, ImageLoader loader) implements Dataset {
  SimpleDataset {
    Checks.notBlank("name", name);
    samples = List.copyOf(Checks.notNull("samples", samples));
    Checks.notNull("loader", loader);
  }

  @Override
  public RgbImage load(Sample sample) {
    return loader.load(sample);
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + samples.size() + " samples]";
  }
}
