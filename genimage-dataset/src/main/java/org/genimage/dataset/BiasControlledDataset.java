package org.genimage.dataset;

import java.util.List;
import java.util.function.Supplier;
import org.genimage.api.Dataset;
import org.genimage.api.ImageLoader;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * The dataset {@link Shortcuts#controlled} returns: the base dataset's name, a selection made once
 * on first use (it reads every real's header, too slow to do while a protocol is only being built),
 * and the control's loader.
 */
final class BiasControlledDataset implements Dataset {
  private final Dataset base;
  private final Supplier<List<Sample>> selection;
  private final ImageLoader loader;
  private volatile List<Sample> samples;

  BiasControlledDataset(Dataset base, Supplier<List<Sample>> selection, ImageLoader loader) {
    this.base = Checks.notNull("base", base);
    this.selection = Checks.notNull("selection", selection);
    this.loader = Checks.notNull("loader", loader);
  }

  @Override
  public String name() {
    return base.name();
  }

  @Override
  public List<Sample> samples() {
    List<Sample> s = samples;
    if (s == null) {
      synchronized (this) {
        s = samples;
        if (s == null) {
          s = List.copyOf(selection.get());
          samples = s;
        }
      }
    }
    return s;
  }

  @Override
  public RgbImage load(Sample sample) {
    return loader.load(sample);
  }

  @Override
  public String toString() {
    return "Dataset[" + name() + " under a bias control]";
  }
}
