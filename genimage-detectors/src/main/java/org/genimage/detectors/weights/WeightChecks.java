package org.genimage.detectors.weights;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;

/**
 * Checks on weights read from a file that {@link SafeTensors} (a format reader) does not make: values a network
 * can use, and expected shapes an architecture config declares that the file can actually hold. Each failure is a
 * {@link BadModelFileException} naming the file and the tensor. Stateless and thread-safe.
 */
public final class WeightChecks {
  /** Fewest bytes one stored element takes in any dtype {@link SafeTensors} reads (F16 and BF16). */
  private static final int MIN_ELEMENT_BYTES = 2;

  private WeightChecks() {}

  /**
   * Refuses NaN and infinite values: a network with one computes NaN scores for every image, silently.
   *
   * @param source  the file the tensors came from, for messages (null for an in-memory source)
   * @param tensors the tensors
   * @throws BadModelFileException naming the file, the tensor and the first bad element
   */
  public static void requireFinite(Path source, Collection<NamedTensor> tensors) {
    Checks.notNull("tensors", tensors);
    for (NamedTensor t : tensors) {
      float[] d = t.data();
      for (int i = 0; i < d.length; i++) {
        if (!Float.isFinite(d[i])) {
          throw new BadModelFileException(source, "tensor '" + t.name() + "' holds " + d[i] + " at element " + i
              + " of " + d.length + " (weights must be finite)");
        }
      }
    }
  }

  /**
   * Checks, before any weight is read, that the shapes an architecture config declares are each small enough
   * for an array ({@link ReadLimits#MAX_TENSOR_ELEMENTS}, products computed without overflow) and together fit
   * in the bytes the file has for weights, so a hostile config cannot make the reader allocate beyond the file.
   *
   * @param source         the file, for messages
   * @param expected       tensor name to declared shape
   * @param availableBytes bytes of the file's weight section
   * @throws BadModelFileException naming the file and the offending tensor or total
   */
  public static void requireFits(Path source, Map<String, long[]> expected, long availableBytes) {
    Checks.notNull("expected", expected);
    long total = 0;
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      long n = elements(source, e.getKey(), e.getValue());
      total = Math.addExact(total, n);
      if (total > availableBytes / MIN_ELEMENT_BYTES) {
        throw new BadModelFileException(source, "the architecture declares more weights (at least " + total
            + " elements by tensor '" + e.getKey() + "') than the file's " + availableBytes
            + " bytes of weights can hold");
      }
    }
  }

  /**
   * The element count of a declared shape, checked.
   *
   * @param source the file, for messages
   * @param name   the tensor name
   * @param shape  the shape
   * @return the product of the dimensions, at most {@link ReadLimits#MAX_TENSOR_ELEMENTS}
   * @throws BadModelFileException for a negative dimension or a product above the bound (or overflowing)
   */
  public static long elements(Path source, String name, long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new BadModelFileException(source, "tensor '" + name + "': negative dimension in shape "
            + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException overflow) {
        n = Long.MAX_VALUE;
      }
    }
    if (n > ReadLimits.MAX_TENSOR_ELEMENTS) {
      throw new BadModelFileException(source, "tensor '" + name + "': shape " + Arrays.toString(shape)
          + " has more than " + ReadLimits.MAX_TENSOR_ELEMENTS + " elements");
    }
    return n;
  }
}
