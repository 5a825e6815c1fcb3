package org.genimage.examples;

import java.nio.file.Path;
import java.util.List;
import org.genimage.api.internal.Checks;

/**
 * Every size and knob of the demo in one place, so that it can be tuned to finish in a few minutes
 * on two cores ({@link #defaults(Path)}) or in seconds for tests ({@link #tiny(Path)}).
 *
 * @param workDir where the data, run directories and report go
 * @param seed seed of the data, the training and the bootstrap
 * @param imageSize side of the simulated images and of the networks' input
 * @param trainPerLabel training images per label per simulated generator
 * @param valPerLabel val (test) images per label per simulated generator
 * @param detectors detector names ({@link DetectorRecipes#available()}), run in order
 * @param trainOn the subsets each detector is trained on (cross-generator rows)
 * @param epochs training epochs
 * @param batchSize training batch size
 * @param learningRate base learning rate
 * @param degradations the degradation set of {@link Evaluate#degradations(String)}
 * @param bootstrap bootstrap replicates for the confidence intervals (0 = none)
 * @param threads decoding and scoring threads
 */
public record DemoOptions(Path workDir, long seed, int imageSize, int trainPerLabel,
    int valPerLabel, List<String> detectors, List<String> trainOn, int epochs, int batchSize,
    double learningRate, String degradations, int bootstrap, int threads) {
  /** The detectors the demo trains unless told otherwise. */
  public static final List<String> DEFAULT_DETECTORS =
      List.of("resnet", "cnnspot", "spec", "periodic-artifact");

  /** Validates. */
  public DemoOptions {
    Checks.notNull("workDir", workDir);
    Checks.inRange("imageSize", imageSize, 32, 256);
    Checks.inRange("trainPerLabel", trainPerLabel, 4, 10_000);
    Checks.inRange("valPerLabel", valPerLabel, 2, 10_000);
    detectors = List.copyOf(Checks.notEmpty("detectors", detectors));
    trainOn = List.copyOf(Checks.notEmpty("trainOn", trainOn));
    Checks.inRange("epochs", epochs, 1, 1000);
    Checks.inRange("batchSize", batchSize, 2, 1024);
    Checks.inRange("learningRate", learningRate, 1e-6, 1.0);
    Checks.notBlank("degradations", degradations);
    Checks.inRange("bootstrap", bootstrap, 0, 10_000);
    Checks.positive("threads", threads);
  }

  /**
   * The demo as the README runs it: four simulated generators at 64 pixels, 64 training and 32 val
   * images per label each, detectors trained on the simulated BigGAN (x2 up-sampling) for 8 epochs.
   * (The simulated SD V1.4 trace, a mild blur under sensor noise, is not learnt by the small
   * ResNet in this budget: AUC about 0.6 after 5 epochs; the up-sampling trace is.)
   *
   * @param workDir the work folder
   * @return the options
   */
  public static DemoOptions defaults(Path workDir) {
    return new DemoOptions(workDir, 7, 64, 64, 32, DEFAULT_DETECTORS, List.of("biggan"), 8, 16,
        2e-3, "small", 200, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * A tiny demo for tests: 32 pixels, 8 training and 4 val images per label, 1 epoch.
   *
   * @param workDir the work folder
   * @return the options
   */
  public static DemoOptions tiny(Path workDir) {
    return new DemoOptions(workDir, 7, 32, 8, 4, List.of("resnet", "periodic-artifact"),
        List.of("biggan"), 1, 8, 2e-3, "small", 20, 2);
  }

  /**
   * A copy with other detectors.
   *
   * @param names detector names
   * @return the copy
   */
  public DemoOptions withDetectors(List<String> names) {
    return new DemoOptions(workDir, seed, imageSize, trainPerLabel, valPerLabel, names, trainOn,
        epochs, batchSize, learningRate, degradations, bootstrap, threads);
  }

  /**
   * A copy with another epoch count.
   *
   * @param n epochs
   * @return the copy
   */
  public DemoOptions withEpochs(int n) {
    return new DemoOptions(workDir, seed, imageSize, trainPerLabel, valPerLabel, detectors,
        trainOn, n, batchSize, learningRate, degradations, bootstrap, threads);
  }

  /**
   * A copy with other data sizes.
   *
   * @param train training images per label per generator
   * @param val val images per label per generator
   * @return the copy
   */
  public DemoOptions withSizes(int train, int val) {
    return new DemoOptions(workDir, seed, imageSize, train, val, detectors, trainOn, epochs,
        batchSize, learningRate, degradations, bootstrap, threads);
  }

  /**
   * The training settings these options imply.
   *
   * @return the settings
   */
  public TrainingSettings training() {
    return new TrainingSettings(imageSize, epochs, batchSize, learningRate, seed, null);
  }
}
