package org.genimage.detectors.weights;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.genimage.api.BadModelFileException;
import org.genimage.api.internal.Checks;

/**
 * Checks a weight file's tensors against the names and shapes an architecture expects, after renaming the
 * file's names to ours (e.g. torchvision's {@code layer1.0.bn1.running_mean} to ours) and ignoring tensors we
 * do not use (e.g. {@code num_batches_tracked}).
 *
 * <p>Usage: {@code WeightMapping.of(expectedShapes).renaming(f).ignoring(p).load(contents)} returns the
 * tensors under our names, or throws {@link BadModelFileException} listing every missing, extra and wrongly
 * shaped tensor by name. Immutable and thread-safe.
 */
public final class WeightMapping {
  private final Map<String, long[]> expected;
  private final UnaryOperator<String> rename;
  private final Predicate<String> ignore;

  private WeightMapping(Map<String, long[]> expected, UnaryOperator<String> rename, Predicate<String> ignore) {
    this.expected = expected;
    this.rename = rename;
    this.ignore = ignore;
  }

  /**
   * A mapping that expects exactly these names and shapes, with no renaming.
   *
   * @param expected our tensor names to shapes
   * @return the mapping
   */
  public static WeightMapping of(Map<String, long[]> expected) {
    Checks.notNull("expected", expected);
    Map<String, long[]> copy = new LinkedHashMap<>();
    expected.forEach((k, v) -> copy.put(k, v.clone()));
    return new WeightMapping(copy, UnaryOperator.identity(), n -> false);
  }

  /**
   * Renames each file tensor name to ours before matching.
   *
   * @param fileToOurs the renaming (applied to file names)
   * @return a new mapping
   */
  public WeightMapping renaming(UnaryOperator<String> fileToOurs) {
    return new WeightMapping(expected, Checks.notNull("fileToOurs", fileToOurs), ignore);
  }

  /**
   * Skips file tensors whose (file) name matches.
   *
   * @param skip true for file names to ignore
   * @return a new mapping
   */
  public WeightMapping ignoring(Predicate<String> skip) {
    return new WeightMapping(expected, rename, Checks.notNull("skip", skip));
  }

  /**
   * The result of a check.
   *
   * @param source     the file checked
   * @param missing    our names expected but absent from the file
   * @param extra      file names (as in the file) that map to nothing we expect
   * @param wrongShape descriptions {@code name: file [..] expected [..]} of shape mismatches
   */
  public record Report(Path source, List<String> missing, List<String> extra, List<String> wrongShape) {
    /** Copies the lists. */
    public Report {
      missing = List.copyOf(missing);
      extra = List.copyOf(extra);
      wrongShape = List.copyOf(wrongShape);
    }

    /**
     * Whether every expected tensor is present with the right shape and nothing else is.
     *
     * @return true when the file matches exactly
     */
    public boolean ok() {
      return missing.isEmpty() && extra.isEmpty() && wrongShape.isEmpty();
    }

    /**
     * Throws unless {@link #ok()}.
     *
     * @throws BadModelFileException naming the file and every offending tensor
     */
    public void requireOk() {
      if (!ok()) {
        StringBuilder sb = new StringBuilder("weights do not match the architecture:");
        if (!missing.isEmpty()) {
          sb.append(" missing ").append(missing.size()).append(' ').append(abbreviate(missing)).append(';');
        }
        if (!extra.isEmpty()) {
          sb.append(" unexpected ").append(extra.size()).append(' ').append(abbreviate(extra)).append(';');
        }
        if (!wrongShape.isEmpty()) {
          sb.append(" wrong shape ").append(wrongShape.size()).append(' ').append(abbreviate(wrongShape));
        }
        throw new BadModelFileException(source, sb.toString());
      }
    }

    private static String abbreviate(List<String> names) {
      return names.size() <= 20 ? names.toString()
          : names.subList(0, 20) + " and " + (names.size() - 20) + " more";
    }
  }

  /**
   * Compares the file's tensors with the expected ones.
   *
   * @param contents the file's tensors
   * @return the report (never throws for mismatches)
   */
  public Report check(SafeTensors.Contents contents) {
    Checks.notNull("contents", contents);
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    Map<String, NamedTensor> byOurs = mapped(contents, extra);
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      NamedTensor t = byOurs.get(e.getKey());
      if (t == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(t.shape(), e.getValue())) {
        wrong.add(e.getKey() + " (file '" + t.name() + "'): file " + Arrays.toString(t.shape())
            + " expected " + Arrays.toString(e.getValue()));
      }
    }
    return new Report(contents.source(), missing, extra, wrong);
  }

  /**
   * Checks, then returns the tensors under our names in the expected order. Values must be finite: a NaN or
   * infinite weight is refused ({@link WeightChecks#requireFinite}).
   *
   * @param contents the file's tensors
   * @return our name to tensor (renamed), exactly the expected names
   * @throws BadModelFileException naming every missing, extra or wrongly shaped tensor, or the first tensor
   *                               holding a NaN or infinite value
   */
  public Map<String, NamedTensor> load(SafeTensors.Contents contents) {
    check(contents).requireOk();
    Map<String, NamedTensor> byOurs = mapped(contents, new ArrayList<>());
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (String name : expected.keySet()) {
      NamedTensor t = byOurs.get(name);
      out.put(name, new NamedTensor(name, t.dtype(), t.shape(), t.data()));
    }
    WeightChecks.requireFinite(contents.source(), out.values());
    return out;
  }

  private Map<String, NamedTensor> mapped(SafeTensors.Contents contents, List<String> extra) {
    Map<String, NamedTensor> byOurs = new LinkedHashMap<>();
    for (NamedTensor t : contents.tensors().values()) {
      if (ignore.test(t.name())) {
        continue;
      }
      String ours = rename.apply(t.name());
      if (ours == null || !expected.containsKey(ours)) {
        extra.add(t.name());
      } else if (byOurs.putIfAbsent(ours, t) != null) {
        extra.add(t.name() + " (duplicate of " + byOurs.get(ours).name() + " as " + ours + ")");
      }
    }
    return byOurs;
  }
}
