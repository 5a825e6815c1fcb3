package org.genimage.detectors.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DctTest {
  private static final Map<String, FixtureTensors.Tensor> FIX = FixtureTensors.read("dct.safetensors");

  @Test
  void matchesScipyDctnAndIdctnOrthonormal() {
    for (String name : new String[] {"a", "b", "c"}) {
      FixtureTensors.Tensor x = FIX.get(name + ".x");
      Dct dct = new Dct((int) x.shape()[0], (int) x.shape()[1]);
      double[] forward = dct.forward(x.values());
      double[] inverse = dct.inverse(x.values());
      double[] expectF = FIX.get(name + ".dctn").values();
      double[] expectI = FIX.get(name + ".idctn").values();
      for (int i = 0; i < forward.length; i++) {
        assertThat(forward[i]).as("%s dctn[%d]", name, i).isCloseTo(expectF[i], within(1e-6));
        assertThat(inverse[i]).as("%s idctn[%d]", name, i).isCloseTo(expectI[i], within(1e-6));
      }
    }
  }

  @Test
  void inverseUndoesForwardAndMatrixIsOrthogonal() {
    Dct dct = new Dct(9, 6);
    double[] x = new double[54];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i * 1.3) * 5;
    }
    double[] back = dct.inverse(dct.forward(x));
    for (int i = 0; i < x.length; i++) {
      assertThat(back[i]).isCloseTo(x[i], within(1e-12));
    }
    double[] d = Dct.matrix(7);
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 7; j++) {
        double s = 0;
        for (int k = 0; k < 7; k++) {
          s += d[i * 7 + k] * d[j * 7 + k];
        }
        assertThat(s).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
      }
    }
  }
}
