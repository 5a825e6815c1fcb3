package org.genimage.detectors.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ReadLimits;
import org.genimage.detectors.DetectorCalibration;
import org.genimage.detectors.Int8Calibration;
import org.genimage.detectors.ValidationFit;
import org.genimage.detectors.onednn.graph.ActivationRanges;
import org.genimage.eval.calibration.Calibration;

/**
 * The JSON of calibrations, validation fits and parameters in genimage's model file headers (detector and
 * ensemble files), read as untrusted input: every problem is a {@link BadModelFileException} naming the file.
 * Not part of the public API (shared by the detector and ensemble file formats).
 */
public final class HeaderJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HeaderJson() {}

  /**
   * A calibration's JSON.
   *
   * @param c the calibration
   * @return {@code {"method": name, "parameters": {...}, "fittedOn": {...}}}
   */
  public static ObjectNode calibration(DetectorCalibration c) {
    ObjectNode n = NODES.objectNode();
    n.put("method", c.calibration().name());
    ObjectNode p = n.putObject("parameters");
    c.calibration().parameters().forEach(p::put);
    n.set("fittedOn", fit(c.fittedOn()));
    return n;
  }

  /**
   * Reads a calibration.
   *
   * @param n the JSON
   * @param file the file, for messages
   * @return the calibration
   * @throws BadModelFileException naming the file when it is malformed or its parameters are not finite
   */
  public static DetectorCalibration calibration(JsonNode n, Path file) {
    if (!n.isObject()) {
      throw bad(file, "'calibration' is not an object");
    }
    JsonNode method = n.get("method");
    if (method == null || !method.isTextual()) {
      throw bad(file, "'calibration' has no 'method'");
    }
    Map<String, Double> parameters = numbers(n.get("parameters"), "calibration.parameters", file);
    try {
      Calibration c = Calibration.restore(method.asText(), parameters);
      return new DetectorCalibration(c, fit(n.get("fittedOn"), "calibration.fittedOn", file));
    } catch (BadArgumentException e) {
      throw bad(file, "bad 'calibration': " + e.getMessage());
    }
  }

  /**
   * An int8 calibration's JSON.
   *
   * @param c the calibration
   * @return {@code {"ranges": {"key": [min, max], ...}, "collectedOn": {...}}}
   */
  public static ObjectNode int8(Int8Calibration c) {
    ObjectNode n = NODES.objectNode();
    ObjectNode r = n.putObject("ranges");
    c.ranges().ranges().forEach((k, v) -> r.putArray(k).add(v.min()).add(v.max()));
    n.set("collectedOn", fit(c.collectedOn()));
    return n;
  }

  /**
   * Reads an int8 calibration.
   *
   * @param n the JSON
   * @param file the file, for messages
   * @return the calibration
   * @throws BadModelFileException naming the file when it is malformed (not an object, a range that is not two
   *     finite floats in order; the header's size bounds their number)
   */
  public static Int8Calibration int8(JsonNode n, Path file) {
    if (n == null || !n.isObject() || n.get("ranges") == null || !n.get("ranges").isObject()) {
      throw bad(file, "'int8' is not an object with 'ranges'");
    }
    JsonNode ranges = n.get("ranges");
    Map<String, ActivationRanges.Range> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = ranges.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = "int8.ranges." + e.getKey();
      JsonNode pair = e.getValue();
      if (!pair.isArray() || pair.size() != 2) {
        throw bad(file, "'" + where + "' is not [min, max]");
      }
      double min = number(pair.get(0), where + "[0]", file);
      double max = number(pair.get(1), where + "[1]", file);
      if (min > max || Math.abs(min) > Float.MAX_VALUE || Math.abs(max) > Float.MAX_VALUE) {
        throw bad(file, "'" + where + "' is [" + min + ", " + max + "], not an interval of floats");
      }
      m.put(e.getKey(), new ActivationRanges.Range((float) min, (float) max));
    }
    try {
      return new Int8Calibration(new ActivationRanges(m), fit(n.get("collectedOn"), "int8.collectedOn", file));
    } catch (BadArgumentException e) {
      throw bad(file, "bad 'int8': " + e.getMessage());
    }
  }

  /**
   * A validation fit's JSON.
   *
   * @param f the fit
   * @return {@code {"manifest": "sha256:...", "samples": n}}
   */
  public static ObjectNode fit(ValidationFit f) {
    ObjectNode n = NODES.objectNode();
    n.put("manifest", f.manifest());
    n.put("samples", f.samples());
    return n;
  }

  /**
   * Reads a validation fit.
   *
   * @param n the JSON, may be null
   * @param where the field's dotted name, for messages
   * @param file the file, for messages
   * @return the fit
   * @throws BadModelFileException naming the file when it is missing or malformed
   */
  public static ValidationFit fit(JsonNode n, String where, Path file) {
    if (n == null || !n.isObject()) {
      throw bad(file, "'" + where + "' is missing or not an object");
    }
    JsonNode manifest = n.get("manifest");
    JsonNode samples = n.get("samples");
    if (manifest == null || !manifest.isTextual() || manifest.asText().length() > ReadLimits.MAX_LINE_CHARS) {
      throw bad(file, "'" + where + ".manifest' is missing, not text or too long");
    }
    if (samples == null || !samples.canConvertToInt() || !samples.isIntegralNumber() || samples.asInt() < 1) {
      throw bad(file, "'" + where + ".samples' is not a positive integer");
    }
    return new ValidationFit(manifest.asText(), samples.asInt());
  }

  /**
   * Reads an object of finite numbers (NaN cannot be a JSON number; a string {@code "NaN"} is refused).
   *
   * @param n the JSON, may be null
   * @param where the field's dotted name, for messages
   * @param file the file, for messages
   * @return the numbers by name, in file order
   * @throws BadModelFileException naming the file for a missing object or a value that is not a finite number
   */
  public static Map<String, Double> numbers(JsonNode n, String where, Path file) {
    if (n == null || !n.isObject()) {
      throw bad(file, "'" + where + "' is missing or not an object");
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      double v = number(e.getValue(), where + "." + e.getKey(), file);
      m.put(e.getKey(), v);
    }
    return m;
  }

  /**
   * Reads one finite number.
   *
   * @param v the JSON, may be null
   * @param where the field's dotted name, for messages
   * @param file the file, for messages
   * @return the number
   * @throws BadModelFileException naming the file unless it is a finite number
   */
  public static double number(JsonNode v, String where, Path file) {
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw bad(file, "'" + where + "' is " + (v == null ? "missing" : v.toString())
          + ", not a finite number");
    }
    return v.asDouble();
  }

  /**
   * The error for a malformed header.
   *
   * @param file the file
   * @param problem what is wrong
   * @return the exception, to throw
   */
  public static BadModelFileException bad(Path file, String problem) {
    return new BadModelFileException(file, "corrupt detector header: " + problem);
  }
}
