package org.genimage.detectors.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.detectors.FileMutator;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training checkpoints are read as untrusted files: seeded mutants load or fail naming the file (a flipped
 * weight bit always fails, through the digest), and wrong shapes, non-finite values and bad state are named.
 */
class CheckpointValidationTest {
  private static final String SETTINGS = "{settings of the run}";
  private static final int EPOCHS = 5;

  @TempDir
  Path dir;

  // The small ResNet's code at width 2: every tensor kind of the real thing in a file of a few tens of KB, so
  // hundreds of mutants take seconds and many of them land in the header.
  private final ResNet arch = new ResNet(new ResNetConfig("fuzz", 2, new int[] {1, 1, 1, 1}, Head.SINGLE_LOGIT,
      org.genimage.detectors.preprocess.PreprocessingPipeline.imagenet(0, 32)));

  private Path valid() {
    Map<String, NamedTensor> w = arch.initialise(7);
    TrainingState st = new TrainingState();
    st.epoch = 2;
    st.batch = 1;
    st.step = 9;
    st.lr = 0.01;
    st.best = 0.75;
    st.bestEpoch = 2;
    st.bestMetrics = new java.util.TreeMap<>(Map.of("auc", 0.75, "accuracy", Double.NaN));
    st.bestWeights = arch.initialise(8);
    Map<String, float[]> opt = new LinkedHashMap<>();
    for (ParamSpec p : arch.parameters()) {
      if (p.trainable() && p.name().startsWith("fc")) {
        opt.put("m/" + p.name(), new float[(int) NamedTensor.elementCount(p.shape())]);
      }
    }
    st.optimizer = opt;
    Path f = dir.resolve("valid.gickpt");
    Checkpoint.write(f, arch, w, st, SETTINGS);
    return f;
  }

  private Map<String, NamedTensor> read(Path f, TrainingState st) {
    return Checkpoint.read(f, arch, SETTINGS, EPOCHS, st);
  }

  @Test
  void aValidCheckpointReadsBackItsState() {
    TrainingState st = new TrainingState();
    Map<String, NamedTensor> w = read(valid(), st);
    assertThat(w.keySet()).containsExactlyElementsOf(arch.shapes().keySet());
    assertThat(w.get("fc.weight").data()).containsExactly(arch.initialise(7).get("fc.weight").data());
    assertThat(st.bestWeights.get("fc.weight").data()).containsExactly(arch.initialise(8).get("fc.weight").data());
    assertThat(st.epoch).isEqualTo(2);
    assertThat(st.step).isEqualTo(9);
    assertThat(st.bestMetrics.get("accuracy")).isNaN();
    assertThat(st.optimizer).containsKey("m/fc.weight");
  }

  @Test
  void mutatedCheckpointsLoadOrFailNamingTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(valid());
    FileMutator m = new FileMutator(bytes, 0);
    int failed = 0;
    int weightFlips = 0;
    int mutants = 300;
    for (long seed = 0; seed < mutants; seed++) {
      FileMutator.Mutant mutant = m.mutate(seed);
      Path f = dir.resolve("mutant" + seed + ".gickpt");
      Files.write(f, mutant.bytes());
      boolean loaded;
      try {
        read(f, new TrainingState());
        loaded = true;
      } catch (BadModelFileException e) {
        assertThat(e.file()).as(mutant.description()).contains(f);
        loaded = false;
      } catch (RuntimeException | Error e) {
        throw new AssertionError("mutant '" + mutant.description() + "' threw " + e, e);
      }
      if (mutant.flipAt() >= m.dataStart()) {
        weightFlips++;
        assertThat(loaded).as("flipped weight bit loaded: %s", mutant.description()).isFalse();
      }
      failed += loaded ? 0 : 1;
      Files.delete(f);
    }
    // Almost every mutant fails here (the digest covers every tensor byte, names and shapes); the few that can
    // load change a state digit into another valid one.
    assertThat(failed).isGreaterThan(mutants / 2);
    assertThat(weightFlips).isPositive();
  }

  @Test
  void wrongShapesNonFiniteValuesAndBadStateAreNamed() throws IOException {
    SafeTensors.Contents c = SafeTensors.read(valid());
    String state = c.metadata().get("state");
    List<NamedTensor> tensors = new ArrayList<>(c.tensors().values());
    // Written without a digest (as before digests existed), so the checks behind it are reached.
    Path shape = rewrite("shape.gickpt", tensors, state, t -> t.name().equals("w/fc.weight")
        ? NamedTensor.f32(t.name(), new long[] {2, t.data().length / 2}, t.data()) : t);
    assertThatThrownBy(() -> read(shape, new TrainingState())).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("shape.gickpt").hasMessageContaining("'w/fc.weight'")
        .hasMessageContaining("expected " + java.util.Arrays.toString(arch.shapes().get("fc.weight")));
    Path nan = rewrite("nan.gickpt", tensors, state, t -> {
      if (!t.name().equals("best/layer1.0.conv1.weight")) {
        return t;
      }
      float[] d = t.data().clone();
      d[3] = Float.POSITIVE_INFINITY;
      return NamedTensor.f32(t.name(), t.shape(), d);
    });
    assertThatThrownBy(() -> read(nan, new TrainingState())).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("nan.gickpt").hasMessageContaining("'best/layer1.0.conv1.weight'")
        .hasMessageContaining("Infinity");
    Path epoch = rewrite("epoch.gickpt", tensors, state.replace("\"epoch\":2", "\"epoch\":99"), t -> t);
    assertThatThrownBy(() -> read(epoch, new TrainingState())).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("epoch.gickpt").hasMessageContaining("'epoch'");
    Path step = rewrite("step.gickpt", tensors, state.replace("\"step\":9", "\"step\":\"x\""), t -> t);
    assertThatThrownBy(() -> read(step, new TrainingState())).hasMessageContaining("'step'");
    Path old = rewrite("old.gickpt", tensors, state, t -> t);
    assertThat(read(old, new TrainingState())).containsKey("fc.weight");
  }

  @Test
  void aFlippedWeightBitFailsWithTheDigestMessage() throws IOException {
    Path f = valid();
    byte[] b = Files.readAllBytes(f);
    long header = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    b[(int) (8 + header + 100)] ^= 1;
    Files.write(f, b);
    assertThatThrownBy(() -> read(f, new TrainingState())).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("valid.gickpt").hasMessageContaining("digest does not match");
  }

  private Path rewrite(String name, List<NamedTensor> tensors, String state,
      java.util.function.UnaryOperator<NamedTensor> change) {
    List<NamedTensor> out = new ArrayList<>();
    tensors.forEach(t -> out.add(change.apply(t)));
    Path f = dir.resolve(name);
    SafeTensors.write(f, out, Map.of("state", state));
    return f;
  }
}
