package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.genimage.api.BadImageException;
import org.genimage.api.BadImageException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failures inside a reader are the file's: a test-only reader, registered for files starting
 * {@code GIXX}, fails in the way its fifth byte says.
 */
class ImageDecoderErrorsTest {
  private static final ImageReaderSpi SPI = new MisbehavingSpi();

  @TempDir Path tmp;

  @BeforeAll
  static void register() {
    ImageDecoder.standard(); // scans for plugins first, so the scan cannot drop ours
    IIORegistry.getDefaultInstance().registerServiceProvider(SPI);
  }

  @AfterAll
  static void deregister() {
    IIORegistry.getDefaultInstance().deregisterServiceProvider(SPI);
  }

  private Path file(char mode) throws IOException {
    return Files.write(tmp.resolve("f" + mode + ".gixx"),
        ("GIXX" + mode + "padding").getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void theTestReaderIsUsedAndDecodesWhenItBehaves() throws Exception {
    assertThat(ImageDecoder.standard().decode(file('k')).width()).isEqualTo(2);
  }

  @Test
  void outOfMemoryPropagatesUnchanged() throws Exception {
    Path f = file('m');
    assertThatThrownBy(() -> ImageDecoder.standard().decode(f))
        .isExactlyInstanceOf(OutOfMemoryError.class).hasMessage("test: heap exhausted");
  }

  @Test
  void stackOverflowInsideTheReaderIsTheFilesFault() throws Exception {
    Path f = file('s');
    assertThatThrownBy(() -> ImageDecoder.standard().decode(f))
        .isInstanceOf(BadImageException.class).hasMessageStartingWith(f.toString())
        .hasMessageContaining("stack").hasCauseInstanceOf(StackOverflowError.class)
        .extracting(e -> ((BadImageException) e).reason()).isEqualTo(Reason.UNDECODABLE);
  }

  @Test
  void runtimeExceptionsInsideTheReaderAreTheFilesFault() throws Exception {
    Path f = file('r');
    assertThatThrownBy(() -> ImageDecoder.standard().decode(f))
        .isInstanceOf(BadImageException.class).hasMessageStartingWith(f.toString())
        .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  @Test
  void otherErrorsPropagate() throws Exception {
    Path f = file('e');
    assertThatThrownBy(() -> ImageDecoder.standard().decode(f))
        .isExactlyInstanceOf(LinkageError.class);
  }

  /** Recognises {@code GIXX}; the reader fails per the fifth byte. */
  static final class MisbehavingSpi extends ImageReaderSpi {
    MisbehavingSpi() {
      super("genimage-test", "1", new String[] {"gixx"}, new String[] {"gixx"},
          new String[] {"image/x-gixx"}, MisbehavingReader.class.getName(),
          new Class<?>[] {ImageInputStream.class}, null, false, null, null, null, null, false,
          null, null, null, null);
    }

    @Override
    public boolean canDecodeInput(Object source) throws IOException {
      ImageInputStream in = (ImageInputStream) source;
      byte[] magic = new byte[4];
      in.mark();
      try {
        return in.read(magic) == 4 && new String(magic, StandardCharsets.US_ASCII).equals("GIXX");
      } finally {
        in.reset();
      }
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
      return new MisbehavingReader(this);
    }

    @Override
    public String getDescription(Locale locale) {
      return "test reader that fails on purpose";
    }
  }

  /** Reads a 2x2 image, or fails. */
  static final class MisbehavingReader extends ImageReader {
    MisbehavingReader(ImageReaderSpi spi) {
      super(spi);
    }

    @Override
    public int getNumImages(boolean allowSearch) {
      return 1;
    }

    @Override
    public int getWidth(int imageIndex) {
      return 2;
    }

    @Override
    public int getHeight(int imageIndex) {
      return 2;
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) {
      return java.util.List.of(ImageTypeSpecifier.createFromBufferedImageType(
          BufferedImage.TYPE_3BYTE_BGR)).iterator();
    }

    @Override
    public IIOMetadata getStreamMetadata() {
      return null;
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) {
      return null;
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
      ImageInputStream in = (ImageInputStream) getInput();
      in.seek(4);
      switch (in.read()) {
        case 'm' -> throw new OutOfMemoryError("test: heap exhausted");
        case 's' -> recurse(0);
        case 'r' -> throw new ArrayIndexOutOfBoundsException("test: hostile index");
        case 'e' -> throw new LinkageError("test: not about the file");
        default -> { }
      }
      return new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR);
    }

    private static int recurse(int depth) {
      return recurse(depth + 1) + 1; // a parser following a nesting that never ends
    }
  }
}
