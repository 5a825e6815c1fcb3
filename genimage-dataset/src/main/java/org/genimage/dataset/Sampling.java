package org.genimage.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * Seeded, reproducible sampling. Every method first sorts its input by {@link Sample#id()} and then
 * shuffles with a {@link SplittableRandom} of the given seed, so the result depends only on the set of
 * samples and the seed, never on the input order. A request for more samples than a group holds is a
 * {@link BadArgumentException} naming the group.
 */
public final class Sampling {
  private Sampling() {}

  /**
   * A train/val split.
   *
   * @param train the training samples
   * @param val the validation samples
   */
  public record TrainVal(List<Sample> train, List<Sample> val) {
    /**
     * Copies the lists.
     *
     * @throws BadArgumentException if a list is null
     */
    public TrainVal {
      train = List.copyOf(Checks.notNull("train", train));
      val = List.copyOf(Checks.notNull("val", val));
    }
  }

  /**
   * All samples in a seeded random order.
   *
   * @param samples the samples
   * @param seed the seed
   * @return a new list
   */
  public static List<Sample> shuffled(List<Sample> samples, long seed) {
    Checks.notNull("samples", samples);
    List<Sample> out = new ArrayList<>(samples);
    out.sort(Comparator.comparing(Sample::id));
    Collections.shuffle(out, new java.util.Random(new SplittableRandom(seed).nextLong()));
    return out;
  }

  private static <K> Map<K, List<Sample>> groups(List<Sample> samples, long seed,
      Function<Sample, K> key) {
    Map<K, List<Sample>> out = new LinkedHashMap<>();
    for (Sample s : shuffled(samples, seed)) {
      out.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s);
    }
    return out;
  }

  private static List<Sample> take(List<Sample> group, int n, String what) {
    if (group == null || group.size() < n) {
      throw new BadArgumentException(what, n,
          "at most " + (group == null ? 0 : group.size()) + " (the samples available)");
    }
    return group.subList(0, n);
  }

  /**
   * {@code perLabel} real and {@code perLabel} fake samples.
   *
   * @param samples the pool
   * @param perLabel how many of each label
   * @param seed the seed
   * @return the sample, reals then fakes, each in seeded order
   */
  public static List<Sample> balanced(List<Sample> samples, int perLabel, long seed) {
    Checks.nonNegative("perLabel", perLabel);
    Map<Label, List<Sample>> g = groups(samples, seed, Sample::label);
    List<Sample> out = new ArrayList<>(take(g.get(Label.REAL), perLabel, "perLabel (REAL)"));
    out.addAll(take(g.get(Label.FAKE), perLabel, "perLabel (FAKE)"));
    return out;
  }

  /**
   * {@code perLabel} real and fake samples of every generator present.
   *
   * @param samples the pool
   * @param perLabel how many of each label per generator
   * @param seed the seed
   * @return the sample, grouped by generator id
   */
  public static List<Sample> perGenerator(List<Sample> samples, int perLabel, long seed) {
    Checks.nonNegative("perLabel", perLabel);
    Map<String, List<Sample>> byGen = new TreeMap<>();
    for (Sample s : samples) {
      byGen.computeIfAbsent(s.generator().id(), k -> new ArrayList<>()).add(s);
    }
    List<Sample> out = new ArrayList<>();
    for (Map.Entry<String, List<Sample>> e : byGen.entrySet()) {
      Map<Label, List<Sample>> g = groups(e.getValue(), seed, Sample::label);
      out.addAll(take(g.get(Label.REAL), perLabel, "perLabel (" + e.getKey() + ", REAL)"));
      out.addAll(take(g.get(Label.FAKE), perLabel, "perLabel (" + e.getKey() + ", FAKE)"));
    }
    return out;
  }

  /**
   * {@code perLabel} real and fake samples of each of the given ImageNet classes.
   *
   * @param samples the pool
   * @param classes the class indices
   * @param perLabel how many of each label per class
   * @param seed the seed
   * @return the sample, grouped by class in the given order
   */
  public static List<Sample> perClass(List<Sample> samples, List<Integer> classes, int perLabel,
      long seed) {
    Checks.notNull("classes", classes);
    Checks.nonNegative("perLabel", perLabel);
    Map<String, List<Sample>> g = groups(samples, seed, s -> s.imageNetClass() + "/" + s.label());
    List<Sample> out = new ArrayList<>();
    for (int c : classes) {
      out.addAll(take(g.get(c + "/" + Label.REAL), perLabel, "perLabel (class " + c + ", REAL)"));
      out.addAll(take(g.get(c + "/" + Label.FAKE), perLabel, "perLabel (class " + c + ", FAKE)"));
    }
    return out;
  }

  /**
   * The paper's class-count training set: {@code classCount} ImageNet classes chosen at random among
   * those with at least {@code perClass} real and {@code perClass} fake samples, and {@code perClass}
   * of each label from each chosen class (the paper uses 10, 50 or 100 classes).
   *
   * @param samples the pool (typically one generator's train split)
   * @param classCount how many classes
   * @param perClass images per label per class
   * @param seed the seed
   * @return the training set
   */
  public static List<Sample> classCountTrainSet(List<Sample> samples, int classCount, int perClass,
      long seed) {
    Checks.positive("classCount", classCount);
    Checks.positive("perClass", perClass);
    Map<Integer, int[]> counts = new TreeMap<>();
    for (Sample s : samples) {
      if (s.imageNetClass() != Sample.NO_CLASS) {
        counts.computeIfAbsent(s.imageNetClass(), k -> new int[2])[s.label().index()]++;
      }
    }
    List<Integer> eligible = new ArrayList<>();
    counts.forEach((c, n) -> {
      if (n[0] >= perClass && n[1] >= perClass) {
        eligible.add(c);
      }
    });
    if (eligible.size() < classCount) {
      throw new BadArgumentException("classCount", classCount, "at most " + eligible.size()
          + " (classes with " + perClass + " real and fake images)");
    }
    Collections.shuffle(eligible, new java.util.Random(new SplittableRandom(seed).nextLong()));
    List<Integer> chosen = new ArrayList<>(eligible.subList(0, classCount));
    Collections.sort(chosen);
    return perClass(samples, chosen, perClass, seed);
  }

  /**
   * The paper's class-count test set: for every ImageNet class present, {@code perClass} generated
   * images drawn round-robin from all generators present (as evenly as the pool allows) and
   * {@code perClass} real images of that class. The paper uses 50 per class over all eight
   * generators and all 1000 classes.
   *
   * @param samples the pool (typically every generator's val split)
   * @param perClass images per label per class
   * @param seed the seed
   * @return the test set, grouped by class
   */
  public static List<Sample> classCountTestSet(List<Sample> samples, int perClass, long seed) {
    Checks.positive("perClass", perClass);
    Map<Integer, Map<Generator, List<Sample>>> fakes = new TreeMap<>();
    Map<Integer, List<Sample>> reals = new TreeMap<>();
    for (Sample s : shuffled(samples, seed)) {
      if (s.imageNetClass() == Sample.NO_CLASS) {
        continue;
      }
      if (s.label() == Label.FAKE) {
        fakes.computeIfAbsent(s.imageNetClass(), k -> new TreeMap<>(
            Comparator.comparing(Generator::id))).computeIfAbsent(s.generator(),
                k -> new ArrayList<>()).add(s);
      } else {
        reals.computeIfAbsent(s.imageNetClass(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Sample> out = new ArrayList<>();
    for (Map.Entry<Integer, Map<Generator, List<Sample>>> e : fakes.entrySet()) {
      int c = e.getKey();
      List<List<Sample>> pools = new ArrayList<>(e.getValue().values());
      List<Sample> picked = new ArrayList<>();
      int[] next = new int[pools.size()];
      boolean progress = true;
      while (picked.size() < perClass && progress) {
        progress = false;
        for (int g = 0; g < pools.size() && picked.size() < perClass; g++) {
          if (next[g] < pools.get(g).size()) {
            picked.add(pools.get(g).get(next[g]++));
            progress = true;
          }
        }
      }
      if (picked.size() < perClass) {
        throw new BadArgumentException("perClass", perClass,
            "at most " + picked.size() + " (fakes of class " + c + ")");
      }
      out.addAll(take(reals.get(c), perClass, "perClass (class " + c + ", REAL)"));
      out.addAll(picked);
    }
    return out;
  }

  /**
   * Splits samples into train and val, stratified by (label, generator), in seeded order.
   *
   * @param samples the samples
   * @param valFraction the fraction to put in val, 0..1
   * @param seed the seed
   * @return the split
   */
  public static TrainVal trainVal(List<Sample> samples, double valFraction, long seed) {
    Checks.probability("valFraction", valFraction);
    List<Sample> train = new ArrayList<>();
    List<Sample> val = new ArrayList<>();
    Map<String, List<Sample>> g = groups(samples, seed, s -> s.label() + "/" + s.generator().id());
    for (List<Sample> group : new TreeMap<>(g).values()) {
      int nVal = (int) Math.round(group.size() * valFraction);
      val.addAll(group.subList(0, nVal));
      train.addAll(group.subList(nVal, group.size()));
    }
    return new TrainVal(train, val);
  }
}
