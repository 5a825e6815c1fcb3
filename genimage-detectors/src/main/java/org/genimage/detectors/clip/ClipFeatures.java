package org.genimage.detectors.clip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Label;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;

/**
 * Image embeddings computed once by a frozen CLIP tower, with what they depend on, so that a linear probe is
 * fitted in seconds and a cache made by another tower or another preprocessing is refused instead of used.
 *
 * <p>Stored as a safetensors file: tensor {@code features} F32 {@code [n, dim]}, tensor {@code labels} F32
 * {@code [n]} (0 real, 1 fake, {@link Label#index()}), and metadata {@code format} = {@value #FORMAT},
 * {@code ids} (a JSON array of the samples' ids, in row order), {@code tower.sha256} (the
 * {@link org.genimage.detectors.weights.WeightDigest} of the tower's tensors), {@code tower} (its name) and
 * {@code preprocessing} (the {@link PreprocessingPipeline} as JSON).
 *
 * @param ids the samples' ids, one per row, unique
 * @param labels the labels, one per row
 * @param dim the embedding width
 * @param values the embeddings, row-major {@code [ids.size(), dim]}
 * @param towerSha256 the digest of the tower's weights
 * @param tower the tower's display name (informative)
 * @param preprocessing the preprocessing the images went through
 */
public record ClipFeatures(List<String> ids, List<Label> labels, int dim, float[] values, String towerSha256,
    String tower, PreprocessingPipeline preprocessing) {
  /** The value of the {@code format} metadata entry. */
  public static final String FORMAT = "genimage-clip-features/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException when the sizes disagree, an id repeats or a value is not finite
   */
  public ClipFeatures {
    ids = List.copyOf(Checks.notNull("ids", ids));
    labels = List.copyOf(Checks.notNull("labels", labels));
    Checks.positive("dim", dim);
    Checks.notNull("values", values);
    Checks.notBlank("towerSha256", towerSha256);
    Checks.notNull("tower", tower);
    Checks.notNull("preprocessing", preprocessing);
    if (labels.size() != ids.size()) {
      throw new BadArgumentException("labels.size()", labels.size(), "ids.size() = " + ids.size());
    }
    if ((long) ids.size() * dim != values.length) {
      throw new BadArgumentException("values.length", values.length, ids.size() + " x " + dim);
    }
    if (new HashSet<>(ids).size() != ids.size()) {
      throw new BadArgumentException("ids", "every id once (a sample appears twice)");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new BadArgumentException("values[" + i + "]", values[i], "finite numbers");
      }
    }
    values = values.clone();
  }

  /**
   * The embeddings (a copy).
   *
   * @return row-major {@code [size(), dim]}
   */
  @Override
  public float[] values() {
    return values.clone();
  }

  /**
   * The number of rows.
   *
   * @return the sample count
   */
  public int size() {
    return ids.size();
  }

  /**
   * The rows whose index is in a list, in that order (e.g. a train / held-out split).
   *
   * @param rows row indices
   * @return the subset
   */
  public ClipFeatures subset(int[] rows) {
    Checks.notNull("rows", rows);
    float[] v = new float[rows.length * dim];
    String[] id = new String[rows.length];
    Label[] lab = new Label[rows.length];
    for (int k = 0; k < rows.length; k++) {
      int r = Checks.inRange("rows[" + k + "]", rows[k], 0, size() - 1);
      System.arraycopy(values, r * dim, v, k * dim, dim);
      id[k] = ids.get(r);
      lab[k] = labels.get(r);
    }
    return new ClipFeatures(List.of(id), List.of(lab), dim, v, towerSha256, tower, preprocessing);
  }

  /**
   * Refuses features made by another tower or another preprocessing than the caller's.
   *
   * @param source the file the features came from (for the message; may be null)
   * @param expectedSha256 the digest of the tower about to be used
   * @param expectedPreprocessing the preprocessing about to be used
   * @return this
   * @throws BadModelFileException naming the file and what differs (a stale cache)
   */
  public ClipFeatures requireMadeBy(Path source, String expectedSha256, PreprocessingPipeline expectedPreprocessing) {
    if (!towerSha256.equals(expectedSha256)) {
      throw new BadModelFileException(source, "stale feature cache: computed by a tower with weights sha256 "
          + towerSha256 + ", but the tower in use has " + expectedSha256 + "; extract the features again");
    }
    if (!preprocessing.equals(expectedPreprocessing)) {
      throw new BadModelFileException(source, "stale feature cache: computed with " + preprocessing
          + ", but the detector uses " + expectedPreprocessing + "; extract the features again");
    }
    return this;
  }

  /**
   * Writes the features to a safetensors file (see the class documentation).
   *
   * @param file the destination
   */
  public void write(Path file) {
    Checks.notNull("file", file);
    float[] lab = new float[size()];
    for (int i = 0; i < lab.length; i++) {
      lab[i] = labels.get(i).index();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("tower", tower);
    meta.put("tower.sha256", towerSha256);
    try {
      meta.put("preprocessing", JSON.writeValueAsString(preprocessing));
      meta.put("ids", JSON.writeValueAsString(ids));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON of plain values cannot fail", e);
    }
    SafeTensors.write(file, List.of(NamedTensor.f32("features", new long[] {size(), dim}, values),
        NamedTensor.f32("labels", new long[] {size()}, lab)), meta);
  }

  /**
   * Reads features written by {@link #write}.
   *
   * @param file the file
   * @return the features
   * @throws BadModelFileException naming the file when it is not such a file or is inconsistent
   */
  public static ClipFeatures read(Path file) {
    SafeTensors.Contents c = SafeTensors.read(file);
    Map<String, String> meta = c.metadata();
    if (!FORMAT.equals(meta.get("format"))) {
      throw new BadModelFileException(file, "not a CLIP feature cache (metadata format = " + meta.get("format")
          + ", expected " + FORMAT + ")");
    }
    NamedTensor f = c.find("features").orElseThrow(() -> new BadModelFileException(file, "no tensor 'features'"));
    NamedTensor l = c.find("labels").orElseThrow(() -> new BadModelFileException(file, "no tensor 'labels'"));
    if (f.shape().length != 2 || l.shape().length != 1 || l.shape()[0] != f.shape()[0]) {
      throw new BadModelFileException(file, "features " + java.util.Arrays.toString(f.shape()) + " and labels "
          + java.util.Arrays.toString(l.shape()) + " are not [n, dim] and [n]");
    }
    try {
      List<String> ids = JSON.readValue(Checks.notNull("ids", meta.get("ids")), new TypeReference<List<String>>() {});
      PreprocessingPipeline pre = PreprocessingPipeline.fromJson(
          JSON.readTree(Checks.notNull("preprocessing", meta.get("preprocessing"))));
      Label[] labels = new Label[l.data().length];
      for (int i = 0; i < labels.length; i++) {
        float v = l.data()[i];
        if (v != 0f && v != 1f) {
          throw new BadModelFileException(file, "labels[" + i + "] = " + v + ": expected 0 (real) or 1 (fake)");
        }
        labels[i] = Label.fromIndex((int) v);
      }
      return new ClipFeatures(ids, List.of(labels), (int) f.shape()[1], f.data(),
          meta.getOrDefault("tower.sha256", ""), meta.getOrDefault("tower", ""), pre);
    } catch (JsonProcessingException | BadArgumentException e) {
      throw new BadModelFileException(file, "inconsistent CLIP feature cache: " + e.getMessage(), e);
    }
  }
}
