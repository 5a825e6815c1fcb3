package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.ReadLimits;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a bad file ends and a bug begins: the parallel loader skips only bad files, and the
 * verifier re-checks any progress line it did not write rather than trusting or crashing on it.
 */
class BadFileBoundariesTest {
  @TempDir Path tmp;

  private DatasetIndex release() {
    SimulatedDatasetMaker.builder().trainPerLabel(4).valPerLabel(2).build().writeTo(tmp);
    return TreeScanner.builder().build().scan(tmp).index();
  }

  @Test
  void aBugInATransformFailsTheRunEvenUnderSkip() throws Exception {
    DatasetIndex idx = release();
    Files.write(idx.sample(1).path(), new byte[0]);
    String victim = idx.id(4);
    IllegalStateException bug = new IllegalStateException("transform bug");
    DatasetIndex buggy = idx.withLoader(s -> {
      if (s.id().equals(victim)) {
        throw bug;
      }
      return ImageDecoder.standard().load(s);
    });
    ParallelLoader skip = ParallelLoader.builder().threads(2).queueCapacity(3)
        .policy(BadInputPolicy.SKIP).build();
    List<String> got = new ArrayList<>();
    try (ParallelLoader.Session s = skip.open(buggy)) {
      assertThatThrownBy(() -> {
        while (s.hasNext()) {
          got.add(s.next().sample().id());
        }
      }).isSameAs(bug);
      // The bad file before it was skipped with its structural kind; the bug was not skipped.
      assertThat(s.skipped()).singleElement().satisfies(p -> {
        assertThat(p.path()).isEqualTo(idx.sample(1).path());
        assertThat(p.kind()).isEqualTo(Problem.Kind.ZERO_BYTES);
      });
    }
    assertThat(got).containsExactly(idx.id(0), idx.id(2), idx.id(3));
  }

  @Test
  void outOfMemoryInALoadIsNotSkipped() {
    DatasetIndex idx = release();
    DatasetIndex starved = idx.withLoader(s -> {
      throw new OutOfMemoryError("test");
    });
    try (ParallelLoader.Session s = ParallelLoader.builder().threads(1)
        .policy(BadInputPolicy.SKIP).build().open(starved)) {
      assertThatThrownBy(s::hasNext).isExactlyInstanceOf(OutOfMemoryError.class);
      assertThat(s.skipped()).isEmpty();
    }
  }

  @Test
  void tooLargeFilesAreSkippedAsTooLarge() {
    DatasetIndex idx = release();
    DatasetIndex tight = idx.withLoader(ImageDecoder.standard().withMaxBytes(10));
    try (ParallelLoader.Session s = ParallelLoader.builder().threads(2)
        .policy(BadInputPolicy.SKIP).build().open(tight)) {
      assertThat(s.hasNext()).isFalse();
      assertThat(s.skipped()).hasSize(idx.size())
          .allSatisfy(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.TOO_LARGE));
    }
  }

  @Test
  void corruptProgressLinesAreCheckedAgainNeverTrusted() throws Exception {
    DatasetIndex idx = release();
    Files.write(idx.sample(0).path(), new byte[] {1, 2, 3}); // not an image
    Path progress = tmp.resolve("progress.tsv");
    Verifier v = Verifier.builder().progressFile(progress).build();
    Verifier.Report first = v.verify(idx);
    assertThat(first.problems()).extracting(Problem::path).containsExactly(idx.sample(0).path());
    List<String> lines = Files.readAllLines(progress, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(idx.size());
    String sha = first.checksums().get(idx.id(2));
    List<String> edited = new ArrayList<>();
    // The bad file hand-edited into "OK" without a checksum: must not become sound.
    edited.add("OK\t-\t" + idx.id(0) + "\t");
    edited.add("BAD\tNO_SUCH_KIND\t" + idx.id(1) + "\tx"); // crashed the old reader
    edited.add("OK\t" + sha.toUpperCase() + "\t" + idx.id(2) + "\t"); // not our hex
    edited.add("FINE\t" + sha + "\t" + idx.id(3) + "\t"); // unknown status
    edited.add("OK\t" + sha + "\t" + idx.id(4)); // three fields
    edited.add("OK\t" + sha + "\t" + idx.id(5) + "\t" + "x".repeat(ReadLimits.MAX_LINE_CHARS));
    edited.add("OK\t" + sha + "\t../../etc/passwd\t"); // not in the index: never used
    edited.add("BAD\tUNDECODABLE\t" + idx.id(6) + "\t"); // BAD without a detail
    for (int i = 7; i < idx.size(); i++) {
      edited.add(lines.get(i));
    }
    Files.write(progress, edited, StandardCharsets.UTF_8);
    Verifier.Report again = v.verify(idx);
    assertThat(again.checked()).isEqualTo(7);
    assertThat(again.resumed()).isEqualTo(idx.size() - 7);
    assertThat(again.problems()).isEqualTo(first.problems());
    assertThat(again.checksums()).isEqualTo(first.checksums());
    // The re-checks were appended as well-formed lines: a third run checks nothing.
    Verifier.Report third = v.verify(idx);
    assertThat(third.checked()).isZero();
    assertThat(third.problems()).isEqualTo(first.problems());
  }

  @Test
  void structureResultsAreDecodedAgainByADecodeRun() throws Exception {
    DatasetIndex idx = release();
    Path progress = tmp.resolve("p.tsv");
    Verifier.builder().progressFile(progress).check(Verifier.Check.STRUCTURE).build().verify(idx);
    Files.writeString(progress, "garbage line with no tabs\n\n", StandardOpenOption.APPEND);
    Verifier.Report r = Verifier.builder().progressFile(progress).build().verify(idx);
    assertThat(r.checked()).isEqualTo(idx.size());
    assertThat(r.checksums()).hasSize(idx.size());
  }
}
