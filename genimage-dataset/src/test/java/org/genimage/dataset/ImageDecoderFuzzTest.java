package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.genimage.api.BadImageException;
import org.genimage.api.BadImageException.Reason;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of {@link ImageDecoder}: mutated PNG, JPEG, WebP and BMP files either decode or
 * throw a {@link BadImageException} naming the file, with a reason; nothing else escapes.
 */
class ImageDecoderFuzzTest {
  private static final long SEED = 18L;
  private static final int FILES = 900;

  @TempDir Path tmp;

  private static List<byte[]> seeds;

  @BeforeAll
  static void makeSeeds() throws Exception {
    RgbImage photo = photoLike(96, 80, new SplittableRandom(SEED));
    byte[] webp;
    try (InputStream in = ImageDecoderFuzzTest.class.getResourceAsStream(
        "/fixtures/decode/rgb.webp")) {
      webp = in.readAllBytes(); // no WebP writer is installed: the committed fixture is the seed
    }
    seeds = List.of(ImageEncoding.png(photo), ImageEncoding.jpeg(photo, 90),
        ImageEncoding.jpeg(photo, 40), webp, bmp(photo));
  }

  /** Smooth gradients plus noise, so the encoders produce realistic entropy-coded data. */
  static RgbImage photoLike(int w, int h, SplittableRandom rnd) {
    byte[] px = new byte[3 * w * h];
    for (int y = 0, o = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[o++] = (byte) (x * 255 / w + rnd.nextInt(-12, 13));
        px[o++] = (byte) (y * 255 / h + rnd.nextInt(-12, 13));
        px[o++] = (byte) ((x + y) * 127 / (w + h) + rnd.nextInt(-12, 13));
      }
    }
    return RgbImage.wrap(w, h, px);
  }

  static byte[] bmp(RgbImage im) throws Exception {
    BufferedImage b = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = im.toByteArray();
    for (int y = 0; y < im.height(); y++) {
      for (int x = 0; x < im.width(); x++) {
        int o = 3 * (y * im.width() + x);
        b.setRGB(x, y, (px[o] & 0xFF) << 16 | (px[o + 1] & 0xFF) << 8 | (px[o + 2] & 0xFF));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(b, "bmp", out)).isTrue();
    return out.toByteArray();
  }

  /** A PNG whose IHDR declares {@code w x h}, with a correct CRC so only the size is wrong. */
  static byte[] pngDeclaring(int w, int h) {
    byte[] png = ImageEncoding.png(RgbImage.filled(1, 1, 0, 0, 0));
    ByteBuffer.wrap(png, 16, 8).putInt(w).putInt(h);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
    return png;
  }

  /** The mutations, one per case number. */
  static byte[] mutate(byte[] src, int kind, SplittableRandom rnd) {
    byte[] b = src.clone();
    switch (kind) {
      case 0 -> { // bit flips
        for (int k = 1 + rnd.nextInt(16); k > 0; k--) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 1 -> b = Arrays.copyOf(src, 1 + rnd.nextInt(src.length - 1)); // truncation
      case 2 -> { // garbage in the header (the first 64 bytes)
        for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
          b[rnd.nextInt(Math.min(64, b.length))] = (byte) rnd.nextInt(256);
        }
      }
      case 3 -> { // a run of zero bytes
        int from = rnd.nextInt(b.length);
        Arrays.fill(b, from, Math.min(b.length, from + 1 + rnd.nextInt(512)), (byte) 0);
      }
      case 4 -> { // noise after a valid signature
        for (int i = 12; i < b.length; i++) {
          b[i] = (byte) rnd.nextInt(256);
        }
      }
      case 5 -> { // random noise
        b = new byte[1 + rnd.nextInt(4096)];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) rnd.nextInt(256);
        }
      }
      case 6 -> b = new byte[rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(2048)]; // zeros
      case 7 -> b = pngDeclaring(1 << 30, 1 << 20); // a decompression bomb's header
      default -> throw new IllegalArgumentException("kind " + kind);
    }
    return b;
  }

  @Test
  void mutatedFilesDecodeOrFailNamingTheFile() {
    ImageDecoder decoder = ImageDecoder.standard();
    Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    int[] ok = new int[1];
    // A hang guard only (the run takes seconds): a reader looping forever would fail here.
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      SplittableRandom rnd = new SplittableRandom(SEED);
      for (int i = 0; i < FILES; i++) {
        byte[] b = mutate(seeds.get(i % seeds.size()), (i / seeds.size()) % 8, rnd);
        Path f = Files.write(tmp.resolve("f" + i + ".img"), b);
        try {
          RgbImage im = decoder.decode(f);
          assertThat((long) im.width() * im.height()).isPositive()
              .isLessThanOrEqualTo(decoder.maxPixels());
          ok[0]++;
        } catch (BadImageException e) {
          assertThat(e.file()).as("case %d", i).contains(f);
          assertThat(e.getMessage()).startsWith(f.toString());
          assertThat(e.problem()).isNotBlank();
          reasons.merge(e.reason(), 1, Integer::sum);
        }
        Files.delete(f);
      }
    });
    assertThat(ok[0]).as("some mutations (a flipped bit in pixel data) still decode").isPositive();
    // Every failure kind the mutations make is recognised as such.
    assertThat(reasons).containsKeys(Reason.ZERO_BYTES, Reason.NOT_AN_IMAGE, Reason.TOO_LARGE,
        Reason.TRUNCATED, Reason.UNDECODABLE);
  }

  @Test
  void reasonsAreStructuralNotWords() throws Exception {
    byte[] jpg = seeds.get(1);
    Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(jpg, jpg.length * 2 / 3));
    assertThat(reason(cut)).isEqualTo(Reason.TRUNCATED);
    // The same from bytes in memory, whose ImageIO stream does not know its own length.
    assertThat(catchThrowableOfType(() -> ImageDecoder.standard().decode(
        Arrays.copyOf(jpg, jpg.length * 2 / 3), cut), BadImageException.class).reason())
        .isEqualTo(Reason.TRUNCATED);
    assertThat(ImageDecoder.standard().lenient().decode(cut).width()).isEqualTo(96);
    // Bytes after the end marker (camera trailers) are not truncation.
    byte[] trailer = Arrays.copyOf(jpg, jpg.length + 100);
    assertThat(ImageDecoder.standard().decode(Files.write(tmp.resolve("t.jpg"), trailer))
        .width()).isEqualTo(96);
    byte[] png = seeds.get(0);
    Path cutPng = Files.write(tmp.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
    assertThat(reason(cutPng)).isEqualTo(Reason.TRUNCATED);
    Path bomb = Files.write(tmp.resolve("bomb.png"), pngDeclaring(1 << 30, 1 << 20));
    BadImageException e = catchThrowableOfType(() -> ImageDecoder.standard().decode(bomb),
        BadImageException.class);
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.problem()).contains("1073741824x1048576");
    assertThat(reason(Files.write(tmp.resolve("z.png"), new byte[0])))
        .isEqualTo(Reason.ZERO_BYTES);
    assertThat(reason(Files.writeString(tmp.resolve("t.png"), "plain text, no image")))
        .isEqualTo(Reason.NOT_AN_IMAGE);
    assertThat(reason(tmp.resolve("missing.png"))).isEqualTo(Reason.UNREADABLE);
    assertThat(reason(tmp)).isEqualTo(Reason.UNREADABLE); // a folder
  }

  @Test
  void fileLengthIsCheckedBeforeAnyByteIsRead() throws Exception {
    // A sparse file one byte over the limit: refused from its length, instantly, and never read
    // (reading 256 MiB of zeros would take seconds and end in NOT_AN_IMAGE instead).
    Path big = tmp.resolve("big.png");
    try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
      raf.write(seeds.get(0));
      raf.setLength(ReadLimits.MAX_IMAGE_BYTES + 1);
    }
    BadImageException e = catchThrowableOfType(() -> ImageDecoder.standard().decode(big),
        BadImageException.class);
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.problem()).contains(String.valueOf(ReadLimits.MAX_IMAGE_BYTES + 1));
    Path small = Files.write(tmp.resolve("s.png"), seeds.get(0));
    ImageDecoder tight = ImageDecoder.standard().withMaxBytes(seeds.get(0).length - 1);
    assertThat(catchThrowableOfType(() -> tight.decode(small), BadImageException.class).reason())
        .isEqualTo(Reason.TOO_LARGE);
    assertThat(catchThrowableOfType(() -> tight.decode(seeds.get(0), small),
        BadImageException.class).reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(ImageDecoder.standard().withMaxBytes(seeds.get(0).length).decode(small).width())
        .isEqualTo(96);
    assertThatThrownBy(() -> ImageDecoder.standard().withMaxBytes(0))
        .isInstanceOf(org.genimage.api.BadArgumentException.class).hasMessageContaining("maxBytes");
  }

  private static Reason reason(Path f) {
    BadImageException e = catchThrowableOfType(() -> ImageDecoder.standard().decode(f),
        BadImageException.class);
    assertThat(e).as("%s must fail", f).isNotNull();
    assertThat(e.file()).contains(f);
    return e.reason();
  }
}
