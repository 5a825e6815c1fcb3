package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.genimage.api.ImageFormat.Compression;
import org.junit.jupiter.api.Test;

/** File formats from names as the release spells them, and the format a bias control loads. */
class ImageFormatTest {
  @Test
  void extensionsOfTheReleaseInAnyCase() {
    assertThat(ImageFormat.ofFileName("n01440764_10026.JPEG")).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.ofFileName("ILSVRC2012_val_00000278.jpg")).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.ofFileName("x.jfif")).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.ofFileName("033_sdv4_00152.png")).isEqualTo(ImageFormat.PNG);
    assertThat(ImageFormat.ofFileName("115_adm_141.PNG")).isEqualTo(ImageFormat.PNG);
    assertThat(ImageFormat.ofFileName("a.bmp")).isEqualTo(ImageFormat.BMP);
    assertThat(ImageFormat.ofFileName("a.WebP")).isEqualTo(ImageFormat.WEBP);
    assertThat(ImageFormat.ofFileName("a.tif")).isEqualTo(ImageFormat.OTHER);
    assertThat(ImageFormat.ofFileName("noextension")).isEqualTo(ImageFormat.OTHER);
    // A dot in a folder name is not an extension.
    assertThat(ImageFormat.ofFileName("v1.5/train/ai")).isEqualTo(ImageFormat.OTHER);
    assertThat(ImageFormat.of(Path.of("sd.v1", "a.png"))).isEqualTo(ImageFormat.PNG);
    assertThatThrownBy(() -> ImageFormat.ofFileName(null)).isInstanceOf(BadArgumentException.class);
  }

  @Test
  void compressionOfEachFormat() {
    assertThat(ImageFormat.PNG.compression()).isEqualTo(Compression.LOSSLESS);
    assertThat(ImageFormat.BMP.compression()).isEqualTo(Compression.LOSSLESS);
    assertThat(ImageFormat.JPEG.compression()).isEqualTo(Compression.LOSSY);
    assertThat(ImageFormat.WEBP.compression()).isEqualTo(Compression.UNKNOWN);
    assertThat(ImageFormat.OTHER.compression()).isEqualTo(Compression.UNKNOWN);
  }

  @Test
  void aSampleKnowsItsFileFormat() {
    assertThat(Sample.of(Path.of("ai", "000_sdv4_00020.png"), Label.FAKE).fileFormat())
        .isEqualTo(ImageFormat.PNG);
    assertThat(Sample.of(Path.of("nature", "n01440764_10026.JPEG"), Label.REAL).fileFormat())
        .isEqualTo(ImageFormat.JPEG);
  }

  @Test
  void aJpegControlLoadsEveryFakeAsJpegAndLeavesRealsAlone() {
    Sample fake = Sample.of(Path.of("ai", "000_sdv4_00020.png"), Label.FAKE);
    Sample realPng = Sample.of(Path.of("nature", "x.png"), Label.REAL);
    Sample realJpeg = Sample.of(Path.of("nature", "y.JPEG"), Label.REAL);
    BiasControl jpeg = BiasControl.parse("jpeg96");
    assertThat(jpeg.loadedFormat(fake)).isEqualTo(ImageFormat.JPEG);
    assertThat(jpeg.loadedFormat(realPng)).isEqualTo(ImageFormat.PNG);
    assertThat(jpeg.loadedFormat(realJpeg)).isEqualTo(ImageFormat.JPEG);
    // Size and balance do not re-encode anything.
    BiasControl size = BiasControl.parse("size,balance");
    assertThat(size.loadedFormat(fake)).isEqualTo(ImageFormat.PNG);
    assertThat(BiasControl.none().loadedFormat(fake)).isEqualTo(ImageFormat.PNG);
  }
}
