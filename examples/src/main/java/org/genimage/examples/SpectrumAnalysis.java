package org.genimage.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Dataset;
import org.genimage.api.GenImageException;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.ImageDecoder;
import org.genimage.eval.report.ReportFigure;
import org.genimage.spectral.AverageSpectrum;
import org.genimage.spectral.AverageSpectrumConfig;
import org.genimage.spectral.RadialProfile;
import org.genimage.spectral.Spectrum;
import org.genimage.spectral.plot.SpectrumPlots;

/**
 * Average noise-residual spectra (genimage-spectral) of a folder of images or of a dataset's groups
 * (real images, then each generator's fakes), drawn side by side on one colour scale, with their
 * radial power profiles. Generators leave their marks there: up-sampling peaks, a high-frequency
 * deficit.
 */
public final class SpectrumAnalysis {
  private static final int RADIAL_BINS = 32;

  private SpectrumAnalysis() {}

  /**
   * What was drawn.
   *
   * @param counts images averaged per group, in drawing order
   * @param skipped images left out (unreadable, or smaller than the fixed size)
   * @param panel the side-by-side spectra PNG
   * @param profiles the radial profiles PNG
   */
  public record Result(Map<String, Long> counts, int skipped, Path panel, Path profiles) {
    /** Copies the map. */
    public Result {
      counts = Map.copyOf(counts);
    }
  }

  /**
   * Averages the spectra of a folder or dataset and writes the plots.
   *
   * @param input a dataset root or manifest (grouped by label and generator), or a plain folder of
   *     images (one group)
   * @param size the fixed side: images are centre-cropped to it; smaller ones are skipped
   * @param maxPerGroup at most this many images per group
   * @param output the folder for {@code spectra.png} and {@code radial-profiles.png}
   * @param progress receives a counted task
   * @return the counts and files
   * @throws BadDatasetLayoutException if the input does not exist or holds no usable image
   */
  public static Result run(Path input, int size, int maxPerGroup, Path output,
      Progress progress) {
    Checks.notNull("input", input);
    Checks.inRange("size", size, 8, AverageSpectrumConfig.MAX_SIDE);
    Checks.positive("maxPerGroup", maxPerGroup);
    Map<String, List<Sample>> groups;
    java.util.function.Function<Sample, RgbImage> loader;
    Dataset data = openOrNull(input, progress);
    if (data != null) {
      groups = groups(data, maxPerGroup);
      loader = data::load;
    } else {
      List<Sample> files = new ArrayList<>();
      for (Path f : DetectImages.expand(List.of(input))) {
        if (files.size() < maxPerGroup) {
          files.add(Sample.of(f, Label.REAL));
        }
      }
      groups = new LinkedHashMap<>();
      groups.put(input.getFileName() == null ? "images" : input.getFileName().toString(), files);
      ImageDecoder decoder = ImageDecoder.standard();
      loader = decoder::load;
    }
    long total = groups.values().stream().mapToLong(List::size).sum();
    AverageSpectrumConfig config = AverageSpectrumConfig.residualSquare(size);
    Map<String, AverageSpectrum> averages = new LinkedHashMap<>();
    int skipped = 0;
    long done = 0;
    progress.startTask("spectra", total);
    try {
      for (Map.Entry<String, List<Sample>> g : groups.entrySet()) {
        AverageSpectrum avg = new AverageSpectrum(config);
        for (Sample s : g.getValue()) {
          try {
            RgbImage img = loader.apply(s);
            if (img.width() < size || img.height() < size) {
              skipped++;
            } else {
              avg.add(img);
            }
          } catch (GenImageException e) {
            skipped++;
          }
          progress.step(++done);
        }
        if (avg.count() > 0) {
          averages.put(g.getKey(), avg);
        }
      }
    } finally {
      progress.endTask();
    }
    if (averages.isEmpty()) {
      throw new BadDatasetLayoutException(input, "no image of at least " + size + "x" + size
          + " pixels to average (use a smaller --size)");
    }
    try {
      Files.createDirectories(output);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + output, e);
    }
    Path panel = output.resolve("spectra.png");
    Path profiles = output.resolve("radial-profiles.png");
    draw(averages, panel, profiles);
    Map<String, Long> counts = new LinkedHashMap<>();
    averages.forEach((k, v) -> counts.put(k, v.count()));
    return new Result(counts, skipped, panel, profiles);
  }

  /**
   * A report figure of the average spectra of a dataset's groups (real, then each generator), for
   * the evaluation reports.
   *
   * @param data the dataset
   * @param size the fixed side
   * @param maxPerGroup at most this many images per group
   * @return the figure; the spectra are computed when it is drawn
   */
  public static ReportFigure figure(Dataset data, int size, int maxPerGroup) {
    Checks.notNull("data", data);
    return new ReportFigure() {
      @Override
      public String title() {
        return "Average residual spectra per generator";
      }

      @Override
      public void writePng(Path file) {
        AverageSpectrumConfig config = AverageSpectrumConfig.residualSquare(size);
        Map<String, AverageSpectrum> averages = new LinkedHashMap<>();
        groups(data, maxPerGroup).forEach((name, samples) -> {
          AverageSpectrum avg = new AverageSpectrum(config);
          for (Sample s : samples) {
            RgbImage img = data.load(s);
            if (img.width() >= size && img.height() >= size) {
              avg.add(img);
            }
          }
          if (avg.count() > 0) {
            averages.put(name, avg);
          }
        });
        Map<String, Spectrum> means = new LinkedHashMap<>();
        averages.forEach((k, v) -> means.put(k + " (" + v.count() + ")", v.mean(true)));
        SpectrumPlots.writePanel(file, means);
      }
    };
  }

  private static void draw(Map<String, AverageSpectrum> averages, Path panel, Path profiles) {
    Map<String, Spectrum> means = new LinkedHashMap<>();
    Map<String, RadialProfile> radial = new LinkedHashMap<>();
    averages.forEach((k, v) -> {
      Spectrum mean = v.mean(true);
      means.put(k + " (" + v.count() + ")", mean);
      radial.put(k, RadialProfile.of(mean, RADIAL_BINS));
    });
    SpectrumPlots.writePanel(panel, means);
    SpectrumPlots.writeRadialProfiles(profiles, radial, "Radial power of the noise residual");
  }

  private static Map<String, List<Sample>> groups(Dataset data, int maxPerGroup) {
    Map<String, List<Sample>> groups = new LinkedHashMap<>();
    groups.put("real", new ArrayList<>());
    for (Sample s : data.samples()) {
      String key = s.label() == Label.REAL ? "real" : s.generator().id();
      List<Sample> list = groups.computeIfAbsent(key, k -> new ArrayList<>());
      if (list.size() < maxPerGroup) {
        list.add(s);
      }
    }
    groups.values().removeIf(List::isEmpty);
    return groups;
  }

  private static Dataset openOrNull(Path input, Progress progress) {
    if (Files.isRegularFile(input)) {
      return DataSources.open(input, progress);
    }
    if (!Files.isDirectory(input)) {
      throw new BadDatasetLayoutException(input, "no such folder or manifest file");
    }
    try {
      return DataSources.open(input, progress);
    } catch (BadDatasetLayoutException | BadArgumentException e) {
      return null; // not a labelled tree: a plain folder of images
    }
  }
}
