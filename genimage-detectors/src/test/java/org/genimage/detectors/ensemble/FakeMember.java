package org.genimage.detectors.ensemble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.DetectorProvider;
import org.genimage.api.RgbImage;

/**
 * A network-free test member: its logit of FAKE is {@code scale * (mean of one colour channel - 128) / 20}, so a
 * test can hand each member its own signal through the channels of an image. Saved in a 28-byte file its
 * {@link Provider} (registered by the test classpath's services file) reads back. Not a {@code LogitPredictor}:
 * ensembles see it through its float scores.
 *
 * @param name the name
 * @param channel 0, 1 or 2
 * @param scale the logit per 20 grey levels
 */
public record FakeMember(String name, int channel, double scale) implements Detector {
  static final byte[] MAGIC = "FAKEMEMB".getBytes(StandardCharsets.US_ASCII);

  /** The member's logit of an image. */
  double logit(RgbImage image) {
    long sum = 0;
    int n = image.width() * image.height();
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        sum += image.sample(x, y, channel);
      }
    }
    return scale * ((double) sum / n - 128) / 20;
  }

  @Override
  public DetectorInfo info() {
    return new DetectorInfo(name, "fake-channel-" + channel, 0, 16, true, Map.of("note", "fake"), "Java");
  }

  @Override
  public float[] scoreBatch(List<RgbImage> images) {
    float[] out = new float[images.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (1 / (1 + Math.exp(-logit(images.get(i)))));
    }
    return out;
  }

  @Override
  public void save(Path file) {
    try {
      Files.write(file, ByteBuffer.allocate(28).put(MAGIC).putInt(channel).putDouble(scale)
          .putInt(name.hashCode()).array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {}

  /** Loads fake members. */
  public static final class Provider implements DetectorProvider {
    /** For ServiceLoader. */
    public Provider() {}

    @Override
    public String name() {
      return "test-fake-member";
    }

    @Override
    public boolean canLoad(Path file) {
      try {
        byte[] b = Files.readAllBytes(file);
        return b.length >= 8 && Arrays.equals(Arrays.copyOf(b, 8), MAGIC);
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public Detector load(Path file) {
      try {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.capacity() != 28) {
          throw new BadModelFileException(file, "a fake member file has 28 bytes");
        }
        b.position(8);
        int channel = b.getInt();
        double scale = b.getDouble();
        return new FakeMember("fake" + channel, channel, scale);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
