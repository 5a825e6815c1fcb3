package org.genimage.examples.cli;

import java.nio.file.Path;
import org.genimage.examples.TrainingSettings;
import picocli.CommandLine.Option;

/** The training options of {@code train} and {@code evaluate} (a picocli mixin). */
public final class TrainingOptions {
  @Option(names = "--epochs", defaultValue = "6", description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "16",
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.002",
      description = "Learning rate, Adam (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--size", defaultValue = "64",
      description = "Input size of the small networks (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--detector-config", paramLabel = "JSON_FILE",
      description = "Configs of registry architecture families: {\"family\": {...}}.")
  Path detectorConfig;

  /** Creates the options with their defaults (picocli fills them). */
  public TrainingOptions() {}

  /**
   * The settings.
   *
   * @param checkpointDir where to checkpoint, or null
   * @return the settings
   */
  public TrainingSettings settings(Path checkpointDir) {
    return new TrainingSettings(size, epochs, batch, learningRate, seed, checkpointDir);
  }
}
