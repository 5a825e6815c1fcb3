package org.genimage.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.genimage.api.Generator;

/**
 * Turns the per-file results of a {@link Verifier} run (checked now or resumed) into its
 * {@link Verifier.Report}: problems and known defects in index order, checksums of the sound files,
 * counts per (generator, split, label) and their mismatches with the expected counts.
 */
final class VerifyReport {
  private VerifyReport() {}

  /**
   * Assembles the report.
   *
   * @param index the index verified
   * @param done the record of every entry's id (see {@link ProgressFile})
   * @param checked files checked in this run
   * @param resumed files whose record came from the progress file
   * @param knownDefects the official defect lists
   * @param expected expected counts per count key
   * @return the report
   */
  static Verifier.Report assemble(DatasetIndex index, Map<String, String[]> done, int checked,
      int resumed, KnownDefects knownDefects, Map<String, Long> expected) {
    List<Problem> problems = new ArrayList<>();
    List<Verifier.KnownDefect> known = new ArrayList<>();
    Map<String, String> sums = new HashMap<>();
    Map<String, Long> counts = new TreeMap<>();
    // Counted per (generator, split, label) slot; the key string is built once per slot.
    List<Generator> gens = index.generators();
    long[] slotCount = new long[gens.size() * 8];
    int[] slotEntry = new int[slotCount.length];
    for (int i = 0; i < index.size(); i++) {
      String id = index.id(i);
      Split split = index.split(i);
      int slot = gens.indexOf(index.generator(i)) * 8
          + (split == null ? 3 : split.ordinal()) * 2 + index.label(i).index();
      slotCount[slot]++;
      slotEntry[slot] = i;
      String[] rec = done.get(id);
      boolean sound = rec[0].equals("OK") || rec[0].equals("MISNAMED");
      if (sound && ProgressFile.isSha(rec[1])) {
        sums.put(id, rec[1]);
      }
      Optional<KnownDefects.Entry> listed = knownDefects.find(index, i);
      if (listed.isPresent()) {
        known.add(new Verifier.KnownDefect(index.root().resolve(id), listed.get().lists(),
            sound ? "reads" : rec[3]));
      } else if (rec[0].equals("MISNAMED")) {
        problems.add(new Problem(index.root().resolve(id), Problem.Kind.MISNAMED, rec[3]));
      } else if (!sound) {
        problems.add(new Problem(index.root().resolve(id), Problem.Kind.valueOf(rec[1]), rec[3]));
      }
    }
    for (int slot = 0; slot < slotCount.length; slot++) {
      if (slotCount[slot] > 0) {
        counts.put(Verifier.countKey(index, slotEntry[slot]), slotCount[slot]);
      }
    }
    List<String> mismatches = new ArrayList<>();
    new TreeMap<>(expected).forEach((key, want) -> {
      long have = counts.getOrDefault(key, 0L);
      if (have != want) {
        mismatches.add(key + ": found " + have + ", expected " + want);
      }
    });
    return new Verifier.Report(checked, resumed, problems, counts, mismatches, sums, known);
  }
}
