package org.genimage.detectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ModelProvenance;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.internal.HeaderJson;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightChecks;
import org.genimage.detectors.weights.WeightDigest;
import org.genimage.detectors.weights.WeightMapping;

/**
 * The single-file detector format ({@code .gidet} by convention):
 * <pre>
 *   8 bytes   magic "GIDETECT"
 *   4 bytes   format version, little-endian int (1)
 *   8 bytes   header length N, little-endian long
 *   N bytes   UTF-8 JSON: {"format": "genimage-detector", "name", "family",
 *             "config": {...architecture config...}, "preprocessing": {"steps": [...]},
 *             "modelProvenance": {...a ModelProvenance...}, "weights": {"sha256": "64 hex digits"},
 *             "calibration": {"method", "parameters": {...}, "fittedOn": {"manifest", "samples"}} (optional),
 *             "int8": {"ranges": {"weight/role": [min, max], ...}, "collectedOn": {"manifest", "samples"}}
 *             (optional)}
 *   rest      the weights as safetensors (canonical names and PyTorch layouts, F32)
 * </pre>
 * {@code weights.sha256} is the {@link WeightDigest} of the tensors in file order; it is checked on load, so a
 * flipped bit in the weights is refused. Files written before the digest existed (same version 1, no
 * {@code weights} field) still load, unverified: the loaded provenance's {@link ModelProvenance#weightsSha256()}
 * then says so instead of giving the verified digest. The digest catches accidents, not tampering. Files written
 * before typed provenance hold {@code "provenance": {string: string}} instead of {@code modelProvenance}; they
 * load, the entries read by {@link ModelProvenance#fromMap}.
 *
 * <p>{@code preprocessing} is the architecture's declared {@link PreprocessingPipeline} (resize with its filter,
 * crop, normalisation or spectrum), written so that any reader of the file sees how images are prepared. The
 * architecture rebuilt from {@code config} declares the same pipeline; a file whose two disagree is refused.
 * Files written before pipelines (no such field, and older configs holding {@code {"resize", "crop", "mean",
 * "std"}}) load as before and preprocess exactly as they did.
 *
 * <p>{@code calibration}, when present, is a {@link DetectorCalibration}: the method and parameters of an
 * {@code org.genimage.eval.calibration.Calibration} fitted on the raw logits ({@link Head#logit}) of the validation
 * set named by its manifest hash and size; the loaded detector's {@code score()} applies it. Files without it
 * (all files written before calibration) score as before. Its parameters must be finite numbers of the method.
 * {@code int8}, when present, is an {@link Int8Calibration}: the activation ranges an int8 forward pass derives
 * its scales from; loading with {@link org.genimage.api.Precision#INT8} needs it.
 *
 * <p>Loading treats the file as untrusted: every size is checked against the file's real length and
 * {@link ReadLimits} before it is allocated (file and header bytes, the preprocessing sizes and the
 * architecture's block counts and widths through its config record, every declared tensor's element count and
 * their total against the bytes of weights present), and NaN or infinite weights are refused. A missing,
 * truncated, foreign, corrupt or inconsistent file throws {@link BadModelFileException} naming the file and the
 * problem (and the tensor, for weight problems). Writes go to a temporary file first and are moved into place,
 * so an interrupted save never leaves a half-written detector.
 */
public final class DetectorFile {
  /** The first eight bytes of every detector file. */
  public static final byte[] MAGIC = "GIDETECT".getBytes(StandardCharsets.US_ASCII);
  /** The format version written. */
  public static final int VERSION = 1;
  /**
   * The flat provenance key of a loaded detector's weight digest ({@link ModelProvenance#weightsSha256()}): the
   * verified digest, or a note that the file predates digests and its weights were not verified.
   */
  public static final String PROVENANCE_DIGEST = ModelProvenance.WEIGHTS_SHA256;
  /** The {@value #PROVENANCE_DIGEST} value for a file written before weight digests. */
  public static final String UNVERIFIED = "none: file written before weight digests, weights not verified";
  private static final String FORMAT = "genimage-detector";
  // Trailing tokens after the JSON value are corruption, not padding (padding is whitespace).
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DetectorFile() {}

  /**
   * The contents of a detector file before the graph is built.
   *
   * @param name         display name
   * @param architecture the rebuilt architecture
   * @param weights      canonical weights
   * @param provenance   where the model came from, with the weight digest verified on load
   * @param calibration  the stored calibration, or null for an uncalibrated detector
   * @param int8         the stored int8 calibration, or null for none
   */
  public record Contents(String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance, DetectorCalibration calibration, Int8Calibration int8) {
    /**
     * Contents without a calibration.
     *
     * @param name         display name
     * @param architecture the rebuilt architecture
     * @param weights      canonical weights
     * @param provenance   where the model came from
     */
    public Contents(String name, Architecture architecture, Map<String, NamedTensor> weights,
        ModelProvenance provenance) {
      this(name, architecture, weights, provenance, null, null);
    }
  }

  /**
   * Whether a file starts with the detector magic.
   *
   * @param file a file
   * @return true when it looks like a detector file
   */
  public static boolean isDetectorFile(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(MAGIC.length);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // Read until full or end of file.
      }
      return !b.hasRemaining() && Arrays.equals(b.array(), MAGIC);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Writes a detector file.
   *
   * @param file         destination (replaced)
   * @param name         display name
   * @param architecture architecture (its config is stored)
   * @param weights      canonical weights
   * @param provenance   where the model came from (its weight digest is replaced by the one written)
   * @throws BadArgumentException when a weight is NaN or infinite (such a file could not be loaded)
   */
  public static void write(Path file, String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance) {
    write(file, name, architecture, weights, provenance, null);
  }

  /**
   * Writes a detector file with a calibration.
   *
   * @param file         destination (replaced)
   * @param name         display name
   * @param architecture architecture (its config is stored)
   * @param weights      canonical weights
   * @param provenance   where the model came from (its weight digest is replaced by the one written)
   * @param calibration  the calibration {@code score()} applies after loading, or null for none
   * @throws BadArgumentException when a weight is NaN or infinite (such a file could not be loaded)
   */
  public static void write(Path file, String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance, DetectorCalibration calibration) {
    write(file, name, architecture, weights, provenance, calibration, null);
  }

  /**
   * Writes a detector file with a calibration and int8 activation ranges.
   *
   * @param file         destination (replaced)
   * @param name         display name
   * @param architecture architecture (its config is stored)
   * @param weights      canonical weights
   * @param provenance   where the model came from (its weight digest is replaced by the one written)
   * @param calibration  the calibration {@code score()} applies after loading, or null for none
   * @param int8         the int8 calibration, or null for none
   * @throws BadArgumentException when a weight is NaN or infinite (such a file could not be loaded)
   */
  public static void write(Path file, String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance, DetectorCalibration calibration, Int8Calibration int8) {
    Checks.notNull("file", file);
    Checks.notNull("provenance", provenance);
    ObjectNode header = JSON.createObjectNode();
    for (NamedTensor t : weights.values()) {
      for (float v : t.data()) {
        if (!Float.isFinite(v)) {
          throw new BadArgumentException("weights", t.name(), "finite values (it holds " + v + ")");
        }
      }
    }
    header.put("format", FORMAT);
    header.put("name", name);
    header.put("family", architecture.family());
    header.set("config", Architectures.configJson(architecture));
    header.set("preprocessing", JSON.valueToTree(architecture.preprocessing()));
    String digest = WeightDigest.sha256(weights.values());
    header.set("modelProvenance", JSON.valueToTree(provenance.withWeightsSha256(digest)));
    header.putObject("weights").put("sha256", digest);
    if (calibration != null) {
      header.set("calibration", HeaderJson.calibration(calibration));
    }
    if (int8 != null) {
      header.set("int8", HeaderJson.int8(int8));
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try {
      byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 12 + json.length).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(VERSION).putLong(json.length).put(json).flip();
        while (head.hasRemaining()) {
          ch.write(head);
        }
        SafeTensors.write(ch, weights.values(), Map.of());
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write detector file " + file, e);
    }
  }

  /**
   * Reads a detector file's architecture, weights and provenance.
   *
   * @param file the file
   * @return its contents, weights checked against the architecture and the recorded digest; the provenance's
   *     {@link ModelProvenance#weightsSha256()} is the verified digest or {@link #UNVERIFIED}
   * @throws BadModelFileException naming the file and the problem
   */
  public static Contents read(Path file) {
    Checks.notNull("file", file);
    if (!Files.isRegularFile(file)) {
      throw new BadModelFileException(file, "no such file");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > ReadLimits.MAX_MODEL_BYTES) {
        throw new BadModelFileException(file, "detector file of " + size + " bytes is larger than "
            + ReadLimits.MAX_MODEL_BYTES + " bytes (ReadLimits.MAX_MODEL_BYTES)");
      }
      ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 12).order(ByteOrder.LITTLE_ENDIAN);
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // Read until full or end of file.
      }
      byte[] magic = Arrays.copyOf(head.array(), MAGIC.length);
      if (head.position() < MAGIC.length || !Arrays.equals(magic, MAGIC)) {
        throw new BadModelFileException(file, "not a genimage detector file (does not start with \"GIDETECT\")");
      }
      if (head.hasRemaining()) {
        throw new BadModelFileException(file, "truncated detector file: " + size + " bytes, header cut off");
      }
      int version = head.getInt(MAGIC.length);
      if (version != VERSION) {
        throw new BadModelFileException(file, "unsupported detector file version " + version + " (this library "
            + "reads version " + VERSION + ")");
      }
      long headerLen = head.getLong(MAGIC.length + 4);
      long start = MAGIC.length + 12;
      if (headerLen <= 0 || headerLen > ReadLimits.MAX_MODEL_HEADER_BYTES) {
        throw new BadModelFileException(file, "corrupt detector file: header length " + headerLen);
      }
      if (start + headerLen > size) {
        throw new BadModelFileException(file, "truncated detector file: header needs " + headerLen
            + " bytes, only " + (size - start) + " present");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      while (hb.hasRemaining() && ch.read(hb, start + hb.position()) >= 0) {
        // Read until full.
      }
      JsonNode header;
      try {
        header = JSON.readTree(hb.array());
      } catch (JsonProcessingException e) {
        throw new BadModelFileException(file, "corrupt detector header: " + e.getOriginalMessage(), e);
      }
      if (header == null || !header.isObject()) {
        throw new BadModelFileException(file, "corrupt detector header: not a JSON object");
      }
      JsonNode format = header.get("format");
      if (format != null && !FORMAT.equals(format.asText())) {
        throw new BadModelFileException(file, "corrupt detector header: format '" + format.asText()
            + "', expected '" + FORMAT + "'");
      }
      String digest = digest(header, file);
      String name = text(header, "name", file);
      String family = text(header, "family", file);
      JsonNode config = header.get("config");
      if (config == null || !config.isObject()) {
        throw new BadModelFileException(file, "detector header has no architecture config");
      }
      Architecture arch;
      try {
        arch = Architectures.fromConfig(family, config);
      } catch (BadArgumentException e) {
        throw new BadModelFileException(file, "cannot rebuild architecture '" + family + "': " + e.getMessage(), e);
      }
      checkPreprocessing(header.get("preprocessing"), arch, file);
      ModelProvenance prov = provenance(header, file);
      JsonNode cal = header.get("calibration");
      DetectorCalibration calibration = cal == null ? null : HeaderJson.calibration(cal, file);
      JsonNode int8Node = header.get("int8");
      Int8Calibration int8 = int8Node == null ? null : HeaderJson.int8(int8Node, file);
      long wStart = start + headerLen;
      Map<String, long[]> shapes = arch.shapes();
      WeightChecks.requireFits(file, shapes, size - wStart);
      SafeTensors.Contents c = SafeTensors.read(ch, wStart, size - wStart, file);
      if (digest != null) {
        String actual = WeightDigest.sha256(c.tensors().values());
        if (!actual.equals(digest)) {
          throw new BadModelFileException(file, "weights digest does not match: the header records SHA-256 "
              + digest + ", the weights hash to " + actual + " (the file is corrupt)");
        }
      }
      Map<String, NamedTensor> weights = WeightMapping.of(shapes).load(c);
      return new Contents(name, arch, weights, prov.withWeightsSha256(digest != null ? digest : UNVERIFIED),
          calibration, int8);
    } catch (IOException e) {
      throw new BadModelFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /** The typed provenance, or the string map of a file written before it (or none, for the oldest files). */
  private static ModelProvenance provenance(JsonNode header, Path file) {
    JsonNode typed = header.get("modelProvenance");
    if (typed != null) {
      try {
        // A newer version's extra fields are skipped, so its files still load here.
        return JSON.readerFor(ModelProvenance.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(typed);
      } catch (IOException | IllegalArgumentException e) {
        throw new BadModelFileException(file, "corrupt detector header: 'modelProvenance' is not a valid "
            + "provenance (" + e.getMessage() + ")", e);
      }
    }
    Map<String, String> legacy = new LinkedHashMap<>();
    JsonNode p = header.get("provenance");
    if (p != null && p.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        legacy.put(e.getKey(), e.getValue().asText());
      }
    }
    return ModelProvenance.fromMap(legacy);
  }

  /** The recorded weight digest, or null for a file written before digests. */
  private static String digest(JsonNode header, Path file) {
    JsonNode w = header.get("weights");
    if (w == null) {
      return null;
    }
    JsonNode d = w.get("sha256");
    if (!w.isObject() || d == null || !d.isTextual() || !d.asText().matches("[0-9a-f]{64}")) {
      throw new BadModelFileException(file, "corrupt detector header: 'weights' has no valid 'sha256' "
          + "(64 lower-case hex digits)");
    }
    return d.asText();
  }

  /** A recorded pipeline must be the one the architecture declares (absent in files written before pipelines). */
  private static void checkPreprocessing(JsonNode recorded, Architecture arch, Path file) {
    if (recorded == null) {
      return;
    }
    PreprocessingPipeline p;
    try {
      p = PreprocessingPipeline.fromJson(recorded);
    } catch (BadArgumentException e) {
      throw new BadModelFileException(file, "corrupt detector header: bad 'preprocessing': " + e.getMessage(), e);
    }
    if (!p.equals(arch.preprocessing())) {
      throw new BadModelFileException(file, "corrupt detector header: 'preprocessing' " + p.steps()
          + " is not the pipeline of its architecture config " + arch.preprocessing().steps());
    }
  }

  private static String text(JsonNode header, String field, Path file) {
    JsonNode n = header.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new BadModelFileException(file, "detector header has no '" + field + "'");
    }
    return n.asText();
  }

  /**
   * Loads a detector file as a ready detector.
   *
   * @param file    the file
   * @param options inference options
   * @return the detector
   * @throws BadModelFileException naming the file and problem
   */
  public static NetworkDetector load(Path file, InferenceOptions options) {
    Contents c = read(file);
    return NetworkDetector.create(c.name(), c.architecture(), c.weights(), c.provenance(), options,
        c.calibration(), c.int8());
  }
}
