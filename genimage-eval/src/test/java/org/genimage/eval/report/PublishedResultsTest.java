package org.genimage.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.genimage.api.Generator;
import org.junit.jupiter.api.Test;

/** The shipped tables against genimage-facts.md, and the name matching. */
class PublishedResultsTest {
  private final PublishedResults p = PublishedResults.get();

  @Test
  void detectorNamesMatchThePapersRows() {
    assertThat(p.paperDetector("resnet50")).contains("ResNet-50");
    assertThat(p.paperDetector("ResNet-50")).contains("ResNet-50");
    assertThat(p.paperDetector("swin_t")).contains("Swin-T");
    assertThat(p.paperDetector("deit-s")).contains("DeiT-S");
    assertThat(p.paperDetector("CNNSpot")).contains("CNNSpot");
    assertThat(p.paperDetector("my-detector")).isEmpty();
  }

  @Test
  void tablesHoldThePublishedValues() {
    assertThat(p.crossGeneratorSd14("swin_t", Generator.BIGGAN)).hasValue(57.6);
    assertThat(p.crossGeneratorSd14Average("gramnet")).hasValue(69.9);
    assertThat(p.crossGeneratorColumnMean("f3net", Generator.ADM)).hasValue(66.5);
    assertThat(p.crossGeneratorMatrixAverage("spec")).hasValue(65.1);
    assertThat(p.degraded("gramnet", "lowres64")).hasValue(94.9);
    assertThat(p.degradedAverage("cnnspot")).hasValue(78.3);
    assertThat(p.crossContent("lfw_faces")).hasValue(99.9);
    assertThat(p.crossContent("laion-art")).hasValue(95.0);
    assertThat(p.crossContent("cats")).isEmpty();
    assertThat(p.fakeOrJpegNote()).contains("83.4").contains("Grommelt");
  }

  @Test
  void degradationsAndSubsetsAreRecognisedByNameOrDescription() {
    assertThat(p.degradationKey("jpeg_q65", "")).contains("jpeg65");
    assertThat(p.degradationKey("c", "jpeg(quality=30, subsampling=4:2:0)")).contains("jpeg30");
    assertThat(p.degradationKey("blur_s5", null)).contains("blur5");
    assertThat(p.degradationKey("x", "gaussian_blur(sigma=3.0)")).contains("blur3");
    assertThat(p.degradationKey("lr112", null)).contains("lowres112");
    assertThat(p.degradationKey("jpeg_q50", null)).isEmpty();
    assertThat(p.degradationKey("blur", "gaussian_blur(sigma=1.5)")).isEmpty();
    assertThat(PublishedResults.generatorOf("sd14/val")).contains(Generator.SD_V1_4);
    assertThat(PublishedResults.generatorOf("imagenet_ai_0419_biggan/val")).contains(Generator.BIGGAN);
    assertThat(PublishedResults.generatorOf("SD1.5")).contains(Generator.SD_V1_5);
    assertThat(PublishedResults.generatorOf("faces")).isEmpty();
  }
}
