package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.ReadLimits;
import org.genimage.api.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Manifests#read} accepts and refuses, and a seeded fuzz of both formats. */
class ManifestsValidationTest {
  @TempDir
  Path tmp;

  private static final List<String> AWKWARD_NAMES = List.of("plain.png", "with,comma.png",
      "with \"quotes\".png", "line\nbreak.png", "carriage\r\nreturn.png", "ünïcødé 画像.png",
      "trailing space .png", "\"starts-with-quote.png", "tab\there.png");

  private List<Sample> awkwardSamples() {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < AWKWARD_NAMES.size(); i++) {
      Path p = tmp.resolve("data").resolve("sub" + i % 2).resolve(AWKWARD_NAMES.get(i));
      out.add(new Sample("x" + i, p, Label.fromIndex(i % 2),
          i % 3 == 0 ? Generator.ADM : Generator.UNKNOWN, i % 4 == 0 ? Sample.NO_CLASS : i * 100));
    }
    return out;
  }

  @Test
  void everyFieldRoundTripsInBothFormats() {
    List<Sample> samples = awkwardSamples();
    for (String name : List.of("m.csv", "m.jsonl")) {
      Path m = tmp.resolve(name);
      Manifests.write(m, samples, false);
      List<Sample> back = Manifests.read(m).samples();
      assertThat(back).as(name).hasSize(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        Sample a = samples.get(i);
        Sample b = back.get(i);
        assertThat(b.path()).as(name + " " + i).isEqualTo(a.path());
        assertThat(b.id()).isEqualTo(tmp.relativize(a.path()).toString());
        assertThat(b.label()).isEqualTo(a.label());
        assertThat(b.generator()).isEqualTo(a.generator());
        assertThat(b.imageNetClass()).isEqualTo(a.imageNetClass());
      }
    }
  }

  @Test
  void errorsNameTheLineWhereTheRecordStarts() throws Exception {
    Path m = Files.writeString(tmp.resolve("q.csv"),
        "path,label\n\"a\nb.png\",real\n\"c.png\",maybe\n");
    assertThatThrownBy(() -> Manifests.read(m)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageStartingWith(m.toString()).hasMessageContaining("line 4: label \"maybe\"");
    Path open = Files.writeString(tmp.resolve("open.csv"), "path,label\n\"a.png,real\nb,fake\n");
    assertThatThrownBy(() -> Manifests.read(open)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("line 2: unterminated quote");
    Path wide = Files.writeString(tmp.resolve("wide.csv"), "path,label\na.png,real,extra\n");
    assertThatThrownBy(() -> Manifests.read(wide)).hasMessageContaining("line 2: 3 fields");
  }

  @Test
  void pathsMustStayUnderTheManifestsFolderUnlessAllowed() throws Exception {
    for (String bad : List.of("/etc/passwd", "../../x.png", "a/../../x.png", "..\\x.png",
        "C:/x.png")) {
      Path m = tmp.resolve("p.csv");
      Files.writeString(m, "path,label\nok.png,real\n\"" + bad + "\",fake\n");
      assertThatThrownBy(() -> Manifests.read(m)).as(bad)
          .isInstanceOf(BadDatasetLayoutException.class)
          .hasMessageContaining("line 3: path \"" + bad + "\"")
          .hasMessageContaining("ALLOW_OUTSIDE_ROOT");
    }
    Path m = Files.writeString(tmp.resolve("out.jsonl"),
        "{\"path\":\"../elsewhere/a.png\",\"label\":\"fake\"}\n");
    Sample s = Manifests.read(m, PathPolicy.ALLOW_OUTSIDE_ROOT).samples().get(0);
    assertThat(s.path().normalize()).isEqualTo(tmp.resolveSibling("elsewhere/a.png").normalize());

    // A manifest written for files outside its folder lists absolute paths: readable by opt-in.
    Path inner = tmp.resolve("inner");
    Files.createDirectories(inner);
    Path written = inner.resolve("w.csv");
    Manifests.write(written, awkwardSamples(), false);
    assertThatThrownBy(() -> Manifests.read(written)).hasMessageContaining("is absolute");
    assertThat(Manifests.read(written, PathPolicy.ALLOW_OUTSIDE_ROOT).samples())
        .extracting(Sample::path).containsExactlyElementsOf(
            awkwardSamples().stream().map(Sample::path).toList());
  }

  @Test
  void fieldsAreCheckedOneByOne() throws Exception {
    String sha = "ab".repeat(32);
    assertRefused("c.csv", "path,label,class\na.png,real,1000\n", "line 2: class \"1000\"");
    assertRefused("c.csv", "path,label,class\na.png,real,-1\n", "line 2: class \"-1\"");
    assertRefused("c.csv", "path,label,class\na.png,real,99999999999999999999\n", "class");
    assertRefused("c.csv", "path,label,sha256\na.png,real,xyz\n", "sha256 \"xyz\"");
    assertRefused("c.csv", "path,label\n,real\n", "line 2: path is required");
    assertRefused("c.csv", "path,label,generator\na.png,real,Not An Id!\n", "line 2: generator");
    assertRefused("c.csv", "name,kind\n", "line 1: header");
    assertRefused("j.jsonl", "{\"path\":\"a\\u0000b\",\"label\":1}\n", "line 1: path", "NUL");
    assertRefused("j.jsonl", "[1,2]\n", "line 1: not a JSON object");
    assertRefused("j.jsonl", "{\"path\":{\"x\":1},\"label\":1}\n", "line 1: path is not");
    assertRefused("j.jsonl", "{\"path\":\"a.png\"}\n", "line 1: label is required");
    assertRefused("j.jsonl", "{\"path\":\"a.png\",\"label\":1,\"sha256\":\"" + sha + "\"}\n{x\n",
        "line 2: not JSON");
    assertRefused("j.jsonl", "{\"path\":\"" + "d/".repeat(3000) + "a.png\",\"label\":1}\n",
        "line 1: path", "characters long");
  }

  @Test
  void recordsAreBoundedAndTextMustBeUtf8() throws Exception {
    Path m = tmp.resolve("long.csv");
    Files.writeString(m, "path,label\n" + "a".repeat(ReadLimits.MAX_LINE_CHARS + 1) + ",real\n");
    assertThatThrownBy(() -> Manifests.read(m)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("line 2: longer than " + ReadLimits.MAX_LINE_CHARS);
    Path q = tmp.resolve("quoted.csv");
    Files.writeString(q, "path,label\n\"" + "a\n".repeat(ReadLimits.MAX_LINE_CHARS / 2 + 1));
    assertThatThrownBy(() -> Manifests.read(q)).hasMessageContaining("line 2: longer than");
    Path bin = tmp.resolve("bin.csv");
    Files.write(bin, new byte[] {'p', 'a', 't', 'h', ',', 'l', 'a', 'b', 'e', 'l', '\n',
        (byte) 0xC3, (byte) 0x28, ',', '1', '\n'});
    assertThatThrownBy(() -> Manifests.read(bin)).isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("not UTF-8");
  }

  private void assertRefused(String name, String content, String... parts) throws Exception {
    Path m = Files.writeString(tmp.resolve(name), content);
    assertThatThrownBy(() -> Manifests.read(m)).as(content)
        .isInstanceOf(BadDatasetLayoutException.class).hasMessageStartingWith(m.toString())
        .hasMessageContainingAll(parts);
  }

  @Test
  void mutatedManifestsReadInsideTheFolderOrFailTyped() throws Exception {
    List<Sample> samples = awkwardSamples();
    int read = 0;
    int refused = 0;
    for (String name : List.of("fuzz.csv", "fuzz.jsonl")) {
      Path m = tmp.resolve(name);
      Manifests.write(m, samples, false);
      byte[] valid = Files.readAllBytes(m);
      Path folder = m.toAbsolutePath().normalize().getParent();
      SplittableRandom seeds = new SplittableRandom(name.length());
      for (int c = 0; c < 600; c++) {
        long seed = seeds.nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        byte[] bytes = r.nextInt(3) == 0 ? replaceField(valid, r) : Mutations.mutate(valid, r);
        Files.write(m, bytes);
        try {
          for (Sample s : Manifests.read(m).samples()) {
            assertThat(s.path().toAbsolutePath().normalize().startsWith(folder))
                .as("seed %d: %s", seed, s.path()).isTrue();
          }
          read++;
        } catch (BadDatasetLayoutException e) {
          assertThat(e.file()).as("seed %d", seed).contains(m);
          refused++;
        } catch (RuntimeException | Error e) {
          fail(name + " seed " + seed + ": " + e, e);
        }
      }
    }
    assertThat(read).isPositive();
    assertThat(refused).isPositive();
  }

  /** One field of one record replaced by a hostile path or number, keeping the file's syntax. */
  private static byte[] replaceField(byte[] valid, SplittableRandom r) {
    String text = new String(valid, StandardCharsets.UTF_8);
    String hostile = r.nextBoolean() ? Mutations.pick(Mutations.HOSTILE_PATHS, r)
        : Mutations.pick(Mutations.HOSTILE_NUMBERS, r);
    String quotedCsv = "\"" + hostile.replace("\"", "\"\"") + "\"";
    String json = "\"" + hostile.replace("\\", "\\\\").replace("\"", "\\\"")
        .replace("\0", "\\u0000") + "\"";
    // Replace the first occurrence of a known value: a path start, a label, a class.
    String[] targets = {"data/", "real", "fake", "adm", "100", "\"path\":", "path"};
    String t = targets[r.nextInt(targets.length)];
    int at = text.indexOf(t, r.nextInt(Math.max(1, text.length() / 2)));
    if (at < 0) {
      at = text.indexOf(t);
    }
    if (at < 0) {
      return valid;
    }
    boolean csv = text.startsWith("path,");
    String replacement = csv ? quotedCsv : (t.startsWith("\"") ? t + json + "," : json);
    return (text.substring(0, at) + replacement + text.substring(at + t.length()))
        .getBytes(StandardCharsets.UTF_8);
  }
}
