package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.eval.protocol.CrossGenerator;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a resumed run does with damaged, edited and hostile files in its run directory: recompute
 * a torn file, refuse (naming the file) a well-formed one that is not the cell's valid result, and
 * never resume a result other than the uninterrupted run's.
 */
class RunFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  FakeWorld world;
  Path dir;
  CrossGeneratorResult expected;
  Path scoreFile;
  Path detectorFile;
  byte[] originalScores;
  byte[] originalDetector;

  private CrossGenerator protocol() {
    return CrossGenerator.builder().trainer(world.trainer()).settings(ProtocolSettings.defaults()
            .withEvaluation(org.genimage.eval.metrics.EvaluationOptions.defaults()
                .withBootstrap(20, 0.95, 1)))
        .subset("g0", world.subset("g0", 0, 6, "train"), world.subset("g0", 0, 6, "val"))
        .subset("g1", world.subset("g1", 1, 6, "train"), world.subset("g1", 1, 6, "val"))
        .trainOn("g0").build();
  }

  private CrossGeneratorResult run() {
    return Experiment.builder().runDirectory(dir).threads(1).detectorLoader(world::load).build()
        .run(protocol());
  }

  @BeforeEach
  void runOnce() {
    world = new FakeWorld();
    dir = tmp.resolve("run");
    expected = run();
    scoreFile = dir.resolve("scores/score-g0-on-g1.json");
    detectorFile = dir.resolve("detectors/train-g0.json");
    assertThat(scoreFile).isRegularFile();
    assertThat(detectorFile).isRegularFile();
    originalScores = readBytes(scoreFile);
    originalDetector = readBytes(detectorFile);
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ObjectNode tree(Path file) throws Exception {
    return (ObjectNode) JSON.readTree(file.toFile());
  }

  private void refused(String... parts) {
    assertThatThrownBy(this::run).isInstanceOf(BadArgumentException.class)
        .hasMessageContainingAll(parts);
  }

  @Test
  void filesCarryADigestAndResumeToTheSameResult() throws Exception {
    assertThat(tree(scoreFile).get(RunFiles.DIGEST).asText()).startsWith("sha256:");
    assertThat(tree(detectorFile).get(RunFiles.DIGEST).asText()).startsWith("sha256:");
    world.imagesScored.set(0);
    assertThat(run().cells()).isEqualTo(expected.cells());
    assertThat(world.imagesScored.get()).isZero();
  }

  @Test
  void tornFilesAreRecomputed() throws Exception {
    byte[] whole = Files.readAllBytes(scoreFile);
    for (byte[] torn : List.of(new byte[0], java.util.Arrays.copyOf(whole, whole.length / 2),
        new byte[64])) {
      Files.write(scoreFile, torn);
      world.imagesScored.set(0);
      assertThat(run().cells()).isEqualTo(expected.cells());
      assertThat(world.imagesScored.get()).as("one cell of 12 images scored again").isEqualTo(12);
      assertThat(Files.readAllBytes(scoreFile)).isEqualTo(whole);
    }
  }

  @Test
  void aChangedDigitIsRefusedNamingTheFile() throws Exception {
    String text = Files.readString(scoreFile);
    int at = text.indexOf("\"scores\":[") + 10;
    char d = text.charAt(at + 2);
    String edited = text.substring(0, at + 2) + (d == '9' ? '8' : (char) (d + 1))
        + text.substring(at + 3);
    Files.writeString(scoreFile, edited);
    refused(scoreFile.toString(), "contentSha256 does not match");
  }

  @Test
  void aConsistentDigestOverAWrongResultIsStillRefused() throws Exception {
    CellScores s = JSON.treeToValue(withoutDigest(scoreFile), CellScores.class);
    // Labels swapped, digest recomputed the way the runner computes it.
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      labels[i] = 1 - labels[i];
    }
    write(new CellScores(s.cellId(), s.fingerprint(), s.sampleIds(), labels, s.scores(),
        s.skipped()));
    refused(scoreFile.toString(), "sampleIds[0]", "not in the test set with that label");

    List<String> ids = new ArrayList<>(s.sampleIds());
    ids.set(3, "../../etc/passwd");
    write(new CellScores(s.cellId(), s.fingerprint(), ids, s.labels(), s.scores(), s.skipped()));
    refused(scoreFile.toString(), "sampleIds[3] \"../../etc/passwd\"", "not in the test set");

    ids = new ArrayList<>(s.sampleIds());
    ids.set(3, ids.get(1));
    write(new CellScores(s.cellId(), s.fingerprint(), ids, s.labels(), s.scores(), s.skipped()));
    refused(scoreFile.toString(), "sampleIds[3]", "listed twice");

    int n = s.size() - 2;
    write(new CellScores(s.cellId(), s.fingerprint(), s.sampleIds().subList(0, n),
        java.util.Arrays.copyOf(s.labels(), n), java.util.Arrays.copyOf(s.scores(), n),
        s.skipped()));
    refused(scoreFile.toString(), "10 scored and skipped images, the test set has 12");

    float[] scores = s.scores();
    scores[0] = Float.NaN;
    write(new CellScores(s.cellId(), s.fingerprint(), s.sampleIds(), s.labels(), scores,
        s.skipped()));
    refused(scoreFile.toString(), "scores[0] is NaN");

    labels = s.labels();
    labels[2] = 7;
    write(new CellScores(s.cellId(), s.fingerprint(), s.sampleIds(), labels, s.scores(),
        s.skipped()));
    refused(scoreFile.toString(), "labels[2] = 7");
  }

  @Test
  void fieldsOfTheWrongShapeAreRefusedNamingTheField() throws Exception {
    ObjectNode t = withoutDigest(scoreFile);
    t.putArray("labels").add(1.5);
    Files.writeString(scoreFile, t.toString());
    refused(scoreFile.toString(), "field labels");

    t = withoutDigest(scoreFile);
    t.remove("fingerprint");
    Files.writeString(scoreFile, t.toString());
    refused(scoreFile.toString(), "fingerprint");

    t = withoutDigest(scoreFile);
    t.put("extra", 1);
    Files.writeString(scoreFile, t.toString());
    refused(scoreFile.toString(), "extra");

    Files.writeString(scoreFile, "[1, 2, 3]");
    refused(scoreFile.toString(), "not a JSON object");
  }

  @Test
  void filesWrittenBeforeTheDigestStillResume() throws Exception {
    Files.writeString(scoreFile, withoutDigest(scoreFile).toString());
    Files.writeString(detectorFile, withoutDigest(detectorFile).toString());
    world.imagesScored.set(0);
    assertThat(run().cells()).isEqualTo(expected.cells());
    assertThat(world.imagesScored.get()).isZero();
  }

  @Test
  void detectorRecordsAreCheckedAndTheirPathIsNotTrusted() throws Exception {
    ObjectNode t = withoutDigest(detectorFile);
    t.put("inputSize", -3);
    Files.writeString(detectorFile, t.toString());
    refused(detectorFile.toString(), "inputSize");

    t = withoutDigest(detectorFile);
    t.put("saved", false).put("savedFile", "/etc/passwd");
    Files.writeString(detectorFile, t.toString());
    refused(detectorFile.toString(), "savedFile \"/etc/passwd\"");

    // A record that moved with its directory names the detector where it is now.
    t = withoutDigest(detectorFile);
    t.put("savedFile", "/somewhere/else/train-g0.detector");
    Files.writeString(detectorFile, t.toString());
    CrossGeneratorResult r = run();
    assertThat(r.provenance().detectors().get("train-g0").get("file"))
        .isEqualTo(dir.resolve("detectors/train-g0.detector").toString());
  }

  @Test
  void mutatedRunFilesResumeToTheSameResultOrAreRefusedNamingTheFile() throws Exception {
    byte[] scores = Files.readAllBytes(scoreFile);
    byte[] detector = Files.readAllBytes(detectorFile);
    SplittableRandom seeds = new SplittableRandom(18);
    int refusedCount = 0;
    int resumed = 0;
    for (int c = 0; c < 60; c++) {
      long seed = seeds.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      boolean onScores = r.nextBoolean();
      Path target = onScores ? scoreFile : detectorFile;
      Files.write(scoreFile, scores);
      Files.write(detectorFile, detector);
      Files.write(target, mutate(onScores ? scores : detector, r));
      try {
        assertThat(run().cells()).as("seed %d", seed).isEqualTo(expected.cells());
        resumed++;
      } catch (BadArgumentException e) {
        assertThat(e.getMessage()).as("seed %d", seed).contains(target.toString());
        refusedCount++;
      } catch (RuntimeException | Error e) {
        fail("seed " + seed + ": " + e, e);
      }
    }
    assertThat(resumed).isPositive();
    assertThat(refusedCount).isPositive();
  }

  private static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in.clone();
    switch (r.nextInt(5)) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
      case 2 -> {
        String text = new String(b, StandardCharsets.UTF_8);
        String[] hostile = {"/etc/passwd", "../../x", "-1", "99999999999999999999", "1e999",
            "null", "\"NaN\"", "[]", "{}", "x".repeat(10_000)};
        int at = text.indexOf(':', r.nextInt(text.length()));
        if (at > 0) {
          int end = at + 1;
          while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0) {
            end++;
          }
          String v = hostile[r.nextInt(hostile.length)];
          text = text.substring(0, at + 1) + (v.startsWith("/") || v.startsWith(".")
              || v.startsWith("x") ? "\"" + v + "\"" : v) + text.substring(end);
        }
        b = text.getBytes(StandardCharsets.UTF_8);
      }
      case 3 -> {
        int at = r.nextInt(b.length);
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, at);
        c[at] = (byte) " ,:\"{}[]0\n".charAt(r.nextInt(10));
        System.arraycopy(b, at, c, at + 1, b.length - at);
        b = c;
      }
      default -> {
        int at = r.nextInt(b.length);
        byte[] c = new byte[b.length - 1];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
        b = c;
      }
    }
    return b;
  }

  /** The file as the first run wrote it, without its digest. */
  private ObjectNode withoutDigest(Path file) throws Exception {
    ObjectNode t = (ObjectNode) JSON.readTree(file.equals(scoreFile) ? originalScores
        : originalDetector);
    t.remove(RunFiles.DIGEST);
    return t;
  }

  private void write(CellScores s) throws Exception {
    Files.write(scoreFile, RunFiles.bytes(s));
  }
}
