package org.genimage.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.genimage.api.BadImageException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.FileNames;
import org.genimage.dataset.ImageDecoder;
import org.genimage.spectral.PeriodicArtifactDetector;

/**
 * Scores image files with a detector: the probability that each image is generated.
 *
 * <pre>{@code
 * DetectImages.Result r = DetectImages.run(List.of(Path.of("photos")), null, 0.5, Progress.NONE);
 * r.scores().forEach(s -> System.out.println(s.file() + " " + s.probability()));
 * }</pre>
 */
public final class DetectImages {
  private DetectImages() {}

  /**
   * One file's verdict.
   *
   * @param file the image file
   * @param probability P(generated) in [0, 1], or NaN if the file could not be scored
   * @param fake whether {@code probability > threshold}
   * @param error why the file could not be scored, or null
   */
  public record ImageScore(Path file, double probability, boolean fake, String error) {
    /**
     * Whether the file was scored.
     *
     * @return true when there is no error
     */
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * The scores of a run.
   *
   * @param detector the detector's name
   * @param architecture its architecture
   * @param engine what ran the forward pass ({@code DetectorInfo.engine()}, e.g. the oneDNN plan, or
   *     {@code Java} for detectors without a network)
   * @param threshold the decision threshold
   * @param scores one row per file, in the order the files were given (folders sorted)
   */
  public record Result(String detector, String architecture, String engine, double threshold,
      List<ImageScore> scores) {
    /** Copies the list. */
    public Result {
      scores = List.copyOf(scores);
    }

    /**
     * The number of files that could not be scored.
     *
     * @return the count
     */
    public long failures() {
      return scores.stream().filter(s -> !s.ok()).count();
    }
  }

  /**
   * The default detector: the training-free spectral-peak score, which needs no model file.
   *
   * @return a new detector
   */
  public static Detector defaultDetector() {
    return PeriodicArtifactDetector.withDefaults();
  }

  /**
   * Expands files and folders (recursively, image files only, sorted) into a list of files.
   *
   * @param inputs files or folders
   * @return the image files
   * @throws BadImageException naming the first input that does not exist
   */
  public static List<Path> expand(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path p : Checks.notNull("inputs", inputs)) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> FileNames.isImage(f.getFileName().toString()))
              .sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + p, e);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new BadImageException(p, "no such file or folder");
      }
    }
    return files;
  }

  /**
   * Scores files.
   *
   * @param inputs files or folders
   * @param model a saved detector file ({@link Detectors#load}), or null for {@link
   *     #defaultDetector()}
   * @param threshold the decision threshold in [0, 1]
   * @param progress receives a counted task
   * @return one score per file; files that fail to decode carry an error instead
   * @throws org.genimage.api.BadModelFileException if the model cannot be loaded
   * @throws BadImageException if an input does not exist
   */
  public static Result run(List<Path> inputs, Path model, double threshold, Progress progress) {
    return run(inputs, model, LoadOptions.defaults(), threshold, progress);
  }

  /**
   * Scores files with a saved detector set up as {@code options} ask (engine, batch size, threads per call).
   *
   * @param inputs files or folders
   * @param model a saved detector file, or null for {@link #defaultDetector()} (which takes only the defaults)
   * @param options how the model is loaded
   * @param threshold the decision threshold in [0, 1]
   * @param progress receives a counted task
   * @return one score per file; files that fail to decode carry an error instead
   * @throws org.genimage.api.BadModelFileException if the model cannot be loaded
   * @throws org.genimage.api.BadArgumentException if the options are not the defaults without a model, or
   *     the model's provider cannot honour them
   * @throws BadImageException if an input does not exist
   */
  public static Result run(List<Path> inputs, Path model, LoadOptions options, double threshold,
      Progress progress) {
    Checks.inRange("threshold", threshold, 0.0, 1.0);
    Checks.notNull("options", options);
    if (model == null && !options.equals(LoadOptions.defaults())) {
      throw new org.genimage.api.BadArgumentException("options", options,
          "the defaults for the built-in detector (give --model to choose an engine, batch or threads)");
    }
    List<Path> files = expand(inputs);
    try (Detector detector = model == null ? defaultDetector() : Detectors.load(model, options)) {
      return score(files, detector, threshold, progress);
    }
  }

  /**
   * Scores files with a detector the caller owns.
   *
   * @param files image files
   * @param detector the detector (not closed)
   * @param threshold the decision threshold
   * @param progress receives a counted task
   * @return the scores
   */
  public static Result score(List<Path> files, Detector detector, double threshold,
      Progress progress) {
    Checks.notNull("detector", detector);
    ImageDecoder decoder = ImageDecoder.standard();
    int batch = Math.max(1, detector.info().preferredBatchSize());
    List<ImageScore> out = new ArrayList<>(files.size());
    progress.startTask("scoring", files.size());
    try {
      for (int start = 0; start < files.size(); start += batch) {
        List<Path> chunk = files.subList(start, Math.min(files.size(), start + batch));
        List<RgbImage> images = new ArrayList<>();
        List<Path> decoded = new ArrayList<>();
        String[] errors = new String[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
          try {
            images.add(decoder.decode(chunk.get(i)));
            decoded.add(chunk.get(i));
          } catch (BadImageException e) {
            // Only a bad file becomes a row's error; anything else (a bug, out of memory) is not
            // about this file and fails the run.
            errors[i] = e.getMessage();
          }
        }
        float[] p = images.isEmpty() ? new float[0] : detector.scoreBatch(images);
        int k = 0;
        for (int i = 0; i < chunk.size(); i++) {
          if (errors[i] != null) {
            out.add(new ImageScore(chunk.get(i), Double.NaN, false, errors[i]));
          } else {
            double v = p[k++];
            out.add(new ImageScore(chunk.get(i), v, v > threshold, null));
          }
        }
        progress.step(out.size());
      }
    } finally {
      progress.endTask();
    }
    String engine = detector.info().engine();
    return new Result(detector.info().name(), detector.info().architecture(), engine, threshold, out);
  }
}
