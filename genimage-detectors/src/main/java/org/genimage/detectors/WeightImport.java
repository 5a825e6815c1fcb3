package org.genimage.detectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Checks;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.TorchCheckpoint;
import org.genimage.detectors.weights.WeightFiles;
import org.genimage.detectors.weights.WeightMapping;

/**
 * Published PyTorch weights imported into an architecture: the file read (a {@code .pth} checkpoint or
 * safetensors, {@link WeightFiles}), its names mapped with the architecture's {@link Architecture#importRename()}
 * and {@link Architecture#importIgnore()}, every shape checked, and where it came from recorded as provenance
 * ({@value #FROM}, {@value #SHA256}, {@value #STATE_DICT}, {@value #PREPROCESSING}). Immutable.
 *
 * @param architecture the architecture the weights were checked against
 * @param weights      the weights under the architecture's names, in its order
 * @param provenance   where they came from
 */
public record WeightImport(Architecture architecture, Map<String, NamedTensor> weights,
    Map<String, String> provenance) {
  /** Provenance key: the imported file's name. */
  public static final String FROM = "imported.from";
  /** Provenance key: the SHA-256 of the imported file's bytes. */
  public static final String SHA256 = "imported.sha256";
  /** Provenance key: the wrapper keys leading to the state dict in a checkpoint ('/' separated, empty at top). */
  public static final String STATE_DICT = "imported.state_dict";
  /** Provenance key: a prefix stripped from every name ({@code module.}). */
  public static final String STRIPPED_PREFIX = "imported.stripped_prefix";
  /** Provenance key: the preprocessing the imported network expects, as the architecture declares it. */
  public static final String PREPROCESSING = "imported.preprocessing";

  /** Makes the maps unmodifiable (keeping order). */
  public WeightImport {
    Checks.notNull("architecture", architecture);
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull("weights", weights)));
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull("provenance", provenance)));
  }

  /**
   * Reads and checks a weight file against an architecture.
   *
   * @param architecture the architecture
   * @param file         a {@code .pth} checkpoint or a safetensors file
   * @param key          for a checkpoint, the wrapper keys of the state dict, or null to search
   * @return the import
   * @throws BadModelFileException naming the file and every missing, unexpected or wrongly shaped tensor, or
   *                               what is wrong with the file
   */
  public static WeightImport read(Architecture architecture, Path file, String key) {
    return of(architecture, file, WeightFiles.read(file, key));
  }

  /**
   * Checks weights already read from a file against an architecture.
   *
   * @param architecture the architecture
   * @param file         the file they were read from (its name and digest are recorded)
   * @param c            its contents ({@link WeightFiles#read})
   * @return the import
   * @throws BadModelFileException naming the file and every missing, unexpected or wrongly shaped tensor
   */
  public static WeightImport of(Architecture architecture, Path file, SafeTensors.Contents c) {
    Checks.notNull("architecture", architecture);
    Checks.notNull("file", file);
    Checks.notNull("c", c);
    Map<String, NamedTensor> w = mapping(architecture).load(c);
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put(FROM, file.getFileName().toString());
    prov.put(SHA256, WeightFiles.sha256(file));
    String path = c.metadata().get(TorchCheckpoint.META_STATE_DICT);
    if (path != null) {
      prov.put(STATE_DICT, path);
    }
    String prefix = c.metadata().get(TorchCheckpoint.META_STRIPPED_PREFIX);
    if (prefix != null && !prefix.isEmpty()) {
      prov.put(STRIPPED_PREFIX, prefix);
    }
    prov.put(PREPROCESSING, preprocessing(architecture));
    return new WeightImport(architecture, w, prov);
  }

  /**
   * Compares a weight file with an architecture without refusing it: every missing, unexpected and wrongly
   * shaped tensor, in full.
   *
   * @param architecture the architecture
   * @param c            the file's contents ({@link WeightFiles#read})
   * @return the report
   */
  public static WeightMapping.Report check(Architecture architecture, SafeTensors.Contents c) {
    return mapping(Checks.notNull("architecture", architecture)).check(c);
  }

  private static WeightMapping mapping(Architecture a) {
    return WeightMapping.of(a.shapes()).renaming(a.importRename()).ignoring(a.importIgnore());
  }

  /** The config's {@code preprocessing} entry when it has one, else its input size. */
  private static String preprocessing(Architecture a) {
    JsonNode p = Architectures.configJson(a).get("preprocessing");
    if (p != null) {
      return p.toString();
    }
    Preprocessor pre = a.preprocessor();
    return "declared by " + a.family() + ": " + pre.channels() + "x" + pre.height() + "x" + pre.width()
        + " input";
  }

  /**
   * A detector running these weights.
   *
   * @param name    display name
   * @param options inference options
   * @return the detector (close it)
   */
  public NetworkDetector detector(String name, InferenceOptions options) {
    return NetworkDetector.create(name, architecture, weights, provenance, options);
  }

  /**
   * Saves a detector file ({@code .gidet}) without building the network.
   *
   * @param file destination (replaced)
   * @param name the detector's display name
   */
  public void save(Path file, String name) {
    Map<String, String> prov = new LinkedHashMap<>(provenance);
    prov.putIfAbsent("genimage.version", org.genimage.api.GenImageVersion.get());
    prov.putIfAbsent("architecture", architecture.displayName());
    DetectorFile.write(file, name, architecture, weights, prov);
  }
}
