package org.genimage.detectors.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads the committed safetensors fixtures made by src/test/python/make_transformer_fixtures.py. */
final class Fixtures {
  static final Path DIR = Paths.get("src/test/resources/fixtures/transformer");

  private Fixtures() {}

  static Path path(String name) {
    return DIR.resolve(name);
  }

  /** F32 tensors as INDArrays, I64 tensors as float INDArrays. */
  static Map<String, INDArray> read(Path file) {
    try {
      byte[] all = Files.readAllBytes(file);
      ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
      int headerLen = (int) buf.getLong(0);
      JsonNode header = new ObjectMapper().readTree(new String(all, 8, headerLen,
          java.nio.charset.StandardCharsets.UTF_8));
      Map<String, INDArray> out = new LinkedHashMap<>();
      for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (name.equals("__metadata__")) {
          continue;
        }
        JsonNode t = header.get(name);
        long[] shape = new long[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = t.get("shape").get(i).asLong();
        }
        int start = 8 + headerLen + t.get("data_offsets").get(0).asInt();
        int end = 8 + headerLen + t.get("data_offsets").get(1).asInt();
        String dtype = t.get("dtype").asText();
        int n = (end - start) / (dtype.equals("I64") ? 8 : 4);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
          data[i] = dtype.equals("I64") ? buf.getLong(start + 8 * i) : buf.getFloat(start + 4 * i);
        }
        out.put(name, Nd4j.create(data, shape, 'c'));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture's tensors as weights (I64 buffers as floats). */
  static Map<String, NamedTensor> weights(Path file) {
    return SafeTensors.read(file).tensors();
  }

  /**
   * Runs an architecture's inference graph (as a {@link NetworkDetector}) on a preprocessed input and returns
   * copies of the named activations; {@code logits} is the detector's output.
   */
  static Map<String, INDArray> run(Architecture arch, Map<String, NamedTensor> weights, INDArray input,
      String... names) {
    Map<String, NamedTensor> known = new LinkedHashMap<>();
    for (String n : arch.shapes().keySet()) {
      known.put(n, weights.get(n));
    }
    try (NetworkDetector d = NetworkDetector.create("parity", arch, known, Map.of(),
        InferenceOptions.defaults().withBatchSize((int) input.size(0)))) {
      Map<String, INDArray> out = new LinkedHashMap<>();
      d.run(input.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), names).forEach((k, v) -> out.put(k, v.dup()));
      return out;
    }
  }

  static double maxAbsDiff(INDArray a, INDArray b) {
    return a.castTo(b.dataType()).sub(b).amaxNumber().doubleValue();
  }
}
