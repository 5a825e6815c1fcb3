package org.genimage.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.Label;
import org.genimage.api.LoadOptions;
import org.genimage.api.Precision;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.DetectorFile;
import org.genimage.detectors.Int8Calibration;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ValidationFit;
import org.genimage.detectors.onednn.graph.ActivationRanges;
import org.genimage.detectors.weights.WeightDigest;
import org.genimage.eval.ManifestHash;
import org.genimage.eval.metrics.Accuracy;
import org.genimage.eval.metrics.RocAuc;

/**
 * Quantises a detector to int8 with an accuracy guard: activation ranges are collected on a calibration part of
 * the user's data, then the fp32 and int8 detectors (and bf16, for reference) score the held-out rest; the int8
 * detector file is written only when its ROC AUC is at most {@code maxAucDrop} below fp32's. The split is a
 * seeded shuffle, so the same data and seed give the same parts. At most two detectors are alive at once (bf16
 * while the int8 copy is built from it; fp32 alone before), and the held-out images are decoded once for the three
 * passes, as far as 128 MiB of pixels allows (beyond that, decoded again on each pass); the calibration part is
 * decoded in one pass and kept within the same budget for the observing plan, which decodes again the images not
 * kept, so neither part's memory grows with its size. The model file is read twice (fp32, then bf16); the int8 copy gets the second read's
 * weights and the first read's ranges, so the weights' SHA-256 of both reads must agree.
 *
 * <pre>{@code
 * QuantizeDetector.Result r = QuantizeDetector.run(new QuantizeDetector.Request(model, dataDir, out, 256, 0.005,
 *     0, LoadOptions.defaults()), Progress.NONE);
 * if (!r.written()) System.err.println(r.refusal());
 * }</pre>
 */
public final class QuantizeDetector {
  private static final int BATCH = 32;
  /**
   * Decoded pixels kept per part (held-out: between the three scoring passes; calibration: between its decoding
   * pass and the observing plan); beyond it images are decoded again. About 680
   * images of 256 x 256 pixels. Decoding one such PNG took about 3.7 ms on a quiet Zen 5 core (24 ms on a busy
   * one; timed by hand, not logged), half of scoring it in int8 with ResNet-50 (7 ms), so decoding twice more would
   * add about a fifth to the passes, while 128 MiB stays small beside a detector. Package-private: not an API.
   */
  static final long KEPT_DECODED_BYTES = 128L << 20;

  private QuantizeDetector() {}

  /**
   * What to quantise.
   *
   * @param model             a network detector file
   * @param data              labelled images like those it will score (folder or manifest): a calibration part and
   *                          a held-out part are drawn from it
   * @param output            the int8 detector file to write
   * @param calibrationImages how many images calibrate (at most half the data; the rest is held out)
   * @param maxAucDrop        the largest ROC AUC loss accepted, in [0, 1]
   * @param seed              the split's seed
   * @param load              how to load the model (its precision is ignored)
   */
  public record Request(Path model, Path data, Path output, int calibrationImages, double maxAucDrop, long seed,
      LoadOptions load) {
    /**
     * Validates the request.
     *
     * @throws BadArgumentException for a missing path, a count below 1 or a threshold outside [0, 1]
     */
    public Request {
      Checks.notNull("model", model);
      Checks.notNull("data", data);
      Checks.notNull("output", output);
      Checks.notNull("load", load);
      Checks.inRange("calibrationImages", calibrationImages, 1, 1_000_000);
      if (!(maxAucDrop >= 0 && maxAucDrop <= 1)) {
        throw new BadArgumentException("maxAucDrop", maxAucDrop, "a number from 0 to 1");
      }
    }
  }

  /**
   * The accuracy of one precision on the held-out part.
   *
   * @param precision the precision asked for
   * @param engine    what ran (it says when a precision fell back to fp32)
   * @param rocAuc    ROC AUC
   * @param accuracy  accuracy at score 0.5
   */
  public record Row(Precision precision, String engine, double rocAuc, double accuracy) {}

  /**
   * What happened.
   *
   * @param rows        fp32, bf16 and int8 on the held-out part
   * @param calibration the int8 calibration (its images' manifest hash and number)
   * @param heldOut     how many held-out images were scored
   * @param skipped     files that could not be decoded
   * @param written     whether the int8 file was written
   * @param refusal     why it was not, empty when it was
   * @param output      the file (written or not)
   */
  public record Result(List<Row> rows, Int8Calibration calibration, int heldOut, int skipped, boolean written,
      String refusal, Path output) {
    /**
     * The int8 AUC minus the fp32 AUC.
     *
     * @return the change (negative for a loss)
     */
    public double aucChange() {
      return rows.get(2).rocAuc() - rows.get(0).rocAuc();
    }
  }

  /**
   * Collects the ranges, measures and writes the int8 detector unless the guard refuses.
   *
   * @param request what to quantise
   * @param progress hears the decoding, scoring and skipped files
   * @return the result
   * @throws BadArgumentException when the model is not a network detector, or the held-out part lacks a label
   * @throws BadModelFileException when the model file's weights changed between its two reads
   */
  public static Result run(Request request, Progress progress) {
    return run(request, progress, Detectors::load);
  }

  /** {@link #run(Request, Progress)} with the model loaded by {@code loader} (tests replace the file's reads). */
  static Result run(Request request, Progress progress, BiFunction<Path, LoadOptions, Detector> loader) {
    Dataset data = DataSources.open(request.data(), progress);
    List<Sample> all = new ArrayList<>(data.samples());
    Collections.shuffle(all, new Random(request.seed()));
    int n = Math.min(request.calibrationImages(), all.size() / 2);
    if (n < 1) {
      throw new BadArgumentException("data", data.name(), "at least 2 images (a calibration and a held-out part)");
    }
    List<Sample> calibrationPart = all.subList(0, n);
    List<Sample> heldOutPart = all.subList(n, all.size());
    if (heldOutPart.stream().noneMatch(s -> s.label() == Label.REAL)
        || heldOutPart.stream().noneMatch(s -> s.label() == Label.FAKE)) {
      throw new BadArgumentException("data", data.name(), "held-out images of both labels after taking " + n
          + " for calibration");
    }
    // Few detectors at a time (each holds its graph, compiled plan and scratch): fp32 calibrates and scores, is
    // closed; bf16 scores and makes the int8 copy (withInt8 sets the precision), so the two coexist while int8 is
    // built; bf16 is closed; int8 scores.
    int[] skipped = {0};
    DecodedPart heldOut = new DecodedPart(data, heldOutPart, BATCH, KEPT_DECODED_BYTES);
    Precision[] precisions = {Precision.FP32, Precision.BF16, Precision.INT8};
    double[][] scores = new double[precisions.length][];
    String[] engines = new String[precisions.length];
    Int8Calibration calibration;
    String rangesFrom;
    try (Detector loaded = loader.apply(request.model(), request.load().withPrecision(Precision.FP32))) {
      NetworkDetector fp32 = network(loaded, request.model());
      rangesFrom = weightsDigest(fp32);
      List<Sample> usedForRanges = new ArrayList<>();
      ActivationRanges ranges = collect(fp32, data, calibrationPart, progress, usedForRanges, skipped);
      calibration = new Int8Calibration(ranges, new ValidationFit(ManifestHash.of(usedForRanges),
          usedForRanges.size()));
      scores[0] = heldOut.score(fp32, "scoring the held-out images in fp32", progress);
      engines[0] = fp32.info().engine();
    }
    NetworkDetector int8;
    try (Detector loaded = loader.apply(request.model(), request.load().withPrecision(Precision.BF16))) {
      NetworkDetector bf16 = network(loaded, request.model());
      requireSameWeights(request.model(), rangesFrom, weightsDigest(bf16));
      scores[1] = heldOut.score(bf16, "scoring the held-out images in bf16", progress);
      engines[1] = bf16.info().engine();
      int8 = bf16.withInt8(calibration);
    }
    try (int8) {
      scores[2] = heldOut.score(int8, "scoring the held-out images in int8", progress);
      engines[2] = int8.info().engine();
      List<Sample> scored = heldOut.samples();
      int[] y = new int[scored.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = scored.get(i).label() == Label.FAKE ? 1 : 0;
      }
      List<Row> rows = new ArrayList<>();
      for (int k = 0; k < precisions.length; k++) {
        rows.add(new Row(precisions[k], engines[k], RocAuc.of(y, scores[k]), Accuracy.of(y, scores[k], 0.5)));
      }
      String refusal = refusal(rows, request.maxAucDrop(), engines[2]);
      if (refusal.isEmpty()) {
        int8.save(request.output());
      }
      return new Result(rows, calibration, scored.size(), skipped[0] + heldOut.skipped(), refusal.isEmpty(),
          refusal, request.output());
    }
  }

  private static NetworkDetector network(Detector loaded, Path model) {
    if (!(loaded instanceof NetworkDetector n)) {
      throw new BadArgumentException("model", model, "a network detector file (int8 ranges are stored"
          + " in .gidet detector files; " + loaded.info().architecture() + " is not one)");
    }
    return n;
  }

  /**
   * The SHA-256 of a loaded detector's weights: the digest its file recorded and the load verified, or computed
   * from the weights for a file written before digests.
   */
  static String weightsDigest(NetworkDetector n) {
    String recorded = n.provenance().weightsSha256();
    if (recorded == null || recorded.isEmpty() || recorded.equals(DetectorFile.UNVERIFIED)) {
      return WeightDigest.sha256(n.weights().values());
    }
    return recorded;
  }

  /**
   * Refuses to pair ranges collected on one version of the model with the weights of another: the file was
   * replaced between the fp32 read (ranges, fp32 AUC) and the bf16 read (the int8 copy's weights).
   */
  static void requireSameWeights(Path model, String first, String second) {
    if (!first.equals(second)) {
      throw new BadModelFileException(model, "changed while quantising: its weights hashed to SHA-256 " + first
          + " when the int8 ranges were collected and to " + second + " when read again; run quantize again on a"
          + " file that stays put");
    }
  }

  /**
   * Why the int8 file must not be written, or empty when it may: int8 did not run (this CPU, or a network with
   * nothing to quantise), an AUC is not a number (the held-out images that decoded lack a label), or the loss
   * exceeds the threshold.
   */
  static String refusal(List<Row> rows, double maxAucDrop, String int8Engine) {
    if (!int8Engine.contains(", int8, ")) {
      return "int8 did not run, so its accuracy could not be checked (" + int8Engine + ")";
    }
    double drop = rows.get(0).rocAuc() - rows.get(2).rocAuc();
    if (Double.isNaN(drop)) {
      return "the ROC AUC is undefined on the held-out images that decoded (fp32 " + rows.get(0).rocAuc()
          + ", int8 " + rows.get(2).rocAuc() + "): they need both labels";
    }
    if (drop > maxAucDrop) {
      return String.format(java.util.Locale.ROOT, "int8 loses %.4f ROC AUC on the held-out images (fp32 %.4f,"
          + " int8 %.4f), more than the %.4f allowed", drop, rows.get(0).rocAuc(), rows.get(2).rocAuc(), maxAucDrop);
    }
    return "";
  }

  /**
   * The ranges over the calibration part: one pass decodes it (skipping, with a warning, files that do not
   * decode) and keeps images up to {@link #KEPT_DECODED_BYTES}; then one pass of one observing plan reads them,
   * decoding again those not kept, so the part's memory stays bounded whatever {@code calibrationImages} is.
   */
  private static ActivationRanges collect(NetworkDetector fp32, Dataset data, List<Sample> part, Progress progress,
      List<Sample> used, int[] skipped) {
    DecodedPart calibration = new DecodedPart(data, part, BATCH, KEPT_DECODED_BYTES);
    List<RgbImage> images = calibration.images("decoding the calibration images", progress);
    used.addAll(calibration.samples());
    skipped[0] += calibration.skipped();
    if (images.isEmpty()) {
      throw new BadArgumentException("data", data.name(), "at least one calibration image that decodes");
    }
    return fp32.activationRanges(images);
  }
}
