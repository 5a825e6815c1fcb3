package org.genimage.detectors.weights;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * One named tensor held on the Java heap as row-major (C order) {@code float} values, the unit of exchange of
 * {@link SafeTensors} and of every architecture's parameter list.
 *
 * <p>Values of any stored dtype are widened or narrowed to {@code float} when read (see {@link SafeTensors});
 * {@code dtype} records what the file held so a round trip can say what was converted. The record copies
 * nothing on construction for speed (weights are large): callers hand over ownership of the arrays.
 *
 * @param name  the tensor's name, e.g. {@code layer1.0.conv1.weight}
 * @param dtype the dtype it was stored with (or will be written as)
 * @param shape its shape; empty for a scalar
 * @param data  its values in row-major order, {@code product(shape)} of them
 */
public record NamedTensor(String name, DType dtype, long[] shape, float[] data) {

  /** Validates that the data length matches the shape. */
  public NamedTensor {
    Checks.notBlank("name", name);
    Checks.notNull("dtype", dtype);
    Checks.notNull("shape", shape);
    Checks.notNull("data", data);
    long n = elementCount(shape);
    if (n != data.length) {
      throw new BadArgumentException("data.length of " + name, data.length,
          "the product of shape " + Arrays.toString(shape) + " = " + n);
    }
  }

  /**
   * A float32 tensor.
   *
   * @param name  tensor name
   * @param shape its shape
   * @param data  row-major values (not copied)
   * @return the tensor
   */
  public static NamedTensor f32(String name, long[] shape, float[] data) {
    return new NamedTensor(name, DType.F32, shape, data);
  }

  /**
   * The number of elements a shape holds.
   *
   * @param shape a shape with non-negative dimensions
   * @return the product of its dimensions (1 for a scalar)
   */
  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new BadArgumentException("shape", Arrays.toString(shape), "non-negative dimensions");
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * The shape as {@code int}s, for ND4J calls.
   *
   * @return a copy of the shape as ints
   */
  public int[] intShape() {
    int[] s = new int[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.toIntExact(shape[i]);
    }
    return s;
  }

  /** Equality on name, dtype and the contents of shape and data. */
  @Override
  public boolean equals(Object other) {
    return other instanceof NamedTensor t && t.name.equals(name) && t.dtype == dtype
        && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NamedTensor[" + name + " " + dtype + " " + Arrays.toString(shape) + "]";
  }

  /** The safetensors dtypes this package reads; only {@link #F32} is written. */
  public enum DType {
    /** IEEE 32-bit float. */
    F32(4),
    /** IEEE 16-bit float, read as float. */
    F16(2),
    /** bfloat16, read as float. */
    BF16(2),
    /** IEEE 64-bit float, read as float (rounded). */
    F64(8),
    /** 64-bit signed integer (e.g. {@code num_batches_tracked}), read as float (exact up to 2^24). */
    I64(8),
    /** 32-bit signed integer, read as float. */
    I32(4);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /**
     * Bytes per element.
     *
     * @return the element size in bytes
     */
    public int bytes() {
      return bytes;
    }
  }
}
