package org.genimage.eval.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;

/**
 * What a protocol contributes to its report, in terms every renderer understands: the Markdown
 * report shows all of it, the CSV shows the paper's figure per cell, the JSON shows the sections'
 * tables, the summary, the notes and the extra data. Build it with {@link #builder(ExperimentResult)},
 * which starts from what any result gets.
 *
 * @param title the default title (the caller's {@link Report.Builder#title} wins)
 * @param sections titled sections shown before the table of every cell's metrics
 * @param summary paragraphs shown right after that table (e.g. averages over cells)
 * @param paperAccuracy the paper's accuracy in percent for a cell that matches a published
 *     setting, empty otherwise
 * @param notes the protocol's own notes, shown with the report's notes
 * @param figures the protocol's figures, drawn before the score histograms
 * @param data extra top-level JSON members (values Jackson can serialise; NaN is written as null)
 * @param fakeOrJpegNote whether the "Fake or JPEG?" note on the release's format and size biases
 *     applies to this result
 */
public record ReportContent(String title, List<ReportSection> sections, List<String> summary,
    Function<CellResult, OptionalDouble> paperAccuracy, List<String> notes,
    List<ReportFigure> figures, Map<String, Object> data, boolean fakeOrJpegNote) {
  /**
   * Validates and copies the components.
   *
   * @throws org.genimage.api.BadArgumentException for a blank title or a null component
   */
  public ReportContent {
    Checks.notBlank("title", title);
    sections = List.copyOf(Checks.notNull("sections", sections));
    summary = List.copyOf(Checks.notNull("summary", summary));
    Checks.notNull("paperAccuracy", paperAccuracy);
    notes = List.copyOf(Checks.notNull("notes", notes));
    figures = List.copyOf(Checks.notNull("figures", figures));
    data = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull("data", data)));
  }

  /**
   * The content of a result that adds nothing of its own.
   *
   * @param result the result
   * @return the generic content
   */
  public static ReportContent of(ExperimentResult result) {
    return result instanceof Reportable r ? r.reportContent() : builder(result).build();
  }

  /**
   * A builder starting from the generic content: the title "{@code <protocol>} evaluation of
   * {@code <detector>}", no sections, no paper figures, and the "Fake or JPEG?" note when a cell was
   * trained or tested on a GenImage subset.
   *
   * @param result the result described
   * @return a new builder
   */
  public static Builder builder(ExperimentResult result) {
    return new Builder(Checks.notNull("result", result));
  }

  /** Builds a {@link ReportContent}; everything is optional. */
  public static final class Builder {
    private String title;
    private final List<ReportSection> sections = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();
    private Function<CellResult, OptionalDouble> paperAccuracy = c -> OptionalDouble.empty();
    private final List<String> notes = new ArrayList<>();
    private final List<ReportFigure> figures = new ArrayList<>();
    private final Map<String, Object> data = new LinkedHashMap<>();
    private boolean fakeOrJpegNote;

    private Builder(ExperimentResult result) {
      this.title = result.protocol() + " evaluation of " + result.cells().get(0).detector();
      // The biases concern the GenImage release's subsets, which the cell names reveal.
      this.fakeOrJpegNote = result.cells().stream().anyMatch(c -> PublishedResults
          .generatorOf(c.testSet()).isPresent() || PublishedResults.generatorOf(c.trainedOn())
          .isPresent());
    }

    /**
     * The default title.
     *
     * @param value the title
     * @return this builder
     */
    public Builder title(String value) {
      this.title = Checks.notBlank("title", value);
      return this;
    }

    /**
     * Adds a section, shown before the table of every cell's metrics.
     *
     * @param section the section
     * @return this builder
     */
    public Builder section(ReportSection section) {
      sections.add(Checks.notNull("section", section));
      return this;
    }

    /**
     * Adds a paragraph shown after the table of every cell's metrics.
     *
     * @param paragraph the text
     * @return this builder
     */
    public Builder summary(String paragraph) {
      summary.add(Checks.notBlank("paragraph", paragraph));
      return this;
    }

    /**
     * How to find the paper's accuracy for a cell (default: never).
     *
     * @param lookup the paper's accuracy in percent, or empty
     * @return this builder
     */
    public Builder paperAccuracy(Function<CellResult, OptionalDouble> lookup) {
      this.paperAccuracy = Checks.notNull("paperAccuracy", lookup);
      return this;
    }

    /**
     * Adds a note.
     *
     * @param note the text
     * @return this builder
     */
    public Builder note(String note) {
      notes.add(Checks.notBlank("note", note));
      return this;
    }

    /**
     * Adds a figure.
     *
     * @param figure the figure
     * @return this builder
     */
    public Builder figure(ReportFigure figure) {
      figures.add(Checks.notNull("figure", figure));
      return this;
    }

    /**
     * Adds a top-level JSON member.
     *
     * @param key the member's name
     * @param value a value Jackson can serialise (maps, lists, arrays, numbers, strings, records)
     * @return this builder
     */
    public Builder data(String key, Object value) {
      data.put(Checks.notBlank("key", key), Checks.notNull("value", value));
      return this;
    }

    /**
     * Whether the "Fake or JPEG?" note applies (default: when a cell names a GenImage subset).
     *
     * @param applies true to show it
     * @return this builder
     */
    public Builder fakeOrJpegNote(boolean applies) {
      this.fakeOrJpegNote = applies;
      return this;
    }

    /**
     * Builds the content.
     *
     * @return the content
     */
    public ReportContent build() {
      return new ReportContent(title, sections, summary, paperAccuracy, notes, figures, data,
          fakeOrJpegNote);
    }
  }
}
