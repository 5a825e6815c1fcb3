/**
 * Reports of evaluation results: {@link org.genimage.eval.report.Report} writes Markdown, CSV, JSON
 * and PNG figures. What every result shares (settings, a table of every cell's metrics, score
 * histograms, notes, provenance) is rendered for any {@link org.genimage.eval.ExperimentResult}; a
 * result that is {@link org.genimage.eval.report.Reportable} adds its protocol's part as a {@link
 * org.genimage.eval.report.ReportContent} (titled {@link org.genimage.eval.report.ReportSection}s
 * with {@link org.genimage.eval.report.ReportTable}s, a summary, the paper's figure per cell,
 * figures, notes, JSON data), so a new protocol needs no change here. {@link
 * org.genimage.eval.report.Figures} draws heatmaps, accuracy bars and score histograms; other
 * modules add figures through {@link org.genimage.eval.report.ReportFigure}. {@link
 * org.genimage.eval.report.PublishedResults} ships the GenImage paper's tables.
 *
 * <pre>{@code
 * Report.builder(result).figure(extraFigure).build().writeTo(Path.of("report"));
 * }</pre>
 */
package org.genimage.eval.report;
