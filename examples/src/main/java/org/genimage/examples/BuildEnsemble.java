package org.genimage.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.ValidationFit;
import org.genimage.detectors.ensemble.EnsembleDetector;
import org.genimage.detectors.ensemble.FusionMethod;
import org.genimage.eval.ManifestHash;
import org.genimage.eval.calibration.LogisticModel;
import org.genimage.eval.metrics.RocAuc;

/**
 * Builds an ensemble detector file from saved detectors: the mean or maximum of their logits, or logistic
 * stacking fitted on validation data. The validation AUCs it reports for stacking are measured on the data the
 * weights were fitted on.
 *
 * <pre>{@code
 * BuildEnsemble.Result r = BuildEnsemble.run(new BuildEnsemble.Request(List.of(a, b), "stacking", valDir,
 *     out, LoadOptions.defaults()), Progress.NONE);
 * }</pre>
 */
public final class BuildEnsemble {
  private BuildEnsemble() {}

  /**
   * What to build.
   *
   * @param members the member detector files (any file {@code Detectors.load} reads), in order
   * @param method {@code mean}, {@code max} or {@code stacking}
   * @param data the validation data for stacking (folder or manifest), null for mean and max
   * @param output the ensemble file to write
   * @param load how to load the members
   */
  public record Request(List<Path> members, String method, Path data, Path output, LoadOptions load) {
    /**
     * Validates the request.
     *
     * @throws BadArgumentException for no members, an unknown method, or data given or missing wrongly
     */
    public Request {
      members = List.copyOf(Checks.notNull("members", members));
      if (members.isEmpty()) {
        throw new BadArgumentException("members", "is empty; give at least one --member");
      }
      FusionMethod m = FusionMethod.parse("method", method);
      if (m == FusionMethod.STACKING && data == null) {
        throw new BadArgumentException("data", "is missing; stacking is fitted on validation data (--data)");
      }
      if (m != FusionMethod.STACKING && data != null) {
        throw new BadArgumentException("data", data, "none: only stacking is fitted on data");
      }
      Checks.notNull("output", output);
      Checks.notNull("load", load);
    }
  }

  /**
   * The ensemble written.
   *
   * @param output the file
   * @param method the fusion
   * @param memberNames the members' names, in order
   * @param stacking the fitted model (stacking only), else null
   * @param fittedOn the validation data (stacking only), else null
   * @param memberAuc each member's ROC AUC on the validation data (stacking only), else empty
   * @param ensembleAuc the stacked ensemble's ROC AUC on the same data (stacking only), else NaN
   */
  public record Result(Path output, FusionMethod method, List<String> memberNames, LogisticModel stacking,
      ValidationFit fittedOn, List<Double> memberAuc, double ensembleAuc) {}

  /**
   * Loads the members, fits stacking if asked, and writes the ensemble.
   *
   * @param request what to build
   * @param progress hears the scoring and skipped files
   * @return the result
   */
  public static Result run(Request request, Progress progress) {
    FusionMethod method = FusionMethod.parse("method", request.method());
    List<Detector> members = new ArrayList<>();
    try {
      for (Path p : request.members()) {
        members.add(Detectors.load(p, request.load()));
      }
    } catch (RuntimeException e) {
      members.forEach(Detector::close);
      throw e;
    }
    String name = request.output().getFileName().toString().replaceFirst("\\.[^.]+$", "");
    List<String> names = members.stream().map(m -> m.info().name()).toList();
    if (method != FusionMethod.STACKING) {
      try (EnsembleDetector e = method == FusionMethod.MEAN ? EnsembleDetector.mean(name, members)
          : EnsembleDetector.max(name, members)) {
        e.save(request.output());
      }
      return new Result(request.output(), method, names, null, null, List.of(), Double.NaN);
    }
    Dataset data;
    List<double[]> rows = new ArrayList<>();
    List<Sample> used;
    try {
      data = DataSources.open(request.data(), progress);
      used = ValidationBatches.forEach(data, progress, b -> {
        for (double[] row : EnsembleDetector.memberLogits(members, b.images())) {
          rows.add(row);
        }
      });
    } catch (RuntimeException e) {
      members.forEach(Detector::close);
      throw e;
    }
    int[] y = ValidationBatches.labels(used);
    double[][] z = rows.toArray(new double[0][]);
    ValidationFit fit = new ValidationFit(ManifestHash.of(used), used.size());
    EnsembleDetector fitted;
    try {
      fitted = EnsembleDetector.fitStacking(name, members, y, z, fit);
    } catch (RuntimeException e) {
      members.forEach(Detector::close);
      throw e;
    }
    try (EnsembleDetector e = fitted) {
      List<Double> aucs = new ArrayList<>();
      for (int j = 0; j < members.size(); j++) {
        double[] col = new double[z.length];
        for (int i = 0; i < z.length; i++) {
          col[i] = z[i][j];
        }
        aucs.add(RocAuc.of(y, col));
      }
      double[] fused = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        fused[i] = e.fuse(z[i]);
      }
      e.save(request.output());
      return new Result(request.output(), method, names, e.stackingModel().orElseThrow(), fit, aucs,
          RocAuc.of(y, fused));
    }
  }
}
