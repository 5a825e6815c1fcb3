package org.genimage.detectors;

import java.util.Arrays;
import org.genimage.api.internal.Checks;

/**
 * One tensor a network owns, in its canonical (PyTorch) name and layout: conv weights
 * {@code [out, in, kh, kw]}, linear weights {@code [out, in]}.
 *
 * @param name      canonical name, e.g. {@code layer1.0.conv1.weight} (torchvision's names for ResNet)
 * @param shape     its shape
 * @param trainable true for parameters the optimiser updates; false for buffers such as batch-norm running
 *                  statistics, which training updates from batch statistics instead
 */
public record ParamSpec(String name, long[] shape, boolean trainable) {
  /** Validates and copies the shape. */
  public ParamSpec {
    Checks.notBlank("name", name);
    shape = Checks.notNull("shape", shape).clone();
  }

  /**
   * The shape (a copy).
   *
   * @return the shape
   */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape)
        && p.trainable == trainable;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + (trainable ? "" : " (buffer)");
  }
}
