package org.genimage.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedGenerator;
import org.genimage.dataset.sim.SimulatedRelease;

/**
 * Writes a simulated-artifact dataset in the GenImage release layout (genimage-dataset's {@link
 * SimulatedDatasetMaker}): the data the demo and the tests use instead of the 2.7 million real files.
 */
public final class MakeSimDataset {
  private MakeSimDataset() {}

  /**
   * What to make.
   *
   * @param output the folder to write under
   * @param seed the seed (every image depends only on it and its id)
   * @param imageSize the side of the generated images
   * @param trainPerLabel training images per label per generator
   * @param valPerLabel val images per label per generator
   * @param allEight all eight GenImage subsets instead of the four default artifacts
   * @param realAsJpeg whether real images are JPEG (the release's format shortcut) instead of PNG
   */
  public record Options(Path output, long seed, int imageSize, int trainPerLabel, int valPerLabel,
      boolean allEight, boolean realAsJpeg) {
    /** Validates. */
    public Options {
      Checks.notNull("output", output);
      Checks.inRange("imageSize", imageSize, 16, 1024);
      Checks.inRange("trainPerLabel", trainPerLabel, 1, 100_000);
      Checks.inRange("valPerLabel", valPerLabel, 1, 100_000);
    }
  }

  /**
   * What was written.
   *
   * @param release the files and the val ground truth
   * @param countsByGenerator per generator id: {@code [real, fake]} file counts
   */
  public record Result(SimulatedRelease release, Map<String, long[]> countsByGenerator) {}

  /**
   * The maker for some options (the demo uses it in memory as well).
   *
   * @param o the options
   * @return the maker
   */
  public static SimulatedDatasetMaker maker(Options o) {
    List<SimulatedGenerator> gens = o.allEight() ? SimulatedGenerator.genImageEight()
        : SimulatedGenerator.defaults();
    return SimulatedDatasetMaker.builder().seed(o.seed()).imageSize(o.imageSize())
        .generators(gens).trainPerLabel(o.trainPerLabel()).valPerLabel(o.valPerLabel())
        .realAsJpeg(o.realAsJpeg()).build();
  }

  /**
   * Writes the dataset.
   *
   * @param o the options
   * @param progress receives a status line
   * @return the written release and its counts
   */
  public static Result run(Options o, Progress progress) {
    Checks.notNull("progress", progress);
    SimulatedDatasetMaker maker = maker(o);
    progress.message("writing " + maker.samples().size() + " simulated images to " + o.output());
    SimulatedRelease release = maker.writeTo(o.output());
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (Sample s : release.samples()) {
      counts.computeIfAbsent(s.generator().id(), k -> new long[2])[s.label() == Label.REAL ? 0
          : 1]++;
    }
    return new Result(release, counts);
  }
}
