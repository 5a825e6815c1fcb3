package org.genimage.detectors;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ModelProvenance;
import org.genimage.api.WeightsSource;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.TorchCheckpoint;
import org.genimage.detectors.weights.WeightFiles;
import org.genimage.detectors.weights.WeightMapping;

/**
 * Published PyTorch weights imported into an architecture: the file read (a {@code .pth} checkpoint or
 * safetensors, {@link WeightFiles}), its names mapped with the architecture's {@link Architecture#importRename()}
 * and {@link Architecture#importIgnore()}, every shape checked, and where it came from recorded as provenance: a
 * {@link WeightsSource#imported} source (file name and SHA-256 of its bytes) and, as notes, {@value #STATE_DICT}
 * and {@value #STRIPPED_PREFIX}. The preprocessing the reference network expects is the architecture's declared
 * pipeline, which a saved detector file records. Immutable.
 *
 * @param architecture the architecture the weights were checked against
 * @param weights      the weights under the architecture's names, in its order
 * @param provenance   where they came from
 */
public record WeightImport(Architecture architecture, Map<String, NamedTensor> weights,
    ModelProvenance provenance) {
  /** Provenance note: the wrapper keys leading to the state dict in a checkpoint ('/' separated, empty at top). */
  public static final String STATE_DICT = "imported.state_dict";
  /** Provenance note: a prefix stripped from every name ({@code module.}). */
  public static final String STRIPPED_PREFIX = "imported.stripped_prefix";

  /** Makes the weights unmodifiable (keeping order). */
  public WeightImport {
    Checks.notNull("architecture", architecture);
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull("weights", weights)));
    Checks.notNull("provenance", provenance);
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
    Map<String, String> notes = new LinkedHashMap<>();
    String path = c.metadata().get(TorchCheckpoint.META_STATE_DICT);
    if (path != null) {
      notes.put(STATE_DICT, path);
    }
    String prefix = c.metadata().get(TorchCheckpoint.META_STRIPPED_PREFIX);
    if (prefix != null && !prefix.isEmpty()) {
      notes.put(STRIPPED_PREFIX, prefix);
    }
    WeightsSource source = WeightsSource.imported(file.getFileName().toString(), WeightFiles.sha256(file));
    return new WeightImport(architecture, w, Provenances.of(architecture, source, null, notes));
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
    DetectorFile.write(file, name, architecture, weights, provenance);
  }
}
