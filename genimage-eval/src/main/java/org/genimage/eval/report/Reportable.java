package org.genimage.eval.report;

/**
 * A result that describes its own part of a report. {@link Report} renders every {@link
 * org.genimage.eval.ExperimentResult} the same way (settings, a table of every cell's metrics,
 * score histograms, notes, provenance) and asks a result that implements this interface for what
 * only its protocol knows: its title, sections and tables, figures, the paper's published figures
 * per cell, notes and extra JSON data. A new protocol implements this beside its result; the
 * writers do not change.
 *
 * <pre>{@code
 * record MyResult(...) implements ExperimentResult, Reportable {
 *   public ReportContent reportContent() {
 *     return ReportContent.builder(this).title("My protocol on " + detector)
 *         .section(ReportSection.of("Accuracy per x", table)).build();
 *   }
 * }
 * }</pre>
 */
public interface Reportable {
  /**
   * This result's own report content.
   *
   * @return the content
   */
  ReportContent reportContent();
}
