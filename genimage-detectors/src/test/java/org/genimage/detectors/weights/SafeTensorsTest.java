package org.genimage.detectors.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir
  Path dir;

  private Path fixture(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/fixtures/safetensors/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void readsEveryDtypeWrittenByThePythonReference() throws IOException {
    SafeTensors.Contents c = SafeTensors.read(fixture("mixed.safetensors"));
    JsonNode expected = new ObjectMapper().readTree(fixture("mixed.json").toFile());
    assertThat(c.tensors().keySet()).containsExactlyInAnyOrder("a.f32", "b.f16", "c.f64", "d.i64", "scalar",
        "e.bf16");
    assertThat(c.metadata()).containsEntry("format", "pt").containsEntry("note", "fixture");
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      NamedTensor t = c.get(e.getKey());
      long[] shape = new long[e.getValue().get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = e.getValue().get("shape").get(i).asLong();
      }
      assertThat(t.shape()).as(e.getKey()).containsExactly(shape);
      JsonNode vals = e.getValue().get("values");
      assertThat(t.data()).hasSize(vals.size());
      for (int i = 0; i < vals.size(); i++) {
        assertThat(t.data()[i]).as(e.getKey() + "[" + i + "]").isEqualTo((float) vals.get(i).asDouble());
      }
    }
    assertThat(c.get("b.f16").dtype()).isEqualTo(NamedTensor.DType.F16);
  }

  @Test
  void roundTripsF32WithMetadata() {
    Path p = dir.resolve("rt.safetensors");
    NamedTensor a = NamedTensor.f32("w", new long[] {2, 2}, new float[] {1, -2, 3.5f, Float.MIN_VALUE});
    NamedTensor b = NamedTensor.f32("s", new long[0], new float[] {7});
    SafeTensors.write(p, List.of(a, b), Map.of("k", "v"));
    SafeTensors.Contents c = SafeTensors.read(p);
    assertThat(c.tensors()).containsExactly(Map.entry("w", a), Map.entry("s", b));
    assertThat(c.metadata()).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void halfPrecisionEdgeCases() {
    assertThat(SafeTensors.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(SafeTensors.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(SafeTensors.halfToFloat((short) 0x7E00)).isNaN();
    assertThat(SafeTensors.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(SafeTensors.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
  }

  @Test
  void truncatedDataNamesTheTensor() throws IOException {
    Path p = dir.resolve("t.safetensors");
    SafeTensors.write(p, List.of(NamedTensor.f32("layer.weight", new long[] {4}, new float[4])), Map.of());
    byte[] all = Files.readAllBytes(p);
    Files.write(p, java.util.Arrays.copyOf(all, all.length - 3));
    assertThatThrownBy(() -> SafeTensors.read(p)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining(p.toString()).hasMessageContaining("layer.weight").hasMessageContaining("truncated");
  }

  @Test
  void truncatedHeaderAndForeignFilesAreRejected() throws IOException {
    Path p = dir.resolve("h.safetensors");
    Files.write(p, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafeTensors.read(p)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("truncated");
    Files.writeString(p, "\u0089PNG\r\n\u001a\n this is an image, not weights");
    assertThatThrownBy(() -> SafeTensors.read(p)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("header length");
    Files.write(p, raw("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 0));
    assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("'x'").hasMessageContaining("truncated");
    Files.write(p, raw("{not json", 0));
    assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("not valid JSON");
  }

  @Test
  void overlappingOffsetsWrongShapeAndUnknownDtypeAreNamed() throws IOException {
    Path p = dir.resolve("o.safetensors");
    Files.write(p, raw("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
        + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12));
    assertThatThrownBy(() -> SafeTensors.read(p)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("'a'").hasMessageContaining("'b'").hasMessageContaining("overlapping");
    Files.write(p, raw("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8));
    assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("'w'").hasMessageContaining("shape [3]");
    Files.write(p, raw("{\"q\": {\"dtype\": \"U8X\", \"shape\": [1], \"data_offsets\": [0, 1]}}", 1));
    assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("'q'").hasMessageContaining("dtype U8X");
  }

  @Test
  void weightMappingReportsMissingExtraAndWrongShapeByName() {
    Map<String, NamedTensor> t = new LinkedHashMap<>();
    t.put("fc.weight", NamedTensor.f32("fc.weight", new long[] {2, 3}, new float[6]));
    t.put("fc.bias", NamedTensor.f32("fc.bias", new long[] {3}, new float[3]));
    t.put("junk", NamedTensor.f32("junk", new long[] {1}, new float[1]));
    t.put("bn.num_batches_tracked", NamedTensor.f32("bn.num_batches_tracked", new long[0], new float[1]));
    SafeTensors.Contents c = new SafeTensors.Contents(Path.of("w.safetensors"), t, Map.of());
    Map<String, long[]> expected = new LinkedHashMap<>();
    expected.put("head/w", new long[] {2, 3});
    expected.put("head/b", new long[] {2});
    expected.put("stem/w", new long[] {4});
    WeightMapping m = WeightMapping.of(expected)
        .renaming(n -> n.replace("fc.weight", "head/w").replace("fc.bias", "head/b"))
        .ignoring(n -> n.endsWith("num_batches_tracked"));
    WeightMapping.Report r = m.check(c);
    assertThat(r.missing()).containsExactly("stem/w");
    assertThat(r.extra()).containsExactly("junk");
    assertThat(r.wrongShape()).singleElement().asString().contains("head/b", "[3]", "[2]");
    assertThatThrownBy(() -> m.load(c)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("w.safetensors").hasMessageContaining("stem/w").hasMessageContaining("junk");
    expected.put("head/b", new long[] {3});
    expected.remove("stem/w");
    Map<String, NamedTensor> loaded = WeightMapping.of(expected).renaming(
        n -> n.replace("fc.weight", "head/w").replace("fc.bias", "head/b"))
        .ignoring(n -> n.endsWith("num_batches_tracked") || n.equals("junk")).load(c);
    assertThat(loaded.keySet()).containsExactly("head/w", "head/b");
    assertThat(loaded.get("head/w").name()).isEqualTo("head/w");
  }

  private static byte[] raw(String header, int dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }
}
