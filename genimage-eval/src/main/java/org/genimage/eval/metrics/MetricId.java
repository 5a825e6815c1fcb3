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
  ORACLE_ACCURACY("oracle_accuracy", "Oracle acc", true);

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
   * @return false for the EER only
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
    throw new BadArgumentException("id", id, "one of accuracy, real_accuracy, fake_accuracy, "
        + "average_precision, roc_auc, eer, oracle_accuracy");
  }
}
