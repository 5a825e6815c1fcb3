package org.genimage.detectors.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.ImageLoader;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.WeightDigest;

/**
 * Computes CLIP image embeddings with a frozen tower, on the engine {@link NetworkDetector} picks (the oneDNN
 * plan on a CPU), into {@link ClipFeatures} that record the tower's weight digest and the preprocessing.
 * Thread-safe as the detector it wraps; close it to free the native memory.
 */
public final class ClipFeatureExtractor implements AutoCloseable {
  private final UnivFdConfig config;
  private final NetworkDetector tower;
  private final String sha256;
  private final int dim;
  private final int batch;

  private ClipFeatureExtractor(UnivFdConfig config, Map<String, NamedTensor> towerWeights,
      InferenceOptions options) {
    this.config = config;
    ClipTower arch = new ClipTower(config);
    this.tower = NetworkDetector.create("clip-tower", arch, towerWeights, Map.of(), options);
    this.sha256 = WeightDigest.sha256(tower.weights().values());
    this.dim = config.tower().outputDim();
    this.batch = options.batchSize();
  }

  /**
   * An extractor for the tower of a UnivFD detector, with its preprocessing.
   *
   * @param detector the UnivFD architecture
   * @param weights its weights (the probe's are not needed)
   * @param options inference options (batch size, engine, threads)
   * @return the extractor
   * @throws org.genimage.api.BadModelFileException when a tower tensor is missing or wrongly shaped
   */
  public static ClipFeatureExtractor of(UnivFd detector, Map<String, NamedTensor> weights,
      InferenceOptions options) {
    Checks.notNull("detector", detector);
    return new ClipFeatureExtractor(detector.config(), detector.towerWeights(weights),
        Checks.notNull("options", options));
  }

  /**
   * The digest of the tower's weights, as stored in the features.
   *
   * @return 64 hex digits
   */
  public String towerSha256() {
    return sha256;
  }

  /**
   * The engine the tower runs on.
   *
   * @return the engine
   */
  public InferenceEngine engine() {
    return tower.engine();
  }

  /**
   * Embeddings of images, preprocessed with the configuration's preprocessing.
   *
   * @param images the images (any number: batched by the options' batch size)
   * @return row-major {@code [images.size(), outputDim]}
   */
  public float[] embed(List<RgbImage> images) {
    Checks.notNull("images", images);
    int b = batch;
    float[] out = new float[images.size() * dim];
    for (int start = 0; start < images.size(); start += b) {
      List<RgbImage> chunk = images.subList(start, Math.min(images.size(), start + b));
      float[] e = tower.logits(chunk);
      System.arraycopy(e, 0, out, start * dim, chunk.size() * dim);
    }
    return out;
  }

  /**
   * Embeds every sample once, loading a batch at a time.
   *
   * @param samples the samples (ids unique)
   * @param loader how to load a sample's image
   * @return the features with their ids, labels, tower digest and preprocessing
   * @throws org.genimage.api.BadImageException from the loader, naming the image
   */
  public ClipFeatures extract(List<Sample> samples, ImageLoader loader) {
    Checks.notNull("samples", samples);
    Checks.notNull("loader", loader);
    int b = batch;
    float[] values = new float[samples.size() * dim];
    List<String> ids = new ArrayList<>(samples.size());
    List<Label> labels = new ArrayList<>(samples.size());
    for (int start = 0; start < samples.size(); start += b) {
      List<RgbImage> batch = new ArrayList<>();
      for (Sample s : samples.subList(start, Math.min(samples.size(), start + b))) {
        batch.add(loader.load(s));
        ids.add(s.id());
        labels.add(s.label());
      }
      float[] e = tower.logits(batch);
      System.arraycopy(e, 0, values, start * dim, batch.size() * dim);
    }
    return new ClipFeatures(ids, labels, dim, values, sha256, config.tower().displayName(), config.preprocessing());
  }

  @Override
  public void close() {
    tower.close();
  }
}
