package org.genimage.detectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.GenImageVersion;
import org.genimage.api.ModelProvenance;
import org.genimage.api.TrainingProvenance;
import org.genimage.api.WeightsSource;
import org.genimage.api.internal.Checks;

/**
 * Builds {@link ModelProvenance} from configuration records: every field of a record (as Jackson writes it,
 * which is also how detector files store configs) becomes one dotted text entry, so a new config field is
 * recorded without anyone listing it. Stateless and thread-safe.
 */
public final class Provenances {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Provenances() {}

  /**
   * The provenance of a model of an architecture, made by this genimage version.
   *
   * @param architecture the architecture (its config record is flattened)
   * @param weights where the weights came from
   * @param training how it was trained, or null
   * @param notes other entries
   * @return the provenance (no weight digest yet: the detector file computes it)
   */
  public static ModelProvenance of(Architecture architecture, WeightsSource weights, TrainingProvenance training,
      Map<String, String> notes) {
    Checks.notNull("architecture", architecture);
    return new ModelProvenance(GenImageVersion.get(), architecture.family(), architecture.displayName(),
        fields(architecture.config()), weights, "", training, notes);
  }

  /**
   * A configuration value's fields as dotted text entries: nested records and objects add a name
   * ({@code optimizer.learningRate}), arrays and scalars are written as JSON text ({@code [1, 1, 1, 1]} is
   * {@code [1,1,1,1]}), strings as they are.
   *
   * @param config a record (or any value Jackson serialises to an object)
   * @return name to text, sorted
   */
  public static Map<String, String> fields(Object config) {
    Map<String, String> out = new TreeMap<>();
    flatten("", JSON.valueToTree(Checks.notNull("config", config)), out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (!node.isNull()) {
      out.put(prefix, node.isTextual() ? node.asText() : node.toString());
    }
  }

  /**
   * The SHA-256 of a file's bytes, for the provenance of imported weights.
   *
   * @param file the file
   * @return 64 lower-case hex digits
   * @throws UncheckedIOException when it cannot be read
   */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(Checks.notNull("file", file))) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0;) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java platform provides SHA-256
    }
  }
}
