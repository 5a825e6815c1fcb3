package org.genimage.examples.cli;

import java.nio.file.Path;
import org.genimage.api.BadArgumentException;
import org.genimage.detectors.train.TrainingBackend;
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

  @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "STEPS",
      description = "With --checkpoint-dir, also checkpoint every STEPS steps inside an epoch, so a killed run "
          + "resumes there (0: at epoch ends only; default ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--engine", defaultValue = "auto", paramLabel = "ENGINE",
      description = "What runs the training steps: auto (the oneDNN training plan on a CPU, else SameDiff), "
          + "onednn or samediff (default ${DEFAULT-VALUE}).")
  String engine;

  /** Creates the options with their defaults (picocli fills them). */
  public TrainingOptions() {}

  /**
   * The settings.
   *
   * @param checkpointDir where to checkpoint, or null
   * @return the settings
   */
  public TrainingSettings settings(Path checkpointDir) {
    return new TrainingSettings(size, epochs, batch, learningRate, seed, checkpointDir, checkpointEvery,
        backend());
  }

  private TrainingBackend backend() {
    for (TrainingBackend b : TrainingBackend.values()) {
      if (b.name().equalsIgnoreCase(engine.trim())) {
        return b;
      }
    }
    throw new BadArgumentException("engine", engine, "one of auto, onednn, samediff");
  }
}
