package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One architecture's training graph with a seeded batch, run both ways: SameDiff's own executor and autodiff (the
 * reference) and the oneDNN training plan.
 */
final class SameDiffReference {
  final Architecture arch;
  final Map<String, NamedTensor> weights;
  final SameDiff sd = SameDiff.create();
  final TrainingGraphBuilder g;
  final int batch;
  final Map<String, float[]> feed = new LinkedHashMap<>();
  final List<String> params;

  SameDiffReference(Architecture arch, int batch, long seed) {
    this.arch = arch;
    this.batch = batch;
    this.weights = new LinkedHashMap<>(arch.initialise(seed));
    // Gates initialised to zero (F3Net's MixBlock gammas) would leave whole branches without gradient.
    weights.replaceAll((name, t) -> name.endsWith("gamma") && allZero(t.data())
        ? NamedTensor.f32(name, t.shape(), filled(t.data().length, 0.3f)) : t);
    this.g = new TrainingGraphBuilder(sd, weights);
    CompiledPipeline pre = arch.preprocessing().compile();
    int k = arch.head().outputs();
    SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, pre.channels(), pre.height(), pre.width());
    SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, k);
    SDVariable z = arch.forward(g, in);
    sd.setLossVariables(g.loss(arch.head(), z, label, "loss"));
    this.params = new ArrayList<>(g.variables().keySet());
    SplittableRandom r = new SplittableRandom(seed + 1);
    float[] x = new float[batch * pre.channels() * pre.height() * pre.width()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 4 - 2);
    }
    float[] y = new float[batch * k];
    for (int i = 0; i < batch; i++) {
      int c = i % 2;
      if (k == 1) {
        y[i] = c;
      } else {
        y[i * 2 + c] = 1f;
      }
    }
    feed.put("input", x);
    feed.put("label", y);
    for (TrainingGraphBuilder.RandomMask m : g.randomMasks()) {
      feed.put(m.placeholder(), m.drawValues(batch, r));
    }
  }

  private static boolean allZero(float[] v) {
    for (float f : v) {
      if (f != 0f) {
        return false;
      }
    }
    return true;
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  Map<String, INDArray> feedArrays() {
    Map<String, INDArray> m = new HashMap<>();
    feed.forEach((name, v) -> {
      long[] s = sd.getVariable(name).getShape().clone();
      s[0] = batch;
      m.put(name, Nd4j.create(v, s, 'c'));
    });
    return m;
  }

  /** The largest magnitude over all the tensors. */
  static double largest(Map<String, float[]> tensors) {
    double m = 0;
    for (float[] t : tensors.values()) {
      for (float f : t) {
        m = Math.max(m, Math.abs(f));
      }
    }
    return m;
  }

  /** SameDiff's gradients in canonical layouts, by canonical name. */
  Map<String, float[]> referenceGradients() {
    Map<String, INDArray> grads = sd.calculateGradients(feedArrays(), params);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String p : params) {
      INDArray gr = grads.get(p);
      INDArray canonical = g.isConvLayout(p) ? gr.permute(3, 2, 0, 1) : gr;
      out.put(p, canonical.dup('c').data().asFloat());
    }
    return out;
  }

  Map<String, float[]> referenceOutputs(List<String> names) {
    Map<String, INDArray> o = sd.output(feedArrays(), names.toArray(new String[0]));
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String n : names) {
      out.put(n, o.get(n).dup('c').data().asFloat());
    }
    return out;
  }

  Map<String, long[]> paramShapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (String p : params) {
      m.put(p, weights.get(p).shape());
    }
    return m;
  }

  /**
   * Largest |a - b| over the larger of largest |b| and {@code floor} (a tensor that is zero in theory, such as
   * the gradient of a bias before a batch norm, holds only rounding noise).
   */
  static double relativeError(float[] a, float[] b, double floor) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / Math.max(scale, floor);
  }
}
