package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Full DeiT-S and Swin-T against torchvision, on demand: run
 * {@code make_transformer_fixtures.py --full DIR}, then this test with
 * {@code -Dgenimage.transformer.full=DIR}. Skipped otherwise (the fixtures are ~200 MB).
 */
class FullSizeParityTest {
  static Path dir() {
    String d = System.getProperty("genimage.transformer.full");
    Assumptions.assumeTrue(d != null && Files.isDirectory(Paths.get(d)), "genimage.transformer.full not set");
    return Paths.get(d);
  }

  @Test
  void deitSmallMatchesTorchvision() {
    Path d = dir();
    Map<String, NamedTensor> w = TransformerWeights.deit(d.resolve("deit_s.weights.safetensors"),
        DeitConfig.deitSmall(2), false);
    Map<String, INDArray> io = Fixtures.read(d.resolve("deit_s.io.safetensors"));
    {
      INDArray logits = Fixtures.run(new Deit(DeitConfig.deitSmall(2)), w, io.get("input"), "logits").get("logits");
      double diff = Fixtures.maxAbsDiff(logits, io.get("logits"));
      System.out.println("DeiT-S logits max abs diff " + diff);
      assertThat(diff).isLessThan(1e-4);
    }
  }

  @Test
  void swinTinyMatchesTorchvision() {
    Path d = dir();
    Map<String, NamedTensor> w = TransformerWeights.swin(d.resolve("swin_t.weights.safetensors"),
        SwinConfig.swinTiny(2), false);
    Map<String, INDArray> io = Fixtures.read(d.resolve("swin_t.io.safetensors"));
    {
      INDArray logits = Fixtures.run(new Swin(SwinConfig.swinTiny(2)), w, io.get("input"), "logits").get("logits");
      double diff = Fixtures.maxAbsDiff(logits, io.get("logits"));
      System.out.println("Swin-T logits max abs diff " + diff);
      assertThat(diff).isLessThan(1e-4);
    }
  }
}
