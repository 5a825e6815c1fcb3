package org.genimage.detectors.ensemble;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.GenImageVersion;
import org.genimage.api.ModelProvenance;
import org.genimage.api.Predictor;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.genimage.api.WeightsSource;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.LogitPredictor;
import org.genimage.detectors.Logits;
import org.genimage.detectors.ValidationFit;
import org.genimage.eval.calibration.LogisticModel;

/**
 * A detector that fuses other detectors' logits of FAKE ({@link Logits#of}: a member's double logits when its
 * predictor gives them, else the logit of its score): by their {@linkplain FusionMethod#MEAN mean}, their
 * {@linkplain FusionMethod#MAX maximum}, or {@linkplain FusionMethod#STACKING logistic stacking}
 * ({@code sigmoid(w . z + b)}, fitted on validation data by {@link #fitStacking}). Its score is the sigmoid of the
 * fused logit, which is clamped to [-{@link Logits#LIMIT}, {@link Logits#LIMIT}].
 *
 * <p>The ensemble owns its members: {@link #close()} closes them. It is saved with {@link #save} as one file
 * that embeds every member's own file ({@link EnsembleFile}) and loaded with {@code Detectors.load}.
 *
 * <p>Thread-safety: thread-safe. Each {@link #newPredictor()} holds one predictor of every member, so threads
 * that each use a predictor of their own score in parallel as far as the members allow; {@link #scoreBatch}
 * borrows a pooled predictor per call.
 */
public final class EnsembleDetector implements Detector {
  private final String name;
  private final FusionMethod method;
  private final List<Detector> members;
  private final LogisticModel stacking;
  private final ValidationFit fittedOn;
  private final ModelProvenance provenance;
  private final ConcurrentLinkedDeque<Fused> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private EnsembleDetector(String name, FusionMethod method, List<? extends Detector> members,
      LogisticModel stacking, ValidationFit fittedOn) {
    this.name = Checks.notBlank("name", name);
    this.method = Checks.notNull("method", method);
    Checks.notNull("members", members);
    if (members.isEmpty() || members.size() > ReadLimits.MAX_ENSEMBLE_MEMBERS) {
      throw new BadArgumentException("members", members.size(), "1 to " + ReadLimits.MAX_ENSEMBLE_MEMBERS
          + " detectors (ReadLimits.MAX_ENSEMBLE_MEMBERS)");
    }
    for (int i = 0; i < members.size(); i++) {
      Checks.notNull("members[" + i + "]", members.get(i));
    }
    this.members = List.copyOf(members);
    if ((method == FusionMethod.STACKING) != (stacking != null)) {
      throw new BadArgumentException("stacking", stacking, method == FusionMethod.STACKING
          ? "a fitted model for stacking" : "none for " + method.id());
    }
    if (stacking != null && stacking.features() != members.size()) {
      throw new BadArgumentException("stacking", stacking, "one weight per member (" + members.size() + ")");
    }
    if (stacking != null) {
      Checks.notNull("fittedOn", fittedOn);
    }
    this.stacking = stacking;
    this.fittedOn = stacking != null ? fittedOn : null;
    this.provenance = buildProvenance();
  }

  /**
   * An ensemble of the mean of its members' logits.
   *
   * @param name display name
   * @param members 1 to {@link ReadLimits#MAX_ENSEMBLE_MEMBERS} detectors, owned by the ensemble from now on
   * @return the ensemble
   */
  public static EnsembleDetector mean(String name, List<? extends Detector> members) {
    return new EnsembleDetector(name, FusionMethod.MEAN, members, null, null);
  }

  /**
   * An ensemble of the largest of its members' logits.
   *
   * @param name display name
   * @param members 1 to {@link ReadLimits#MAX_ENSEMBLE_MEMBERS} detectors, owned by the ensemble from now on
   * @return the ensemble
   */
  public static EnsembleDetector max(String name, List<? extends Detector> members) {
    return new EnsembleDetector(name, FusionMethod.MAX, members, null, null);
  }

  /**
   * A stacking ensemble with a fitted model.
   *
   * @param name display name
   * @param members 1 to {@link ReadLimits#MAX_ENSEMBLE_MEMBERS} detectors, owned by the ensemble from now on
   * @param model one weight per member, in order, and the bias
   * @param fittedOn the validation data the model was fitted on
   * @return the ensemble
   */
  public static EnsembleDetector stacking(String name, List<? extends Detector> members, LogisticModel model,
      ValidationFit fittedOn) {
    return new EnsembleDetector(name, FusionMethod.STACKING, members, Checks.notNull("model", model),
        Checks.notNull("fittedOn", fittedOn));
  }

  /**
   * Fits logistic stacking on validation logits ({@link LogisticModel#fit}: unpenalised maximum likelihood,
   * Newton's method) and builds the ensemble.
   *
   * @param name display name
   * @param members the members, owned by the ensemble from now on
   * @param labels 0 (REAL) or 1 (FAKE) per validation image
   * @param memberLogits per validation image, the members' logits in member order ({@link #memberLogits})
   * @param fittedOn the validation data's manifest hash and size
   * @return the fitted ensemble
   * @throws BadArgumentException when the logits do not match the labels or the members
   */
  public static EnsembleDetector fitStacking(String name, List<? extends Detector> members, int[] labels,
      double[][] memberLogits, ValidationFit fittedOn) {
    Checks.notNull("memberLogits", memberLogits);
    if (memberLogits.length > 0 && memberLogits[0] != null && memberLogits[0].length != members.size()) {
      throw new BadArgumentException("memberLogits[0]", memberLogits[0].length, "one logit per member ("
          + members.size() + ")");
    }
    return stacking(name, members, LogisticModel.fit(labels, memberLogits), fittedOn);
  }

  /**
   * The members' logits of some images, for fitting stacking.
   *
   * @param members the detectors
   * @param images the images
   * @return per image, one logit per member in member order
   */
  public static double[][] memberLogits(List<? extends Detector> members, List<RgbImage> images) {
    Checks.notNull("images", images);
    double[][] out = new double[images.size()][members.size()];
    for (int j = 0; j < members.size(); j++) {
      try (Predictor p = members.get(j).newPredictor()) {
        double[] z = Logits.of(p, images);
        for (int i = 0; i < z.length; i++) {
          out[i][j] = z[i];
        }
      }
    }
    return out;
  }

  /**
   * How the logits are fused.
   *
   * @return the method
   */
  public FusionMethod method() {
    return method;
  }

  /**
   * The members, in order.
   *
   * @return an immutable list (owned by this ensemble: do not close them)
   */
  public List<Detector> members() {
    return members;
  }

  /**
   * The stacking model.
   *
   * @return the weights and bias, empty unless the method is stacking
   */
  public java.util.Optional<LogisticModel> stackingModel() {
    return java.util.Optional.ofNullable(stacking);
  }

  /**
   * Where the stacking model was fitted.
   *
   * @return the validation data, empty unless the method is stacking
   */
  public java.util.Optional<ValidationFit> fittedOn() {
    return java.util.Optional.ofNullable(fittedOn);
  }

  /**
   * Fuses one image's member logits.
   *
   * @param z one logit per member, in member order
   * @return the ensemble's logit, clamped to [-{@link Logits#LIMIT}, {@link Logits#LIMIT}]
   */
  public double fuse(double[] z) {
    Checks.notNull("z", z);
    if (z.length != members.size()) {
      throw new BadArgumentException("z", z.length, "one logit per member (" + members.size() + ")");
    }
    double u;
    switch (method) {
      case MEAN -> {
        u = 0;
        for (double v : z) {
          u += v;
        }
        u /= z.length;
      }
      case MAX -> {
        u = Double.NEGATIVE_INFINITY;
        for (double v : z) {
          u = Math.max(u, v);
        }
      }
      default -> u = stacking.logit(z);
    }
    return Logits.clamp(u);
  }

  @Override
  public DetectorInfo info() {
    int input = members.get(0).info().inputSize();
    int batch = Integer.MAX_VALUE;
    for (Detector m : members) {
      DetectorInfo i = m.info();
      input = i.inputSize() == input ? input : 0;
      batch = Math.min(batch, i.preferredBatchSize());
    }
    String engines = members.stream().map(m -> m.info().engine()).collect(Collectors.joining("; "));
    return DetectorInfo.of(name, provenance.architecture(), input, batch, true, provenance,
        "ensemble of " + members.size() + ": " + engines);
  }

  private ModelProvenance buildProvenance() {
    Map<String, String> notes = new TreeMap<>();
    Map<String, String> config = new TreeMap<>();
    config.put("method", method.id());
    config.put("members", Integer.toString(members.size()));
    List<String> archs = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      DetectorInfo m = members.get(i).info();
      archs.add(m.architecture());
      notes.put("ensemble.member." + i + ".name", m.name());
      notes.put("ensemble.member." + i + ".architecture", m.architecture());
      String digest = m.modelProvenance().weightsSha256();
      if (!digest.isEmpty()) {
        notes.put("ensemble.member." + i + ".weights.sha256", digest);
      }
      if (stacking != null) {
        config.put("stacking.weight." + i, Double.toString(stacking.weights()[i]));
      }
    }
    if (stacking != null) {
      config.put("stacking.bias", Double.toString(stacking.bias()));
      if (!fittedOn.manifest().isEmpty()) {
        notes.put("stacking.validation.manifest", fittedOn.manifest());
      }
      notes.put("stacking.validation.samples", Integer.toString(fittedOn.samples()));
    }
    String arch = "ensemble-" + method.id() + "(" + String.join(",", archs) + ")";
    return new ModelProvenance(GenImageVersion.get(), "ensemble", arch, config,
        WeightsSource.of(WeightsSource.Kind.GIVEN), "", null, notes);
  }

  @Override
  public float[] scoreBatch(List<RgbImage> images) {
    return withPredictor(p -> p.scoreBatch(images));
  }

  /**
   * The fused logit of each image.
   *
   * @param images the images
   * @return one logit per image
   */
  public double[] logitBatch(List<RgbImage> images) {
    Fused p = borrow();
    try {
      return p.logitBatch(images);
    } finally {
      idle.offerFirst(p);
    }
  }

  private float[] withPredictor(Function<Fused, float[]> call) {
    Fused p = borrow();
    try {
      return call.apply(p);
    } finally {
      idle.offerFirst(p);
    }
  }

  private Fused borrow() {
    ensureOpen();
    Fused p = idle.pollFirst();
    return p != null ? p : new Fused();
  }

  /**
   * A predictor for one thread, holding one predictor of every member. Close it before closing the ensemble.
   *
   * @return the predictor (a {@link LogitPredictor})
   * @throws IllegalStateException if this ensemble is closed
   */
  @Override
  public Predictor newPredictor() {
    ensureOpen();
    return new Fused();
  }

  /**
   * Saves the ensemble with every member embedded ({@link EnsembleFile}); every member must be savable.
   *
   * @param file the destination
   * @throws UnsupportedOperationException naming a member that cannot be saved
   */
  @Override
  public void save(Path file) {
    ensureOpen();
    EnsembleFile.write(file, name, method, members, stacking, fittedOn);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  /** Closes the pooled predictors, then every member. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Fused p = idle.pollFirst(); p != null; p = idle.pollFirst()) {
      p.close();
    }
    RuntimeException first = null;
    for (Detector m : members) {
      try {
        m.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** One thread's predictor: one predictor per member. Not thread-safe. */
  private final class Fused implements LogitPredictor {
    private final List<Predictor> parts = new ArrayList<>();

    Fused() {
      try {
        for (Detector m : members) {
          parts.add(m.newPredictor());
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override
    public double[] logitBatch(List<RgbImage> images) {
      Checks.notNull("images", images);
      ensureOpen();
      int n = images.size();
      double[][] byMember = new double[parts.size()][];
      for (int j = 0; j < parts.size(); j++) {
        byMember[j] = Logits.of(parts.get(j), images);
        if (byMember[j].length != n) {
          throw new IllegalStateException("member " + j + " returned " + byMember[j].length + " scores for "
              + n + " images");
        }
      }
      double[] out = new double[n];
      double[] z = new double[parts.size()];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < z.length; j++) {
          z[j] = byMember[j][i];
        }
        out[i] = fuse(z);
      }
      return out;
    }

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      double[] z = logitBatch(images);
      float[] p = new float[z.length];
      for (int i = 0; i < z.length; i++) {
        p[i] = (float) Logits.sigmoid(z[i]);
      }
      return p;
    }

    @Override
    public void close() {
      for (Predictor p : parts) {
        p.close();
      }
      parts.clear();
    }
  }
}
