package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.genimage.api.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated-file names of every GenImage subset, as the release names them. The names are real ones:
 * from the release's lists of defective files (GenImage-Dataset/GenImage repository, data/, CC BY-NC-SA
 * 4.0: {@code 033_sdv4_00152.png}, {@code 208_midjourney_76.png}, {@code 115_adm_141.PNG},
 * {@code 116_biggan_00081.png}, {@code GLIDE_1000_200_08_808_glide_00033.png}) and from users' code
 * quoting files of the release (the SD V1.5, VQDM, Wukong and unpadded ADM and Midjourney names).
 */
class FileNamesTest {
  @ParameterizedTest(name = "{0} -> {1} class {2}")
  @CsvSource({
      "033_sdv4_00152.png, sd14, 33",
      "000_sdv4_00020.png, sd14, 0",
      "001_sdv5_00094.png, sd15, 1",
      "802_sdv5_00195.png, sd15, 802",
      "208_midjourney_76.png, midjourney, 208",
      "0_midjourney_169.png, midjourney, 0",
      "115_adm_141.PNG, adm, 115",
      "0_adm_174.PNG, adm, 0",
      "820_adm_83.PNG, adm, 820",
      "116_biggan_00081.png, biggan, 116",
      "789_biggan_00101.png, biggan, 789",
      "GLIDE_1000_200_08_808_glide_00033.png, glide, 808",
      "VQDM_1000_200_00_017_vqdm_00020.png, vqdm, 17",
      "VQDM_1000_200_02_245_vqdm_00036.png, vqdm, 245",
      "VQDM_1000_200_08_872_vqdm_00109.png, vqdm, 872",
      "729_wukong_image188.png, wukong, 729",
      "0_wukong_image128.png, wukong, 0",
      // variants the same grammar takes: case, a re-encoded copy, no numeric groups
      "10_wukong_image72.jpg, wukong, 10",
      "glide_1000_200_08_808_GLIDE_00033.PNG, glide, 808",
      "VQDM_999_vqdm_1.png, vqdm, 999",
  })
  void realNamesGiveTheirGeneratorAndClass(String name, String generatorId, int cls) {
    assertThat(FileNames.generatedClass(name)).isEqualTo(cls);
    assertThat(FileNames.generatorFromTag(name, Map.of())).map(Generator::id).contains(generatorId);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "1000_sdv4_00001.png", // class 1000 is not an ImageNet class
      "GLIDE_1000_200_08_1000_glide_00033.png",
      "GLIDE_1000_200_08_12345_glide_00033.png", // a five-digit class field
      "VQDM_1000_200_00_017_glide_00020.png", // the head's tag is not the file's tag
      "VQDM_1000_x_00_017_vqdm_00020.png", // a non-numeric group in the head
      "_1000_200_08_808_glide_00033.png",
      "729_wukong_image.png", // no number
      "729_wukong_picture188.png", // only "image" may stand before the number
      "729_wukong_\u0131mage188.png", // dotless i is not i
      "033_sdv4_00152", // no extension
      "033_sdv4_00152.png.png",
      "sdv4_033_00152.png", // tag and class swapped
      "n01440764_10026.JPEG", // a real ImageNet file
      "ILSVRC2012_val_00000278.JPEG",
      "whatever.png",
      "",
  })
  void otherNamesGiveNoClass(String name) {
    assertThat(FileNames.generatedClass(name)).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000_sdv4_00001.png", "GLIDE_1_2_3_1000_glide_1.png"})
  void aGeneratedNameWithAClassAbove999StillNamesItsGenerator(String name) {
    assertThat(FileNames.generatedClass(name)).isEqualTo(-1);
    assertThat(FileNames.generatorFromTag(name, Map.of())).isPresent();
  }

  @ParameterizedTest
  @CsvSource({"001_mytag_00001.png, 1", "MYTAG_1000_200_00_017_mytag_00020.png, 17",
      "5_MyTag_image3.png, 5"})
  void userTagsWorkInEveryForm(String name, int cls) {
    Generator mine = Generator.custom("mine", "Mine", Generator.Family.DIFFUSION);
    assertThat(FileNames.generatorFromTag(name, Map.of())).isEmpty();
    assertThat(FileNames.generatorFromTag(name, Map.of("mytag", mine))).contains(mine);
    assertThat(FileNames.generatedClass(name)).isEqualTo(cls);
  }

  @ParameterizedTest
  @ValueSource(strings = {"001_sdv4_00001.png", "GLIDE_1000_200_08_808_glide_00033.png"})
  void aUserTagOverridesAReleaseTag(String name) {
    Generator mine = Generator.custom("mine", "Mine", Generator.Family.DIFFUSION);
    assertThat(FileNames.generatorFromTag(name, Map.of("sdv4", mine, "glide", mine)))
        .contains(mine);
  }
}
