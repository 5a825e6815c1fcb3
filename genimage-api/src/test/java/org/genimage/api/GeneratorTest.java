package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratorTest {
  @Test
  void theEightGenImageGeneratorsInPaperOrder() {
    assertThat(Generator.genImage())
        .extracting(Generator::shortName)
        .containsExactly("MJ", "SD1.4", "SD1.5", "ADM", "GLIDE", "Wukong", "VQDM", "BigGAN");
    assertThat(Generator.genImage()).allMatch(Generator::isGenImage);
    assertThat(Generator.BIGGAN.family()).isEqualTo(Generator.Family.GAN);
    assertThat(Generator.genImage()).filteredOn(g -> g.family() == Generator.Family.GAN).hasSize(1);
  }

  @Test
  void releaseFoldersAndNativeSizesFollowTheRelease() {
    assertThat(Generator.fromReleaseFolder("imagenet_ai_0419_sdv4")).contains(Generator.SD_V1_4);
    assertThat(Generator.fromReleaseFolder("STABLE_DIFFUSION_V_1_5")).contains(Generator.SD_V1_5);
    assertThat(Generator.fromReleaseFolder("imagenet_midjourney")).contains(Generator.MIDJOURNEY);
    assertThat(Generator.fromReleaseFolder("somewhere_else")).isEmpty();
    assertThat(Generator.MIDJOURNEY.nativeSize()).isEqualTo(1024);
    assertThat(Generator.ADM.nativeSize()).isEqualTo(256);
    assertThat(Generator.BIGGAN.nativeSize()).isEqualTo(128);
    assertThat(Generator.SD_V1_4.fileTag()).isEqualTo("sdv4");
  }

  @Test
  void lookupAcceptsIdsAndNames() {
    assertThat(Generator.lookup("sd14")).contains(Generator.SD_V1_4);
    assertThat(Generator.lookup("SD1.4")).contains(Generator.SD_V1_4);
    assertThat(Generator.lookup(" stable diffusion v1.5 ")).contains(Generator.SD_V1_5);
    assertThat(Generator.lookup("dalle")).isEmpty();
    assertThat(Generator.lookup(null)).isEmpty();
  }

  @Test
  void customGeneratorsAreValuesAndNotGenImage() {
    Generator a = Generator.custom("my-gan", "My GAN", Generator.Family.GAN);
    Generator b = Generator.custom("my-gan", "My GAN", Generator.Family.GAN);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.isGenImage()).isFalse();
    assertThat(a.toString()).isEqualTo("My GAN");
  }

  @Test
  void invalidIdsAreRejectedWithTheRule() {
    assertThatThrownBy(() -> Generator.custom("My GAN", "x", Generator.Family.GAN))
        .isInstanceOf(BadArgumentException.class)
        .hasMessageStartingWith("id = \"My GAN\": allowed lower-case letters");
    assertThatThrownBy(() -> Generator.custom("ok", " ", Generator.Family.GAN))
        .hasMessageStartingWith("displayName");
  }
}
