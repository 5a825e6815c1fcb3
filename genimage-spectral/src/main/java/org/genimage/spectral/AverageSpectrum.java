package org.genimage.spectral;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.stream.Collector;
import org.genimage.api.BadArgumentException;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * A streaming average of power spectra over any number of images, in constant memory: a running sum
 * of {@code |X|^2} per frequency (doubles) and a count.
 *
 * <p><b>Mergeable.</b> Two accumulators with equal {@link AverageSpectrumConfig}s combine by adding
 * their sums and counts, so the work splits across threads ({@link #collector}) or machines
 * (Spark's {@code aggregate}): the merged mean is the mean over the union of the images, equal to a
 * single sequential pass up to the order of the double additions.
 *
 * <p><b>Sizes.</b> Every image is brought to the configured {@code height x width} by the
 * configured {@link SizePolicy} before its spectrum is taken; see there.
 *
 * <p><b>Transport.</b> {@link Serializable} (Java serialization, workspaces are transient), and a
 * compact little-endian {@code byte[]} form ({@link #toBytes()}, {@link #fromBytes(byte[])}): a
 * 48-byte header and {@code 8 * height * width} bytes of sums.
 *
 * <p>Not thread-safe: use one accumulator per thread and {@link #merge} them.
 */
public final class AverageSpectrum implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x47535041; // "GSPA"
  private static final int FORMAT_VERSION = 1;
  private static final int HEADER_BYTES = 48;

  private final AverageSpectrumConfig config;
  private final double[] sum;
  private long count;
  private transient Workspace workspace;

  /**
   * Creates an empty accumulator.
   *
   * @param config what to average
   */
  public AverageSpectrum(AverageSpectrumConfig config) {
    this.config = Checks.notNull("config", config);
    this.sum = new double[config.height() * config.width()];
  }

  /**
   * A collector that accumulates a stream of images, one accumulator per thread when the stream is
   * parallel, merged at the end: {@code images.parallelStream().collect(AverageSpectrum.collector(c))}.
   *
   * @param config what to average
   * @return the collector
   */
  public static Collector<RgbImage, AverageSpectrum, AverageSpectrum> collector(
      AverageSpectrumConfig config) {
    Checks.notNull("config", config);
    return Collector.of(
        () -> new AverageSpectrum(config),
        AverageSpectrum::add,
        AverageSpectrum::merge,
        Collector.Characteristics.UNORDERED,
        Collector.Characteristics.IDENTITY_FINISH);
  }

  /**
   * Averages a collection on all cores (the common fork-join pool).
   *
   * @param images the images
   * @param config what to average
   * @return the filled accumulator
   */
  public static AverageSpectrum ofAll(Collection<RgbImage> images, AverageSpectrumConfig config) {
    return Checks.notNull("images", images).parallelStream().collect(collector(config));
  }

  /**
   * The configuration.
   *
   * @return what this accumulator averages
   */
  public AverageSpectrumConfig config() {
    return config;
  }

  /**
   * The number of images added so far (merged ones included).
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Adds one image's power spectrum.
   *
   * @param image the image
   * @throws BadArgumentException if the image is smaller than the fixed size under {@link
   *     SizePolicy#CENTRE_CROP}
   */
  public void add(RgbImage image) {
    Checks.notNull("image", image);
    Workspace ws = workspace();
    int h = config.height();
    int w = config.width();
    if (image.height() == h && image.width() == w) {
      config.channel().extract(image, ws.plane);
    } else if (config.sizePolicy() == SizePolicy.CENTRE_CROP) {
      SpectrumInput.extractCentreCrop(image, config.channel(), h, w, ws.plane);
    } else {
      float[] full = ws.fullPlane(image.pixelCount());
      config.channel().extract(image, full);
      SpectrumInput.resizeBilinear(full, image.height(), image.width(), ws.plane, h, w);
    }
    accumulate(ws);
  }

  /**
   * Adds the power spectrum of a plane that already has the fixed size (no size policy applies).
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @throws BadArgumentException if the length is not {@code height * width}
   */
  public void addPlane(float[] plane) {
    Checks.notNull("plane", plane);
    Spectra.checkSize(plane.length, config.height(), config.width());
    if (config.residual().kind() == ResidualFilter.Kind.NONE && !config.subtractMean()
        && !config.hannWindow()) {
      // Nothing modifies the plane on the way to the FFT, which only reads it: no copy.
      accumulate(plane, null);
      return;
    }
    Workspace ws = workspace();
    System.arraycopy(plane, 0, ws.plane, 0, plane.length);
    accumulate(ws.plane, ws);
  }

  private void accumulate(Workspace ws) {
    accumulate(ws.plane, ws);
  }

  /** {@code ws} may be null only when no residual, mean subtraction or window applies. */
  private void accumulate(float[] plane, Workspace ws) {
    float[] input = plane;
    if (config.residual().kind() != ResidualFilter.Kind.NONE) {
      config.residual().apply(plane, config.height(), config.width(), ws.residual());
      input = ws.residual();
    }
    if (config.subtractMean()) {
      SpectrumInput.subtractMean(input);
    }
    if (config.hannWindow()) {
      SpectrumInput.applyWindow(input, ws.rowWindow(), ws.colWindow());
    }
    // The calling thread's cached plan and scratch, used only for the duration of this call: an
    // accumulator may move between threads (Spark tasks), and short-lived accumulators (one per
    // fork-join leaf in the collector) then allocate no FFT scratch of their own.
    RealFft2d.forThread(config.height(), config.width()).accumulatePower(input, sum);
    count++;
  }

  /**
   * Adds another accumulator's images to this one.
   *
   * @param other an accumulator with an equal configuration; not modified
   * @return this accumulator
   * @throws BadArgumentException if the configurations differ
   */
  public AverageSpectrum merge(AverageSpectrum other) {
    Checks.notNull("other", other);
    if (!other.config.equals(config)) {
      throw new BadArgumentException("other.config", other.config, "equal to " + config);
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.sum[i];
    }
    count += other.count;
    return this;
  }

  /**
   * A new accumulator holding the images of both; neither argument changes.
   *
   * @param a one accumulator
   * @param b another with an equal configuration
   * @return the merged accumulator
   */
  public static AverageSpectrum merged(AverageSpectrum a, AverageSpectrum b) {
    Checks.notNull("a", a);
    return new AverageSpectrum(a.config).merge(a).merge(b);
  }

  /**
   * The mean power spectrum so far.
   *
   * @param centred whether zero frequency is moved to the centre
   * @return the {@code height x width} mean of {@code |X|^2}
   * @throws IllegalStateException if no image was added
   */
  public Spectrum mean(boolean centred) {
    if (count == 0) {
      throw new IllegalStateException("no image added to the average spectrum");
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / count);
    }
    Spectrum s = Spectrum.wrap(config.height(), config.width(), mean, SpectrumScale.POWER, false);
    return centred ? s.toCentred() : s;
  }

  /**
   * The compact binary form: a little-endian header (magic {@code GSPA}, format version, height,
   * width, channel, residual kind and sigma, size policy, flags, count) followed by the sums.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 8 * sum.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(config.height()).putInt(config.width())
        .putInt(config.channel().ordinal()).putInt(config.residual().kind().ordinal())
        .putDouble(config.residual().sigma()).putInt(config.sizePolicy().ordinal())
        .putInt((config.subtractMean() ? 1 : 0) | (config.hannWindow() ? 2 : 0))
        .putLong(count);
    b.asDoubleBuffer().put(sum);
    return b.array();
  }

  /**
   * Reads the form written by {@link #toBytes()}.
   *
   * @param bytes the bytes
   * @return the accumulator
   * @throws BadArgumentException if the bytes are not such a form
   */
  public static AverageSpectrum fromBytes(byte[] bytes) {
    Checks.notNull("bytes", bytes);
    if (bytes.length < HEADER_BYTES) {
      throw new BadArgumentException("bytes.length", bytes.length, "at least " + HEADER_BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt() != MAGIC) {
      throw new BadArgumentException("bytes", "an AverageSpectrum form starts with GSPA");
    }
    int version = b.getInt();
    if (version != FORMAT_VERSION) {
      throw new BadArgumentException("format version", version, String.valueOf(FORMAT_VERSION));
    }
    int height = b.getInt();
    int width = b.getInt();
    Channel channel = Channel.values()[Checks.inRange("channel", b.getInt(), 0, 3)];
    ResidualFilter.Kind kind = ResidualFilter.Kind.values()[
        Checks.inRange("residual kind", b.getInt(), 0, ResidualFilter.Kind.values().length - 1)];
    double sigma = b.getDouble();
    SizePolicy policy = SizePolicy.values()[
        Checks.inRange("size policy", b.getInt(), 0, SizePolicy.values().length - 1)];
    int flags = b.getInt();
    long count = b.getLong();
    AverageSpectrumConfig config = new AverageSpectrumConfig(height, width, channel,
        new ResidualFilter(kind, sigma), policy, (flags & 1) != 0, (flags & 2) != 0);
    long expected = HEADER_BYTES + 8L * height * width;
    if (bytes.length != expected) {
      throw new BadArgumentException("bytes.length", bytes.length, String.valueOf(expected));
    }
    AverageSpectrum a = new AverageSpectrum(config);
    b.asDoubleBuffer().get(a.sum);
    if (count < 0) {
      throw new BadArgumentException("count", count, "a non-negative count");
    }
    a.count = count;
    return a;
  }

  private Workspace workspace() {
    if (workspace == null) {
      workspace = new Workspace(config);
    }
    return workspace;
  }

  /** Reused buffers: created on first use, each only when the configuration needs it; never serialised. */
  private static final class Workspace {
    final float[] plane;
    private final AverageSpectrumConfig config;
    private float[] residual;
    private float[] rowWindow;
    private float[] colWindow;
    private float[] full;

    Workspace(AverageSpectrumConfig config) {
      this.config = config;
      plane = new float[config.height() * config.width()];
    }

    float[] residual() {
      if (residual == null) {
        residual = new float[plane.length];
      }
      return residual;
    }

    float[] rowWindow() {
      if (rowWindow == null) {
        rowWindow = SpectrumInput.hann(config.height());
      }
      return rowWindow;
    }

    float[] colWindow() {
      if (colWindow == null) {
        colWindow = SpectrumInput.hann(config.width());
      }
      return colWindow;
    }

    float[] fullPlane(int n) {
      if (full == null || full.length != n) {
        full = new float[n];
      }
      return full;
    }
  }

  @Override
  public String toString() {
    return "AverageSpectrum[" + config.height() + "x" + config.width() + ", " + count + " images]";
  }
}
