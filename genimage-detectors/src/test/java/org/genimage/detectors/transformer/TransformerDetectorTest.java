package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.TrainingListener;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DeiT and Swin as shared-infrastructure detectors: registry, preprocessing, save / load through the api,
 * stochastic-depth masks in training graphs, and the no-weight-decay group in the shared trainer.
 */
class TransformerDetectorTest {
  @TempDir
  Path dir;

  static RgbImage image(int w, int h, int seed) {
    byte[] b = new byte[3 * w * h];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return RgbImage.wrap(w, h, b);
  }

  static Map<String, NamedTensor> fixture(Architecture arch, String file) {
    Map<String, NamedTensor> all = Fixtures.weights(Fixtures.path(file));
    Map<String, NamedTensor> w = new java.util.LinkedHashMap<>();
    arch.shapes().keySet().forEach(n -> w.put(n, all.get(n)));
    return w;
  }

  void roundTrip(Architecture arch, Map<String, NamedTensor> weights) {
    Path f = dir.resolve(arch.family() + ".gidet");
    List<RgbImage> imgs = List.of(image(40, 36, 1), image(64, 64, 2), image(30, 30, 3), image(90, 50, 4));
    float[] before;
    try (NetworkDetector d = NetworkDetector.create(arch.family(), arch, weights, Map.of("note", "t"),
        InferenceOptions.defaults())) {
      before = d.scoreBatch(imgs);
      d.save(f);
    }
    // the fixture weights make the scores differ between images, so equality below means something
    assertThat(before[0]).isNotEqualTo(before[1]);
    try (Detector d = Detectors.load(f)) {
      assertThat(d).isInstanceOf(NetworkDetector.class);
      assertThat(((NetworkDetector) d).architecture().config()).isEqualTo(arch.config());
      assertThat(d.scoreBatch(imgs)).containsExactly(before);
      assertThat(d.info().architecture()).isEqualTo(arch.displayName());
      assertThat(d.info().provenance()).containsEntry("note", "t");
    }
  }

  @Test
  void deitSavesAndLoadsThroughTheApiWithIdenticalScores() {
    Deit arch = new Deit(DeitParityTest.TINY);
    roundTrip(arch, fixture(arch, "deit_tiny.weights.safetensors"));
  }

  @Test
  void swinSavesAndLoadsThroughTheApiWithIdenticalScores() {
    Swin arch = new Swin(SwinParityTest.W4);
    roundTrip(arch, fixture(arch, "swin_w4.weights.safetensors"));
  }

  @Test
  void registryRebuildsBothFamiliesFromTheirJsonConfig() {
    for (Architecture a : List.of(new Deit(DeitConfig.deitSmall(2)), new Swin(SwinConfig.swinTiny(2)),
        new Swin(SwinParityTest.W7))) {
      Architecture b = Architectures.rebuild(a);
      assertThat(b.getClass()).isEqualTo(a.getClass());
      assertThat(b.config()).isEqualTo(a.config());
      assertThat(b.parameters()).isEqualTo(a.parameters());
    }
    assertThat(new Deit(DeitConfig.deitSmall(2)).displayName()).isEqualTo("deit_small_patch16_224");
    assertThat(new Swin(SwinConfig.swinTiny(2)).displayName()).isEqualTo("swin_tiny_patch4_window7_224");
  }

  @Test
  void preprocessingIsImageNetAt224AndTheOwnSizeForSmallVariants() {
    assertThat(DeitConfig.deitSmall(2).preprocessing()).isEqualTo(PreprocessingPipeline.imagenet(256, 224));
    assertThat(SwinConfig.swinTiny(2).preprocessing()).isEqualTo(PreprocessingPipeline.imagenet(256, 224));
    assertThat(new Deit(DeitParityTest.TINY).preprocessing().width()).isEqualTo(32);
    assertThat(DeitParityTest.TINY.preprocessing()).isEqualTo(PreprocessingPipeline.imagenet(0, 32));
    assertThatThrownBy(() -> new DeitConfig(32, 8, 48, 2, 3, 96, 2, 0.1, PreprocessingPipeline.imagenet(256, 224)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("image size 32");
    assertThatThrownBy(() -> DeitConfig.of(32, 8, 48, 2, 3, 96, 1000, 0.1))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("numClasses");
  }

  @Test
  void trainingGraphsGetOneStochasticDepthMaskPerResidualBranchAtTimmsRates() {
    SwinConfig cfg = SwinConfig.of(32, 2, 16, List.of(2, 2), List.of(1, 2), 4, 2.0, 2, 0.3);
    Swin arch = new Swin(cfg);
    SameDiff sd = SameDiff.create();
    TrainingGraphBuilder g = new TrainingGraphBuilder(sd, arch.initialise(1));
    arch.forward(g, sd.placeHolder("input", DataType.FLOAT, -1, 3, 32, 32));
    List<TrainingGraphBuilder.RandomMask> masks = g.randomMasks();
    // block 0 has rate 0 (no mask); blocks 1..3 have 0.1, 0.2, 0.3, two branches each
    assertThat(masks).hasSize(6);
    assertThat(masks.get(5).rate()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(masks.get(0).rate()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    INDArray m = masks.get(5).draw(20000, new SplittableRandom(1));
    assertThat(m.shape()).containsExactly(20000, 1, 1, 1);
    double dropped = m.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    assertThat(dropped).isBetween(0.28, 0.32);
    assertThat(m.maxNumber().doubleValue()).isCloseTo(1 / 0.7, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void noWeightDecayGroupsFollowTimm() {
    var deit = new Deit(DeitParityTest.TINY).noWeightDecay();
    assertThat(deit.test("class_token")).isTrue();
    assertThat(deit.test("encoder.pos_embedding")).isTrue();
    assertThat(deit.test("encoder.layers.encoder_layer_0.ln_1.weight")).isTrue();
    assertThat(deit.test("encoder.layers.encoder_layer_0.mlp.0.bias")).isTrue();
    assertThat(deit.test("encoder.layers.encoder_layer_0.mlp.0.weight")).isFalse();
    assertThat(deit.test("conv_proj.weight")).isFalse();
    var swin = new Swin(SwinParityTest.W4).noWeightDecay();
    assertThat(swin.test("features.1.0.attn.relative_position_bias_table")).isTrue();
    assertThat(swin.test("features.1.0.attn.qkv.weight")).isFalse();
  }

  @Test
  void sharedTrainerLeavesTheNoDecayGroupUndecayed() {
    // AdamW with a huge decay: every decayed tensor shrinks by (1 - lr * wd) = 0.5 per step, while the
    // exempt ones move only by Adam's step (about lr = 1e-3 per element).
    DeitConfig cfg = DeitConfig.of(16, 8, 8, 1, 1, 16, 2, 0.1);
    Deit arch = new Deit(cfg);
    SimulatedDatasetMaker m = SimulatedDatasetMaker.builder().seed(3).imageSize(16).trainPerLabel(4)
        .valPerLabel(2).build();
    TrainerConfig tc = new TrainerConfig(1, 4, OptimizerConfig.adamW(1e-3, 500), LrSchedule.constant(), 9, 0,
        null, false);
    Map<String, NamedTensor> start = arch.initialise(9);
    try (NetworkDetector d = new SameDiffTrainer("t", arch, tc, ImageTransform.identity())
        .train(m.dataset(Generator.SD_V1_4, Split.TRAIN), null, new TrainingListener() { })) {
      int steps = 2;
      double shrink = Math.pow(0.5, steps);
      for (String n : List.of("encoder.layers.encoder_layer_0.mlp.0.weight", "conv_proj.weight")) {
        assertThat(norm(d.weights().get(n)) / norm(start.get(n))).as(n).isCloseTo(shrink,
            org.assertj.core.data.Offset.offset(0.05));
      }
      // small tensors (std 0.02) move visibly under Adam but stay far above the decayed 0.25
      for (String n : List.of("class_token", "encoder.pos_embedding")) {
        assertThat(norm(d.weights().get(n)) / norm(start.get(n))).as(n).isGreaterThan(0.6);
      }
      // LayerNorm scales start at 1: decayed they would be near 0.25, undecayed within Adam's steps of 1
      float[] ln = d.weights().get("encoder.ln.weight").data();
      for (float v : ln) {
        assertThat((double) v).isCloseTo(1.0, org.assertj.core.data.Offset.offset(steps * 2e-3));
      }
    }
  }

  static double norm(NamedTensor t) {
    double s = 0;
    for (float v : t.data()) {
      s += v * (double) v;
    }
    return Math.sqrt(s);
  }
}
