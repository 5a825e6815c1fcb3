package org.genimage.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.DetectorCalibration;
import org.genimage.detectors.Logits;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ValidationFit;
import org.genimage.eval.ManifestHash;
import org.genimage.eval.calibration.Calibration;
import org.genimage.eval.calibration.PlattScaling;
import org.genimage.eval.calibration.TemperatureScaling;
import org.genimage.eval.metrics.BrierScore;
import org.genimage.eval.metrics.ExpectedCalibrationError;

/**
 * Fits temperature or Platt scaling on a validation set's raw logits and writes a copy of the detector file
 * whose {@code score()} applies it. The errors it reports are measured on the data the calibration was fitted
 * on, so they show the fit, not how calibrated the detector is on unseen data.
 *
 * <pre>{@code
 * CalibrateDetector.Result r = CalibrateDetector.run(new CalibrateDetector.Request(model, valDir,
 *     "temperature", out, LoadOptions.defaults()), Progress.NONE);
 * System.out.println(r.eceBefore() + " -> " + r.eceAfter());
 * }</pre>
 */
public final class CalibrateDetector {
  private CalibrateDetector() {}

  /**
   * What to calibrate.
   *
   * @param model a detector file written by genimage (a network detector)
   * @param data the validation data (folder or manifest): not the test set
   * @param method {@code temperature} or {@code platt}
   * @param output the calibrated detector file to write
   * @param load how to load the model
   */
  public record Request(Path model, Path data, String method, Path output, LoadOptions load) {
    /**
     * Validates the request.
     *
     * @throws BadArgumentException for a missing path or an unknown method
     */
    public Request {
      Checks.notNull("model", model);
      Checks.notNull("data", data);
      Checks.notNull("output", output);
      Checks.notNull("load", load);
      method = Checks.notBlank("method", method).toLowerCase(Locale.ROOT);
      if (!method.equals(TemperatureScaling.NAME) && !method.equals(PlattScaling.NAME)) {
        throw new BadArgumentException("method", method, "temperature or platt");
      }
    }
  }

  /**
   * The fitted calibration and the errors before and after it, on the validation data.
   *
   * @param output the file written
   * @param calibration the fitted calibration
   * @param fittedOn the validation data's manifest hash and size
   * @param skipped files that could not be decoded
   * @param eceBefore expected calibration error of the detector's scores before (15 bins)
   * @param eceAfter expected calibration error after
   * @param brierBefore Brier score before
   * @param brierAfter Brier score after
   */
  public record Result(Path output, Calibration calibration, ValidationFit fittedOn, int skipped, double eceBefore,
      double eceAfter, double brierBefore, double brierAfter) {}

  /**
   * Fits the calibration and writes the calibrated detector.
   *
   * @param request what to calibrate
   * @param progress hears the scoring and skipped files
   * @return the result
   * @throws BadArgumentException when the model is not a network detector or the data has one label only
   */
  public static Result run(Request request, Progress progress) {
    Dataset data = DataSources.open(request.data(), progress);
    try (Detector loaded = Detectors.load(request.model(), request.load())) {
      if (!(loaded instanceof NetworkDetector d)) {
        throw new BadArgumentException("model", request.model(), "a network detector file (calibration is"
            + " stored in .gidet detector files; " + loaded.info().architecture() + " is not one)");
      }
      List<Double> raw = new ArrayList<>();
      List<Sample> used = ValidationBatches.forEach(data, progress, b -> {
        for (double z : d.rawLogits(b.images())) {
          raw.add(z);
        }
      });
      int[] y = ValidationBatches.labels(used);
      double[] z = raw.stream().mapToDouble(Double::doubleValue).toArray();
      Calibration c = request.method().equals(TemperatureScaling.NAME) ? TemperatureScaling.fit(y, z)
          : PlattScaling.fit(y, z);
      double[] before = new double[z.length];
      double[] after = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        // What the detector scored before: through its current calibration, if it had one.
        final double zi = z[i];
        before[i] = d.calibration().map(k -> k.probability(zi)).orElse(Logits.sigmoid(zi));
        after[i] = c.apply(zi);
      }
      ValidationFit fit = new ValidationFit(ManifestHash.of(used), used.size());
      try (NetworkDetector calibrated = d.withCalibration(new DetectorCalibration(c, fit))) {
        calibrated.save(request.output());
      }
      return new Result(request.output(), c, fit, data.size() - used.size(), ExpectedCalibrationError.of(y, before),
          ExpectedCalibrationError.of(y, after), BrierScore.of(y, before), BrierScore.of(y, after));
    }
  }

  /**
   * The parameters as text, for printing.
   *
   * @param c a calibration
   * @return e.g. {@code temperature=2.5}
   */
  public static String describe(Calibration c) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : c.parameters().entrySet()) {
      b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
          .append(String.format(Locale.ROOT, "%.6g", e.getValue()));
    }
    return b.toString();
  }
}
