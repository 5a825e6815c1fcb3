/**
 * Reports of evaluation results: {@link org.genimage.eval.report.Report} writes Markdown, CSV, JSON
 * and PNG figures ({@link org.genimage.eval.report.Figures}: cross-generator heatmaps, bar charts
 * for degraded, class-count and cross-content results, score histograms); other modules add figures
 * through {@link org.genimage.eval.report.ReportFigure}. {@link
 * org.genimage.eval.report.PublishedResults} ships the GenImage paper's tables and prints them
 * beside runs that match a published setting.
 *
 * <pre>{@code
 * Report.builder(result).figure(extraFigure).build().writeTo(Path.of("report"));
 * }</pre>
 */
package org.genimage.eval.report;
