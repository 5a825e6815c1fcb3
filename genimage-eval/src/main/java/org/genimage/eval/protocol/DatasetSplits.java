package org.genimage.eval.protocol;

import java.nio.charset.StandardCharsets;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * Seeded, order-independent splits of a dataset: a sample's side depends only on the seed and its id,
 * so adding or reordering samples never moves the others.
 */
final class DatasetSplits {
  private DatasetSplits() {}

  /**
   * The training part of a hold-out split.
   *
   * @param dataset the training split to divide
   * @param fraction the held-out fraction in (0, 1)
   * @param seed the seed
   * @return the samples not held out, named {@code <name>-train}
   */
  static Dataset trainPart(Dataset dataset, double fraction, long seed) {
    check(dataset, fraction);
    return dataset.filter(dataset.name() + "-train", s -> !heldOut(s, fraction, seed));
  }

  /**
   * The held-out part of a hold-out split.
   *
   * @param dataset the training split to divide
   * @param fraction the held-out fraction in (0, 1)
   * @param seed the seed
   * @return the held-out samples, named {@code <name>-holdout}
   */
  static Dataset heldOutPart(Dataset dataset, double fraction, long seed) {
    check(dataset, fraction);
    return dataset.filter(dataset.name() + "-holdout", s -> heldOut(s, fraction, seed));
  }

  private static void check(Dataset dataset, double fraction) {
    Checks.notNull("dataset", dataset);
    if (!(fraction > 0 && fraction < 1)) {
      throw new BadArgumentException("fraction", fraction, "(0, 1)");
    }
  }

  private static boolean heldOut(Sample s, double fraction, long seed) {
    long h = seed ^ 0xcbf29ce484222325L;
    for (byte b : s.id().getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }
}
