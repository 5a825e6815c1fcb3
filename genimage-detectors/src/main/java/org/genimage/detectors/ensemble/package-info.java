/**
 * Ensembles: a {@link org.genimage.detectors.ensemble.EnsembleDetector} fuses its member detectors' logits by
 * their mean, their maximum or logistic stacking fitted on validation data, and is saved
 * ({@link org.genimage.detectors.ensemble.EnsembleFile}, members embedded) and loaded through
 * {@code Detectors.load} ({@link org.genimage.detectors.ensemble.EnsembleProvider}) like any detector.
 */
package org.genimage.detectors.ensemble;
