package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-archives} and {@code verify}: exit code 0 when everything is there and intact, 3 with
 * each wrong piece or damaged file named otherwise; the official lists turn a listed file into a
 * known defect; a second run resumes from the progress file.
 */
class VerifyCommandsTest {
  @TempDir
  Path tmp;
  Path release;

  /** Each test damages its own small tree. */
  @BeforeEach
  void make() {
    release = tmp.resolve("sim");
    Cli made = Cli.run("make-sim-dataset", release.toString(), "--size", "32",
        "--train-per-label", "4", "--val-per-label", "3", "--seed", "5", "-q");
    assertThat(made.code()).isZero();
  }

  private static String md5(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
        .digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void verifyArchivesNamesEachWrongPieceAndExitsThree() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("pieces"));
    Files.writeString(dir.resolve("imagenet_glide.z01"), "part one");
    Files.writeString(dir.resolve("imagenet_glide-001.zip"), "last part");
    Files.writeString(dir.resolve("imagenet_ai_0419_vqdm.zip"), "damaged");
    Path csv = tmp.resolve("checksums.csv");
    Files.writeString(csv, "md5Checksum,originalFilename\n"
        + "\"" + md5("part one") + "\",\"imagenet_glide.z01\"\n"
        + "\"" + md5("last part") + "\",\"imagenet_glide.zip\"\n"
        + "\"" + md5("vqdm") + "\",\"imagenet_ai_0419_vqdm.zip\"\n"
        + "\"" + md5("x") + "\",\"imagenet_ai_0419_vqdm.z01\"\n");
    Cli r = Cli.run("verify-archives", dir.toString(), "--checksums", csv.toString(), "-q");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("1 of 4 listed pieces ok")
        .contains("missing  imagenet_ai_0419_vqdm.z01")
        .contains("wrong    imagenet_ai_0419_vqdm.zip: MD5 " + md5("damaged"))
        .contains("rename   imagenet_glide-001.zip -> imagenet_glide.zip");

    Files.move(dir.resolve("imagenet_glide-001.zip"), dir.resolve("imagenet_glide.zip"));
    Files.writeString(csv, "md5Checksum,originalFilename\n"
        + "\"" + md5("part one") + "\",\"imagenet_glide.z01\"\n"
        + "\"" + md5("last part") + "\",\"imagenet_glide.zip\"\n"
        + "\"" + md5("damaged") + "\",\"imagenet_ai_0419_vqdm.zip\"\n");
    Cli ok = Cli.run("verify-archives", dir.toString(), "--checksums", csv.toString(), "--json",
        "-q");
    assertThat(ok.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(ok.out());
    assertThat(json.get("allGood").asBoolean()).isTrue();
    assertThat(json.get("ok")).hasSize(3);
  }

  @Test
  void verifyAcceptsACompleteSubsetAndReportsKnownDefects() throws Exception {
    Path bigganAi = release.resolve("BigGAN/imagenet_ai_0419_biggan/train/ai");
    Path victim;
    try (Stream<Path> s = Files.list(bigganAi)) {
      victim = s.sorted().findFirst().orElseThrow();
    }
    Path lists = Files.createDirectories(tmp.resolve("data/corrupted_files"));
    Files.writeString(lists.resolve("imagenet_ai_0419_biggan.txt"),
        "./imagenet_ai_0419_biggan/train/ai/" + victim.getFileName() + "\n");
    Files.write(victim, new byte[0]);
    Path progress = tmp.resolve("known.tsv");
    Cli r = Cli.run("verify", release.toString(), "--subsets", "biggan,vqdm",
        "--corrupted-lists", tmp.resolve("data").toString(), "--progress-file",
        progress.toString(), "--json", "-q");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("complete").asBoolean()).isTrue();
    assertThat(json.get("knownDefects")).singleElement().satisfies(k -> {
      assertThat(k.get("file").asText()).endsWith(victim.getFileName().toString());
      assertThat(k.get("found").asText()).isEqualTo("zero-byte file");
      assertThat(k.get("status").asText()).isEqualTo("known defect, excluded");
    });
    JsonNode row = null;
    for (JsonNode c : json.get("counts")) {
      if (c.get("generator").asText().equals("biggan") && c.get("split").asText().equals("train")
          && c.get("label").asText().equals("fake")) {
        row = c;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.get("found").asLong()).isEqualTo(4);
    assertThat(row.get("knownDefects").asLong()).isEqualTo(1);
    assertThat(json.get("checked").asInt()).isPositive();

    // The second run only reads the progress file back.
    Cli again = Cli.run("verify", release.toString(), "--subsets", "biggan,vqdm",
        "--corrupted-lists", tmp.resolve("data").toString(), "--progress-file",
        progress.toString(), "--json", "-q");
    JsonNode j2 = new ObjectMapper().readTree(again.out());
    assertThat(j2.get("checked").asInt()).isZero();
    assertThat(j2.get("resumed").asInt()).isEqualTo(json.get("checked").asInt());
    assertThat(j2.get("counts")).isEqualTo(json.get("counts"));
  }

  @Test
  void verifyExitsThreeWhenFilesAreDamagedOrSubsetsMissing() throws Exception {
    Path vqdmNature = release.resolve("VQDM/imagenet_ai_0419_vqdm/val/nature");
    Path victim;
    try (Stream<Path> s = Files.list(vqdmNature)) {
      victim = s.sorted().findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(b, b.length / 3));
    Path excl = tmp.resolve("exclude.txt");
    Cli r = Cli.run("verify", release.toString(), "--subsets", "vqdm,glide",
        "--progress-file", tmp.resolve("damaged.tsv").toString(), "--exclusions", excl.toString(),
        "-q");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("INCOMPLETE:").contains("glide/train/fake: missing")
        .contains("1 damaged files not in the official defect lists")
        .contains(victim.getFileName().toString());
    assertThat(Files.readAllLines(excl)).singleElement().asString()
        .endsWith("val/nature/" + victim.getFileName());
  }

  @Test
  void aWrongSubsetNameIsAUsageError() {
    Cli r = Cli.run("verify", release.toString(), "--subsets", "dalle", "-q",
        "--progress-file", tmp.resolve("x.tsv").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("dalle");
  }

  @Test
  void helpListsBothCommands() {
    Cli r = Cli.run("--help");
    assertThat(r.out()).contains("verify-archives").contains("verify ");
    assertThat(List.of(Cli.run("verify-archives", "--help").out()))
        .anyMatch(s -> s.contains("zip -s 0"));
  }
}
