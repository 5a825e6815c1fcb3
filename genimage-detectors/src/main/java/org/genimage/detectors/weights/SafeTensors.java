package org.genimage.detectors.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.weights.NamedTensor.DType;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format: an 8-byte
 * little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {..}}},
 * then the raw little-endian tensor bytes, offsets relative to the end of the header.
 *
 * <p>Reading returns {@link NamedTensor}s whose values are {@code float}: F32 as is, F16/BF16/F64 converted,
 * I64/I32 converted to float (exact up to 2^24, enough for {@code num_batches_tracked}). Writing always
 * writes F32. Every malformed input (truncated file or header, bad JSON, unknown dtype, a shape that does not
 * match the byte range, overlapping or out-of-range offsets) raises {@link BadModelFileException} naming the
 * file and, where there is one, the tensor. Every size is checked before it is allocated: the region against
 * {@link ReadLimits#MAX_MODEL_BYTES}, the header against {@link ReadLimits#MAX_MODEL_HEADER_BYTES}, each shape's
 * element count (computed without overflow) against {@link ReadLimits#MAX_TENSOR_ELEMENTS}, each byte range
 * against the data actually present. Values are not judged here (a state dict may hold tensors a network
 * ignores): {@link WeightMapping#load} refuses NaN and infinite weights.
 *
 * <p>The same layout is embedded in genimage's detector files, so {@link #read(FileChannel, long, long, Path)}
 * reads it from a region of a larger file. Stateless and thread-safe.
 */
public final class SafeTensors {
  /** The header is JSON text; anything larger than this is not a plausible header but a foreign file. */
  static final long MAX_HEADER_BYTES = ReadLimits.MAX_MODEL_HEADER_BYTES;
  private static final String METADATA = "__metadata__";
  /** Most dimensions of one tensor (PyTorch's own limit is 64). */
  private static final int MAX_RANK = 64;
  // Trailing tokens after the JSON value are corruption, not padding (padding is whitespace).
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SafeTensors() {}

  /**
   * The tensors and metadata of one safetensors file (or region).
   *
   * @param source   the file they were read from, for messages
   * @param tensors  the tensors by name, in the order of their data offsets
   * @param metadata the {@code __metadata__} string map (empty when absent)
   */
  public record Contents(Path source, Map<String, NamedTensor> tensors, Map<String, String> metadata) {
    /** Makes the maps unmodifiable (keeping order). */
    public Contents {
      Checks.notNull("tensors", tensors);
      Checks.notNull("metadata", metadata);
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A tensor by name.
     *
     * @param name the tensor name
     * @return the tensor
     * @throws BadModelFileException naming the file and tensor when it is absent
     */
    public NamedTensor get(String name) {
      NamedTensor t = tensors.get(name);
      if (t == null) {
        throw new BadModelFileException(source, "no tensor named '" + name + "'");
      }
      return t;
    }

    /**
     * A tensor by name, if present.
     *
     * @param name the tensor name
     * @return the tensor, or empty
     */
    public Optional<NamedTensor> find(String name) {
      return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The shape of every tensor, by name.
     *
     * @return name to shape, in file order
     */
    public Map<String, long[]> shapes() {
      Map<String, long[]> m = new LinkedHashMap<>();
      tensors.forEach((k, v) -> m.put(k, v.shape().clone()));
      return m;
    }
  }

  /**
   * Reads a whole safetensors file.
   *
   * @param file the file
   * @return its tensors and metadata
   * @throws BadModelFileException when the file is missing, truncated or malformed (naming file and tensor)
   */
  public static Contents read(Path file) {
    Checks.notNull("file", file);
    if (!Files.isRegularFile(file)) {
      throw new BadModelFileException(file, "no such file");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(ch, 0, ch.size(), file);
    } catch (IOException e) {
      throw new BadModelFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads safetensors data stored in a region of a file.
   *
   * @param channel an open channel
   * @param start   byte offset of the region (where the 8-byte header length is)
   * @param length  the region's length in bytes
   * @param source  the file, for error messages
   * @return its tensors and metadata
   * @throws BadModelFileException when the region is truncated or malformed
   */
  public static Contents read(FileChannel channel, long start, long length, Path source) {
    try {
      if (length > ReadLimits.MAX_MODEL_BYTES) {
        throw new BadModelFileException(source, "safetensors data of " + length + " bytes is larger than "
            + ReadLimits.MAX_MODEL_BYTES + " bytes (ReadLimits.MAX_MODEL_BYTES)");
      }
      if (length < 8) {
        throw new BadModelFileException(source, "truncated safetensors data: " + length
            + " bytes, fewer than the 8-byte header length");
      }
      ByteBuffer lenBuf = readFully(channel, start, 8, source, "header length");
      long headerLen = lenBuf.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
        throw new BadModelFileException(source, "bad safetensors header length " + headerLen
            + " (not a safetensors file?)");
      }
      if (headerLen > length - 8) {
        throw new BadModelFileException(source, "truncated safetensors header: needs " + headerLen
            + " bytes, only " + (length - 8) + " present");
      }
      ByteBuffer hb = readFully(channel, start + 8, (int) headerLen, source, "header");
      String headerText = new String(hb.array(), StandardCharsets.UTF_8);
      JsonNode header;
      try {
        header = JSON.readTree(headerText);
      } catch (JsonProcessingException e) {
        throw new BadModelFileException(source, "safetensors header is not valid JSON: "
            + e.getOriginalMessage(), e);
      }
      if (header == null || !header.isObject()) {
        throw new BadModelFileException(source, "safetensors header is not a JSON object");
      }
      long dataStart = start + 8 + headerLen;
      long dataLen = length - 8 - headerLen;
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Entry> entries = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals(METADATA)) {
          readMetadata(f.getValue(), metadata, source);
        } else {
          entries.add(parseEntry(f.getKey(), f.getValue(), dataLen, source));
        }
      }
      entries.sort(Comparator.comparingLong(Entry::begin));
      for (int i = 1; i < entries.size(); i++) {
        Entry a = entries.get(i - 1);
        Entry b = entries.get(i);
        if (b.begin < a.end) {
          throw new BadModelFileException(source, "tensors '" + a.name + "' and '" + b.name
              + "' have overlapping data_offsets [" + a.begin + ", " + a.end + ") and [" + b.begin
              + ", " + b.end + ")");
        }
      }
      Map<String, NamedTensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        ByteBuffer bytes = readFully(channel, dataStart + e.begin, Math.toIntExact(e.end - e.begin), source,
            "tensor '" + e.name + "'").order(ByteOrder.LITTLE_ENDIAN);
        tensors.put(e.name, new NamedTensor(e.name, e.dtype, e.shape, decode(bytes, e.dtype,
            Math.toIntExact(NamedTensor.elementCount(e.shape)))));
      }
      return new Contents(source, tensors, metadata);
    } catch (IOException e) {
      throw new BadModelFileException(source, "cannot read: " + e.getMessage(), e);
    }
  }

  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  private static void readMetadata(JsonNode node, Map<String, String> out, Path source) {
    if (!node.isObject()) {
      throw new BadModelFileException(source, "safetensors __metadata__ is not a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> m = it.next();
      if (!m.getValue().isTextual()) {
        throw new BadModelFileException(source, "safetensors __metadata__ value of '" + m.getKey()
            + "' is not a string");
      }
      out.put(m.getKey(), m.getValue().asText());
    }
  }

  private static Entry parseEntry(String name, JsonNode node, long dataLen, Path source) {
    if (name.isBlank()) {
      throw new BadModelFileException(source, "a tensor has a blank name");
    }
    String where = "tensor '" + name + "': ";
    if (!node.isObject()) {
      throw new BadModelFileException(source, where + "header entry is not a JSON object");
    }
    JsonNode dt = node.get("dtype");
    if (dt == null || !dt.isTextual()) {
      throw new BadModelFileException(source, where + "missing dtype");
    }
    DType dtype;
    try {
      dtype = DType.valueOf(dt.asText());
    } catch (IllegalArgumentException e) {
      throw new BadModelFileException(source, where + "unsupported dtype " + dt.asText() + " (supported: "
          + Arrays.toString(DType.values()) + ")", e);
    }
    JsonNode sh = node.get("shape");
    if (sh == null || !sh.isArray()) {
      throw new BadModelFileException(source, where + "missing shape");
    }
    if (sh.size() > MAX_RANK) {
      throw new BadModelFileException(source, where + "shape of rank " + sh.size() + " (at most " + MAX_RANK + ")");
    }
    long[] shape = new long[sh.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!isLong(sh.get(i)) || sh.get(i).asLong() < 0) {
        throw new BadModelFileException(source, where + "bad shape " + sh);
      }
      shape[i] = sh.get(i).asLong();
    }
    // Checked before anything is allocated: widening F16/BF16 doubles the bytes, so the element count is
    // bounded on its own as well as through the byte range below.
    long count = WeightChecks.elements(source, name, shape);
    JsonNode off = node.get("data_offsets");
    if (off == null || !off.isArray() || off.size() != 2 || !isLong(off.get(0)) || !isLong(off.get(1))) {
      throw new BadModelFileException(source, where + "missing or bad data_offsets " + off);
    }
    long begin = off.get(0).asLong();
    long end = off.get(1).asLong();
    if (begin < 0 || end < begin) {
      throw new BadModelFileException(source, where + "bad data_offsets [" + begin + ", " + end + "]");
    }
    long expected;
    try {
      expected = Math.multiplyExact(count, dtype.bytes());
    } catch (ArithmeticException e) {
      throw new BadModelFileException(source, where + "shape " + sh + " is too large", e);
    }
    if (end - begin != expected) {
      throw new BadModelFileException(source, where + "shape " + sh + " of " + dtype + " needs " + expected
          + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
    }
    if (end > dataLen) {
      throw new BadModelFileException(source, where + "truncated: data ends at byte " + end
          + " of the data section but only " + dataLen + " bytes are present");
    }
    if (expected > Integer.MAX_VALUE - 16) {
      throw new BadModelFileException(source, where + "larger than 2 GB, which this reader does not hold");
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  /** An integer JSON number within {@code long} (not 1.5, not 1e30, not "7"). */
  private static boolean isLong(JsonNode n) {
    return n != null && n.isIntegralNumber() && n.canConvertToLong();
  }

  private static ByteBuffer readFully(FileChannel ch, long pos, int n, Path source, String what)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      int r = ch.read(b, pos + b.position());
      if (r < 0) {
        throw new BadModelFileException(source, "truncated while reading the " + what);
      }
    }
    b.flip();
    return b;
  }

  private static float[] decode(ByteBuffer b, DType dtype, int n) {
    float[] out = new float[n];
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(8 * i);
        }
      }
      case I64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getLong(8 * i);
        }
      }
      case I32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(4 * i);
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(b.getShort(2 * i));
        }
      }
      default -> throw new IllegalStateException(dtype.toString());
    }
    return out;
  }

  /** IEEE 754 binary16 to float, including subnormals, infinities and NaN. */
  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /**
   * Writes tensors as an F32 safetensors file (created or replaced).
   *
   * @param file     the destination
   * @param tensors  the tensors, written in this order (names must be unique)
   * @param metadata string metadata stored under {@code __metadata__} (may be empty)
   */
  public static void write(Path file, Collection<NamedTensor> tensors, Map<String, String> metadata) {
    Checks.notNull("file", file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      write(ch, tensors, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes tensors as F32 safetensors data to a channel.
   *
   * @param out      the channel, written from its current position
   * @param tensors  the tensors, in order (names must be unique)
   * @param metadata string metadata (may be empty)
   * @return the number of bytes written
   * @throws IOException when writing fails
   */
  public static long write(WritableByteChannel out, Collection<NamedTensor> tensors,
      Map<String, String> metadata) throws IOException {
    Checks.notNull("tensors", tensors);
    Checks.notNull("metadata", metadata);
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = header.putObject(METADATA);
      metadata.forEach(m::put);
    }
    long offset = 0;
    for (NamedTensor t : tensors) {
      if (t.name().equals(METADATA) || header.has(t.name())) {
        throw new IllegalArgumentException("duplicate or reserved tensor name '" + t.name() + "'");
      }
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", "F32");
      ArrayNode s = e.putArray("shape");
      for (long d : t.shape()) {
        s.add(d);
      }
      long bytes = 4L * t.data().length;
      e.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // Pad with spaces to a multiple of 8 so the data section is aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    long written = writeFully(out, head);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    for (NamedTensor t : tensors) {
      float[] d = t.data();
      int i = 0;
      while (i < d.length) {
        int n = Math.min(d.length - i, chunk.capacity() / 4);
        chunk.clear();
        chunk.asFloatBuffer().put(d, i, n);
        chunk.limit(4 * n);
        written += writeFully(out, chunk);
        i += n;
      }
    }
    return written;
  }

  private static long writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
    long n = b.remaining();
    while (b.hasRemaining()) {
      out.write(b);
    }
    return n;
  }
}
