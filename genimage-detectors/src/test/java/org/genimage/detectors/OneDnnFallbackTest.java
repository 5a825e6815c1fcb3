package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.junit.jupiter.api.Test;

/**
 * Without oneDNN's jars (a platform JavaCPP publishes no natives for), detectors must still work: the build runs
 * this class in a surefire execution ({@code no-onednn}) whose class path lacks {@code org.bytedeco:dnnl}, with
 * {@code -Dgenimage.test.noOneDnn=true}; in the other executions it is skipped.
 */
class OneDnnFallbackTest {
  @Test
  void detectorsFallBackToSameDiffWhenOneDnnCannotLoad() {
    assumeThat(Boolean.getBoolean("genimage.test.noOneDnn")).as("run by the no-onednn execution").isTrue();
    assertThat(OneDnn.available()).isFalse();
    assertThat(OneDnn.problem()).hasValueSatisfying(p -> assertThat(p).contains("cannot be loaded"));
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    try (NetworkDetector d = NetworkDetector.create("fallback", arch, arch.initialise(1), Map.of(),
        new InferenceOptions(2, true, InferenceEngine.AUTO))) {
      assertThat(d.engine()).isEqualTo(InferenceEngine.SAMEDIFF);
      assertThat(d.engineDescription()).startsWith("SameDiff (no oneDNN plan: oneDNN (org.bytedeco:dnnl) cannot");
      float[] p = d.scoreBatch(List.of(DetectorFileTest.image(64, 64, 1), DetectorFileTest.image(64, 64, 2)));
      assertThat(p).hasSize(2);
      for (float v : p) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
    assertThatThrownBy(() -> NetworkDetector.create("forced", arch, arch.initialise(1), Map.of(),
        new InferenceOptions(2, true, InferenceEngine.ONEDNN))).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("cannot be loaded");
  }
}
