package org.genimage.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.Sample;

/**
 * Writes and reads back the JSON files of a run directory ({@code scores/<cell>.json},
 * {@code detectors/<cell>.json}), trusting nothing it reads.
 *
 * <p>Each file carries {@code contentSha256}, the SHA-256 of the rest of its content as the runner
 * serialises it, so a flipped digit cannot pass for a result. A file is read in three outcomes:
 * <ul>
 *   <li>missing, empty, or not well-formed JSON (truncated, garbled): what a crash or a full disk can
 *       leave, since an atomic rename without a sync may survive a power loss before the bytes do. The
 *       cell is treated as not finished: recomputed, and the file replaced.
 *   <li>well-formed but not a valid record for this cell (a field missing or of the wrong type, a
 *       value out of range, a digest that does not match, sample ids or labels that are not the test
 *       set's): refused with {@link BadArgumentException} naming the file and the field, never
 *       silently recomputed or trusted, so a hand-edited or damaged result is noticed.
 *   <li>valid: reused.
 * </ul>
 * Files written before the digest existed have no {@code contentSha256}; they are checked field by
 * field and against the test set, and reused. Score files written before image sizes were recorded
 * (and those of a scorer that records none) have no {@code widths} and {@code heights}: they read as
 * scores without sizes, and their digest still matches, since empty sizes are not written.
 */
final class RunFiles {
  /** The field holding the digest of the rest of the file. */
  static final String DIGEST = "contentSha256";

  private static final ObjectMapper WRITER = new ObjectMapper();

  /** Reads only what the writer writes: no coercion, nothing missing, nothing extra. */
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private RunFiles() {}

  /**
   * A value's file content: its JSON with the digest of that JSON added.
   *
   * @param value a {@link CellScores} or detector record
   * @return the bytes to write
   * @throws JsonProcessingException if it cannot be serialised
   */
  static byte[] bytes(Object value) throws JsonProcessingException {
    ObjectNode tree = WRITER.valueToTree(value);
    tree.put(DIGEST, digest(WRITER.writeValueAsBytes(value)));
    return WRITER.writeValueAsBytes(tree);
  }

  /**
   * Reads a cell's saved scores.
   *
   * @param file {@code scores/<cell>.json}
   * @param cell the cell it should belong to
   * @param print the fingerprint of the cell's inputs now
   * @return the scores, or null when the cell is not finished (no file, or a torn one)
   * @throws BadArgumentException naming the file and the field for a file that is not this cell's
   *     valid result
   */
  static CellScores readScores(Path file, ScoreCell cell, String print) {
    CellScores s = read(file, CellScores.class, RunFiles::withoutSizes);
    if (s == null) {
      return null;
    }
    if (!s.cellId().equals(cell.id()) || !s.fingerprint().equals(print)) {
      throw new BadArgumentException("runDirectory", file + " holds scores computed from other "
          + "inputs (detector, test set, degradation or settings); use a new run directory or "
          + "delete the file");
    }
    checkAgainstTestSet(file, s, cell.test().samples());
    return s;
  }

  /**
   * Reads a trained detector's record.
   *
   * @param file {@code detectors/<cell>.json}
   * @param print the fingerprint of the training inputs now
   * @return the record, or null when training is not finished (no file, or a torn one)
   * @throws BadArgumentException naming the file and the field for a file that is not a valid record
   *     of these inputs
   */
  static DetectorRecord readDetector(Path file, String print) {
    DetectorRecord rec = read(file, DetectorRecord.class, tree -> { });
    if (rec == null) {
      return null;
    }
    if (!rec.fingerprint().equals(print)) {
      throw new BadArgumentException("runDirectory", file + " was trained from other inputs "
          + "(trainer, settings or data); use a new run directory or delete the file");
    }
    if (rec.provenance().containsValue(null)) {
      throw refused(file, "provenance has a null value");
    }
    try {
      rec.info();
    } catch (BadArgumentException e) {
      throw refused(file, e.getMessage());
    }
    if (!rec.saved() && !rec.savedFile().startsWith("(")) {
      throw refused(file, "savedFile \"" + rec.savedFile() + "\" names a file but saved is false");
    }
    return rec;
  }

  /**
   * The strict reader requires every field; sizes alone may be missing (see the class comment), and
   * stand empty then. Both or neither: a file with one of them is refused for the other's absence.
   */
  private static void withoutSizes(ObjectNode tree) {
    if (!tree.has("widths") && !tree.has("heights")) {
      tree.putArray("widths");
      tree.putArray("heights");
    }
  }

  private static <T> T read(Path file, Class<T> type, Consumer<ObjectNode> defaults) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonNode tree;
    try {
      long size = Files.size(file);
      if (size > ReadLimits.MAX_RUN_FILE_BYTES) {
        throw refused(file, size + " bytes, more than " + ReadLimits.MAX_RUN_FILE_BYTES);
      }
      tree = STRICT.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      return null; // torn or garbled: not finished, recomputed (see the class comment)
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (tree == null || tree.isMissingNode()) {
      return null; // empty: a torn write
    }
    if (!tree.isObject()) {
      throw refused(file, "not a JSON object");
    }
    JsonNode stored = ((ObjectNode) tree).remove(DIGEST);
    defaults.accept((ObjectNode) tree);
    if (stored != null && !stored.isTextual()) {
      throw refused(file, DIGEST + " is not text");
    }
    T value;
    try {
      value = STRICT.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof BadArgumentException b ? b : e;
      String where = e.getPath().isEmpty() ? "" : "field " + fieldPath(e) + ": ";
      throw refused(file, where + (cause instanceof BadArgumentException ? cause.getMessage()
          : e.getOriginalMessage()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw refused(file, e.getMessage());
    }
    if (stored != null) {
      String actual;
      try {
        actual = digest(WRITER.writeValueAsBytes(value));
      } catch (JsonProcessingException e) {
        throw refused(file, "cannot be serialised again: " + e.getOriginalMessage());
      }
      if (!actual.equals(stored.asText())) {
        throw refused(file, DIGEST + " does not match the content (the file was changed after the"
            + " run wrote it)");
      }
    }
    return value;
  }

  /**
   * Every scored and skipped id must be one of the test set's samples, each used once, with its
   * label, and together they must cover the test set: otherwise the resumed metrics would describe
   * another set. Order is not checked, as the fingerprint does not cover it either.
   */
  private static void checkAgainstTestSet(Path file, CellScores s, List<Sample> test) {
    Map<String, int[]> left = new HashMap<>();
    for (Sample t : test) {
      left.computeIfAbsent(t.id(), k -> new int[2])[t.label().index()]++;
    }
    List<String> ids = s.sampleIds();
    int[] labels = s.labels();
    float[] scores = s.scores();
    for (int k = 0; k < ids.size(); k++) {
      if (labels[k] != 0 && labels[k] != 1) {
        throw refused(file, "labels[" + k + "] = " + labels[k] + ": allowed 0 (REAL) or 1 (FAKE)");
      }
      if (Float.isNaN(scores[k])) {
        throw refused(file, "scores[" + k + "] is NaN");
      }
      int[] n = left.get(ids.get(k));
      if (n == null || n[labels[k]] == 0) {
        throw refused(file, "sampleIds[" + k + "] \"" + ids.get(k) + "\" with label " + labels[k]
            + (n == null ? " is not in the test set" : " is not in the test set with that label"
                + " or is listed twice"));
      }
      n[labels[k]]--;
    }
    List<SkippedImage> skipped = s.skipped();
    for (int k = 0; k < skipped.size(); k++) {
      int[] n = left.get(skipped.get(k).sampleId());
      if (n == null || n[0] + n[1] == 0) {
        throw refused(file, "skipped[" + k + "].sampleId \"" + skipped.get(k).sampleId() + "\""
            + (n == null ? " is not in the test set" : " is listed twice"));
      }
      n[n[0] > 0 ? 0 : 1]--;
    }
    int covered = ids.size() + skipped.size();
    if (covered != test.size()) {
      throw refused(file, covered + " scored and skipped images, the test set has " + test.size());
    }
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static BadArgumentException refused(Path file, String problem) {
    return new BadArgumentException("runDirectory", file + ": " + problem
        + "; delete the file to recompute the cell");
  }

  private static String digest(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
