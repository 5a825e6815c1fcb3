package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The precision load option: fp32 by default, kept by every copy, parsed from the names the CLI uses. */
class LoadOptionsPrecisionTest {
  @Test
  void defaultsToFp32AndEveryCopyKeepsThePrecision() {
    assertThat(LoadOptions.defaults().precision()).isEqualTo(Precision.FP32);
    assertThat(new LoadOptions("auto", 4, 1).precision()).isEqualTo(Precision.FP32);
    LoadOptions bf16 = LoadOptions.defaults().withPrecision(Precision.BF16);
    assertThat(bf16.withEngine("onednn").withBatchSize(16).withThreads(2))
        .isEqualTo(new LoadOptions("onednn", 16, 2, Precision.BF16));
    assertThat(bf16).isNotEqualTo(LoadOptions.defaults());
    assertThatThrownBy(() -> new LoadOptions("auto", 0, 0, null)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("precision");
  }

  @Test
  void parsesNamesCaseInsensitivelyAndRefusesOthersByParameter() {
    assertThat(Precision.parse("--precision", " BF16 ")).isEqualTo(Precision.BF16);
    assertThat(Precision.parse("--precision", "fp32")).isEqualTo(Precision.FP32);
    assertThat(Precision.BF16.label()).isEqualTo("bf16");
    assertThatThrownBy(() -> Precision.parse("--precision", "fp16")).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("--precision").hasMessageContaining("fp16");
  }
}
