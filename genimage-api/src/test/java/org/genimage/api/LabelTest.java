package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelTest {
  @Test
  void indicesAreFixedRealZeroFakeOne() {
    assertThat(Label.REAL.index()).isZero();
    assertThat(Label.FAKE.index()).isOne();
    assertThat(Label.fromIndex(0)).isEqualTo(Label.REAL);
    assertThat(Label.fromIndex(1)).isEqualTo(Label.FAKE);
  }

  @Test
  void releaseFoldersMapBothWaysCaseInsensitively() {
    assertThat(Label.fromReleaseFolder("ai")).isEqualTo(Label.FAKE);
    assertThat(Label.fromReleaseFolder("Nature")).isEqualTo(Label.REAL);
    assertThat(Label.FAKE.releaseFolder()).isEqualTo("ai");
    assertThat(Label.REAL.opposite()).isEqualTo(Label.FAKE);
  }

  @Test
  void badValuesNameTheParameter() {
    assertThatThrownBy(() -> Label.fromIndex(2))
        .isInstanceOf(BadArgumentException.class)
        .hasMessage("index = 2: allowed 0 (REAL) or 1 (FAKE)");
    assertThatThrownBy(() -> Label.fromReleaseFolder("fake"))
        .isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("folder = \"fake\"");
  }
}
