package org.genimage.bench.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.genimage.detectors.Head;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where ResNet-50's inference time goes inside SameDiff: wall time per op type (between SameDiff's
 * pre-execution and post-execution callbacks) summed per forward pass, and the session overhead (forward wall
 * time minus the ops). System properties as {@link ResNetForward} ({@code batch}, {@code size}, {@code layout},
 * {@code warmup}, {@code iters}). Prints a table.
 */
public final class ResNetProfile {
  private ResNetProfile() {}

  /** Accumulates op wall time by op name. */
  static final class OpTimer extends BaseListener {
    final Map<String, long[]> byOp = new TreeMap<>();
    long start;

    @Override
    public boolean isActive(Operation operation) {
      return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext ctx) {
      start = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx,
        INDArray[] outputs) {
      long[] v = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
      v[0] += System.nanoTime() - start;
      v[1]++;
    }
  }

  /**
   * Runs the profile and prints the table.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int batch = Integer.getInteger("batch", 8);
    int size = Integer.getInteger("size", 224);
    boolean nhwc = !"nchw".equals(System.getProperty("layout", "nhwc"));
    int warmup = Integer.getInteger("warmup", 2);
    int iters = Integer.getInteger("iters", 5);
    ResNetConfig base = ResNetConfig.resnet50(Head.TWO_CLASS);
    ResNet arch = new ResNet(new ResNetConfig(base.name(), base.width(), base.blocks(), base.head(),
        PreprocessingPipeline.imagenet(0, size)));
    SameDiff sd = NetworkDetector.buildInferenceGraph(arch, arch.initialise(0), nhwc);
    INDArray x = nhwc ? Nd4j.rand(batch, size, size, 3) : Nd4j.rand(batch, 3, size, size);
    for (int i = 0; i < warmup; i++) {
      sd.output(Map.of(NetworkDetector.INPUT, x), NetworkDetector.LOGITS);
    }
    OpTimer timer = new OpTimer();
    List<Listener> ls = new ArrayList<>(List.of(timer));
    long t0 = System.nanoTime();
    for (int i = 0; i < iters; i++) {
      sd.output(Map.of(NetworkDetector.INPUT, x), ls, NetworkDetector.LOGITS);
    }
    double wall = (System.nanoTime() - t0) / 1e6 / iters;
    double sum = 0;
    System.out.printf("ResNet-50 %s batch %d at %d, OMP_NUM_THREADS=%s, %s%n", nhwc ? "NHWC" : "NCHW", batch, size,
        System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), NativeInfo.nd4jLibrary());
    System.out.printf("%-22s %8s %12s %7s%n", "op", "calls", "ms/forward", "share");
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(timer.byOp.entrySet());
    rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    for (Map.Entry<String, long[]> e : rows) {
      double ms = e.getValue()[0] / 1e6 / iters;
      sum += ms;
      System.out.printf("%-22s %8d %12.1f %6.1f%%%n", e.getKey(), e.getValue()[1] / iters, ms, 100 * ms / wall);
    }
    System.out.printf("%-22s %8s %12.1f %6.1f%%%n", "(session overhead)", "", wall - sum, 100 * (wall - sum) / wall);
    System.out.printf("%-22s %8s %12.1f%n", "forward wall", "", wall);
  }
}
