package org.genimage.spectral;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the text matrices written by src/test/python/make_fixtures.py. */
final class Fixtures {
  private Fixtures() {}

  /** A matrix: rows, columns and row-major values. */
  record Matrix(int rows, int cols, double[] values) {
    float[] floats() {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return f;
    }
  }

  static Matrix read(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      List<double[]> rows = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        double[] row = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
          row[i] = Double.parseDouble(parts[i]);
        }
        rows.add(row);
      }
      int cols = rows.get(0).length;
      double[] values = new double[rows.size() * cols];
      for (int r = 0; r < rows.size(); r++) {
        System.arraycopy(rows.get(r), 0, values, r * cols, cols);
      }
      return new Matrix(rows.size(), cols, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
