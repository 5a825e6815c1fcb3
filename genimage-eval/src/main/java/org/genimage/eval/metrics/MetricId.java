package org.genimage.eval.metrics;

import java.util.Locale;
import org.genimage.api.BadArgumentException;

/**
 * The metrics an evaluation computes, keyed by a stable id used in CSV/JSON files and reports.
 */
public enum MetricId {
  /** Accuracy at the evaluation's threshold. */
  ACCURACY("accuracy", "Acc", true),
  /** Accuracy on real images only (true-negative rate) at the threshold. */
  REAL_ACCURACY("real_accuracy", "Real acc", true),
  /** Accuracy on fake images only (true-positive rate) at the threshold. */
  FAKE_ACCURACY("fake_accuracy", "Fake acc", true),
  /** Average precision of fake detection (threshold-free). */
  AVERAGE_PRECISION("average_precision", "AP", true),
  /** Area under the ROC curve (threshold-free). */
  ROC_AUC("roc_auc", "AUC", true),
  /** Equal error rate (threshold-free; lower is better). */
  EER("eer", "EER", false),
  /** Accuracy at a threshold tuned on the test labels: an oracle figure, not a deployable one. */
  ORACLE_ACCURACY("oracle_accuracy", "Oracle acc", true),
  /**
   * The true positive rate at 1% false positive rate: the largest fake accuracy of a threshold that
   * calls at most 1% of the real images fake (see {@link TprAtFpr}; threshold-free).
   */
  TPR_AT_1PCT_FPR("tpr_at_1pct_fpr", "TPR@1%FPR", true),
  /** The true positive rate at 5% false positive rate (see {@link TprAtFpr}; threshold-free). */
  TPR_AT_5PCT_FPR("tpr_at_5pct_fpr", "TPR@5%FPR", true),
  /**
   * The false positive rate at 95% true positive rate: the smallest share of real images called
   * fake by a threshold that catches at least 95% of the fakes (see {@link FprAtTpr}; lower is
   * better).
   */
  FPR_AT_95PCT_TPR("fpr_at_95pct_tpr", "FPR@95%TPR", false),
  /**
   * Expected calibration error of the scores read as P(FAKE), over equal-width bins (see {@link
   * CalibrationCurve}; lower is better, NaN when a score lies outside [0, 1]).
   */
  ECE("ece", "ECE", false),
  /**
   * Brier score: the mean squared difference between P(FAKE) and the label (see {@link
   * BrierScore}; lower is better, NaN when a score lies outside [0, 1]).
   */
  BRIER("brier", "Brier", false);

  private final String id;
  private final String shortName;
  private final boolean higherIsBetter;

  MetricId(String id, String shortName, boolean higherIsBetter) {
    this.id = id;
    this.shortName = shortName;
    this.higherIsBetter = higherIsBetter;
  }

  /**
   * The stable id ({@code "average_precision"}).
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The column header for reports ({@code "AP"}).
   *
   * @return the short name
   */
  public String shortName() {
    return shortName;
  }

  /**
   * Whether a larger value is better.
   *
   * @return false for the error figures (EER, FPR at 95% TPR, ECE, Brier score)
   */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /**
   * Finds a metric by id, case-insensitively.
   *
   * @param id an id such as {@code "roc_auc"}
   * @return the metric
   * @throws BadArgumentException if none has that id
   */
  public static MetricId fromId(String id) {
    String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (MetricId m : values()) {
      if (m.id.equals(key)) {
        return m;
      }
    }
    StringBuilder known = new StringBuilder("one of");
    for (MetricId m : values()) {
      known.append(m.ordinal() == 0 ? " " : ", ").append(m.id);
    }
    throw new BadArgumentException("id", id, known.toString());
  }
}
