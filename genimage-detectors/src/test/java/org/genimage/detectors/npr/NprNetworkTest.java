package org.genimage.detectors.npr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NPR's residual, configuration and registration: the graph's residual is each pixel minus the top-left pixel of
 * its 2x2 cell (the reference's nearest down- then up-sampling, computed here by index arithmetic), the reference
 * network has the tensors and parameter count of the reference model, odd inputs are refused, and the family
 * rebuilds from its JSON config (an empty one giving the reference network).
 */
class NprNetworkTest {
  @Test
  void theResidualIsEachPixelMinusTheTopLeftOfItsCell() {
    int n = 2;
    int h = 6;
    int w = 10;
    Npr arch = new Npr(new NprConfig("t", 4, new int[] {1, 1}, PreprocessingPipeline.imagenetStyle(0, h, new float[] {0, 0, 0},
        new float[] {1, 1, 1})));
    // A rectangular input would not fit the square crop, so the residual op is checked on its own graph too.
    float[] x = new float[n * 3 * h * w];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
    var in = sd.placeHolder("x", DataType.FLOAT, -1, 3, h, w);
    var out = Npr.residual(sd, in, 3, h, w);
    float[] got;
    try (INDArray xa = Nd4j.create(x, new long[] {n, 3, h, w}, 'c')) {
      got = sd.output(Map.of("x", xa), out.name()).get(out.name()).data().asFloat();
    }
    for (int b = 0; b < n * 3; b++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          float want = x[(b * h + i) * w + j] - x[(b * h + i / 2 * 2) * w + j / 2 * 2];
          assertThat(got[(b * h + i) * w + j]).as("plane %d (%d, %d)", b, i, j).isEqualTo(want);
        }
      }
    }
    // and inside the network, named "npr", on its square input
    float[] sq = new float[n * 3 * h * h];
    System.arraycopy(x, 0, sq, 0, sq.length);
    try (NetworkDetector d = NetworkDetector.create("t", arch, arch.initialise(1), Map.of(),
        new InferenceOptions(n, false, InferenceEngine.SAMEDIFF));
        INDArray xa = Nd4j.create(sq, new long[] {n, 3, h, h}, 'c')) {
      float[] npr = d.run(xa, "npr").get("npr").data().asFloat();
      for (int b = 0; b < n * 3; b++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < h; j++) {
            assertThat(npr[(b * h + i) * h + j]).isEqualTo(sq[(b * h + i) * h + j] - sq[(b * h + i / 2 * 2) * h
                + j / 2 * 2]);
          }
        }
      }
    }
  }

  @Test
  void theReferenceNetworkHasTheReferenceTensors() {
    Npr npr = new Npr(NprConfig.paper());
    assertThat(npr.head()).isEqualTo(Head.SINGLE_LOGIT);
    long trainable = npr.parameters().stream().filter(ParamSpec::trainable)
        .mapToLong(p -> NamedTensor.elementCount(p.shape())).sum();
    // sum(p.numel() for p in parameters()) of the reference resnet50(num_classes=1) of networks/resnet.py
    assertThat(trainable).isEqualTo(1_437_761L);
    Map<String, long[]> shapes = npr.shapes();
    assertThat(shapes.get("conv1.weight")).containsExactly(64, 3, 3, 3);
    assertThat(shapes.get("layer2.3.conv3.weight")).containsExactly(512, 128, 1, 1);
    assertThat(shapes.get("fc1.weight")).containsExactly(1, 512);
    assertThat(shapes).doesNotContainKeys("layer2.4.conv1.weight", "layer3.0.conv1.weight", "fc.weight");
    assertThat(npr.preprocessing().height()).isEqualTo(256);
  }

  @Test
  void oddInputsAndBadShapesAreRefused() {
    assertThatThrownBy(() -> NprConfig.small(33)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("preprocessing output");
    assertThatThrownBy(() -> new NprConfig("x", 8, new int[] {1, 1, 1}, PreprocessingPipeline.imagenet(0, 32)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("blocks.length");
    assertThatThrownBy(() -> new NprConfig("x", 0, new int[] {1, 1}, PreprocessingPipeline.imagenet(0, 32)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("width");
  }

  @Test
  void theFamilyRebuildsFromItsConfigAndAnEmptyOneIsTheReference() {
    Npr small = new Npr(NprConfig.small(32));
    Architecture back = Architectures.rebuild(small);
    assertThat(back).isInstanceOf(Npr.class).isEqualTo(small);
    assertThat(back.shapes().keySet()).containsExactlyElementsOf(small.shapes().keySet());
    Architecture empty = Architectures.fromConfig(Npr.FAMILY, new ObjectMapper().createObjectNode());
    assertThat(empty.config()).isEqualTo(NprConfig.paper());
    assertThat(Architectures.providers()).containsKey("npr");
  }
}
