package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelProvenanceTest {
  private static ModelProvenance full() {
    TrainingProvenance t = new TrainingProvenance("spec", 5, 9, 8, 6, "sha256:t", "", Map.of("auc", 0.5),
        "SameDiff", WeightsSource.imported("in.safetensors", "cd".repeat(32)), Map.of("optimizer.kind", "ADAM"));
    return new ModelProvenance("1.2.3", "spec", "spec-small", Map.of("side", "64"),
        WeightsSource.of(WeightsSource.Kind.TRAINED), "ef".repeat(32), t, Map.of("note", "n"));
  }

  @Test
  void theFlatFormReadsBackToTheSameRecord() {
    ModelProvenance p = full();
    Map<String, String> flat = p.asMap();
    assertThat(flat).containsEntry("seed", "5").containsEntry("settings.optimizer.kind", "ADAM")
        .containsEntry("architecture.config.side", "64").containsEntry("training.start", "imported")
        .doesNotContainKey("validation.manifest");
    assertThat(ModelProvenance.fromMap(flat)).isEqualTo(p);
    assertThat(new DetectorInfo("d", "a", 0, 1, true, flat, "Java").modelProvenance()).isEqualTo(p);
  }

  @Test
  void entriesThatDoNotParseStayNotes() {
    Map<String, String> odd = Map.of("trainer", "x", "seed", "not a number", "weights.source", "stolen",
        "other", "y");
    ModelProvenance p = ModelProvenance.fromMap(odd);
    assertThat(p.trainingRun()).isEmpty();
    assertThat(p.weights().kind()).isEqualTo(WeightsSource.Kind.UNKNOWN);
    assertThat(p.notes()).isEqualTo(odd);
    assertThat(p.asMap()).isEqualTo(odd);
  }

  @Test
  void onlyImportedWeightsNameAFile() {
    assertThatThrownBy(() -> new WeightsSource(WeightsSource.Kind.TRAINED, "f", ""))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("TRAINED");
  }
}
