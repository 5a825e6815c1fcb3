package org.genimage.detectors.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.BadModelFileException;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightChecks;
import org.genimage.detectors.weights.WeightDigest;

/**
 * A training checkpoint ({@link SameDiffTrainer#CHECKPOINT}): an F32 safetensors file holding the current weights
 * ({@code w/<name>}), the best epoch's ({@code best/<name>}), the optimiser's moments ({@code m/<name>},
 * {@code v/<name>}), and in its metadata the run's state as JSON ({@code state}) and the {@link WeightDigest} of
 * every tensor in file order ({@code weights.sha256}).
 *
 * <p>Reading treats the file as untrusted: on top of {@link SafeTensors}' format checks the digest must match
 * (checkpoints written before it existed are read unverified: they are short-lived files of one run), every
 * tensor must have its parameter's shape (a wrong one is named with the expected and found shapes), values must be
 * finite, and every state field must be present, of its type and in range. Any failure is a
 * {@link BadModelFileException} naming the file. Stateless and thread-safe.
 */
final class Checkpoint {
  /** Metadata key of the weight digest. */
  static final String DIGEST = "weights.sha256";
  // Trailing tokens after the JSON value are corruption, not padding (padding is whitespace).
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Checkpoint() {}

  /**
   * Writes a checkpoint (to a temporary file first, then moved into place).
   *
   * @param file         the destination
   * @param architecture the architecture trained
   * @param now          the current weights
   * @param st           the state (best weights and optimiser state included)
   * @param settings     the trainer's settings, compared on resume
   */
  static void write(Path file, Architecture architecture, Map<String, NamedTensor> now, TrainingState st,
      String settings) {
    List<NamedTensor> t = new ArrayList<>();
    now.values().forEach(x -> t.add(rename("w/", x)));
    if (st.bestWeights != null) {
      st.bestWeights.values().forEach(x -> t.add(rename("best/", x)));
    }
    Map<String, long[]> shapes = architecture.shapes();
    for (Map.Entry<String, float[]> e : new TreeMap<>(st.optimizer).entrySet()) {
      t.add(NamedTensor.f32(e.getKey(), shapes.get(e.getKey().substring(2)), e.getValue()));
    }
    ObjectNode s = JSON.createObjectNode();
    s.put("epoch", st.epoch);
    s.put("batch", st.batch);
    s.put("lossSum", st.lossSum);
    s.put("step", st.step);
    s.put("lr", st.lr);
    s.put("best", st.best);
    s.put("bestEpoch", st.bestEpoch);
    s.put("bad", st.bad);
    s.put("plateauBad", st.plateauBad);
    s.put("stopped", st.stopped);
    ObjectNode bm = s.putObject("bestMetrics");
    st.bestMetrics.forEach(bm::put);
    s.put("settings", settings);
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try {
      Files.createDirectories(file.getParent());
      SafeTensors.write(tmp, t, Map.of("state", JSON.writeValueAsString(s), DIGEST, WeightDigest.sha256(t)));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  private static NamedTensor rename(String prefix, NamedTensor x) {
    return new NamedTensor(prefix + x.name(), x.dtype(), x.shape(), x.data());
  }

  /**
   * Reads a checkpoint into a state and returns its current weights.
   *
   * @param file         the checkpoint
   * @param architecture the architecture being trained
   * @param settings     the trainer's settings now (must equal the checkpoint's)
   * @param epochs       the run's epoch count (the checkpoint's epoch may not exceed it)
   * @param st           filled with the checkpoint's state
   * @return the current weights by canonical name
   * @throws BadModelFileException naming the file and the problem
   */
  static Map<String, NamedTensor> read(Path file, Architecture architecture, String settings, int epochs,
      TrainingState st) {
    SafeTensors.Contents c = SafeTensors.read(file);
    String digest = c.metadata().get(DIGEST);
    if (digest != null && !digest.equals(WeightDigest.sha256(c.tensors().values()))) {
      throw new BadModelFileException(file, "checkpoint weights digest does not match: the metadata records "
          + "SHA-256 " + digest + ", the tensors hash to another value (the file is corrupt)");
    }
    readState(file, c.metadata().get("state"), settings, epochs, st);
    Map<String, long[]> shapes = architecture.shapes();
    Map<String, NamedTensor> w = new LinkedHashMap<>();
    Map<String, NamedTensor> best = new LinkedHashMap<>();
    for (ParamSpec p : architecture.parameters()) {
      w.put(p.name(), checked(file, c.get("w/" + p.name()), p.name(), p.shape()));
      c.find("best/" + p.name()).ifPresent(t -> best.put(p.name(), checked(file, t, p.name(), p.shape())));
    }
    if (!best.isEmpty() && best.size() != w.size()) {
      throw new BadModelFileException(file, "checkpoint holds best weights for " + best.size() + " of the "
          + w.size() + " parameters");
    }
    if (best.isEmpty() != (st.bestEpoch == 0)) {
      throw new BadModelFileException(file, "checkpoint state says best epoch " + st.bestEpoch + " but it "
          + (best.isEmpty() ? "holds no" : "holds") + " best weights");
    }
    st.bestWeights = best.isEmpty() ? null : best;
    Map<String, float[]> optimizer = new LinkedHashMap<>();
    for (NamedTensor t : c.tensors().values()) {
      String n = t.name();
      if (n.startsWith("m/") || n.startsWith("v/")) {
        long[] want = shapes.get(n.substring(2));
        if (want == null) {
          throw new BadModelFileException(file, "checkpoint optimiser state '" + n + "' "
              + Arrays.toString(t.shape()) + " matches no parameter of " + architecture.displayName());
        }
        optimizer.put(n, checked(file, t, n, want).data());
      } else if (!n.startsWith("w/") && !n.startsWith("best/")) {
        throw new BadModelFileException(file, "checkpoint holds an unexpected tensor '" + n + "'");
      }
    }
    st.optimizer = optimizer;
    return w;
  }

  /** The tensor under its canonical name, after checking its shape and values. */
  private static NamedTensor checked(Path file, NamedTensor t, String name, long[] want) {
    if (!Arrays.equals(t.shape(), want)) {
      throw new BadModelFileException(file, "checkpoint tensor '" + t.name() + "' has shape "
          + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(want));
    }
    WeightChecks.requireFinite(file, List.of(t));
    return new NamedTensor(name, t.dtype(), t.shape(), t.data());
  }

  private static void readState(Path file, String text, String settings, int epochs, TrainingState st) {
    if (text == null) {
      throw new BadModelFileException(file, "checkpoint has no 'state' metadata");
    }
    JsonNode s;
    try {
      s = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadModelFileException(file, "corrupt checkpoint state: " + e.getOriginalMessage(), e);
    }
    if (s == null || !s.isObject()) {
      throw new BadModelFileException(file, "corrupt checkpoint state: not a JSON object");
    }
    JsonNode was = s.get("settings");
    if (was == null || !was.isTextual() || !settings.equals(was.asText())) {
      throw new BadModelFileException(file, "checkpoint was written by a trainer with other settings: "
          + (was == null ? "none" : was.asText()) + " (now " + settings + ")");
    }
    st.epoch = (int) integer(file, s, "epoch", 0, epochs);
    // batch and lossSum came with mid-epoch checkpoints; older checkpoints end an epoch.
    st.batch = s.has("batch") ? (int) integer(file, s, "batch", 0, Integer.MAX_VALUE) : 0;
    st.step = integer(file, s, "step", 0, Long.MAX_VALUE);
    st.lossSum = s.has("lossSum") ? number(file, s, "lossSum", true) : 0;
    st.lr = number(file, s, "lr", false);
    if (st.lr < 0) {
      throw new BadModelFileException(file, "corrupt checkpoint state: negative 'lr' " + st.lr);
    }
    // The best AUC starts at -infinity and stays there while no epoch has improved.
    st.best = number(file, s, "best", true);
    st.bestEpoch = (int) integer(file, s, "bestEpoch", 0, st.epoch);
    st.bad = (int) integer(file, s, "bad", 0, Integer.MAX_VALUE);
    st.plateauBad = (int) integer(file, s, "plateauBad", 0, Integer.MAX_VALUE);
    JsonNode stopped = s.get("stopped");
    if (stopped == null || !stopped.isBoolean()) {
      throw new BadModelFileException(file, "corrupt checkpoint state: 'stopped' is not a boolean");
    }
    st.stopped = stopped.asBoolean();
    JsonNode bm = s.get("bestMetrics");
    if (bm == null || !bm.isObject()) {
      throw new BadModelFileException(file, "corrupt checkpoint state: 'bestMetrics' is not an object");
    }
    Map<String, Double> metrics = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = bm.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      // A metric may be NaN (AUC of a one-class validation set), written by Jackson as the string "NaN".
      metrics.put(e.getKey(), number(file, bm, e.getKey(), true));
    }
    st.bestMetrics = metrics;
  }

  private static long integer(Path file, JsonNode s, String field, long min, long max) {
    JsonNode n = s.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
      throw new BadModelFileException(file, "corrupt checkpoint state: '" + field + "' is " + n
          + ", not an integer in [" + min + ", " + max + "]");
    }
    return n.asLong();
  }

  /** A number, or one of Jackson's quoted non-finite values when {@code nonFinite} allows them. */
  private static double number(Path file, JsonNode s, String field, boolean nonFinite) {
    JsonNode n = s.get(field);
    double v;
    if (n != null && n.isNumber()) {
      v = n.asDouble();
    } else if (nonFinite && n != null && n.isTextual()
        && List.of("NaN", "Infinity", "-Infinity").contains(n.asText())) {
      v = Double.parseDouble(n.asText());
    } else {
      v = Double.NaN;
      nonFinite = false;
    }
    if (!nonFinite && !Double.isFinite(v)) {
      throw new BadModelFileException(file, "corrupt checkpoint state: '" + field + "' is " + n
          + ", not a finite number");
    }
    return v;
  }
}
