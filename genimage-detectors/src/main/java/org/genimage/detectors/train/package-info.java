/**
 * The generic trainer for any {@link org.genimage.detectors.Architecture}: {@link
 * org.genimage.detectors.train.SameDiffTrainer} with its {@link org.genimage.detectors.train.TrainerConfig},
 * optimisers (SGD with momentum, Adam, AdamW) and learning-rate schedules (step, cosine with warm-up,
 * plateau), per-epoch validation, best-checkpoint keeping, early stopping and exact resume.
 */
package org.genimage.detectors.train;
