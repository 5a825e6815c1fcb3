import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime Java peer for resnet_peer.sh and forward_peer.sh: times the ONNX export of a PyTorch peer's model
 * (DIR/STEM.onnx with STEM.input.f32 and STEM.logits.f32, written by resnet_onnx_export.py or forward_peer.py
 * --export) on the CPU execution provider and prints one JSON line in the harness's format. The input shape is
 * the model's own (fixed at export). Timed calls alternate between the exported input and a second one (its
 * values shifted by one position), so no call sees the previous call's input.
 *
 * <p>Not part of any Maven build, so CI never resolves onnxruntime; run as a Java 17 single-file program:
 * <pre>
 * java -cp genimage-bench/target/ort/onnxruntime-1.20.0.jar -Dstem=deit_s_b8 -Dmodel=deit_s -Diters=6 \
 *     -Dthreads=2 genimage-bench/scripts/OrtForward.java
 * </pre>
 * Intra-op threads come from -Dthreads (the harness passes the same count as OMP_NUM_THREADS for the other
 * engines); inter-op threads are 1 and execution is sequential, graph optimisation level ALL. ORT's own thread
 * pool spins by default; -Dspin=false (the default when OMP_WAIT_POLICY=passive) turns that off. Before timing it
 * runs the exported input once and compares the logits with PyTorch's (max abs and max relative difference,
 * reported in the JSON line and on stderr), so a timing of a wrong model cannot pass unnoticed. A quantised model
 * (resnet_peer.sh's onnxruntime-java-int8 row: -Dengine names the row) is judged by -DrelTol instead, against the
 * largest |logit| (rel_to_max in the JSON line, the measure the PyTorch int8 and bf16 rows report too).
 */
public final class OrtForward {
  private OrtForward() {}

  /**
   * Runs the check and the timing.
   *
   * @param args ignored; settings are system properties stem, model, engine, warmup, iters, threads,
   *     spin, dir, tol, relTol,
   *     optimizedModel
   * @throws Exception if the model or the reference files cannot be read or the session fails
   */
  public static void main(String[] args) throws Exception {
    String stem = System.getProperty("stem", "resnet50_b8_s224");
    String model = System.getProperty("model", stem.replaceFirst("_b\\d+.*$", ""));
    int warmup = Integer.getInteger("warmup", 3);
    int iters = Integer.getInteger("iters", 10);
    int threads = Integer.getInteger("threads", 2);
    boolean spin = Boolean.parseBoolean(System.getProperty("spin",
        String.valueOf(!"passive".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY")))));
    double tol = Double.parseDouble(System.getProperty("tol", "1e-3"));
    // A quantised model cannot meet an absolute 1e-3: it is judged against the largest |logit| instead.
    String relTolProp = System.getProperty("relTol");
    String engine = System.getProperty("engine", "onnxruntime-java");
    Path dir = Path.of(System.getProperty("dir", "genimage-bench/target/onnx"));
    float[] input = readFloats(dir.resolve(stem + ".input.f32"));
    float[] shifted = new float[input.length];
    System.arraycopy(input, 1, shifted, 0, input.length - 1);
    shifted[input.length - 1] = input[0];
    float[] expected = readFloats(dir.resolve(stem + ".logits.f32"));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<Double> ms = new ArrayList<>();
    long[] shape;
    boolean logitsOk;
    double maxAbs = 0;
    double maxRel = 0;
    double maxRef = 0;
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads);
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // ORT has its own thread pool, not OpenMP: mirror OMP_WAIT_POLICY=passive by turning its spinning off.
      opts.addConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
      // -DoptimizedModel=F writes the graph ORT runs after its fusions (e.g. QDQ into QLinearConv) to F.
      String optimized = System.getProperty("optimizedModel");
      if (optimized != null) {
        opts.setOptimizedModelFilePath(optimized);
      }
      try (OrtSession session = env.createSession(dir.resolve(stem + ".onnx").toString(), opts)) {
        String in = session.getInputNames().iterator().next();
        shape = ((TensorInfo) session.getInputInfo().get(in).getInfo()).getShape();
        if (input.length != Arrays.stream(shape).reduce(1, (a, b) -> a * b)) {
          throw new IllegalStateException(stem + ".input.f32 has " + input.length + " floats, the model takes "
              + Arrays.toString(shape));
        }
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
        OnnxTensor y = OnnxTensor.createTensor(env, FloatBuffer.wrap(shifted), shape);
        try (OrtSession.Result r = session.run(Map.of(in, x))) {
          float[][] logits = (float[][]) r.get(0).getValue();
          int k = 0;
          for (float[] row : logits) {
            for (float v : row) {
              double d = Math.abs(v - expected[k]);
              maxAbs = Math.max(maxAbs, d);
              maxRel = Math.max(maxRel, d / Math.max(1e-6, Math.abs(expected[k])));
              maxRef = Math.max(maxRef, Math.abs(expected[k]));
              k++;
            }
          }
          if (k != expected.length) {
            throw new IllegalStateException("ORT gave " + k + " logits, PyTorch " + expected.length);
          }
        }
        logitsOk = relTolProp == null ? maxAbs <= tol : maxAbs / maxRef <= Double.parseDouble(relTolProp);
        System.err.printf("onnxruntime vs PyTorch logits: max abs diff %.3g, max rel diff %.3g, relative to the "
            + "largest logit %.3g (tol %s): %s%n", maxAbs, maxRel, maxAbs / maxRef,
            relTolProp == null ? String.format("%.0g abs", tol) : relTolProp + " of the largest logit",
            logitsOk ? "OK" : "MISMATCH");
        for (int i = 0; i < warmup + iters; i++) {
          long t = System.nanoTime();
          try (OrtSession.Result r = session.run(Map.of(in, i % 2 == 0 ? x : y))) {
            if (i >= warmup) {
              ms.add((System.nanoTime() - t) / 1e6);
            }
          }
        }
        x.close();
        y.close();
      }
    }
    Collections.sort(ms);
    double median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2)
        : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
    long batch = shape[0];
    System.out.printf("{\"model\": \"%s\", \"engine\": \"%s\", \"batch\": %d, \"size\": %d, "
        + "\"threads\": \"%d\", "
        + "\"ms_per_batch\": %.2f, \"img_per_s\": %.3f, \"min_ms\": %.2f, \"iters\": %d, \"onnxruntime\": \"%s\", "
        + "\"max_abs_diff\": %.3g, \"max_rel_diff\": %.3g, \"rel_to_max\": %.3g, \"logits_ok\": %b, "
        + "\"spin\": %b}%n",
        model, engine, batch, shape[shape.length - 1], threads, median, batch / (median / 1e3), ms.get(0), iters,
        env.getVersion(), maxAbs, maxRel, maxAbs / maxRef, logitsOk, spin);
  }

  private static float[] readFloats(Path p) throws IOException {
    FloatBuffer fb = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }
}
