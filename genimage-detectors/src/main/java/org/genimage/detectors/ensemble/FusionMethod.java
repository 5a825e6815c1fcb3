package org.genimage.detectors.ensemble;

import java.util.Locale;
import org.genimage.api.BadArgumentException;

/** How an ensemble fuses its members' logits of FAKE. */
public enum FusionMethod {
  /** The mean of the members' logits. */
  MEAN,
  /** The largest member logit: FAKE as soon as any member is sure (more false alarms, fewer misses). */
  MAX,
  /** Logistic regression on the members' logits, fitted on validation data. */
  STACKING;

  /**
   * The name stored in files and given on the command line.
   *
   * @return {@code mean}, {@code max} or {@code stacking}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a method's name.
   *
   * @param parameter the parameter's name, for the message
   * @param text {@code mean}, {@code max} or {@code stacking}, any case
   * @return the method
   * @throws BadArgumentException for another name
   */
  public static FusionMethod parse(String parameter, String text) {
    for (FusionMethod m : values()) {
      if (m.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return m;
      }
    }
    throw new BadArgumentException(parameter, text, "mean, max or stacking");
  }
}
