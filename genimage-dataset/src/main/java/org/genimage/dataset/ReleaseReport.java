package org.genimage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * Whether a downloaded GenImage release is complete: the files per generator, split and label set
 * against the paper's counts, the release-wide totals, files without an ImageNet class, damaged
 * files (zero-byte, undecodable, unreadable) and the files the official defect lists name (known
 * defects, excluded, not counted as damage). Built from a {@link DatasetIndex} and the {@link
 * Verifier.Report} of it.
 *
 * @param rows one row per expected subset, split and label, then one per other generator found
 * @param totals the release-wide totals (only when all eight subsets are expected)
 * @param damaged zero-byte, undecodable, unreadable and too-large files the lists do not name
 * @param misnamed files whose content format differs from their extension (they decode)
 * @param knownDefects files the official lists name (excluded)
 * @param listedNotFound files the lists name, of the expected subsets, that are not in the tree
 * @param noClassExamples up to 20 ids of files whose name gives no class (unknown pattern)
 * @param realValWithoutTruth real val files whose class needs the ImageNet val ground truth
 * @param problems why the release is incomplete; empty when complete
 */
public record ReleaseReport(List<Row> rows, List<Total> totals, List<Problem> damaged,
    List<Problem> misnamed, List<Verifier.KnownDefect> knownDefects, List<String> listedNotFound,
    List<String> noClassExamples, long realValWithoutTruth, List<String> problems) {

  private static final int EXAMPLES = 20;

  /**
   * The paper's total of real images (ImageNet train + val), the whole release together.
   */
  public static final long PAPER_REAL = 1_331_167L;
  /** The paper's total of generated images, the whole release together. */
  public static final long PAPER_FAKE = 1_350_000L;
  /** The real and the generated images of the eight val splits together, each. */
  public static final long PAPER_VAL_PER_LABEL = 50_000L;

  /** Copies the lists. */
  public ReleaseReport {
    rows = List.copyOf(rows);
    totals = List.copyOf(totals);
    damaged = List.copyOf(damaged);
    misnamed = List.copyOf(misnamed);
    knownDefects = List.copyOf(knownDefects);
    listedNotFound = List.copyOf(listedNotFound);
    noClassExamples = List.copyOf(noClassExamples);
    problems = List.copyOf(problems);
  }

  /**
   * Files of one generator, split and label.
   *
   * @param generator the generator id
   * @param split the split folder ({@code train}, {@code val}, or {@code none})
   * @param label {@code real} or {@code fake}
   * @param found files found (known defects included: the paper's counts include them)
   * @param expected the paper's count, or null where it publishes none for this cell
   * @param knownDefects files of this cell the official lists name
   * @param damaged files of this cell that are zero-byte, undecodable or unreadable, not listed
   * @param noClass files of this cell without an ImageNet class
   * @param status {@code ok}, {@code missing}, {@code short by N}, {@code N over}, {@code present}
   *     (no published count), or {@code not expected} (a generator or subset not asked for)
   */
  public record Row(String generator, String split, String label, long found, Long expected,
      long knownDefects, long damaged, long noClass, String status) {
    /**
     * Whether this row makes the release incomplete.
     *
     * @return true for a missing cell or a count that differs from the paper's
     */
    public boolean bad() {
      return status.equals("missing") || status.startsWith("short") || status.endsWith("over");
    }
  }

  /**
   * A release-wide total.
   *
   * @param what what is counted ({@code real, train + val}, ...)
   * @param found files found
   * @param expected the paper's figure
   */
  public record Total(String what, long found, long expected) {
    /**
     * Whether the total matches.
     *
     * @return found == expected
     */
    public boolean ok() {
      return found == expected;
    }
  }

  /**
   * Whether the release is complete: every expected cell present, the published counts and totals
   * matched, no damaged file beyond the known defects.
   *
   * @return true when {@link #problems()} is empty
   */
  public boolean complete() {
    return problems.isEmpty();
  }

  /**
   * Compares an index and its verification with the paper.
   *
   * @param index the scanned tree
   * @param verification the verifier's report of that index
   * @param lists the official defect lists the verifier used (for the listed files not found)
   * @param subsets the subsets the tree should hold ({@link Generator#genImage()} for the release)
   * @return the report
   */
  public static ReleaseReport of(DatasetIndex index, Verifier.Report verification,
      KnownDefects lists, List<Generator> subsets) {
    Checks.notNull("index", index);
    Checks.notNull("verification", verification);
    Checks.notNull("lists", lists);
    Checks.notNull("subsets", subsets);
    Map<String, Long> published = Verifier.genImageExpectedCounts();
    Map<String, long[]> cells = new LinkedHashMap<>(); // key -> {knownDefects, damaged, noClass}
    List<String> noClassExamples = new ArrayList<>();
    long valTruth = 0;
    for (int i = 0; i < index.size(); i++) {
      if (index.imageNetClass(i) != Sample.NO_CLASS) {
        continue;
      }
      cells.computeIfAbsent(Verifier.countKey(index, i), k -> new long[3])[2]++;
      String name = index.fileName(i);
      if (index.label(i) == Label.REAL && FileNames.valStem(name).isPresent()) {
        valTruth++;
      } else if (noClassExamples.size() < EXAMPLES) {
        noClassExamples.add(index.id(i));
      }
    }
    // Problems and known defects carry paths: map them back to their cells through the ids.
    Map<String, Integer> entryOf = new java.util.HashMap<>();
    int wanted = verification.problems().size() + verification.knownDefects().size();
    if (wanted > 0) {
      Set<String> ids = new HashSet<>();
      verification.problems().forEach(p -> ids.add(rel(index, p.path())));
      verification.knownDefects().forEach(k -> ids.add(rel(index, k.path())));
      for (int i = 0; i < index.size() && entryOf.size() < ids.size(); i++) {
        String id = index.id(i);
        if (ids.contains(id)) {
          entryOf.put(id, i);
        }
      }
    }
    List<Problem> damaged = new ArrayList<>();
    List<Problem> misnamed = new ArrayList<>();
    for (Problem p : verification.problems()) {
      if (p.kind() == Problem.Kind.MISNAMED) {
        misnamed.add(p);
        continue;
      }
      damaged.add(p);
      Integer i = entryOf.get(rel(index, p.path()));
      if (i != null) {
        cells.computeIfAbsent(Verifier.countKey(index, i), k -> new long[3])[1]++;
      }
    }
    Set<String> foundListed = new HashSet<>();
    for (Verifier.KnownDefect k : verification.knownDefects()) {
      Integer i = entryOf.get(rel(index, k.path()));
      if (i != null) {
        cells.computeIfAbsent(Verifier.countKey(index, i), x -> new long[3])[0]++;
        lists.find(index, i).ifPresent(e -> foundListed.add(e.releasePath()));
      }
    }
    List<String> listedNotFound = new ArrayList<>();
    for (KnownDefects.Entry e : lists.entries()) {
      if (subsets.contains(e.generator()) && !foundListed.contains(e.releasePath())) {
        listedNotFound.add(e.releasePath());
      }
    }

    List<Row> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Generator g : subsets) {
      for (Split s : Split.values()) {
        for (Label l : List.of(Label.REAL, Label.FAKE)) {
          String key = g.id() + "/" + s.folder() + "/" + l.name().toLowerCase(Locale.ROOT);
          seen.add(key);
          rows.add(row(key, verification.counts().getOrDefault(key, 0L), published.get(key),
              cells.get(key), true));
        }
      }
    }
    for (Map.Entry<String, Long> e : new java.util.TreeMap<>(verification.counts()).entrySet()) {
      if (!seen.contains(e.getKey())) {
        rows.add(row(e.getKey(), e.getValue(), null, cells.get(e.getKey()), false));
      }
    }

    List<Total> totals = new ArrayList<>();
    if (subsets.containsAll(Generator.genImage())) {
      long[] byLabel = new long[2];
      long[] valByLabel = new long[2];
      for (Row r : rows) {
        if (!r.status().equals("not expected")) {
          int l = r.label().equals("real") ? 0 : 1;
          byLabel[l] += r.found();
          if (r.split().equals("val")) {
            valByLabel[l] += r.found();
          }
        }
      }
      totals.add(new Total("real, train + val", byLabel[0], PAPER_REAL));
      totals.add(new Total("fake, train + val", byLabel[1], PAPER_FAKE));
      totals.add(new Total("real, val", valByLabel[0], PAPER_VAL_PER_LABEL));
      totals.add(new Total("fake, val", valByLabel[1], PAPER_VAL_PER_LABEL));
    }

    List<String> problems = new ArrayList<>();
    for (Row r : rows) {
      if (r.bad()) {
        problems.add(r.generator() + "/" + r.split() + "/" + r.label() + ": " + r.status()
            + (r.expected() == null ? "" : " (found " + r.found() + ", paper "
            + r.expected() + ")"));
      }
    }
    for (Total t : totals) {
      if (!t.ok()) {
        problems.add("total " + t.what() + ": found " + t.found() + ", paper " + t.expected());
      }
    }
    if (!damaged.isEmpty()) {
      problems.add(damaged.size() + " damaged files not in the official defect lists");
    }
    return new ReleaseReport(rows, totals, damaged, misnamed, verification.knownDefects(),
        listedNotFound, noClassExamples, valTruth, problems);
  }

  private static Row row(String key, long found, Long expected, long[] cell, boolean genImage) {
    String[] k = key.split("/");
    String status;
    if (!genImage) {
      status = "not expected";
    } else if (found == 0) {
      status = "missing";
    } else if (expected == null) {
      status = "present";
    } else if (found < expected) {
      status = "short by " + (expected - found);
    } else if (found > expected) {
      status = (found - expected) + " over";
    } else {
      status = "ok";
    }
    long[] c = cell == null ? new long[3] : cell;
    return new Row(k[0], k[1], k[2], found, expected, c[0], c[1], c[2], status);
  }

  private static String rel(DatasetIndex index, java.nio.file.Path p) {
    return index.root().relativize(p).toString().replace('\\', '/');
  }

  /**
   * The report as a JSON document (what {@code genimage verify --json} prints).
   *
   * @param verification the verifier's report, for the run's own figures
   * @return indented JSON
   */
  public String toJson(Verifier.Report verification) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("complete", complete());
    doc.put("problems", problems);
    doc.put("checked", verification.checked());
    doc.put("resumed", verification.resumed());
    List<Map<String, Object>> rs = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("generator", r.generator());
      m.put("split", r.split());
      m.put("label", r.label());
      m.put("found", r.found());
      m.put("expected", r.expected());
      m.put("knownDefects", r.knownDefects());
      m.put("damaged", r.damaged());
      m.put("noClass", r.noClass());
      m.put("status", r.status());
      rs.add(m);
    }
    doc.put("counts", rs);
    List<Map<String, Object>> ts = new ArrayList<>();
    for (Total t : totals) {
      ts.add(Map.of("what", t.what(), "found", t.found(), "expected", t.expected(), "ok", t.ok()));
    }
    doc.put("totals", ts);
    doc.put("damaged", problemsJson(damaged));
    doc.put("misnamed", problemsJson(misnamed));
    List<Map<String, Object>> ks = new ArrayList<>();
    for (Verifier.KnownDefect k : knownDefects) {
      ks.add(Map.of("file", k.path().toString(), "lists", k.lists(), "found", k.found(),
          "status", "known defect, excluded"));
    }
    doc.put("knownDefects", ks);
    doc.put("listedNotFound", listedNotFound);
    doc.put("noClassExamples", noClassExamples);
    doc.put("realValWithoutGroundTruth", realValWithoutTruth);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialise", e);
    }
  }

  private static List<Map<String, Object>> problemsJson(List<Problem> ps) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Problem p : ps) {
      out.add(Map.of("file", p.path().toString(), "kind", p.kind().name(), "detail", p.detail()));
    }
    return out;
  }
}
