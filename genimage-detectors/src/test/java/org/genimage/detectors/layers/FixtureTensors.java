package org.genimage.detectors.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the small safetensors fixtures of {@code make_frequency_fixtures.py} from the test class path
 * (F32, F64 and U8 only). Kept test-local so that the fixtures are read independently of the code they
 * check.
 */
public final class FixtureTensors {
  /** One tensor: its shape and its values widened to double. */
  public record Tensor(long[] shape, double[] values) {
    /** The values as floats. @return a new array */
    public float[] floats() {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return f;
    }

    /** The values as bytes (for U8 tensors). @return a new array */
    public byte[] bytes() {
      byte[] b = new byte[values.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (int) values[i];
      }
      return b;
    }
  }

  private FixtureTensors() {
  }

  /**
   * Reads one fixture file.
   *
   * @param name the file name under {@code fixtures/frequency/}
   * @return tensors by name
   */
  public static Map<String, Tensor> read(String name) {
    String path = "/fixtures/frequency/" + name;
    try (InputStream in = FixtureTensors.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + path);
      }
      ByteBuffer all = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      int headerLen = (int) all.getLong(0);
      byte[] header = new byte[headerLen];
      all.get(8, header);
      JsonNode root = new ObjectMapper().readTree(header);
      int base = 8 + headerLen;
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode t = e.getValue();
        long[] shape = new long[t.get("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = t.get("shape").get(i).asLong();
          count *= shape[i];
        }
        int start = base + t.get("data_offsets").get(0).asInt();
        double[] v = new double[(int) count];
        String dtype = t.get("dtype").asText();
        for (int i = 0; i < v.length; i++) {
          v[i] = switch (dtype) {
            case "F32" -> all.getFloat(start + 4 * i);
            case "F64" -> all.getDouble(start + 8 * i);
            case "U8" -> all.get(start + i) & 0xFF;
            default -> throw new IllegalStateException("dtype " + dtype);
          };
        }
        out.put(e.getKey(), new Tensor(shape, v));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
