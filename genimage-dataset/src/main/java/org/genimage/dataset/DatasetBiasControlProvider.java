package org.genimage.dataset;

import org.genimage.api.BiasControl;
import org.genimage.api.BiasControlProvider;
import org.genimage.api.Dataset;

/**
 * Applies a {@link BiasControl} with {@link Shortcuts#controlled}; registered in {@code
 * META-INF/services} so that every protocol of genimage-api finds it.
 */
public final class DatasetBiasControlProvider implements BiasControlProvider {
  /** Creates the provider (the service loader calls this). */
  public DatasetBiasControlProvider() {}

  @Override
  public String name() {
    return "genimage-dataset";
  }

  @Override
  public Dataset apply(Dataset dataset, BiasControl control, long seed) {
    return Shortcuts.controlled(dataset, control, seed);
  }
}
