package org.genimage.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.eval.protocol.CrossGenerator;
import org.genimage.eval.protocol.CrossGeneratorResult;

/**
 * A small world of fake data and detectors for the runner and protocol tests. Every image is a grey
 * square whose level encodes the sample: real images have level {@code 100 + i % 5}, fake ones of
 * subset {@code g} {@code 100 + 60 / (g + 1) + i % 5} (160, 130, 120...). A "trained" detector keeps
 * the midpoint between the mean real and mean fake level of its training set as threshold and
 * scores {@code clamp(0.5 + (level - threshold) / 200)}, so each cell's scores are known in advance.
 */
final class FakeWorld {
  /** Counts every image the detectors scored and every training run. */
  final AtomicInteger imagesScored = new AtomicInteger();
  final AtomicInteger trainings = new AtomicInteger();
  /** When positive, scoreBatch calls left before a simulated crash. */
  final AtomicLong batchBudget = new AtomicLong(Long.MAX_VALUE);
  /** Largest number of decoded images alive at once (loaded but not yet scored). */
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final Set<String> badIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
  final Set<String> sizesSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
  int imageSide = 8;
  /** When positive, the side of fake images (reals keep {@link #imageSide}). */
  int fakeSide = 0;
  String detectorName = "level";
  int inputSize = 0;
  int batchSize = 4;
  boolean threadSafe = false;
  /** The extension of real samples' file names (fakes are always {@code .png}). */
  String realExtension = "png";

  /**
   * Runs the cross-generator protocol on two subsets, {@code sd14} (g 0) and {@code biggan} (g 1), 8
   * images per class and split, with this world's trainer and detectors.
   */
  CrossGeneratorResult crossGenerator(Path runDirectory, ProtocolSettings settings) {
    CrossGenerator p = CrossGenerator.builder().trainer(trainer()).settings(settings)
        .subset("sd14", subset("sd14", 0, 8, "train"), subset("sd14", 0, 8, "val"))
        .subset("biggan", subset("biggan", 1, 8, "train"), subset("biggan", 1, 8, "val"))
        .build();
    return Experiment.builder().runDirectory(runDirectory).threads(2).detectorLoader(this::load)
        .build().run(p);
  }

  Dataset subset(String name, int g, int perClass, String split) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      for (Label label : Label.values()) {
        String id = name + "/" + split + "/" + label.releaseFolder() + "/" + i + "."
            + (label == Label.REAL ? realExtension : "png");
        samples.add(new Sample(id, Path.of(id), label, Generator.custom(name, name,
            Generator.Family.DIFFUSION), i % 1000));
      }
    }
    return Dataset.of(name + "/" + split, samples, s -> load(s, g));
  }

  private RgbImage load(Sample s, int g) {
    if (badIds.contains(s.id())) {
      throw new BadImageException(s.path(), "zero-byte file");
    }
    int i = Integer.parseInt(s.id().replaceAll(".*/(\\d+)\\.\\w+", "$1"));
    int level = s.label() == Label.REAL ? 100 + i % 5 : 100 + 60 / (g + 1) + i % 5;
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    int side = s.label() == Label.FAKE && fakeSide > 0 ? fakeSide : imageSide;
    return RgbImage.filled(side, side, level, level, level);
  }

  static double level(RgbImage image) {
    return image.sample(0, 0, 0);
  }

  /** A detector scoring grey level against a threshold. */
  final class LevelDetector implements Detector {
    final double threshold;

    LevelDetector(double threshold) {
      this.threshold = threshold;
    }

    @Override
    public DetectorInfo info() {
      return new DetectorInfo(detectorName, "grey-level", inputSize, batchSize, threadSafe,
          Map.of("threshold", Double.toString(threshold)), "Java");
    }

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      if (batchBudget.decrementAndGet() < 0) {
        throw new IllegalStateException("simulated crash");
      }
      float[] out = new float[images.size()];
      for (int i = 0; i < out.length; i++) {
        RgbImage im = images.get(i);
        sizesSeen.add(im.width() + "x" + im.height());
        out[i] = (float) Math.min(1, Math.max(0, 0.5 + (level(im) - threshold) / 200));
      }
      imagesScored.addAndGet(out.length);
      inFlight.addAndGet(-out.length);
      return out;
    }

    @Override
    public void save(Path file) {
      try {
        Files.writeString(file, Double.toString(threshold));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {}
  }

  Detector load(Path file) {
    try {
      return new LevelDetector(Double.parseDouble(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Learns the midpoint between the mean real and mean fake level of its training set. */
  DetectorTrainer trainer() {
    return new DetectorTrainer() {
      @Override
      public String name() {
        return "level-trainer";
      }

      @Override
      public Map<String, String> settings() {
        return Map.of("rule", "midpoint");
      }

      @Override
      public Detector train(Dataset training, Dataset validation, TrainingListener listener) {
        trainings.incrementAndGet();
        double[] sum = new double[2];
        int[] n = new int[2];
        for (Sample s : training.samples()) {
          sum[s.label().index()] += level(training.load(s));
          inFlight.decrementAndGet();
          n[s.label().index()]++;
        }
        return new LevelDetector((sum[0] / n[0] + sum[1] / n[1]) / 2);
      }
    };
  }
}
