package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NPR through the command line: {@code train --detector npr} (a small NPR given with {@code --detector-config})
 * trains and saves a detector file that {@code detect --model} loads and scores with, and the family is among the
 * names {@code train} offers.
 */
class NprCliTest {
  @TempDir
  Path tmp;

  @Test
  void trainsAndDetectsWithTheNprFamily() throws Exception {
    Path root = tmp.resolve("sim");
    Cli made = Cli.run("make-sim-dataset", root.toString(), "--size", "64", "--train-per-label", "4",
        "--val-per-label", "4", "--seed", "3", "-q");
    assertThat(made.code()).as(made.err()).isZero();
    Path config = tmp.resolve("npr.json");
    Files.writeString(config, "{\"npr\": {\"name\": \"npr-small\", \"width\": 8, \"blocks\": [1, 1],"
        + " \"preprocessing\": {\"resize\": 0, \"crop\": 64, \"mean\": [0.485, 0.456, 0.406],"
        + " \"std\": [0.229, 0.224, 0.225]}}}");
    Path model = tmp.resolve("npr.gidet");
    Cli train = Cli.run("train", "-q", "--detector", "npr", "--detector-config", config.toString(), "--data",
        root.toString(), "--generator", "biggan", "--epochs", "1", "--batch", "4", "-o", model.toString());
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out()).contains("trained npr on 8 images", "saved: ");
    assertThat(model).isRegularFile();

    Cli detect = Cli.run("detect", "--json", "-q", "--model", model.toString(),
        root.resolve("BigGAN/imagenet_ai_0419_biggan/val/ai").toString());
    assertThat(detect.code()).as(detect.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(detect.out());
    assertThat(doc.get("images")).hasSize(4);
    for (JsonNode row : doc.get("images")) {
      assertThat(row.get("probability").asDouble()).isBetween(0.0, 1.0);
    }

    Cli unknown = Cli.run("train", "--detector", "no-such-family", "--data", root.toString(), "-o",
        tmp.resolve("x.gidet").toString());
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains("npr");
  }
}
