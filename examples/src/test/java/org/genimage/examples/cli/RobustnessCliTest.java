package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genimage evaluate robustness}: named sweeps become one cell per level, the report draws
 * the curves and the ROC and reliability pictures, a rerun resumes, and mistakes are usage errors
 * before any work.
 */
class RobustnessCliTest {
  @TempDir
  static Path tmp;
  static Path root;

  @BeforeAll
  static void make() {
    root = tmp.resolve("sim");
    Cli made = Cli.run("make-sim-dataset", root.toString(), "--size", "64", "--train-per-label",
        "4", "--val-per-label", "8", "--seed", "5", "-q");
    assertThat(made.code()).as(made.err()).isZero();
  }

  @Test
  void theNamedSweepsRunEveryLevelAndTheReportDrawsTheCurves() throws Exception {
    Path run = tmp.resolve("sweep-run");
    String[] args = {"evaluate", "robustness", "-q", "--data", root.toString(), "--detector",
        "periodic-artifact", "--train-on", "biggan", "--sweep", "jpeg,social", "--run-dir",
        run.toString()};
    Cli r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    // jpeg: 8 qualities; social: 5 scale + quality pairs
    assertThat(r.out().lines().filter(l -> l.startsWith("score-train-periodic-artifact-jpeg-"))
        .count()).isEqualTo(8);
    assertThat(r.out().lines().filter(l -> l.startsWith("score-train-periodic-artifact-social-"))
        .count()).isEqualTo(5);
    assertThat(r.out()).contains("jpeg:30", "social:0.25+q50");
    String md = Files.readString(run.resolve("report/report.md"));
    assertThat(md).contains("## jpeg (JPEG quality): TPR@1%FPR", "## social (scale + JPEG quality): AUC",
        "`0.5+q75` = `", "| TPR@1%FPR |");
    for (String f : new String[] {"robustness-auc-under-jpeg.png", "robustness-acc-under-social.png",
        "robustness-tpr-1-fpr-under-jpeg.png", "roc-under-jpeg-100.png", "roc-under-social-0-25-q50.png",
        "reliability-under-jpeg-100.png"}) {
      assertThat(ImageIO.read(run.resolve("report/figures").resolve(f).toFile())).as(f).isNotNull();
    }
    Cli again = Cli.run(args);
    assertThat(again.code()).isZero();
    assertThat(again.out()).isEqualTo(r.out());
  }

  @Test
  void anUnknownSweepOrSeveralModelsOutsideRobustnessAreUsageErrors() {
    Cli unknown = Cli.run("evaluate", "robustness", "--data", root.toString(), "--detector",
        "periodic-artifact", "--sweep", "jpeg,noise", "--run-dir", tmp.resolve("x").toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("noise", "social");
    assertThat(tmp.resolve("x")).doesNotExist();
    Path a = tmp.resolve("a.detector");
    Cli two = Cli.run("evaluate", "degraded", "--data", root.toString(), "--model", a.toString(),
        "--model", a.toString(), "--run-dir", tmp.resolve("y").toString());
    assertThat(two.code()).isEqualTo(2);
    assertThat(two.err()).contains("robustness protocol only");
  }
}
