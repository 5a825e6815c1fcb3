package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.ModelProvenance;
import org.genimage.api.TrainingProvenance;
import org.genimage.api.WeightsSource;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed provenance through detector files: written, read back, and read from files of the string-map format. */
class ProvenanceFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
  private final Map<String, NamedTensor> weights = arch.initialise(17);

  private static TrainingProvenance run() {
    return new TrainingProvenance("cnnspot", 99, 10, 6, 4, "sha256:aa", "sha256:bb",
        Map.of("auc", 0.75, "accuracy", Double.NaN), "oneDNN plan", WeightsSource.of(WeightsSource.Kind.INITIALISED),
        Map.of("optimizer.kind", "SGD", "batchSize", "32"));
  }

  @Test
  void typedProvenanceRoundTripsThroughADetectorFile() {
    ModelProvenance p = Provenances.of(arch, WeightsSource.of(WeightsSource.Kind.TRAINED), run(),
        Map.of("note", "kept"));
    Path f = dir.resolve("d.gidet");
    try (NetworkDetector d = NetworkDetector.create("d", arch, weights, p, InferenceOptions.defaults())) {
      assertThat(d.provenance()).isEqualTo(p);
      assertThat(d.info().modelProvenance()).isEqualTo(p);
      assertThat(d.info().provenance()).isEqualTo(p.asMap()).containsEntry("epochs.run", "6")
          .containsEntry("architecture.family", "resnet");
      d.save(f);
    }
    String digest = WeightDigest.sha256(weights.values());
    assertThat(DetectorFile.read(f).provenance()).isEqualTo(p.withWeightsSha256(digest));
    try (Detector loaded = Detectors.load(f)) {
      ModelProvenance q = loaded.info().modelProvenance();
      assertThat(q).isEqualTo(p.withWeightsSha256(digest));
      assertThat(q.trainingRun().orElseThrow().validation().get("accuracy")).isNaN();
      assertThat(q.architectureConfig()).containsEntry("width", Integer.toString(arch.config().width()));
    }
  }

  @Test
  void aFileWithTheOldStringMapProvenanceLoadsTyped() throws IOException {
    Path f = dir.resolve("old.gidet");
    ObjectNode header = JSON.createObjectNode();
    header.put("format", "genimage-detector");
    header.put("name", "old");
    header.put("family", arch.family());
    header.set("config", Architectures.configJson(arch));
    ObjectNode prov = header.putObject("provenance");
    // The keys SameDiffTrainer wrote before typed provenance.
    prov.put("genimage.version", "0.4.0");
    prov.put("architecture", "resnet-small");
    prov.put("trainer", "cnnspot");
    prov.put("trainer.engine", "SameDiff");
    prov.put("training.manifest", "sha256:11");
    prov.put("validation.manifest", "sha256:22");
    prov.put("seed", "7");
    prov.put("epochs.run", "3");
    prov.put("epoch.best", "2");
    prov.put("validation.auc", "0.5");
    prov.put("settings.epochs", "5");
    prov.put("settings.batchSize", "16");
    prov.put("note", "by hand");
    byte[] json = JSON.writeValueAsBytes(header);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer head = ByteBuffer.allocate(20 + json.length).order(ByteOrder.LITTLE_ENDIAN);
      head.put(DetectorFile.MAGIC).putInt(1).putLong(json.length).put(json).flip();
      ch.write(head);
      SafeTensors.write(ch, weights.values(), Map.of());
    }
    try (NetworkDetector d = DetectorFile.load(f, InferenceOptions.defaults())) {
      ModelProvenance p = d.provenance();
      assertThat(p.genimageVersion()).isEqualTo("0.4.0");
      assertThat(p.family()).isEqualTo("resnet");
      assertThat(p.weights().kind()).isEqualTo(WeightsSource.Kind.TRAINED);
      assertThat(p.weightsSha256()).isEqualTo(DetectorFile.UNVERIFIED);
      assertThat(p.notes()).containsExactly(Map.entry("note", "by hand"));
      TrainingProvenance t = p.trainingRun().orElseThrow();
      assertThat(t.trainer()).isEqualTo("cnnspot");
      assertThat(t.seed()).isEqualTo(7L);
      assertThat(t.epochs()).isEqualTo(5);
      assertThat(t.epochsRun()).isEqualTo(3);
      assertThat(t.bestEpoch()).isEqualTo(2);
      assertThat(t.trainingManifest()).isEqualTo("sha256:11");
      assertThat(t.validationManifest()).isEqualTo("sha256:22");
      assertThat(t.validation()).containsExactly(Map.entry("auc", 0.5));
      assertThat(t.config()).containsEntry("batchSize", "16");
      // The flat form keeps the old keys, so reports read the same.
      assertThat(d.info().provenance()).containsEntry("seed", "7").containsEntry("epochs.run", "3")
          .containsEntry("trainer", "cnnspot").containsEntry("note", "by hand");
      Path again = dir.resolve("again.gidet");
      d.save(again);
      try (NetworkDetector e = DetectorFile.load(again, InferenceOptions.defaults())) {
        assertThat(e.provenance()).isEqualTo(p.withWeightsSha256(WeightDigest.sha256(weights.values())));
      }
    }
  }

  @Test
  void importedWeightsRecordTheFileAndItsDigest() throws IOException, NoSuchAlgorithmException {
    Path st = dir.resolve("torch.safetensors");
    SafeTensors.write(st, weights.values(), Map.of());
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(st)));
    try (NetworkDetector d = NetworkDetector.importTorch("imp", arch, st, InferenceOptions.defaults())) {
      assertThat(d.provenance().weights()).isEqualTo(WeightsSource.imported("torch.safetensors", expected));
      assertThat(d.provenance().trainingRun()).isEmpty();
      assertThat(d.info().provenance()).containsEntry("weights.source", "imported")
          .containsEntry("weights.file.sha256", expected);
    }
  }
}
