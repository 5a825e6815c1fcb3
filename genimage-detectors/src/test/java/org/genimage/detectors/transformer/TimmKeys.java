package org.genimage.detectors.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads fixtures/timm/keys_*.json: tensor name to shape of a full timm model. */
final class TimmKeys {
  private TimmKeys() {}

  static Map<String, long[]> read(Path file) {
    try {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      Map<String, long[]> out = new LinkedHashMap<>();
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        JsonNode s = root.get(k);
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = s.get(i).asLong();
        }
        out.put(k, shape);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
