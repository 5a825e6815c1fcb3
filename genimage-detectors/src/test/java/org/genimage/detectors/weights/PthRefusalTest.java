package org.genimage.detectors.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malicious and malformed checkpoints are refused, naming the file and the problem, and run nothing. */
class PthRefusalTest {
  @TempDir
  Path dir;

  private static final Map<String, byte[]> ONE_FLOAT =
      Map.of("0", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).array());

  /** {@code {'w': tensor, 'x': module.name(argument)}}: a reduce that Python would run while unpickling. */
  private Path calling(String module, String name, String argument) throws IOException {
    byte[] pickle = new PthFiles.Pickle().emptyDict().str("w")
        .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setItem()
        .str("x").global(module, name).mark().str(argument).tuple().reduce().setItem().stop().bytes();
    return PthFiles.zip(dir.resolve(module + "." + name + ".pth"), "archive", pickle, ONE_FLOAT, null);
  }

  @Test
  void refusesOsSystemWithoutRunningIt() throws IOException {
    Path marker = dir.resolve("pwned");
    for (String module : new String[] {"os", "posix", "nt", "subprocess"}) {
      Path f = calling(module, module.equals("subprocess") ? "getoutput" : "system", "touch " + marker);
      assertThatThrownBy(() -> TorchCheckpoint.read(f)).isInstanceOf(BadModelFileException.class)
          .hasMessageStartingWith(f.toString())
          .hasMessageContaining("global '" + module + ".")
          .hasMessageContaining("nothing in the file was run");
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void refusesEvalAndAnUnknownGlobal() throws IOException {
    Path marker = dir.resolve("evaluated");
    Path eval = calling("builtins", "eval", "open('" + marker + "', 'w').close()");
    assertThatThrownBy(() -> TorchCheckpoint.read(eval)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("global 'builtins.eval'");
    Path unknown = calling("mypackage.models", "Detector", "x");
    assertThatThrownBy(() -> TorchCheckpoint.read(unknown)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("global 'mypackage.models.Detector'");
    // A torch global that is not a tensor rebuilder is refused too.
    Path load = calling("torch", "load", "other.pth");
    assertThatThrownBy(() -> TorchCheckpoint.read(load)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("global 'torch.load'");
    assertThat(marker).doesNotExist();
  }

  @Test
  void refusesTheCommittedPickleThatPyTorchWouldRun() throws IOException {
    // Written by make_pth_fixtures.py, which checks that torch.load really runs its os.system call.
    Path f = dir.resolve("malicious.pth");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/pth/malicious.pth")) {
      Files.copy(in, f);
    }
    assertThatThrownBy(() -> TorchCheckpoint.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("global 'posix.system'");
    assertThat(Path.of("/tmp/genimage-pth-fixture-was-run")).doesNotExist();
  }

  @Test
  void refusesGlobalsNamedThroughOtherOpcodes() throws IOException {
    // STACK_GLOBAL (protocol 4) with the module and name as strings on the stack.
    byte[] stackGlobal = new PthFiles.Pickle().str("os").str("system").raw(0x93).mark().str("true").tuple()
        .reduce().stop().bytes();
    Path a = PthFiles.zip(dir.resolve("stack.pth"), "a", stackGlobal, Map.of(), null);
    assertThatThrownBy(() -> TorchCheckpoint.read(a)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("global 'os.system'");
    // INST (protocol 0) names its class inline.
    byte[] inst = new PthFiles.Pickle().mark().str("true").raw('i').text("os\nsystem\n").stop().bytes();
    Path b = PthFiles.zip(dir.resolve("inst.pth"), "b", inst, Map.of(), null);
    assertThatThrownBy(() -> TorchCheckpoint.read(b)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("os.system").hasMessageContaining("INST");
    // EXT1 looks a global up in the copyreg extension registry.
    byte[] ext = new PthFiles.Pickle().raw(0x82, 1).stop().bytes();
    Path c = PthFiles.zip(dir.resolve("ext.pth"), "c", ext, Map.of(), null);
    assertThatThrownBy(() -> TorchCheckpoint.read(c)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("extension-registry");
  }

  @Test
  void refusesAViewOutsideItsStorage() throws IOException {
    byte[] pickle = new PthFiles.Pickle().emptyDict().str("w")
        .tensor("FloatStorage", "0", 1, 0, new long[] {2, 2}, new long[] {2, 1}).setItem().stop().bytes();
    Path f = PthFiles.zip(dir.resolve("view.pth"), "v", pickle, ONE_FLOAT, null);
    assertThatThrownBy(() -> TorchCheckpoint.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("tensor 'w'").hasMessageContaining("reach element 3");
  }

  @Test
  void refusesAStorageWhoseBytesDoNotMatchItsSize() throws IOException {
    byte[] pickle = new PthFiles.Pickle().emptyDict().str("w")
        .tensor("FloatStorage", "0", 2, 0, new long[] {2}, new long[] {1}).setItem().stop().bytes();
    Path f = PthFiles.zip(dir.resolve("short.pth"), "s", pickle, ONE_FLOAT, null);
    assertThatThrownBy(() -> TorchCheckpoint.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("data/0").hasMessageContaining("expected 8");
    Path missing = PthFiles.zip(dir.resolve("missing.pth"), "s", pickle, Map.of(), null);
    assertThatThrownBy(() -> TorchCheckpoint.read(missing)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("missing zip entry s/data/0");
  }

  @Test
  void refusesALengthFieldLongerThanThePickle() throws IOException {
    // BINUNICODE claiming 2 GB in a 12-byte pickle: refused before anything is allocated.
    byte[] pickle = new PthFiles.Pickle().raw('X', 0xF0, 0xFF, 0xFF, 0x7F).raw('a').stop().bytes();
    Path f = PthFiles.zip(dir.resolve("len.pth"), "l", pickle, Map.of(), null);
    assertThatThrownBy(() -> TorchCheckpoint.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("length field of 2147483632 bytes");
  }

  @Test
  void refusesWhatIsNotACheckpoint() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.pth"), "hello");
    assertThatThrownBy(() -> TorchCheckpoint.read(text)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("not a PyTorch zip checkpoint");
    Path garbage = PthFiles.zip(dir.resolve("garbage.pth"), "g", bytes("not a pickle"), Map.of(), null);
    assertThatThrownBy(() -> TorchCheckpoint.read(garbage)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("malformed checkpoint pickle");
    byte[] noTensors = new PthFiles.Pickle().emptyDict().str("epoch").integer(3).setItem().stop().bytes();
    Path empty = PthFiles.zip(dir.resolve("empty.pth"), "e", noTensors, Map.of(), null);
    assertThatThrownBy(() -> TorchCheckpoint.read(empty)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("no state dict").hasMessageContaining("[epoch]");
    assertThatThrownBy(() -> TorchCheckpoint.read(dir.resolve("absent.pth")))
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("no such file");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
