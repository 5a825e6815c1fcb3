package org.genimage.degrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.RgbImage;

/** Reads the raw RGB fixtures written by src/test/python/make_fixtures.py. */
final class Fixtures {
  private Fixtures() {}

  static RgbImage image(String name, int width, int height) {
    String path = "/fixtures/degrade/" + name + "_" + width + "x" + height + ".rgb";
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + path);
      }
      return RgbImage.wrap(width, height, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RgbImage inputA() {
    return image("input_a", 37, 29);
  }

  static RgbImage inputB() {
    return image("input_b", 96, 80);
  }

  static List<String> lines(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/degrade/" + name)) {
      return new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .split("\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Differences between two images of the same size ({@code differing}: how many values differ at all). */
  record Diff(int max, double mean, double fractionWithinOne, double fractionExact, int differing) {
    static Diff of(RgbImage a, RgbImage b) {
      if (a.width() != b.width() || a.height() != b.height()) {
        throw new AssertionError(a + " vs " + b);
      }
      byte[] x = a.toByteArray();
      byte[] y = b.toByteArray();
      int max = 0;
      long sum = 0;
      int within = 0;
      int exact = 0;
      for (int i = 0; i < x.length; i++) {
        int d = Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        max = Math.max(max, d);
        sum += d;
        within += d <= 1 ? 1 : 0;
        exact += d == 0 ? 1 : 0;
      }
      return new Diff(max, (double) sum / x.length, (double) within / x.length,
          (double) exact / x.length, x.length - exact);
    }
  }
}
