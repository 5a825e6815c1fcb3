package org.genimage.eval.report;

import java.util.List;
import java.util.Optional;
import org.genimage.api.BiasControl;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;

/**
 * The baselines reports give beside the detector's AUC, in their column order, and what is common
 * to showing them: whether any cell has one, which cells warn, and the Markdown note. The words of
 * each are in {@link FormatBaselines} and {@link SizeBaselines}.
 */
enum BaselineKind {
  /** The format-only AUC. */
  FORMAT("Format-only baseline", FormatBaselines.COLUMN, "formatBaseline", "formatSeparates"),
  /** The size-only AUC. */
  SIZE("Size-only baseline", SizeBaselines.COLUMN, "sizeBaseline", "sizeSeparates");

  /** The note's bold title. */
  final String title;
  /** The Markdown column. */
  final String column;
  /** The JSON member of a cell (and, with "Note", of the report). */
  final String jsonMember;
  /** The JSON member saying whether it warns. */
  final String separatesMember;

  BaselineKind(String title, String column, String jsonMember, String separatesMember) {
    this.title = title;
    this.column = column;
    this.jsonMember = jsonMember;
    this.separatesMember = separatesMember;
  }

  /**
   * A cell's baseline of this kind.
   *
   * @param c the cell
   * @param control the run's bias control, which the size-only warning's advice depends on
   * @return the baseline, or empty where the cell has none
   */
  Optional<BaselineView> of(CellResult c, BiasControl control) {
    return switch (this) {
      case FORMAT -> c.formatBaseline().map(BaselineView::of);
      case SIZE -> c.sizeBaseline().map(b -> BaselineView.of(b, control));
    };
  }

  /**
   * What the baseline is, for the Markdown note and the JSON.
   *
   * @param control the run's bias control
   * @return the explanation
   */
  String explained(BiasControl control) {
    return switch (this) {
      case FORMAT -> FormatBaselines.EXPLAINED;
      case SIZE -> SizeBaselines.explained(control);
    };
  }

  /** The note's line for a cell before the warnings, if this kind has one. */
  private Optional<String> cellLine(CellResult c) {
    return switch (this) {
      case FORMAT -> Optional.empty();
      case SIZE -> c.sizeBaseline().map(b -> "Exact-size overlap (" + c.cellId() + "): "
          + SizeBaselines.overlap(b));
    };
  }

  /**
   * Whether any cell has a baseline of this kind.
   *
   * @param result the result
   * @return true when some cell has one
   */
  boolean anyIn(ExperimentResult result) {
    return result.cells().stream().anyMatch(c -> of(c, BiasControl.none()).isPresent());
  }

  /**
   * The cells where this baseline alone separates the classes.
   *
   * @param result the result
   * @return those cells, in order
   */
  List<CellResult> warned(ExperimentResult result) {
    return result.cells().stream().filter(c -> of(c, BiasControl.none())
        .map(BaselineView::separates).orElse(false)).toList();
  }

  /**
   * The Markdown note: what the baseline is, any per-cell lines, then a warning per cell where it
   * separates.
   *
   * @param result the result
   * @return the note, empty when no cell has a baseline of this kind
   */
  Optional<String> note(ExperimentResult result) {
    if (!anyIn(result)) {
      return Optional.empty();
    }
    BiasControl control = result.settings().biasControl();
    StringBuilder s = new StringBuilder("**").append(title).append(".** ")
        .append(explained(control));
    for (CellResult c : result.cells()) {
      cellLine(c).ifPresent(l -> s.append("\n  - ").append(l).append('.'));
    }
    for (CellResult c : warned(result)) {
      s.append("\n  - **Warning** (").append(c.cellId()).append("): ")
          .append(of(c, control).flatMap(BaselineView::warning).orElseThrow()).append('.');
    }
    return Optional.of(s.toString());
  }
}
