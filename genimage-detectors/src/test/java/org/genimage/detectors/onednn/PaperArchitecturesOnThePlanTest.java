package org.genimage.detectors.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.Preprocessor;
import org.genimage.detectors.SameDiffDetector;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.f3net.F3NetNetwork;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.gramnet.GramNetwork;
import org.genimage.detectors.resnet.CnnSpot;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.spec.Spec;
import org.genimage.detectors.spec.SpecConfig;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.transformer.Swin;
import org.genimage.detectors.transformer.SwinConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seven architectures of the paper at their full size (ResNet-50, CNNSpot, Spec's ResNet-34, F3Net's two
 * Xception streams at 299, GramNet at 512, DeiT-S, Swin-T): on a CPU {@code AUTO} runs each on a oneDNN plan, and
 * the plan's logits equal SameDiff's on the same graph within 2e-5 of the largest logit, with a different input on
 * every call and batches of 2, 1 and 2 (the smaller plan, then the full one again).
 */
class PaperArchitecturesOnThePlanTest {
  static Stream<Architecture> paperArchitectures() {
    return Stream.of(new ResNet(ResNetConfig.resnet50(Head.TWO_CLASS)), CnnSpot.architecture(),
        new Spec(SpecConfig.paper()), new F3Net(F3NetNetwork.paper()), new GramNet(GramNetwork.paper()),
        new Deit(DeitConfig.deitSmall(2)), new Swin(SwinConfig.swinTiny(2)));
  }

  @ParameterizedTest
  @MethodSource("paperArchitectures")
  void autoRunsThePlanAndItMatchesSameDiff(Architecture arch) {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    Preprocessor p = arch.preprocessor();
    int sample = p.channels() * p.height() * p.width();
    SplittableRandom r = new SplittableRandom(17);
    try (SameDiffDetector d = SameDiffDetector.create(arch.family(), arch, arch.initialise(4), Map.of(),
        InferenceOptions.defaults().withBatchSize(2).withEngine(InferenceEngine.AUTO))) {
      assertThat(d.engine()).as(d.engineDescription()).isEqualTo(InferenceEngine.ONEDNN);
      for (int n : List.of(2, 1, 2)) {
        float[] x = new float[n * sample];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextGaussian();
        }
        float[] got = d.logitsOfPreprocessed(x, n);
        long[] shape = d.channelsLast() ? new long[] {n, p.height(), p.width(), p.channels()}
            : new long[] {n, p.channels(), p.height(), p.width()};
        float[] want;
        try (INDArray in = Nd4j.create(x, shape, DataType.FLOAT)) {
          INDArray logits = d.run(in, SameDiffDetector.LOGITS).get(SameDiffDetector.LOGITS);
          want = logits.data().asFloat();
          logits.close();
        }
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
          scale = Math.max(scale, Math.abs(want[i]));
          diff = Math.max(diff, Math.abs(got[i] - want[i]));
        }
        assertThat(got).hasSameSizeAs(want);
        assertThat(diff / scale).as("%s, batch %d", arch.displayName(), n).isLessThan(2e-5);
      }
    }
  }
}
