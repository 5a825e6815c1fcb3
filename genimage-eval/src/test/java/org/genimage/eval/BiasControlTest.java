package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl.SizeBand;
import org.genimage.api.BiasControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bias control's grammar, its size band on both sides, and its place in the settings. */
class BiasControlTest {
  @Test
  void parsesEachItem() {
    BiasControl c = BiasControl.parse(" JPEG96 , size=200-600,balance ");
    assertThat(c.jpegQuality()).isEqualTo(OptionalInt.of(96));
    assertThat(c.sizeBand()).contains(SizeBand.between(200, 600));
    assertThat(c.balancePerClass()).isTrue();
    assertThat(c.text()).isEqualTo("jpeg96,size=200-600,balance");

    BiasControl g = BiasControl.parse("jpeg96,size");
    assertThat(g.sizeBand()).contains(SizeBand.ofGenerator());
    assertThat(g.balancePerClass()).isFalse();
    assertThat(BiasControl.parse("size=64-64").sizeBand()).contains(SizeBand.between(64, 64));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "jpeg96", "size", "balance", "jpeg75,size=10-20",
      "size=1-5000,balance", "jpeg96,size,balance"})
  void textRoundTrips(String text) {
    BiasControl c = BiasControl.parse(text);
    assertThat(c.text()).isEqualTo(text);
    assertThat(BiasControl.parse(c.text())).isEqualTo(c);
  }

  @Test
  void noneIsTheDefaultAndChangesNothing() {
    assertThat(ProtocolSettings.defaults().biasControl()).isEqualTo(BiasControl.none());
    assertThat(BiasControl.none().isNone()).isTrue();
    assertThat(BiasControl.parse("NONE")).isEqualTo(BiasControl.none());
    assertThat(BiasControl.parse("balance").isNone()).isFalse();
    assertThat(BiasControl.fakeOrJpeg().text()).isEqualTo("jpeg96,size,balance");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "jpeg", "jpeg0", "jpeg101", "jpegx", "size=", "size=600-200",
      "size=0-10", "size=10", "size=a-b", "jpeg96,jpeg90", "size,size=1-2", "balance,balance",
      "jpeg96,,size", "png", "none,jpeg96"})
  void badTextNamesTheItemAndTheGrammar(String text) {
    assertThatThrownBy(() -> BiasControl.parse(text)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("biasControl").hasMessageContaining("jpeg96,size");
  }

  @Test
  void theBandTestsWidthAndHeight() {
    SizeBand b = SizeBand.between(200, 600);
    assertThat(b.admits(300, 400, 0)).isTrue();
    assertThat(b.admits(200, 600, 0)).isTrue();
    assertThat(b.admits(500, 150, 0)).as("wide enough, too short").isFalse();
    assertThat(b.admits(150, 500, 0)).as("tall enough, too narrow").isFalse();
    assertThat(b.admits(300, 700, 0)).as("shorter side fits, longer too long").isFalse();
    SizeBand g = SizeBand.ofGenerator();
    assertThat(g.bounds(512)).containsExactly(256, 1024);
    assertThat(g.admits(500, 375, 512)).isTrue();
    assertThat(g.admits(500, 200, 512)).isFalse();
    assertThatThrownBy(() -> g.bounds(0)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> new SizeBand(5, 4, false)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> new SizeBand(1, 4, true)).isInstanceOf(BadArgumentException.class);
  }

  @Test
  void settingsRecordAndDescribeTheControl() {
    ProtocolSettings s = ProtocolSettings.defaults().withSeed(4)
        .withBiasControl(BiasControl.parse("jpeg96,size=200-600"));
    assertThat(s.describe()).containsEntry("biasControl", "jpeg96,size=200-600")
        .containsEntry("seed", "4");
    // Other copies keep it.
    assertThat(s.withSeed(5).biasControl().text()).isEqualTo("jpeg96,size=200-600");
    assertThat(ProtocolSettings.defaults().describe()).containsEntry("biasControl", "none");
    assertThat(new BiasControl(OptionalInt.of(96), Optional.empty(), false).explain())
        .contains("quality 96");
  }

  @Test
  void withoutAProviderAControlFailsClearlyAndNoneNeedsNone() {
    // genimage-api's own tests have no provider on the class path (genimage-dataset registers it).
    FakeWorld w = new FakeWorld();
    org.genimage.api.Dataset d = w.subset("sd14", 0, 2, "val");
    assertThat(BiasControls.apply(d, BiasControl.none(), 0)).isSameAs(d);
    assertThatThrownBy(() -> BiasControls.apply(d, BiasControl.parse("jpeg96"), 0))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("genimage-dataset");
  }
}
