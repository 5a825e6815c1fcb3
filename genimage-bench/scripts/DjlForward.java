/*
 * The libtorch 2.7.1 peer of forward_peer.sh, run as a single-file program on the jars of djl/pom.xml: DJL 0.36's
 * PyTorch engine loads a TorchScript module traced by `forward_peer.py --trace` (the PyTorch peer's seeded model in
 * eval mode, one batch size) and times its forward pass in libtorch under no_grad, a different input on every call
 * (two alternate). Prints one JSON line like ModelForward. System properties: dir, model, batch, warmup (5:
 * TorchScript's profiling executor optimises the graph over the first runs), iters (6); threads from
 * -Dai.djl.pytorch.num_threads.
 */

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

public class DjlForward {
  public static void main(String[] args) throws Exception {
    String model = System.getProperty("model", "deit_s");
    int batch = Integer.getInteger("batch", 8);
    int warmup = Integer.getInteger("warmup", 5);
    int iters = Integer.getInteger("iters", 6);
    int size = switch (model) {
      case "f3net" -> 299;
      case "gramnet" -> 512;
      default -> 224;
    };
    Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
        .optModelPath(Paths.get(System.getProperty("dir"))).optModelName(model + "_b" + batch)
        .optEngine("PyTorch").build();
    List<Double> ms = new ArrayList<>();
    try (ZooModel<NDList, NDList> m = criteria.loadModel();
         Predictor<NDList, NDList> p = m.newPredictor();
         NDManager manager = NDManager.newBaseManager()) {
      NDList[] inputs = {new NDList(manager.randomNormal(new Shape(batch, 3, size, size))),
          new NDList(manager.randomNormal(new Shape(batch, 3, size, size)))};
      for (int i = 0; i < warmup + iters; i++) {
        long t = System.nanoTime();
        p.predict(inputs[i % 2]).close();
        if (i >= warmup) {
          ms.add((System.nanoTime() - t) / 1e6);
        }
      }
    }
    Collections.sort(ms);
    double median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2)
        : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
    System.out.printf(Locale.ROOT, "{\"model\": \"%s\", \"engine\": \"libtorch-2.7.1-djl\", \"batch\": %d, "
        + "\"ms_per_batch\": %.2f, \"img_per_s\": %.3f, \"min_ms\": %.2f, \"iters\": %d}%n",
        model, batch, median, batch / (median / 1e3), ms.get(0), iters);
  }
}
