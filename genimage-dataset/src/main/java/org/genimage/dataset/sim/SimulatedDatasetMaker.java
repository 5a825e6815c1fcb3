package org.genimage.dataset.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.ImageDecoder;
import org.genimage.dataset.ImageEncoding;
import org.genimage.dataset.ImageNetClasses;
import org.genimage.dataset.Split;

/**
 * Makes a small simulated dataset in the GenImage release layout, deterministically from a seed:
 * procedurally made natural-looking "real" images (1/f-noise textures, gradients, soft shapes in a
 * class-dependent palette, lighting, sensor noise) and, per {@link SimulatedGenerator}, generated
 * images that are the same kind of procedural image with the generator's {@link Artifact} applied.
 *
 * <p>Layout written by {@link #writeTo(Path)}:
 * {@code <root>/<releaseFolder>/<subsetFolder>/{train,val}/{ai,nature}/} (a custom generator uses its
 * id for both folders). Generated files are PNG named as the release names each subset's files:
 * {@code 033_sdv4_00012.png} (SD V1.4, SD V1.5 and BigGAN alike), {@code 0_midjourney_12.png},
 * {@code 0_adm_12.PNG}, {@code 0_wukong_image12.png}, {@code GLIDE_1000_200_02_000_glide_00012.png},
 * {@code VQDM_1000_200_02_000_vqdm_00012.png}; a custom generator's as
 * {@code <class, 3 digits>_<id>_<number, 5 digits>.png}. Real training files
 * are JPEGs named like ImageNet training files ({@code n01440764_10026.JPEG}); real val files like
 * ImageNet val files ({@code ILSVRC2012_val_00000001.JPEG}, numbered across the whole release), whose
 * classes go in {@code <root>/imagenet_val_ground_truth.txt}. With {@link Builder#realAsJpeg(boolean)
 * realAsJpeg(false)} the real files are PNGs with the same stems.
 *
 * <p>{@link #dataset()} serves the same samples from memory without touching the disk: pixels are
 * rendered on demand and, by default, passed through the same encoder and decoder as the written
 * files, so an in-memory sample has exactly the pixels its written file decodes to.
 *
 * <p>Every image depends only on the seed, its generator, split, label and number, never on the
 * order or thread it is made in.
 *
 * <pre>{@code
 * SimulatedDatasetMaker maker = SimulatedDatasetMaker.builder().seed(7).imageSize(64).build();
 * Dataset train = maker.dataset(Generator.SD_V1_4, Split.TRAIN);   // in memory
 * SimulatedRelease written = maker.writeTo(tempDir);               // on disk
 * }</pre>
 */
public final class SimulatedDatasetMaker {
  /** The file the ground truth of the real val files is written to, under the root. */
  public static final String VAL_GROUND_TRUTH = "imagenet_val_ground_truth.txt";

  private static final Path MEMORY_ROOT = Path.of("simulated");

  private final long seed;
  private final List<SimulatedGenerator> generators;
  private final int imageSize;
  private final int realMinSize;
  private final int realMaxSize;
  private final int[] classes;
  private final int trainPerLabel;
  private final int valPerLabel;
  private final boolean realAsJpeg;
  private final int jpegQuality;
  private final double strengthScale;
  private final boolean encodeInMemory;
  private final List<Spec> specs;
  private final Map<String, Spec> byId;

  /** One planned file; {@code seedKey} is what its pixels derive from. */
  private record Spec(String id, int generatorIndex, Split split, Label label, int number,
      int imageNetClass, String folderPath, String fileName, String seedKey) {}

  private SimulatedDatasetMaker(Builder b) {
    this.seed = b.seed;
    this.generators = List.copyOf(b.generators);
    this.imageSize = b.imageSize;
    this.realMinSize = b.realMinSize == 0 ? b.imageSize : b.realMinSize;
    this.realMaxSize = b.realMaxSize == 0 ? b.imageSize : b.realMaxSize;
    this.classes = b.classes.clone();
    this.trainPerLabel = b.trainPerLabel;
    this.valPerLabel = b.valPerLabel;
    this.realAsJpeg = b.realAsJpeg;
    this.jpegQuality = b.jpegQuality;
    this.strengthScale = b.strengthScale;
    this.encodeInMemory = b.encodeInMemory;
    this.specs = plan();
    this.byId = new HashMap<>(specs.size() * 2);
    for (Spec s : specs) {
      byId.put(s.id, s);
    }
  }

  /**
   * A builder with the defaults: seed 0, {@link SimulatedGenerator#defaults()}, 64-pixel images, 10
   * classes, 20 training and 10 val images per label per generator, reals as JPEG quality 96.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private List<Spec> plan() {
    ImageNetClasses wnids = ImageNetClasses.imageNet1k();
    List<Spec> out = new ArrayList<>();
    int valCounter = 0;
    for (int gi = 0; gi < generators.size(); gi++) {
      Generator g = generators.get(gi).generator();
      String release = g.releaseFolder().isEmpty() ? g.id() : g.releaseFolder();
      String subset = g.subsetFolder().isEmpty() ? g.id() : g.subsetFolder();
      String tag = g.fileTag().isEmpty() ? g.id() : g.fileTag();
      boolean unpadded = g.equals(Generator.MIDJOURNEY);
      for (Split split : Split.values()) {
        int count = split == Split.TRAIN ? trainPerLabel : valPerLabel;
        for (Label label : new Label[] {Label.FAKE, Label.REAL}) {
          String folder = release + "/" + subset + "/" + split.folder() + "/" + label.releaseFolder();
          for (int i = 0; i < count; i++) {
            int cls = classes[i % classes.length];
            String name;
            String seedKey = null;
            if (label == Label.FAKE) {
              name = ReleaseNames.generated(g, cls, i);
              // The pixels stay those of the names written before each subset got its own
              // pattern, so that seeded results elsewhere do not move.
              seedKey = folder + "/" + String.format("%03d_%s_%s.png", cls, tag,
                  unpadded ? Integer.toString(i) : String.format("%05d", i));
            } else if (split == Split.TRAIN) {
              name = wnids.wordNetId(cls) + "_" + (10000 + i) + (realAsJpeg ? ".JPEG" : ".png");
            } else {
              valCounter++;
              name = String.format("ILSVRC2012_val_%08d", valCounter)
                  + (realAsJpeg ? ".JPEG" : ".png");
            }
            String id = folder + "/" + name;
            out.add(new Spec(id, gi, split, label, i, cls, folder, name,
                seedKey != null ? seedKey : id));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Every sample this maker makes, with paths under a virtual root {@code simulated/} (use
   * {@link #writeTo(Path)} for real files). Ids are the paths relative to the root, as the layout
   * reader gives for the written release.
   *
   * @return an immutable list, ordered by generator, split, label (fake first), number
   */
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>(specs.size());
    for (Spec s : specs) {
      out.add(sampleOf(s, MEMORY_ROOT));
    }
    return List.copyOf(out);
  }

  private Sample sampleOf(Spec s, Path root) {
    return new Sample(s.id, root.resolve(s.id), s.label, generators.get(s.generatorIndex).generator(),
        s.imageNetClass);
  }

  /**
   * All samples, served from memory.
   *
   * @return a dataset named {@code "simulated"}
   */
  public Dataset dataset() {
    return Dataset.of("simulated", samples(), this::load);
  }

  /**
   * One split of all generators, served from memory (fakes of every generator, and each generator's
   * reals).
   *
   * @param split the split
   * @return a dataset named {@code "simulated/<split>"}
   */
  public Dataset dataset(Split split) {
    Checks.notNull("split", split);
    return dataset().filter("simulated/" + split.folder(), s -> byId.get(s.id()).split == split);
  }

  /**
   * One generator's split (its fakes and the reals paired with it), served from memory.
   *
   * @param generator one of this maker's generators
   * @param split the split
   * @return a dataset named {@code "<generator id>/<split>"}
   * @throws BadArgumentException if the generator is not one of this maker's
   */
  public Dataset dataset(Generator generator, Split split) {
    Checks.notNull("generator", generator);
    Checks.notNull("split", split);
    if (generators.stream().noneMatch(g -> g.generator().equals(generator))) {
      throw new BadArgumentException("generator", generator.id(),
          "one of " + generators.stream().map(g -> g.generator().id()).toList());
    }
    return dataset().filter(generator.id() + "/" + split.folder(),
        s -> s.generator().equals(generator) && byId.get(s.id()).split == split);
  }

  /**
   * Loads a sample of this maker from memory: renders it and, unless switched off with
   * {@link Builder#encodeInMemory(boolean)}, passes it through its storage format.
   *
   * @param sample a sample from {@link #samples()} (or one of the same id)
   * @return its pixels
   * @throws BadImageException if the sample is not one this maker makes
   */
  public RgbImage load(Sample sample) {
    Checks.notNull("sample", sample);
    Spec s = byId.get(sample.id());
    if (s == null) {
      throw new BadImageException(sample.path(), "not a sample of this simulated dataset");
    }
    RgbImage image = render(s);
    if (!encodeInMemory) {
      return image;
    }
    return decode(encode(s, image), sample.path());
  }

  private RgbImage render(Spec s) {
    SimulatedGenerator g = generators.get(s.generatorIndex);
    SplittableRandom rnd = new SplittableRandom(mix(seed, s.seedKey));
    int w = imageSize;
    int h = imageSize;
    if (s.label == Label.REAL && realMaxSize > realMinSize) {
      w = realMinSize + rnd.nextInt(realMaxSize - realMinSize + 1);
      h = realMinSize + rnd.nextInt(realMaxSize - realMinSize + 1);
    } else if (s.label == Label.REAL) {
      w = realMinSize;
      h = realMinSize;
    }
    float[][] planes = Procedural.image(w, h, s.imageNetClass, rnd);
    if (s.label == Label.FAKE) {
      Artifacts.apply(planes, w, h, g.artifact(), Math.min(4.0, g.strength() * strengthScale),
          mix(seed, g.generator().id()), rnd);
    }
    return RgbImage.wrap(w, h, Procedural.toBytes(planes, w * h));
  }

  private byte[] encode(Spec s, RgbImage image) {
    return s.label == Label.REAL && realAsJpeg
        ? ImageEncoding.jpeg(image, jpegQuality)
        : ImageEncoding.png(image);
  }

  private static RgbImage decode(byte[] bytes, Path path) {
    return ImageDecoder.standard().decode(bytes, path);
  }

  private static long mix(long seed, String key) {
    long h = 0xCBF29CE484222325L ^ (seed * 0x9E3779B97F4A7C15L);
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h;
  }

  /**
   * Writes the dataset under {@code root} in the GenImage release layout (see the class comment),
   * in parallel on the common fork-join pool. Existing files of the same names are overwritten.
   *
   * @param root the folder to write under; created if missing
   * @return the written files as samples, and the val ground-truth file
   * @throws UncheckedIOException if a file cannot be written
   */
  public SimulatedRelease writeTo(Path root) {
    Checks.notNull("root", root);
    try {
      for (String folder : new LinkedHashSet<>(specs.stream().map(Spec::folderPath).toList())) {
        Files.createDirectories(root.resolve(folder));
      }
      IntStream.range(0, specs.size()).parallel().forEach(i -> {
        Spec s = specs.get(i);
        try {
          Files.write(root.resolve(s.id), encode(s, render(s)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + root.resolve(s.id), e);
        }
      });
      StringBuilder truth = new StringBuilder();
      for (Spec s : specs) {
        if (s.label == Label.REAL && s.split == Split.VAL) {
          truth.append(s.fileName).append(' ').append(s.imageNetClass).append('\n');
        }
      }
      Path truthFile = root.resolve(VAL_GROUND_TRUTH);
      Files.writeString(truthFile, truth, StandardCharsets.UTF_8);
      List<Sample> samples = new ArrayList<>(specs.size());
      for (Spec s : specs) {
        samples.add(sampleOf(s, root));
      }
      return new SimulatedRelease(root, samples, truthFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the simulated release under " + root, e);
    }
  }

  /**
   * The simulated generators.
   *
   * @return an immutable list
   */
  public List<SimulatedGenerator> generators() {
    return generators;
  }

  /**
   * The ImageNet class indices images are drawn from (round-robin, so every class gets the same
   * number of images, up to one).
   *
   * @return a copy of the indices
   */
  public int[] classes() {
    return classes.clone();
  }

  /**
   * Options of a {@link SimulatedDatasetMaker}. Every setter is optional.
   */
  public static final class Builder {
    private long seed;
    private List<SimulatedGenerator> generators = SimulatedGenerator.defaults();
    private int imageSize = 64;
    private int realMinSize;
    private int realMaxSize;
    private int[] classes = spread(10);
    private int trainPerLabel = 20;
    private int valPerLabel = 10;
    private boolean realAsJpeg = true;
    private int jpegQuality = 96;
    private double strengthScale = 1.0;
    private boolean encodeInMemory = true;

    private Builder() {}

    /**
     * The seed every image derives from.
     *
     * @param value any value (default 0)
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * The simulated generators, one subset each.
     *
     * @param value a non-empty list of distinct generators (default {@link
     *     SimulatedGenerator#defaults()})
     * @return this builder
     */
    public Builder generators(List<SimulatedGenerator> value) {
      Checks.notEmpty("generators", value);
      if (value.stream().map(g -> g.generator().id()).distinct().count() != value.size()) {
        throw new BadArgumentException("generators", value, "generators with distinct ids");
      }
      this.generators = List.copyOf(value);
      return this;
    }

    /**
     * The side of the square generated images, and of real images unless
     * {@link #realSizeRange(int, int)} says otherwise.
     *
     * @param value 16..1024 pixels (default 64)
     * @return this builder
     */
    public Builder imageSize(int value) {
      this.imageSize = Checks.inRange("imageSize", value, 16, 1024);
      return this;
    }

    /**
     * Real images get a width and a height drawn uniformly from this range (ImageNet photos vary in
     * size; generated images do not): the size shortcut the "Fake or JPEG?" remedy removes.
     *
     * @param min the smallest side, 16..1024
     * @param max the largest side, min..1024
     * @return this builder
     */
    public Builder realSizeRange(int min, int max) {
      Checks.inRange("min", min, 16, 1024);
      Checks.inRange("max", max, min, 1024);
      this.realMinSize = min;
      this.realMaxSize = max;
      return this;
    }

    /**
     * Uses {@code count} ImageNet classes spread evenly over 0..999 ({@code i * 1000 / count}).
     *
     * @param count 1..1000 (default 10)
     * @return this builder
     */
    public Builder classCount(int count) {
      this.classes = spread(Checks.inRange("count", count, 1, 1000));
      return this;
    }

    /**
     * Uses exactly these ImageNet classes.
     *
     * @param indices distinct class indices 0..999
     * @return this builder
     */
    public Builder classIndices(int... indices) {
      Checks.notNull("indices", indices);
      if (indices.length == 0 || Arrays.stream(indices).distinct().count() != indices.length) {
        throw new BadArgumentException("indices", Arrays.toString(indices),
            "a non-empty list of distinct class indices");
      }
      for (int i : indices) {
        Checks.inRange("class index", i, 0, 999);
      }
      this.classes = indices.clone();
      return this;
    }

    /**
     * Images per label per generator in the train split.
     *
     * @param value 0..100000 (default 20)
     * @return this builder
     */
    public Builder trainPerLabel(int value) {
      this.trainPerLabel = Checks.inRange("trainPerLabel", value, 0, 100_000);
      return this;
    }

    /**
     * Images per label per generator in the val split.
     *
     * @param value 0..100000 (default 10)
     * @return this builder
     */
    public Builder valPerLabel(int value) {
      this.valPerLabel = Checks.inRange("valPerLabel", value, 0, 100_000);
      return this;
    }

    /**
     * Whether real images are stored as JPEG (as in GenImage) or as PNG like the generated ones.
     *
     * @param value true for JPEG (default), false for PNG
     * @return this builder
     */
    public Builder realAsJpeg(boolean value) {
      this.realAsJpeg = value;
      return this;
    }

    /**
     * The JPEG quality of real images.
     *
     * @param value 1..100 (default 96, ImageNet's most common quality)
     * @return this builder
     */
    public Builder jpegQuality(int value) {
      this.jpegQuality = Checks.inRange("jpegQuality", value, 1, 100);
      return this;
    }

    /**
     * Multiplies every generator's artifact strength (capped at 4): below 1 makes the task
     * harder, 0 leaves only the storage-format difference.
     *
     * @param value 0..4 (default 1)
     * @return this builder
     */
    public Builder strengthScale(double value) {
      this.strengthScale = Checks.inRange("strengthScale", value, 0.0, 4.0);
      return this;
    }

    /**
     * Whether in-memory samples pass through their storage format (JPEG for reals, PNG for fakes) so
     * they equal the written files' pixels. Switching it off is faster and leaves no JPEG traces.
     *
     * @param value true (default) to encode and decode
     * @return this builder
     */
    public Builder encodeInMemory(boolean value) {
      this.encodeInMemory = value;
      return this;
    }

    /**
     * Makes the maker (plans every sample; renders nothing yet).
     *
     * @return the maker
     */
    public SimulatedDatasetMaker build() {
      return new SimulatedDatasetMaker(this);
    }

    private static int[] spread(int count) {
      int[] out = new int[count];
      for (int i = 0; i < count; i++) {
        out[i] = i * 1000 / count;
      }
      return out;
    }
  }
}
