package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SampleTest {
  @Test
  void samplesAreValues() {
    Sample a = new Sample("sd14/val/ai/000_sdv4_00020.png", Path.of("x.png"), Label.FAKE,
        Generator.SD_V1_4, 0);
    Sample b = new Sample("sd14/val/ai/000_sdv4_00020.png", Path.of("x.png"), Label.FAKE,
        Generator.SD_V1_4, 0);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.imageNetClassIfKnown()).hasValue(0);
    assertThat(a.withLabel(Label.REAL).label()).isEqualTo(Label.REAL);
  }

  @Test
  void unknownClassIsExplicit() {
    Sample s = Sample.of(Path.of("a", "b.png"), Label.REAL);
    assertThat(s.imageNetClass()).isEqualTo(Sample.NO_CLASS);
    assertThat(s.imageNetClassIfKnown()).isEmpty();
    assertThat(s.generator()).isEqualTo(Generator.UNKNOWN);
    assertThat(s.id()).isEqualTo("a/b.png");
  }

  @Test
  void validationNamesTheComponent() {
    assertThatThrownBy(() -> new Sample("", Path.of("x"), Label.REAL, Generator.UNKNOWN, -1))
        .isInstanceOf(BadArgumentException.class)
        .hasMessageStartingWith("id = \"\"");
    assertThatThrownBy(() -> new Sample("x", Path.of("x"), Label.REAL, Generator.UNKNOWN, 1000))
        .hasMessage("imageNetClass = 1000: allowed 0..999");
    assertThatThrownBy(() -> new Sample("x", Path.of("x"), null, Generator.UNKNOWN, -1))
        .hasMessage("label = null: allowed a non-null value");
  }
}
