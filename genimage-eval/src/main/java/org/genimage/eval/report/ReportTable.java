package org.genimage.eval.report;

import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A table of a report: a header and rows of {@link ReportCell}s, each row as wide as the header.
 *
 * @param header the column names
 * @param rows the rows, in order
 */
public record ReportTable(List<String> header, List<List<ReportCell>> rows) {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for an empty header or a row whose width differs from it
   */
  public ReportTable {
    header = List.copyOf(Checks.notEmpty("header", header));
    rows = Checks.notNull("rows", rows).stream().map(List::copyOf).toList();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).size() != header.size()) {
        throw new BadArgumentException("rows[" + i + "]", rows.get(i).size(),
            header.size() + " cells (the header's width)");
      }
    }
  }
}
