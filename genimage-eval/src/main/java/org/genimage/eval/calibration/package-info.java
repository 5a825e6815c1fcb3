/**
 * Post-hoc calibration of a detector's outputs, fitted on validation data: {@link
 * org.genimage.eval.calibration.TemperatureScaling} (one temperature dividing the logits) and {@link
 * org.genimage.eval.calibration.PlattScaling} (a sigmoid of an affine map, as scikit-learn's
 * sigmoid calibration). Both are immutable records behind the sealed {@link
 * org.genimage.eval.calibration.Calibration}, with a name and named parameters so that detector
 * files can store them and {@link org.genimage.eval.calibration.Calibration#restore} can rebuild
 * them. Fitting is deterministic (Newton's method on a convex objective, in plain Java) and checked
 * against scikit-learn and scipy.
 *
 * <pre>{@code
 * TemperatureScaling t = TemperatureScaling.fit(valLabels, valLogits);
 * double p = t.apply(logit);                      // calibrated P(FAKE)
 * Map<String, Double> saved = t.parameters();     // {"temperature": 2.81}
 * Calibration back = Calibration.restore(t.name(), saved);
 * }</pre>
 */
package org.genimage.eval.calibration;
