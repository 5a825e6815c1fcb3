package org.genimage.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.ImageDecoder;
import org.genimage.dataset.ImageNetClasses;
import org.genimage.dataset.Manifests;
import org.genimage.dataset.Split;
import org.genimage.dataset.TreeScanner;
import org.genimage.dataset.ValGroundTruth;
import org.genimage.dataset.sim.SimulatedDatasetMaker;

/**
 * Opens the data the command-line tool is pointed at: a folder in the GenImage release layout (or a
 * CNNDetection-style tree), or a manifest file written by genimage-dataset; and cuts it into the
 * per-generator train and val subsets the protocols take.
 */
public final class DataSources {
  private DataSources() {}

  /**
   * Opens a dataset root or manifest.
   *
   * @param path a folder (scanned; {@code imagenet_val_ground_truth.txt} under it is used for the
   *     classes of real val files) or a manifest file
   * @param progress hears, as warnings, what the scan indexed imperfectly: generated files whose names
   *     give no class or generator (per folder), folders mapped to no generator, zero-byte files
   * @return the dataset, named after the path
   * @throws BadDatasetLayoutException naming the path if it is missing or has no label folders
   */
  public static Dataset open(Path path, Progress progress) {
    Checks.notNull("data", path);
    if (Files.isRegularFile(path)) {
      return Manifests.read(path).dataset(ImageDecoder.standard());
    }
    if (!Files.isDirectory(path)) {
      throw new BadDatasetLayoutException(path, "no such folder or manifest file");
    }
    TreeScanner.Builder scanner = TreeScanner.builder().name(path.getFileName() == null
        ? path.toString() : path.getFileName().toString());
    Path truth = path.resolve(SimulatedDatasetMaker.VAL_GROUND_TRUTH);
    if (Files.isRegularFile(truth)) {
      scanner.valGroundTruth(ValGroundTruth.read(truth, ImageNetClasses.imageNet1k()));
    }
    TreeScanner.Result scan = scanner.build().scan(path);
    warnAbout(scan, progress);
    return scan.index();
  }

  private static void warnAbout(TreeScanner.Result scan, Progress progress) {
    scan.unrecognisedNames().forEach(n -> progress.warning(n.toString()));
    scan.unknownFolders().forEach((folder, files) -> progress.warning(folder + ": " + files
        + " file" + (files == 1 ? "" : "s") + " under a folder that names no known generator"));
    scan.problems().forEach(p -> progress.warning(p.path() + ": " + p.detail()));
  }

  /**
   * The samples of one split, told by a {@code train} or {@code val} folder in the sample id.
   *
   * @param data the dataset
   * @param split the split
   * @return the samples of that split, as a dataset named {@code <name>/<split>}
   */
  public static Dataset split(Dataset data, Split split) {
    String folder = "/" + split.folder() + "/";
    return data.filter(data.name() + "/" + split.folder(),
        s -> ("/" + s.id()).contains(folder));
  }

  /**
   * Cuts a dataset into subsets by generator (reals belong to the subset they were paired with, as
   * in the GenImage layout), keeping only subsets with both labels.
   *
   * @param data the dataset (one split, usually)
   * @return generator id to subset, in the order of {@link Generator#genImage()} then by id
   */
  public static Map<String, Dataset> byGenerator(Dataset data) {
    Map<Generator, List<Sample>> groups = new LinkedHashMap<>();
    for (Generator g : Generator.genImage()) {
      groups.put(g, new ArrayList<>());
    }
    for (Sample s : data.samples()) {
      groups.computeIfAbsent(s.generator(), k -> new ArrayList<>()).add(s);
    }
    Map<String, Dataset> out = new LinkedHashMap<>();
    groups.forEach((g, samples) -> {
      boolean both = samples.stream().anyMatch(s -> s.label() == Label.REAL)
          && samples.stream().anyMatch(s -> s.label() == Label.FAKE);
      if (both) {
        out.put(g.id(), Dataset.of(data.name() + "/" + g.id(), samples, data::load));
      }
    });
    return out;
  }

  /**
   * One generator's subset of a split.
   *
   * @param data the dataset
   * @param split the split
   * @param generatorId the generator id ({@code sd14}) or any name {@link Generator#lookup} knows
   * @return the subset
   * @throws BadDatasetLayoutException if the subset is missing or lacks one label
   */
  public static Dataset subset(Dataset data, Split split, String generatorId) {
    String id = Generator.lookup(generatorId).map(Generator::id).orElse(generatorId);
    Dataset s = byGenerator(split(data, split)).get(id);
    if (s == null) {
      throw new BadDatasetLayoutException(Path.of(data.name()), "no " + split.folder()
          + " subset with real and generated images for generator '" + generatorId
          + "'; found " + byGenerator(split(data, split)).keySet());
    }
    return s;
  }
}
