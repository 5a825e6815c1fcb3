package org.genimage.eval.report;

import java.util.List;
import java.util.Optional;
import org.genimage.api.internal.Checks;

/**
 * A titled section a protocol adds to its report, placed before the table of every cell's metrics:
 * paragraphs of text, then an optional table.
 *
 * @param title the heading
 * @param paragraphs text shown under the heading (Markdown inline markup allowed)
 * @param table the section's table, if any
 */
public record ReportSection(String title, List<String> paragraphs, Optional<ReportTable> table) {
  /**
   * Validates and copies the components.
   *
   * @throws org.genimage.api.BadArgumentException for a blank title or a null component
   */
  public ReportSection {
    Checks.notBlank("title", title);
    paragraphs = List.copyOf(Checks.notNull("paragraphs", paragraphs));
    Checks.notNull("table", table);
  }

  /**
   * A section holding one table.
   *
   * @param title the heading
   * @param table the table
   * @return the section
   */
  public static ReportSection of(String title, ReportTable table) {
    return new ReportSection(title, List.of(), Optional.of(Checks.notNull("table", table)));
  }

  /**
   * A section of text only.
   *
   * @param title the heading
   * @param paragraphs the text
   * @return the section
   */
  public static ReportSection text(String title, String... paragraphs) {
    return new ReportSection(title, List.of(paragraphs), Optional.empty());
  }
}
