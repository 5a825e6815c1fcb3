package org.genimage.detectors.ensemble;

import java.nio.file.Path;
import org.genimage.api.Detector;
import org.genimage.api.DetectorProvider;
import org.genimage.api.LoadOptions;

/**
 * Lets {@code org.genimage.api.Detectors.load(path)} open ensemble files ({@link EnsembleFile}). Registered in
 * {@code META-INF/services/org.genimage.api.DetectorProvider}. Thread-safe.
 */
public final class EnsembleProvider implements DetectorProvider {
  /** Used by {@code ServiceLoader}. */
  public EnsembleProvider() {}

  @Override
  public String name() {
    return "genimage-ensemble";
  }

  @Override
  public boolean canLoad(Path file) {
    return EnsembleFile.isEnsembleFile(file);
  }

  @Override
  public Detector load(Path file) {
    return EnsembleFile.read(file, LoadOptions.defaults());
  }

  /** Loads every member with the same options. */
  @Override
  public Detector load(Path file, LoadOptions options) {
    return EnsembleFile.read(file, options);
  }
}
