package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ModelProvenance;
import org.genimage.api.ReadLimits;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detector files are checked field by field: the weight digest, files from before the digest, NaN and infinite
 * weights, preprocessing sizes and architecture sizes beyond {@link ReadLimits} or the file's length, and
 * hostile safetensors shapes.
 */
class DetectorFileValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
  private final Map<String, NamedTensor> weights = arch.initialise(11);

  private Path valid() {
    Path f = dir.resolve("valid.gidet");
    DetectorFile.write(f, "tiny", arch, weights,
        ModelProvenance.ofNotes(Map.of("note", "x")).withWeightsSha256("stale"));
    return f;
  }

  /** A detector file with the given header (edited from a valid one's) and weights, as another writer might. */
  private Path craft(String name, Consumer<ObjectNode> edit, Map<String, NamedTensor> w) throws IOException {
    byte[] b = Files.readAllBytes(valid());
    long n = ByteBuffer.wrap(b, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    ObjectNode header = (ObjectNode) JSON.readTree(Arrays.copyOfRange(b, 20, (int) (20 + n)));
    edit.accept(header);
    byte[] json = JSON.writeValueAsBytes(header);
    Path f = dir.resolve(name);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer head = ByteBuffer.allocate(20 + json.length).order(ByteOrder.LITTLE_ENDIAN);
      head.put(DetectorFile.MAGIC).putInt(1).putLong(json.length).put(json).flip();
      ch.write(head);
      SafeTensors.write(ch, w.values(), Map.of());
    }
    return f;
  }

  @Test
  void theDigestIsWrittenCheckedAndReportedInProvenance() throws IOException {
    Path f = valid();
    DetectorFile.Contents c = DetectorFile.read(f);
    assertThat(c.provenance().weightsSha256()).isEqualTo(WeightDigest.sha256(weights.values()));
    assertThat(c.provenance().notes()).containsEntry("note", "x");
    byte[] b = Files.readAllBytes(f);
    b[b.length - 5] ^= 0x10;
    Files.write(f, b);
    assertThatThrownBy(() -> DetectorFile.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("valid.gidet").hasMessageContaining("digest does not match");
  }

  @Test
  void filesWrittenBeforeTheDigestLoadUnverifiedAndSaySo() throws IOException {
    Path old = craft("old.gidet", h -> h.remove("weights"), weights);
    DetectorFile.Contents c = DetectorFile.read(old);
    assertThat(c.provenance().weightsSha256()).isEqualTo(DetectorFile.UNVERIFIED);
    assertThat(c.weights().get("fc.weight").data()).containsExactly(weights.get("fc.weight").data());
    Path bad = craft("baddigest.gidet", h -> ((ObjectNode) h.get("weights")).put("sha256", "abc"), weights);
    assertThatThrownBy(() -> DetectorFile.read(bad)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("baddigest.gidet").hasMessageContaining("sha256");
  }

  @Test
  void nanAndInfiniteWeightsAreRefusedNamingTheTensorOnLoadAndImport() throws IOException {
    Map<String, NamedTensor> w = new LinkedHashMap<>(weights);
    float[] d = w.get("layer2.0.conv1.weight").data().clone();
    d[7] = Float.NaN;
    w.put("layer2.0.conv1.weight", NamedTensor.f32("layer2.0.conv1.weight", w.get("layer2.0.conv1.weight").shape(), d));
    // With a matching digest, so that only the value check can refuse it; and without one (an old file).
    Path nan = craft("nan.gidet", h -> ((ObjectNode) h.get("weights")).put("sha256",
        WeightDigest.sha256(w.values())), w);
    assertThatThrownBy(() -> DetectorFile.read(nan)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("nan.gidet").hasMessageContaining("'layer2.0.conv1.weight'")
        .hasMessageContaining("NaN");
    Path old = craft("nanold.gidet", h -> h.remove("weights"), w);
    assertThatThrownBy(() -> DetectorFile.read(old)).hasMessageContaining("'layer2.0.conv1.weight'");
    float[] inf = weights.get("fc.bias").data().clone();
    inf[0] = Float.NEGATIVE_INFINITY;
    w.put("fc.bias", NamedTensor.f32("fc.bias", weights.get("fc.bias").shape(), inf));
    w.put("layer2.0.conv1.weight", weights.get("layer2.0.conv1.weight"));
    Path st = dir.resolve("inf.safetensors");
    SafeTensors.write(st, w.values(), Map.of());
    assertThatThrownBy(() -> NetworkDetector.importTorch("x", arch, st, InferenceOptions.defaults()))
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("inf.safetensors")
        .hasMessageContaining("'fc.bias'").hasMessageContaining("Infinity");
    assertThatThrownBy(() -> DetectorFile.write(dir.resolve("w.gidet"), "x", arch, w,
        ModelProvenance.ofNotes(Map.of())))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("fc.bias");
  }

  /** Edits the header into the pre-pipeline form with the given sizes (as a file written before pipelines). */
  private static Consumer<ObjectNode> legacyPreprocessing(int resize, int crop) {
    return h -> {
      h.remove("preprocessing");
      ObjectNode p = ((ObjectNode) h.get("config")).putObject("preprocessing").put("resize", resize).put("crop", crop);
      p.putArray("mean").add(0.485).add(0.456).add(0.406);
      p.putArray("std").add(0.229).add(0.224).add(0.225);
    };
  }

  @Test
  void preprocessingSizesAreBoundedSoTheBatchCannotOverflow() throws IOException {
    for (int crop : new int[] {ReadLimits.MAX_INPUT_SIDE + 1, 1 << 20, 46_341, -3}) {
      Path f = craft("crop" + crop + ".gidet", legacyPreprocessing(0, crop), weights);
      assertThatThrownBy(() -> DetectorFile.read(f)).as("crop %d", crop).isInstanceOf(BadModelFileException.class)
          .hasMessageContaining(f.getFileName().toString()).hasMessageContaining("crop");
    }
    Path resize = craft("resize.gidet", legacyPreprocessing(Integer.MAX_VALUE, 64), weights);
    assertThatThrownBy(() -> DetectorFile.read(resize)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("resize");
    Path step = craft("step.gidet", h -> ((ObjectNode) h.at("/config/preprocessing/steps/1"))
        .put("size", ReadLimits.MAX_INPUT_SIDE + 1), weights);
    assertThatThrownBy(() -> DetectorFile.read(step)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("size");
    // The largest allowed input loads; a batch that would overflow an int is refused by name, not by a
    // NegativeArraySizeException.
    Path big = craft("big.gidet", legacyPreprocessing(0, ReadLimits.MAX_INPUT_SIDE), weights);
    assertThat(DetectorFile.read(big).architecture().preprocessing().width()).isEqualTo(ReadLimits.MAX_INPUT_SIDE);
    assertThatThrownBy(() -> DetectorFile.load(big, new InferenceOptions(1000, false)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("batchSize");
  }

  @Test
  void anArchitectureLargerThanTheFileIsRefusedBeforeAllocating() throws IOException {
    Path f = craft("wide.gidet", h -> ((ObjectNode) h.get("config")).put("width", 1024)
        .putArray("blocks").add(64).add(64).add(64).add(64), weights);
    assertThatThrownBy(() -> DetectorFile.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("wide.gidet").hasMessageContaining("more weights");
    Path g = craft("deep.gidet", h -> ((ObjectNode) h.get("config")).putArray("blocks").add(1).add(1)
        .add(Integer.MAX_VALUE).add(1), weights);
    assertThatThrownBy(() -> DetectorFile.read(g)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("deep.gidet").hasMessageContaining("blocks");
  }

  @Test
  void hostileSafetensorsShapesAndOffsetsAreRefusedByName() throws IOException {
    String[] headers = {
        "{\"t\":{\"dtype\":\"F16\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}",
        "{\"t\":{\"dtype\":\"BF16\",\"shape\":[3037000500,3037000500,4],\"data_offsets\":[0,8]}}",
        "{\"t\":{\"dtype\":\"F16\",\"shape\":[2147483647,2],\"data_offsets\":[0,8589934588]}}",
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}",
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}",
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[9223372036854775800,9223372036854775807]}}",
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} trailing",
        "{\"\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
    };
    for (int i = 0; i < headers.length; i++) {
      byte[] json = headers[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Path f = dir.resolve("hostile" + i + ".safetensors");
      ByteBuffer b = ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(json.length).put(json);
      Files.write(f, b.array());
      assertThatThrownBy(() -> SafeTensors.read(f)).as(headers[i]).isInstanceOf(BadModelFileException.class)
          .hasMessageStartingWith(f.toString());
    }
  }
}
