package org.genimage.detectors.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.eval.metrics.RocAuc;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedGenerator;

/** Small simulated datasets and scoring helpers for the learning tests. */
public final class LearningData {
  private LearningData() {
  }

  /**
   * A small simulated release.
   *
   * @param size image side
   * @param perLabel training images per label per generator
   * @return the maker
   */
  public static SimulatedDatasetMaker maker(int size, int perLabel) {
    return SimulatedDatasetMaker.builder().seed(11).imageSize(size).trainPerLabel(perLabel)
        .valPerLabel(perLabel / 2).build();
  }

  /**
   * A small simulated release of one generator only, with its artifact scaled.
   *
   * @param size image side
   * @param perLabel training images per label (half as many held out)
   * @param strengthScale artifact strength multiplier
   * @param generator the simulated generator (one of {@link SimulatedGenerator#defaults()})
   * @return the maker
   */
  public static SimulatedDatasetMaker maker(int size, int perLabel, double strengthScale, Generator generator) {
    return maker(size, perLabel, perLabel / 2, strengthScale, generator);
  }

  /**
   * A small simulated release of one generator only, with its artifact scaled and a chosen held-out size.
   *
   * @param size image side
   * @param perLabel training images per label
   * @param valPerLabel held-out images per label
   * @param strengthScale artifact strength multiplier
   * @param generator the simulated generator (one of {@link SimulatedGenerator#defaults()})
   * @return the maker
   */
  public static SimulatedDatasetMaker maker(int size, int perLabel, int valPerLabel, double strengthScale,
      Generator generator) {
    List<SimulatedGenerator> one = SimulatedGenerator.defaults().stream()
        .filter(g -> g.generator() == generator).toList();
    return SimulatedDatasetMaker.builder().seed(11).imageSize(size).trainPerLabel(perLabel)
        .valPerLabel(valPerLabel).strengthScale(strengthScale).generators(one).build();
  }

  /**
   * The real images of a split, each paired with a "fake" that is the same real image passed through a
   * transform (Spec's simulated training fakes).
   *
   * @param maker the maker
   * @param generator whose real images to take
   * @param split the split
   * @param fakeMaker the artifact simulator
   * @return a dataset of reals and simulated fakes
   */
  public static Dataset realsAndSimulated(SimulatedDatasetMaker maker, Generator generator, Split split,
      ImageTransform fakeMaker) {
    Dataset base = maker.dataset(generator, split);
    List<Sample> samples = new ArrayList<>();
    Map<String, Sample> original = new HashMap<>();
    for (Sample s : base.samples()) {
      if (s.label() == Label.REAL) {
        samples.add(s);
        Sample fake = new Sample(s.id() + "#sim", s.path(), Label.FAKE, s.generator(), s.imageNetClass());
        samples.add(fake);
        original.put(fake.id(), s);
      }
    }
    return Dataset.of("sim-" + split, samples, sample -> {
      Sample o = original.get(sample.id());
      if (o == null) {
        return base.load(sample);
      }
      RgbImage img = base.load(o);
      return fakeMaker.apply(img, ImageTransform.randomFor(5, sample.id()));
    });
  }

  /**
   * ROC AUC of a detector on a dataset.
   *
   * @param d the detector
   * @param data the data
   * @return the AUC
   */
  public static double auc(Detector d, Dataset data) {
    List<Sample> samples = data.samples();
    int[] labels = new int[samples.size()];
    double[] scores = new double[samples.size()];
    for (int from = 0; from < samples.size(); from += 16) {
      List<RgbImage> batch = new ArrayList<>();
      for (int i = from; i < Math.min(samples.size(), from + 16); i++) {
        batch.add(data.load(samples.get(i)));
        labels[i] = samples.get(i).label().index();
      }
      float[] s = d.scoreBatch(batch);
      for (int i = 0; i < s.length; i++) {
        scores[from + i] = s[i];
      }
    }
    return RocAuc.of(labels, scores);
  }
}
