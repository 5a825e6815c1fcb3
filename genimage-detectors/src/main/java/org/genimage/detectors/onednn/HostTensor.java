package org.genimage.detectors.onednn;

/**
 * A 2-d value computed on the Java side of a plan (the head after global pooling): {@code rows x cols},
 * row-major, overwritten on every run.
 *
 * @param data the values
 * @param rows rows (the batch)
 * @param cols columns
 */
record HostTensor(float[] data, int rows, int cols) {
  static HostTensor zeros(int rows, int cols) {
    return new HostTensor(new float[rows * cols], rows, cols);
  }
}
