/**
 * Metrics for real-vs-fake detection, checked against scikit-learn: {@link
 * org.genimage.eval.metrics.Accuracy} (overall, real and fake at a threshold), {@link
 * org.genimage.eval.metrics.AveragePrecision}, {@link org.genimage.eval.metrics.RocAuc} (mid-ranks
 * for ties), {@link org.genimage.eval.metrics.EqualErrorRate}, the curves {@link
 * org.genimage.eval.metrics.RocCurve} and {@link org.genimage.eval.metrics.PrecisionRecallCurve},
 * the clearly labelled {@link org.genimage.eval.metrics.OracleAccuracy}, the operating points {@link
 * org.genimage.eval.metrics.TprAtFpr} and {@link org.genimage.eval.metrics.FprAtTpr}, the
 * calibration figures {@link org.genimage.eval.metrics.BrierScore} and {@link
 * org.genimage.eval.metrics.ExpectedCalibrationError} (over a {@link
 * org.genimage.eval.metrics.CalibrationCurve}), and the typed view {@link
 * org.genimage.eval.metrics.BinaryEvaluation} that bundles them with seeded bootstrap intervals
 * ({@link org.genimage.eval.metrics.EvaluationOptions}). Thresholds fitted on validation data
 * ({@link org.genimage.eval.metrics.ThresholdRule},
 * {@link org.genimage.eval.metrics.FittedThreshold}) are applied to test scores by {@link
 * org.genimage.eval.metrics.ThresholdedEvaluation}, which keeps the threshold and how it was
 * chosen beside the metrics.
 *
 * <p>Conventions: label 0 is REAL and 1 is FAKE, scores are P(FAKE), an image is predicted FAKE when
 * its score is strictly above the threshold. A metric that is undefined for the data (AUC with one
 * class, AP without fakes) is NaN, never an exception and never a made-up 0.
 *
 * <pre>{@code
 * int[] labels = {0, 0, 1, 1};
 * double[] scores = {0.1, 0.4, 0.35, 0.8};
 * double auc = RocAuc.of(labels, scores);                       // 0.75
 * BinaryEvaluation e = BinaryEvaluation.of(labels, scores, EvaluationOptions.defaults());
 * }</pre>
 */
package org.genimage.eval.metrics;
