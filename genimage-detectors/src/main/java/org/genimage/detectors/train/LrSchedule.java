package org.genimage.detectors.train;

import org.genimage.api.internal.Checks;

/**
 * How the learning rate changes over epochs (it is constant within an epoch).
 *
 * @param kind         the schedule
 * @param stepEpochs   STEP: multiply by {@code factor} every this many epochs
 * @param factor       STEP and PLATEAU: the multiplier (e.g. 0.1)
 * @param warmupEpochs COSINE: epochs of linear warm-up from lr/warm-up to lr
 * @param patience     PLATEAU: epochs without validation improvement before the rate is cut
 * @param minLr        PLATEAU: training stops once the rate would fall below this (CNNSpot's rule);
 *                     COSINE: the final rate
 */
public record LrSchedule(Kind kind, int stepEpochs, double factor, int warmupEpochs, int patience, double minLr) {
  /** The schedules. */
  public enum Kind {
    /** The base rate throughout. */
    CONSTANT,
    /** Step decay. */
    STEP,
    /** Linear warm-up then cosine decay to {@code minLr} over the remaining epochs. */
    COSINE,
    /** Cut on a validation plateau, stop below {@code minLr} (CNNDetection's recipe). */
    PLATEAU
  }

  /** Validates. */
  public LrSchedule {
    Checks.notNull("kind", kind);
    Checks.positive("stepEpochs", stepEpochs);
    Checks.inRange("factor", factor, 1e-9, 1.0);
    Checks.nonNegative("warmupEpochs", warmupEpochs);
    Checks.positive("patience", patience);
    Checks.nonNegative("minLr", minLr);
  }

  /**
   * The base rate throughout.
   *
   * @return the schedule
   */
  public static LrSchedule constant() {
    return new LrSchedule(Kind.CONSTANT, 1, 1.0, 0, 1, 0);
  }

  /**
   * Step decay.
   *
   * @param every  epochs between cuts
   * @param factor multiplier
   * @return the schedule
   */
  public static LrSchedule step(int every, double factor) {
    return new LrSchedule(Kind.STEP, every, factor, 0, 1, 0);
  }

  /**
   * Cosine with linear warm-up.
   *
   * @param warmupEpochs warm-up epochs
   * @param minLr        final rate
   * @return the schedule
   */
  public static LrSchedule cosine(int warmupEpochs, double minLr) {
    return new LrSchedule(Kind.COSINE, 1, 1.0, warmupEpochs, 1, minLr);
  }

  /**
   * Plateau: multiply by {@code factor} after {@code patience} epochs without improvement; stop below
   * {@code minLr}.
   *
   * @param patience epochs without improvement
   * @param factor   multiplier
   * @param minLr    stop threshold
   * @return the schedule
   */
  public static LrSchedule plateau(int patience, double factor, double minLr) {
    return new LrSchedule(Kind.PLATEAU, 1, factor, 0, patience, minLr);
  }

  /**
   * The rate of an epoch for the epoch-indexed schedules (CONSTANT, STEP, COSINE); PLATEAU is stateful and
   * handled by the trainer (this returns {@code current} for it).
   *
   * @param base    base rate
   * @param current the rate in force (PLATEAU)
   * @param epoch   1-based epoch
   * @param epochs  total epochs
   * @return the rate
   */
  public double rateAt(double base, double current, int epoch, int epochs) {
    return switch (kind) {
      case CONSTANT -> base;
      case STEP -> base * Math.pow(factor, (epoch - 1) / stepEpochs);
      case COSINE -> {
        if (epoch <= warmupEpochs) {
          yield base * epoch / (warmupEpochs + 1.0);
        }
        int span = Math.max(1, epochs - warmupEpochs);
        double t = (epoch - warmupEpochs - 1) / (double) span;
        yield minLr + (base - minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
      }
      case PLATEAU -> current;
    };
  }
}
