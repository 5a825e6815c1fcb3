package org.genimage.detectors.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Turns fixture tensors into ND4J arrays for the graph parity tests. */
public final class Fixtures {
  private Fixtures() {
  }

  /**
   * One tensor as a float array of its shape.
   *
   * @param t the tensor
   * @return the array
   */
  public static INDArray array(FixtureTensors.Tensor t) {
    return Nd4j.create(t.floats(), t.shape(), 'c');
  }

  /**
   * All tensors of a weights fixture.
   *
   * @param file the fixture file name
   * @return arrays by name
   */
  public static Map<String, INDArray> weights(String file) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    FixtureTensors.read(file).forEach((k, v) -> out.put(k, array(v)));
    return out;
  }

  /**
   * The largest absolute difference between two arrays of equal length.
   *
   * @param a one
   * @param b the other
   * @return max |a - b|
   */
  public static double maxAbsDiff(INDArray a, double[] b) {
    return maxAbsDiff(a.dup().ravel().toFloatVector(), b);
  }

  /**
   * The largest absolute difference between two arrays of equal length.
   *
   * @param a one
   * @param b the other
   * @return max |a - b|
   */
  public static double maxAbsDiff(float[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("length " + a.length + " != " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
