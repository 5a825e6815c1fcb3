package org.genimage.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.genimage.api.BadArgumentException;
import org.genimage.eval.CellResult;
import org.genimage.eval.CellScores;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curve figures: what each chart's dataset holds (series, points) for hand-made cells, cells
 * whose curve is undefined left out and named, and every figure a decodable PNG.
 */
class CurveFiguresTest {
  @TempDir
  Path tmp;

  private static CellResult cell(String name, int[] labels, float... scores) {
    List<String> ids = java.util.stream.IntStream.range(0, labels.length)
        .mapToObj(i -> name + "/" + i).toList();
    return new CellResult("score-" + name, name, "train", "test", "sha256:00", "clean", "none",
        BinaryEvaluation.of(labels, scores, ProtocolSettings.defaults().evaluation()),
        new CellScores("score-" + name, "print", ids, labels, scores, List.of()));
  }

  /** Four images, perfectly ranked: ROC (0,0) (0,.5) (0,1) (.5,1) (1,1). */
  private static final CellResult PERFECT = cell("perfect", new int[] {0, 0, 1, 1},
      0.1f, 0.2f, 0.8f, 0.9f);
  /** One real above one fake. */
  private static final CellResult MIXED = cell("mixed", new int[] {0, 0, 1, 1},
      0.1f, 0.7f, 0.6f, 0.9f);
  /** Fakes only: no ROC curve, no false positive rate. */
  private static final CellResult FAKES_ONLY = cell("fakes", new int[] {1, 1}, 0.6f, 0.9f);
  /** A logit, not a probability: no reliability diagram. */
  private static final CellResult LOGITS = cell("logits", new int[] {0, 1}, -2f, 3f);

  private static Map<String, CellResult> named(CellResult... cells) {
    Map<String, CellResult> m = new LinkedHashMap<>();
    for (CellResult c : cells) {
      m.put(c.detector(), c);
    }
    return m;
  }

  private static String subtitles(JFreeChart chart) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      if (chart.getSubtitle(i) instanceof TextTitle t) {
        sb.append(t.getText());
      }
    }
    return sb.toString();
  }

  @Test
  void rocHasOneSeriesPerCellWithBothClasses() {
    JFreeChart chart = CurveFigures.rocChart("ROC", named(PERFECT, MIXED, FAKES_ONLY));
    XYDataset d = chart.getXYPlot().getDataset();
    assertThat(d.getSeriesCount()).isEqualTo(2);
    assertThat(d.getSeriesKey(0)).isEqualTo("perfect");
    assertThat(d.getSeriesKey(1)).isEqualTo("mixed");
    // perfect: thresholds +inf, 0.9, 0.8, 0.2, 0.1
    assertThat(d.getItemCount(0)).isEqualTo(5);
    double[][] expected = {{0, 0}, {0, 0.5}, {0, 1}, {0.5, 1}, {1, 1}};
    for (int i = 0; i < 5; i++) {
      assertThat(d.getXValue(0, i)).isEqualTo(expected[i][0]);
      assertThat(d.getYValue(0, i)).isEqualTo(expected[i][1]);
    }
    // mixed: 0.9 F, 0.7 R, 0.6 F, 0.1 R
    assertThat(d.getXValue(1, 2)).isEqualTo(0.5);
    assertThat(d.getYValue(1, 2)).isEqualTo(0.5);
    assertThat(subtitles(chart)).contains("not drawn", "fakes");
  }

  @Test
  void precisionRecallLeavesOutOnlyCellsWithoutFakes() {
    CellResult realsOnly = cell("reals", new int[] {0, 0}, 0.1f, 0.4f);
    JFreeChart chart = CurveFigures.precisionRecallChart("PR",
        named(PERFECT, FAKES_ONLY, realsOnly));
    XYDataset d = chart.getXYPlot().getDataset();
    assertThat(d.getSeriesCount()).isEqualTo(2);
    // perfect: recall 1 at every threshold up to 0.8, precision 0.5, 2/3, 1, 1, then (r 0, p 1)
    assertThat(d.getItemCount(0)).isEqualTo(5);
    assertThat(d.getXValue(0, 0)).isEqualTo(1.0);
    assertThat(d.getYValue(0, 0)).isEqualTo(0.5);
    assertThat(d.getXValue(0, 4)).isEqualTo(0.0);
    assertThat(subtitles(chart)).contains("reals").doesNotContain("perfect");
  }

  @Test
  void reliabilityDrawsTheNonEmptyBinsOfEachProbabilityCell() {
    JFreeChart chart = CurveFigures.reliabilityChart("Reliability", named(PERFECT, MIXED, LOGITS),
        2);
    XYDataset d = chart.getXYPlot().getDataset();
    assertThat(d.getSeriesCount()).isEqualTo(2);
    // perfect, 2 bins: [0, .5] holds the reals (mean .15, no fake), (.5, 1] the fakes (mean .85)
    assertThat(d.getItemCount(0)).isEqualTo(2);
    assertThat(d.getXValue(0, 0)).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(d.getYValue(0, 0)).isEqualTo(0.0);
    assertThat(d.getXValue(0, 1)).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(d.getYValue(0, 1)).isEqualTo(1.0);
    // mixed: the high bin holds 0.7 R, 0.6 F, 0.9 F: two fakes of three
    assertThat(d.getYValue(1, 1)).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(subtitles(chart)).contains("logits");
  }

  @Test
  void robustnessHasOneLinePerDetectorInPercentOverTheLevels() {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("resnet", new double[] {1.0, 0.9, 0.6});
    series.put("spec", new double[] {0.95, Double.NaN, 0.5});
    CurveFigures.Lines lines = new CurveFigures.Lines("AUC under jpeg", "JPEG quality", "AUC",
        List.of("100", "70", "30"), series);
    CategoryDataset d = CurveFigures.robustnessChart(lines).getCategoryPlot().getDataset();
    assertThat(d.getRowCount()).isEqualTo(2);
    assertThat(d.getColumnKeys()).containsExactly("100", "70", "30");
    assertThat(d.getValue("resnet", "70").doubleValue()).isEqualTo(90.0);
    assertThat(d.getValue("spec", "70")).isNull();
    assertThatThrownBy(() -> new CurveFigures.Lines("t", "x", "AUC", List.of("100"), series))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("one per level");
  }

  @Test
  void everyCurveFigureIsADecodablePng() throws IOException {
    Map<String, double[]> series = Map.of("resnet", new double[] {1.0, 0.7});
    List<ReportFigure> figures = List.of(
        CurveFigures.roc("ROC", named(PERFECT, MIXED, FAKES_ONLY)),
        CurveFigures.precisionRecall("PR", named(PERFECT, MIXED)),
        CurveFigures.reliability("Reliability", named(PERFECT, LOGITS), 15),
        CurveFigures.robustness("Robust", new CurveFigures.Lines("AUC", "level", "AUC",
            List.of("a", "b"), series)));
    for (ReportFigure f : figures) {
      Path png = tmp.resolve(f.fileName());
      f.writePng(png);
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(f.title()).isNotNull();
      assertThat(image.getWidth()).isGreaterThanOrEqualTo(500);
    }
    assertThatThrownBy(() -> CurveFigures.roc("empty", Map.of()))
        .isInstanceOf(BadArgumentException.class);
  }
}
