/*
 * The libtorch 2.7.1 peer of train_peer.sh, run as a single-file program on the jars of djl/pom.xml: DJL 0.36's
 * PyTorch engine loads a TorchScript module traced by `train_peer.py --trace` (torchvision's model, two classes,
 * train mode, one batch size) and trains it: forward, backward and the optimiser in libtorch (SGD momentum 0.9 and
 * weight decay 1e-4 for resnet50, AdamW with weight decay 0.05 for the transformers), on a random batch reused every
 * step. Prints one JSON line like TrainStep. System properties: dir, model, batch, warmup (5: TorchScript's
 * profiling executor optimises the graph over the first runs), steps (3); threads from
 * -Dai.djl.pytorch.num_threads.
 */

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

public class DjlTrainPeer {
  public static void main(String[] args) throws Exception {
    String model = System.getProperty("model", "resnet50");
    int batch = Integer.getInteger("batch", 8);
    int steps = Integer.getInteger("steps", 3);
    int warmup = Integer.getInteger("warmup", 5);
    Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
        .optModelPath(Paths.get(System.getProperty("dir"))).optModelName(model + "_b" + batch)
        .optEngine("PyTorch").optOption("trainParam", "true").build();
    try (ZooModel<NDList, NDList> m = criteria.loadModel()) {
      Optimizer opt = model.equals("resnet50")
          ? Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).optWeightDecays(1e-4f)
              .build()
          : Optimizer.adamW().optLearningRateTracker(Tracker.fixed(5e-4f)).optWeightDecays(0.05f).build();
      try (Trainer t = m.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(opt))) {
        NDManager nm = t.getManager();
        NDArray x = nm.randomUniform(-2, 2, new Shape(batch, 3, 224, 224));
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++) {
          labels[i] = i % 2;
        }
        NDArray y = nm.create(labels);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmup + steps; i++) {
          long t0 = System.nanoTime();
          try (GradientCollector gc = t.newGradientCollector()) {
            NDList pred = t.forward(new NDList(x));
            gc.backward(t.getLoss().evaluate(new NDList(y), pred));
          }
          t.step();
          if (i >= warmup) {
            ms.add((System.nanoTime() - t0) / 1e6);
          }
        }
        Collections.sort(ms);
        double med = ms.get(ms.size() / 2);
        long hwm = 0;
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
          if (line.startsWith("VmHWM")) {
            hwm = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
          }
        }
        System.out.printf(Locale.ROOT, "{\"engine\": \"libtorch-2.7.1-djl\", \"model\": \"%s\", \"batch\": %d, "
            + "\"ms_per_step\": %.1f, \"min_ms\": %.1f, \"img_s\": %.3f, \"peak_rss_mb\": %d}%n", model, batch, med,
            ms.get(0), batch * 1000 / med, hwm);
      }
    }
  }
}
