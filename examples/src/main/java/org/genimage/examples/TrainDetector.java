package org.genimage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.EpochSummary;
import org.genimage.api.Label;
import org.genimage.api.TrainingListener;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.Split;

/**
 * Trains a named detector recipe ({@link DetectorRecipes}) on one generator's train split of a
 * dataset, selects checkpoints on that generator's val split, and saves the detector to one file
 * that {@link org.genimage.api.Detectors#load} reads back.
 */
public final class TrainDetector {
  private TrainDetector() {}

  /**
   * What to train.
   *
   * @param detector a recipe or architecture family name
   * @param data a dataset root or manifest
   * @param generator the generator id to train on ({@code sd14}), or {@code all} for every subset
   * @param settings sizes, epochs, batch, learning rate, seed
   * @param configs JSON configs of registry families (may be empty)
   * @param output the detector file to write
   */
  public record Request(String detector, Path data, String generator, TrainingSettings settings,
      Map<String, JsonNode> configs, Path output) {
    /** Validates. */
    public Request {
      Checks.notBlank("detector", detector);
      Checks.notNull("data", data);
      Checks.notBlank("generator", generator);
      Checks.notNull("settings", settings);
      configs = Map.copyOf(Checks.notNull("configs", configs));
      Checks.notNull("output", output);
    }
  }

  /**
   * What training produced.
   *
   * @param file the saved detector, or null if the detector cannot be saved
   * @param info the detector's description and provenance
   * @param epochs the per-epoch summaries
   * @param trainingImages the number of training images
   * @param elapsed wall-clock time
   */
  public record Result(Path file, DetectorInfo info, List<EpochSummary> epochs, int trainingImages,
      Duration elapsed) {
    /** Copies the list. */
    public Result {
      epochs = List.copyOf(epochs);
    }
  }

  /**
   * Trains and saves.
   *
   * @param r the request
   * @param progress receives the trainer's batches and epochs
   * @return the saved file and what training did
   * @throws org.genimage.api.BadDatasetLayoutException if the data has no such subset
   */
  public static Result run(Request r, Progress progress) {
    Checks.notNull("progress", progress);
    long t0 = System.nanoTime();
    Dataset data = DataSources.open(r.data(), progress);
    Dataset train;
    Dataset val;
    if (r.generator().equalsIgnoreCase("all")) {
      train = DataSources.split(data, Split.TRAIN);
      val = DataSources.split(data, Split.VAL);
    } else {
      train = DataSources.subset(data, Split.TRAIN, r.generator());
      val = DataSources.subset(data, Split.VAL, r.generator());
    }
    DetectorTrainer trainer = DetectorRecipes.trainer(r.detector(), r.settings(), r.configs());
    progress.message("training " + trainer.name() + " on " + train.name() + " ("
        + train.count(Label.REAL) + " real, " + train.count(Label.FAKE) + " fake), validating on "
        + val.name());
    List<EpochSummary> epochs = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onStart(int n, int batchesPerEpoch) {
        progress.onStart(n, batchesPerEpoch);
      }

      @Override
      public void onBatch(int epoch, int batch, double loss) {
        progress.onBatch(epoch, batch, loss);
      }

      @Override
      public void onEpoch(EpochSummary summary) {
        epochs.add(summary);
        progress.onEpoch(summary);
      }
    };
    try (Detector d = trainer.train(train, val, listener)) {
      Path saved = r.output();
      try {
        Path parent = saved.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        d.save(saved);
      } catch (UnsupportedOperationException e) {
        saved = null;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create the folder of " + saved, e);
      }
      return new Result(saved, d.info(), epochs, train.size(),
          Duration.ofNanos(System.nanoTime() - t0));
    }
  }
}
