package org.genimage.eval.report;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalDouble;
import org.genimage.api.internal.Checks;

/**
 * One cell of a {@link ReportTable}: a text or a number with its format. The renderers decide how a
 * format looks in their medium (Markdown emphasis, a JSON number), so protocols describe values, not
 * markup.
 *
 * @param kind how the cell is shown
 * @param text the text of a text cell, empty for numbers
 * @param value the number of a numeric cell (NaN when missing), NaN for text
 */
public record ReportCell(Kind kind, String text, double value) {
  /** How a cell is shown. */
  public enum Kind {
    /** Plain text. */
    TEXT,
    /** Text set off strongly (Markdown bold), e.g. a total row's label. */
    STRONG,
    /** Text set off lightly (Markdown italics), e.g. a reference row's label. */
    EMPHASIS,
    /** A fraction shown as a percentage with one decimal ("n/a" when NaN). */
    PERCENT,
    /** A fraction shown with three decimals ("n/a" when NaN). */
    FRACTION,
    /** A published figure, already in percent, shown in italics (empty when missing). */
    PAPER_PERCENT
  }

  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a null kind or text
   */
  public ReportCell {
    Checks.notNull("kind", kind);
    Checks.notNull("text", text);
  }

  /**
   * A plain text cell.
   *
   * @param text the text
   * @return the cell
   */
  public static ReportCell text(String text) {
    return new ReportCell(Kind.TEXT, text, Double.NaN);
  }

  /**
   * A strongly set-off text cell.
   *
   * @param text the text
   * @return the cell
   */
  public static ReportCell strong(String text) {
    return new ReportCell(Kind.STRONG, text, Double.NaN);
  }

  /**
   * A lightly set-off text cell.
   *
   * @param text the text
   * @return the cell
   */
  public static ReportCell emphasis(String text) {
    return new ReportCell(Kind.EMPHASIS, text, Double.NaN);
  }

  /**
   * A fraction shown as a percentage.
   *
   * @param fraction the value in [0, 1], or NaN
   * @return the cell
   */
  public static ReportCell percent(double fraction) {
    return new ReportCell(Kind.PERCENT, "", fraction);
  }

  /**
   * A fraction shown with three decimals (an error rate).
   *
   * @param fraction the value, or NaN
   * @return the cell
   */
  public static ReportCell fraction(double fraction) {
    return new ReportCell(Kind.FRACTION, "", fraction);
  }

  /**
   * A published figure (see {@link PublishedResults}), in percent as the paper prints it.
   *
   * @param percent the figure, or empty where the paper has none
   * @return the cell
   */
  public static ReportCell paper(OptionalDouble percent) {
    return new ReportCell(Kind.PAPER_PERCENT, "", percent.orElse(Double.NaN));
  }

  /**
   * Whether the cell holds a number (possibly NaN) rather than text.
   *
   * @return true for the numeric kinds
   */
  public boolean isNumeric() {
    return kind == Kind.PERCENT || kind == Kind.FRACTION || kind == Kind.PAPER_PERCENT;
  }

  /**
   * The cell as plain text, without markup: what a sentence quoting the value prints.
   *
   * @return the formatted value or the text
   */
  public String format() {
    return switch (kind) {
      case TEXT, STRONG, EMPHASIS -> text;
      case PERCENT -> Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * value);
      case FRACTION -> Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
      case PAPER_PERCENT -> Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.1f", value);
    };
  }

  /**
   * The value as a fraction, for machine-readable output: percent and fraction cells as they are,
   * published percentages divided by 100.
   *
   * @return the fraction, NaN when missing or for text
   */
  public double asFraction() {
    // Through decimal so that 99.9 becomes 0.999, not 0.9990000000000001.
    return kind == Kind.PAPER_PERCENT && Double.isFinite(value)
        ? BigDecimal.valueOf(value).movePointLeft(2).doubleValue() : value;
  }
}
