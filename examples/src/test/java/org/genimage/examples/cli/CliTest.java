package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.GenImageVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, help, version, exit codes and one-line errors of the command-line tool. */
class CliTest {
  @TempDir
  Path tmp;

  @Test
  void helpListsEveryCommandAndExitsZero() {
    Cli r = Cli.run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("demo", "detect", "train", "evaluate", "spectrum",
        "make-sim-dataset", "Exit codes");
  }

  @Test
  void noCommandPrintsUsage() {
    Cli r = Cli.run();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: genimage");
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "detect", "train", "evaluate", "spectrum", "make-sim-dataset"})
  void everyCommandHasHelp(String command) {
    Cli r = Cli.run(command, "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: genimage " + command).contains("--verbose");
  }

  @Test
  void versionNamesTheLibraryVersion() {
    Cli r = Cli.run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("genimage " + GenImageVersion.get());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Cli r = Cli.run("detect", "--no-such-option", "x.png");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Unknown option");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Cli r = Cli.run("train", "--data", tmp.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--output");
  }

  @Test
  void unknownProtocolIsAUsageErrorOnOneLine() {
    Cli r = Cli.run("evaluate", "bogus", "--detector", "resnet", "--data", tmp.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0)).startsWith("genimage: error: ").contains("protocol", "bogus");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void unknownDetectorNamesTheAvailableOnes() {
    Cli r = Cli.run("evaluate", "degraded", "--detector", "no-such-net", "--data",
        tmp.toString(), "--run-dir", tmp.resolve("run").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no-such-net", "resnet", "periodic-artifact");
  }

  @Test
  void missingImageIsBadInput() {
    Cli r = Cli.run("detect", tmp.resolve("missing.png").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("missing.png");
  }

  @Test
  void badModelFileIsBadInput() throws Exception {
    Path model = Files.writeString(tmp.resolve("model.bin"), "not a detector");
    Path image = tmp.resolve("a.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8,
        java.awt.image.BufferedImage.TYPE_INT_RGB), "png", image.toFile());
    Cli r = Cli.run("detect", "--model", model.toString(), image.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("model.bin");
  }

  @Test
  void wrongDatasetLayoutIsBadInput() {
    Cli r = Cli.run("train", "--data", tmp.resolve("nope").toString(), "-o",
        tmp.resolve("m.gidet").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("nope");
  }

  @Test
  void verbosePrintsTheStackTrace() {
    Cli r = Cli.run("detect", "--verbose", tmp.resolve("missing.png").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("BadImageException").contains("\tat ");
  }

  @Test
  void exitCodesFollowTheTypedExceptions() {
    assertThat(ExitCodes.of(new BadImageException(tmp, "x"))).isEqualTo(3);
    assertThat(ExitCodes.of(new BadModelFileException(tmp, "x"))).isEqualTo(3);
    assertThat(ExitCodes.of(new BadDatasetLayoutException(tmp, "x"))).isEqualTo(3);
    assertThat(ExitCodes.of(new BadArgumentException("p", "x"))).isEqualTo(2);
    assertThat(ExitCodes.of(new IllegalStateException("x"))).isEqualTo(1);
  }
}
