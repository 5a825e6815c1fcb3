package org.genimage.detectors.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code .pth} checkpoints: fixtures written by PyTorch 1.13, and hand-made files for edge cases. */
class PthCheckpointTest {
  @TempDir
  Path dir;

  private Path fixture(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/fixtures/pth/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void readsEveryDtypeAndViewAsPyTorchSeesThem() throws IOException {
    SafeTensors.Contents c = TorchCheckpoint.read(fixture("tensors.pth"));
    SafeTensors.Contents expected = SafeTensors.read(fixture("tensors.expected.safetensors"));
    assertThat(c.tensors().keySet()).containsExactlyElementsOf(expected.tensors().keySet());
    for (NamedTensor e : expected.tensors().values()) {
      NamedTensor t = c.get(e.name());
      assertThat(t.shape()).as(e.name()).containsExactly(e.shape());
      assertThat(t.data()).as(e.name()).containsExactly(e.data());
    }
    assertThat(c.get("f16").dtype()).isEqualTo(NamedTensor.DType.F16);
    assertThat(c.get("bf16").dtype()).isEqualTo(NamedTensor.DType.BF16);
    assertThat(c.get("f64").dtype()).isEqualTo(NamedTensor.DType.F64);
    assertThat(c.get("i64").dtype()).isEqualTo(NamedTensor.DType.I64);
    assertThat(c.get("scalar").shape()).isEmpty();
    // timm's layout: {'epoch', 'arch', 'state_dict', 'args': argparse.Namespace}.
    assertThat(c.metadata()).containsEntry(TorchCheckpoint.META_STATE_DICT, "state_dict")
        .containsEntry(TorchCheckpoint.META_STRIPPED_PREFIX, "")
        .containsEntry(TorchCheckpoint.META_BYTE_ORDER, "little");
  }

  @Test
  void theThreeLayoutsGiveTheSameTensors() throws IOException {
    SafeTensors.Contents plain = TorchCheckpoint.read(fixture("small_plain.pth"));
    SafeTensors.Contents cnnDetection = TorchCheckpoint.read(fixture("small_cnndetection.pth"));
    SafeTensors.Contents dataParallel = TorchCheckpoint.read(fixture("small_dataparallel.pth"));
    assertThat(plain.tensors()).containsKey("layer1.0.conv1.weight").containsKey("fc.bias");
    assertThat(cnnDetection.tensors()).isEqualTo(plain.tensors());
    assertThat(dataParallel.tensors()).isEqualTo(plain.tensors());
    assertThat(plain.metadata()).containsEntry(TorchCheckpoint.META_STATE_DICT, "");
    assertThat(cnnDetection.metadata()).containsEntry(TorchCheckpoint.META_STATE_DICT, "model");
    assertThat(dataParallel.metadata()).containsEntry(TorchCheckpoint.META_STRIPPED_PREFIX, "module.");
  }

  @Test
  void widensHalfStorages() throws IOException {
    SafeTensors.Contents full = TorchCheckpoint.read(fixture("small_plain.pth"));
    SafeTensors.Contents half = TorchCheckpoint.read(fixture("small_fp16.pth"));
    NamedTensor w = half.get("conv1.weight");
    assertThat(w.dtype()).isEqualTo(NamedTensor.DType.F16);
    float[] f = full.get("conv1.weight").data();
    for (int i = 0; i < f.length; i++) {
      // float16 keeps 11 significant bits: within 2^-11 relative of the float32 original.
      assertThat(w.data()[i]).isCloseTo(f[i], org.assertj.core.data.Offset.offset(Math.abs(f[i]) / 1024 + 1e-7f));
    }
  }

  @Test
  void refusesTheLegacyFormatSayingHowToResave() throws IOException {
    Path legacy = fixture("legacy.pth");
    assertThatThrownBy(() -> TorchCheckpoint.read(legacy)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining(legacy.toString()).hasMessageContaining("legacy format")
        .hasMessageContaining("torch.save(torch.load(");
    assertThat(TorchCheckpoint.looksLikeTorch(legacy)).isTrue();
  }

  @Test
  void honoursABigEndianByteOrderRecord() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f)
        .putFloat(3.25f);
    byte[] pickle = new PthFiles.Pickle().emptyDict().str("w")
        .tensor("FloatStorage", "0", 3, 0, new long[] {3}, new long[] {1}).setItem().stop().bytes();
    Path big = PthFiles.zip(dir.resolve("big.pth"), "anything", pickle, Map.of("0", b.array()), "big\n");
    SafeTensors.Contents c = TorchCheckpoint.read(big);
    assertThat(c.get("w").data()).containsExactly(1.5f, -2f, 3.25f);
    assertThat(c.metadata()).containsEntry(TorchCheckpoint.META_BYTE_ORDER, "big");
    Path odd = PthFiles.zip(dir.resolve("odd.pth"), "x", pickle, Map.of("0", b.array()), "middle");
    assertThatThrownBy(() -> TorchCheckpoint.read(odd)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("byteorder");
  }

  @Test
  void choosesBetweenSeveralStateDictsByKey() throws IOException {
    Map<String, byte[]> storages = new LinkedHashMap<>();
    storages.put("0", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).array());
    storages.put("1", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(2f).array());
    PthFiles.Pickle p = new PthFiles.Pickle().emptyDict();
    for (String k : new String[] {"student", "teacher"}) {
      p.str(k).emptyDict().str("w").tensor("FloatStorage", k.equals("student") ? "0" : "1", 1, 0,
          new long[] {1}, new long[] {1}).setItem().setItem();
    }
    Path f = PthFiles.zip(dir.resolve("two.pth"), "two", p.stop().bytes(), storages, null);
    assertThatThrownBy(() -> TorchCheckpoint.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("several state dicts").hasMessageContaining("student")
        .hasMessageContaining("teacher");
    assertThat(TorchCheckpoint.read(f, "teacher").get("w").data()).containsExactly(2f);
    assertThatThrownBy(() -> TorchCheckpoint.read(f, "model")).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("'model' does not lead to a state dict");
  }

  @Test
  void readsEitherFormatByContent() throws IOException {
    Path pth = fixture("small_plain.pth");
    Path st = dir.resolve("small.safetensors");
    SafeTensors.Contents c = WeightFiles.read(pth, null);
    SafeTensors.write(st, c.tensors().values(), Map.of());
    SafeTensors.Contents back = WeightFiles.read(st, null);
    assertThat(back.tensors().keySet()).containsExactlyElementsOf(c.tensors().keySet());
    for (NamedTensor t : c.tensors().values()) {
      assertThat(back.get(t.name()).data()).as(t.name()).containsExactly(t.data());
    }
    assertThat(back.metadata()).doesNotContainKey(TorchCheckpoint.META_STATE_DICT);
    assertThat(WeightFiles.sha256(pth)).hasSize(64).isNotEqualTo(WeightFiles.sha256(st));
  }
}
