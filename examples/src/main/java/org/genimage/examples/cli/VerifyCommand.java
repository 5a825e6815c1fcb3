package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Generator;
import org.genimage.dataset.Problem;
import org.genimage.dataset.ReleaseReport;
import org.genimage.examples.VerifyRelease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genimage verify}: is an unpacked GenImage release complete ({@link VerifyRelease})? */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check an unpacked GenImage release: files per generator, split and label"
        + " against the paper's counts, files without an ImageNet class, zero-byte and"
        + " undecodable files; the official defect lists (--corrupted-lists) are reported as"
        + " known defects and excluded.",
        "Resumable: results go to a progress file as they are known, and a second run checks only"
            + " the files not yet listed there. Exit code 3 when the release is incomplete."})
final class VerifyCommand extends BaseCommand {
  private static final int SHOWN = 20;

  @Parameters(index = "0", paramLabel = "ROOT",
      description = "The unpacked release (or the subsets you downloaded).")
  Path root;

  @Option(names = "--corrupted-lists", paramLabel = "DIR",
      description = "The GenImage repository's data/ folder (holding corrupted_files/ and"
          + " improper_png_header/).")
  Path lists;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--subsets", split = ",", paramLabel = "ID",
      description = "The subsets ROOT should hold (ids or short names: sd14,biggan,...;"
          + " default all eight).")
  List<String> subsets;

  @Option(names = "--decode",
      description = "Decode every file (hours for the whole release) instead of checking each"
          + " file's signature and end marker (files that fail that are decoded anyway).")
  boolean decode;

  @Option(names = "--progress-file", paramLabel = "FILE",
      description = "Where results are kept for resuming (default"
          + " genimage-out/verify/<root name>-<hash>.tsv).")
  Path progressFile;

  @Option(names = "--fresh", description = "Discard earlier results and check every file again.")
  boolean fresh;

  @Option(names = "--exclusions", paramLabel = "FILE",
      description = "Write the ids of files to leave out (damaged and known defects), one a line.")
  Path exclusions;

  @Option(names = "--threads", paramLabel = "N",
      description = "Checking threads (default: the number of cores).")
  Integer threads;

  @Override
  public Integer call() {
    List<Generator> want = new ArrayList<>();
    if (subsets == null || subsets.isEmpty()) {
      want.addAll(Generator.genImage());
    } else {
      for (String s : subsets) {
        want.add(Generator.lookup(s).orElseThrow(() -> new BadArgumentException("--subsets", s,
            "one of mj, sd14, sd15, adm, glide, wukong, vqdm, biggan")));
      }
    }
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    VerifyRelease.Result r = VerifyRelease.run(new VerifyRelease.Options(root, lists,
        progressFile, fresh, decode, want, n), progress());
    ReleaseReport rep = r.report();
    if (exclusions != null) {
      r.verification().writeExclusions(r.index().root(), exclusions);
    }
    if (json) {
      out.println(rep.toJson(r.verification()));
    } else {
      printTable(r, rep);
    }
    return rep.complete() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
  }

  private void printTable(VerifyRelease.Result r, ReleaseReport rep) {
    out.printf(Locale.ROOT, "%d files under %s (%d checked now, %d from %s)%n",
        r.index().size(), root, r.verification().checked(), r.verification().resumed(),
        r.progressFile());
    out.printf(Locale.ROOT, "%-11s %-5s %-5s %9s %9s %6s %7s %8s  %s%n", "generator", "split",
        "label", "found", "paper", "known", "damaged", "no-class", "status");
    for (ReleaseReport.Row row : rep.rows()) {
      out.printf(Locale.ROOT, "%-11s %-5s %-5s %9d %9s %6d %7d %8d  %s%n", row.generator(),
          row.split(), row.label(), row.found(), row.expected() == null ? "-" : row.expected(),
          row.knownDefects(), row.damaged(), row.noClass(), row.status());
    }
    for (ReleaseReport.Total t : rep.totals()) {
      out.printf(Locale.ROOT, "total %-19s %9d %9d  %s%n", t.what(), t.found(), t.expected(),
          t.ok() ? "ok" : "differs");
    }
    if (!rep.knownDefects().isEmpty()) {
      out.printf(Locale.ROOT, "%d known defects (official lists), excluded%n",
          rep.knownDefects().size());
    }
    if (!rep.listedNotFound().isEmpty()) {
      out.printf(Locale.ROOT, "%d files of the official lists are not in the tree%n",
          rep.listedNotFound().size());
    }
    printProblems("damaged", rep.damaged());
    printProblems("misnamed (they decode)", rep.misnamed());
    if (!rep.noClassExamples().isEmpty()) {
      out.println("files whose name gives no ImageNet class, e.g.:");
      rep.noClassExamples().stream().limit(5).forEach(id -> out.println("  " + id));
    }
    if (rep.realValWithoutTruth() > 0) {
      out.printf(Locale.ROOT, "%d real val files need the ImageNet val ground truth for their"
          + " class%n", rep.realValWithoutTruth());
    }
    if (rep.complete()) {
      out.println("complete");
    } else {
      out.println("INCOMPLETE:");
      rep.problems().forEach(p -> out.println("  " + p));
    }
  }

  private void printProblems(String what, List<Problem> ps) {
    if (ps.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%d %s:%n", ps.size(), what);
    ps.stream().limit(SHOWN).forEach(p -> out.println("  " + p.kind() + " " + p.path() + ": "
        + p.detail()));
    if (ps.size() > SHOWN) {
      out.printf(Locale.ROOT, "  ... and %d more (--json lists all)%n", ps.size() - SHOWN);
    }
  }
}
