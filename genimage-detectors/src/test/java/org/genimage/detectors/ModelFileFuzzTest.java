package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.BadModelFileException;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the model readers on the small ResNet: every mutant of a valid detector file or safetensors
 * file either loads or throws {@link BadModelFileException} naming the file; no other exception escapes. With the
 * weight digest, a flipped bit in a detector file's tensor bytes never loads.
 */
class ModelFileFuzzTest {
  static final int MUTANTS = 300;

  @TempDir
  Path dir;

  // The small ResNet's code at width 2: every tensor kind of the real thing in a file of a few tens of KB, so
  // hundreds of mutants take seconds and many of them land in the header.
  private final ResNet arch = new ResNet(new ResNetConfig("fuzz", 2, new int[] {1, 1, 1, 1}, Head.TWO_CLASS,
      org.genimage.detectors.preprocess.PreprocessingPipeline.imagenet(0, 32)));

  @Test
  void mutatedDetectorFilesLoadOrFailNamingTheFile() throws IOException {
    Path valid = dir.resolve("valid.gidet");
    DetectorFile.write(valid, "tiny", arch, arch.initialise(3), org.genimage.api.ModelProvenance.ofNotes(Map.of("note", "fuzz")));
    byte[] bytes = Files.readAllBytes(valid);
    FileMutator m = new FileMutator(bytes, DetectorFile.MAGIC.length + 4);
    int tensorBytes = m.dataStart() + 8 + (int) ByteBuffer.wrap(bytes, m.dataStart(), 8)
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
    int failed = 0;
    int weightFlips = 0;
    for (long seed = 0; seed < MUTANTS; seed++) {
      FileMutator.Mutant mutant = m.mutate(seed);
      Path f = dir.resolve("mutant" + seed + ".gidet");
      Files.write(f, mutant.bytes());
      boolean loaded = loadsOrNamesFile(f, mutant, () -> DetectorFile.read(f));
      if (mutant.flipAt() >= tensorBytes) {
        weightFlips++;
        assertThat(loaded).as("flipped weight bit loaded: %s", mutant.description()).isFalse();
      }
      failed += loaded ? 0 : 1;
      Files.delete(f);
    }
    // The fuzz is only worth something if it reaches both outcomes and the weights.
    assertThat(failed).isBetween(MUTANTS / 4, MUTANTS - 1);
    assertThat(weightFlips).isPositive();
  }

  @Test
  void mutatedSafetensorsImportsLoadOrFailNamingTheFile() throws IOException {
    Path valid = dir.resolve("valid.safetensors");
    SafeTensors.write(valid, arch.initialise(4).values(), Map.of("format", "pt"));
    FileMutator m = new FileMutator(Files.readAllBytes(valid), 0);
    WeightMapping mapping = WeightMapping.of(arch.shapes()).renaming(arch.importRename())
        .ignoring(arch.importIgnore());
    int failed = 0;
    for (long seed = 0; seed < MUTANTS; seed++) {
      FileMutator.Mutant mutant = m.mutate(seed);
      Path f = dir.resolve("mutant" + seed + ".safetensors");
      Files.write(f, mutant.bytes());
      // What NetworkDetector.importTorch does before it builds the graph.
      failed += loadsOrNamesFile(f, mutant, () -> mapping.load(SafeTensors.read(f))) ? 0 : 1;
      Files.delete(f);
    }
    assertThat(failed).isBetween(MUTANTS / 4, MUTANTS - 1);
  }

  /**
   * Runs a load; true when it succeeded, false when it threw {@link BadModelFileException} naming the file; any
   * other throwable fails the test with the mutation that caused it.
   */
  static boolean loadsOrNamesFile(Path f, FileMutator.Mutant mutant, Runnable load) {
    try {
      load.run();
      return true;
    } catch (BadModelFileException e) {
      assertThat(e.file()).as("file of %s", mutant.description()).isEqualTo(Optional.of(f));
      assertThat(e.getMessage()).startsWith(f.toString());
      return false;
    } catch (RuntimeException | Error e) {
      throw new AssertionError("mutant '" + mutant.description() + "' of " + f.getFileName() + " threw " + e, e);
    }
  }

  @Test
  void theUnmutatedFileLoadsWithFiniteWeights() throws IOException {
    // A control for the fuzz above: the valid files themselves load, with finite weights.
    Path valid = dir.resolve("ok.gidet");
    DetectorFile.write(valid, "tiny", arch, arch.initialise(3), org.genimage.api.ModelProvenance.ofNotes(Map.of()));
    for (NamedTensor t : DetectorFile.read(valid).weights().values()) {
      for (float v : t.data()) {
        assertThat(Float.isFinite(v)).isTrue();
      }
    }
  }
}
