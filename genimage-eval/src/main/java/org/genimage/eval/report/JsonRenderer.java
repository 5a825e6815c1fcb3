package org.genimage.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.genimage.api.BiasControl;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.ConfidenceInterval;
import org.genimage.eval.metrics.FormatBaseline;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.metrics.SizeBaseline;

/**
 * Renders a {@link Report} as JSON: protocol, settings, provenance, every cell's metrics and
 * intervals, the paper's figure where matched, then the protocol's {@link ReportContent}: its data
 * members, sections (tables with numbers as fractions), summary and notes. NaN and infinities are
 * written as null. Scores are not included (the run directory has them). Every cell has a {@code
 * formatBaseline} member: null where its images are of one format, else the format-only AUC with
 * its interval, counts and warning (see {@link FormatBaseline}); a top-level {@code
 * formatBaselineNote} explains it when some cell has one. Likewise {@code sizeBaseline} (null where
 * the images are of one size or their sizes were not recorded, else the size-only AUC with its
 * interval, exact-size overlaps, per-class sizes and warning; see {@link SizeBaseline}) and {@code
 * sizeBaselineNote}.
 */
final class JsonRenderer {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonRenderer() {}

  static String render(Report report) {
    ExperimentResult result = report.result();
    ReportContent content = report.content();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("title", report.title());
    root.put("protocol", result.protocol());
    root.set("settings", MAPPER.valueToTree(result.settings().describe()));
    root.put("biasControl", result.settings().biasControl().text());
    root.put("biasControlExplained", result.settings().biasControl().explain());
    root.set("provenance", MAPPER.valueToTree(result.provenance()));
    ArrayNode cells = root.putArray("cells");
    for (CellResult c : result.cells()) {
      cell(cells.addObject(), c, content.paperAccuracy().apply(c),
          result.settings().biasControl());
    }
    content.data().forEach((k, v) -> root.set(k, finite(MAPPER.valueToTree(v))));
    for (BaselineKind k : BaselineKind.values()) {
      if (k.anyIn(result)) {
        root.put(k.jsonMember + "Note", k.explained(result.settings().biasControl()));
      }
    }
    if (content.fakeOrJpegNote()) {
      root.put("fakeOrJpegNote", PublishedResults.get().fakeOrJpegNote());
    }
    if (!content.sections().isEmpty()) {
      ArrayNode sections = root.putArray("sections");
      content.sections().forEach(s -> section(sections.addObject(), s));
    }
    if (!content.summary().isEmpty()) {
      content.summary().forEach(root.putArray("summary")::add);
    }
    if (!content.notes().isEmpty()) {
      content.notes().forEach(root.putArray("notes")::add);
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void cell(ObjectNode n, CellResult c, OptionalDouble paper,
      BiasControl bias) {
    n.put("cellId", c.cellId());
    n.put("detector", c.detector());
    n.put("trainedOn", c.trainedOn());
    n.put("testSet", c.testSet());
    n.put("testManifestHash", c.testManifestHash());
    n.put("condition", c.condition());
    n.put("conditionDescription", c.conditionDescription());
    BinaryEvaluation e = c.evaluation();
    n.put("samples", e.samples());
    n.put("realSamples", e.realSamples());
    n.put("fakeSamples", e.fakeSamples());
    n.put("threshold", e.threshold());
    ObjectNode metrics = n.putObject("metrics");
    for (Map.Entry<MetricId, Double> m : e.metrics().entrySet()) {
      putNumber(metrics, m.getKey().id(), m.getValue());
    }
    ObjectNode intervals = n.putObject("intervals");
    e.intervals().forEach((m, ci) -> putInterval(intervals.putObject(m.id()), ci));
    formatBaseline(n, c, bias);
    sizeBaseline(n, c, bias);
    if (e.oracleAccuracy().isPresent()) {
      n.put("oracleThreshold", e.oracleThreshold());
      n.put("oracleNote", "threshold tuned on the test labels: not a deployable figure");
    }
    ArrayNode skipped = n.putArray("skipped");
    c.skipped().forEach(k -> skipped.addObject().put("sampleId", k.sampleId())
        .put("path", k.path()).put("problem", k.problem()));
    if (paper.isPresent()) {
      n.put("paperAccuracyPercent", paper.getAsDouble());
    }
  }

  private static void putInterval(ObjectNode i, ConfidenceInterval ci) {
    putNumber(i, "lower", ci.lower());
    putNumber(i, "upper", ci.upper());
    i.put("level", ci.level());
    i.put("replicates", ci.replicates());
    i.put("seed", ci.seed());
  }

  /**
   * A cell's baseline of one kind, always written, null where the cell has none, so readers need
   * not guess.
   *
   * @return the baseline's object for the kind's own members, or null
   */
  private static ObjectNode baseline(ObjectNode n, CellResult c, BaselineKind kind,
      BiasControl bias) {
    Optional<BaselineView> view = kind.of(c, bias);
    if (view.isEmpty()) {
      n.putNull(kind.jsonMember);
      return null;
    }
    BaselineView b = view.get();
    ObjectNode o = n.putObject(kind.jsonMember);
    putNumber(o, "rocAuc", b.rocAuc());
    b.interval().ifPresent(ci -> putInterval(o.putObject("interval"), ci));
    o.put("separation", b.separation());
    o.put(kind.separatesMember, b.separates());
    return o;
  }

  /** The members after the common ones: the warning last among the baseline's own numbers. */
  private static void warning(ObjectNode o, BaselineView b) {
    if (b.warning().isPresent()) {
      o.put("warning", b.warning().get());
    } else {
      o.putNull("warning");
    }
  }

  private static void formatBaseline(ObjectNode n, CellResult c, BiasControl bias) {
    ObjectNode o = baseline(n, c, BaselineKind.FORMAT, bias);
    if (o == null) {
      return;
    }
    FormatBaseline b = c.formatBaseline().orElseThrow();
    warning(o, BaselineView.of(b));
    ObjectNode real = o.putObject("real");
    real.put("lossless", b.realLossless());
    real.put("lossy", b.realLossy());
    ObjectNode fake = o.putObject("fake");
    fake.put("lossless", b.fakeLossless());
    fake.put("lossy", b.fakeLossy());
    o.put("unknownFormat", b.unknown());
  }

  private static void sizeBaseline(ObjectNode n, CellResult c, BiasControl bias) {
    ObjectNode o = baseline(n, c, BaselineKind.SIZE, bias);
    if (o == null) {
      return;
    }
    SizeBaseline b = c.sizeBaseline().orElseThrow();
    o.put("fakeExactSizeOverlap", b.fake().sharedSizeShare());
    o.put("realExactSizeOverlap", b.real().sharedSizeShare());
    warning(o, BaselineView.of(b, bias));
    classSizes(o.putObject("real"), b.real());
    classSizes(o.putObject("fake"), b.fake());
  }

  private static void classSizes(ObjectNode o, SizeBaseline.ClassSizes s) {
    o.put("images", s.images());
    o.put("distinctSizes", s.distinctSizes());
    o.put("mostCommonSize", s.mostCommonSize());
    o.put("mostCommonCount", s.mostCommonCount());
    o.put("minPixels", s.minPixels());
    o.put("maxPixels", s.maxPixels());
    o.put("sharedSizeImages", s.sharedSizeImages());
  }

  private static void section(ObjectNode n, ReportSection s) {
    n.put("title", s.title());
    if (!s.paragraphs().isEmpty()) {
      s.paragraphs().forEach(n.putArray("paragraphs")::add);
    }
    s.table().ifPresent(t -> {
      ObjectNode table = n.putObject("table");
      t.header().forEach(table.putArray("header")::add);
      ArrayNode rows = table.putArray("rows");
      for (var row : t.rows()) {
        ArrayNode r = rows.addArray();
        for (ReportCell c : row) {
          if (!c.isNumeric()) {
            r.add(c.text());
          } else if (Double.isFinite(c.asFraction())) {
            r.add(c.asFraction());
          } else {
            r.addNull();
          }
        }
      }
    });
  }

  /** Jackson writes NaN as a bare token, which is not JSON: replaces non-finite numbers by null. */
  private static JsonNode finite(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        e.setValue(finite(e.getValue()));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = (ArrayNode) n;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, finite(a.get(i)));
      }
      return a;
    }
    if (n.isNumber() && !Double.isFinite(n.doubleValue())) {
      return MAPPER.nullNode();
    }
    return n;
  }

  private static void putNumber(ObjectNode n, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(key);
    } else {
      n.put(key, v);
    }
  }
}
