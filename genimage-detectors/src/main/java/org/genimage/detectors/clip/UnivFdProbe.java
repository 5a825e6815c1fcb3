package org.genimage.detectors.clip;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.GenImageVersion;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.WeightDigest;

/**
 * Trains UnivFD the cheap way: fits its linear probe ({@link LinearProbe}) on embeddings cached once by the frozen
 * tower ({@link ClipFeatureExtractor}) and returns the detector (tower plus probe), which scores images and saves
 * to a detector file. Features made by another tower or preprocessing are refused. Stateless.
 */
public final class UnivFdProbe {
  private UnivFdProbe() {}

  /**
   * Fits the probe and builds the detector.
   *
   * @param detector the UnivFD architecture
   * @param weights its tower's weights (a probe among them is replaced)
   * @param features training features from that tower and preprocessing
   * @param source the file the features came from, for messages and provenance (may be null)
   * @param options the probe's options
   * @param inference the detector's inference options
   * @return the trained detector
   * @throws org.genimage.api.BadModelFileException when the features are stale (another tower or
   *     preprocessing)
   */
  public static NetworkDetector fit(UnivFd detector, Map<String, NamedTensor> weights, ClipFeatures features,
      Path source, LinearProbe.Options options, InferenceOptions inference) {
    Checks.notNull("detector", detector);
    Checks.notNull("features", features);
    Map<String, NamedTensor> tower = detector.towerWeights(weights);
    String sha = WeightDigest.sha256(tower.values());
    features.requireMadeBy(source, sha, detector.config().preprocessing());
    LinearProbe.Fit fit = LinearProbe.fit(features, options);
    Map<String, NamedTensor> all = new LinkedHashMap<>(tower);
    all.putAll(detector.probe(fit.weight(), fit.bias()));
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("genimage.version", GenImageVersion.get());
    prov.put("trainer", "univfd-linear-probe");
    prov.put("tower.sha256", sha);
    prov.put("probe.features", source == null ? "<in memory>" : source.getFileName().toString());
    prov.put("probe.samples", String.valueOf(features.size()));
    prov.put("probe.l2", String.valueOf(options.l2()));
    prov.put("probe.iterations", String.valueOf(fit.iterations()));
    prov.put("probe.loss", String.valueOf(fit.loss()));
    return NetworkDetector.create(UnivFd.FAMILY, detector, all, prov, inference);
  }
}
