package org.genimage.dataset;

import java.util.Locale;
import org.genimage.api.Label;

/**
 * CNNDetection-style trees: {@code <generator or category>/{0_real,1_fake}/...}, with
 * {@code train}/{@code val}/{@code test} folders where present, and the plain {@code real}/{@code fake}
 * folder names of collections built after it. Its generator and category folder names belong to no
 * release, so they stay unknown until the user maps them ({@link TreeScanner.Builder#mapFolder}).
 */
final class CnnDetectionLayout implements LayoutRules {
  @Override
  public Label label(String folder) {
    return switch (folder.toLowerCase(Locale.ROOT)) {
      case "1_fake", "fake" -> Label.FAKE;
      case "0_real", "real" -> Label.REAL;
      default -> null;
    };
  }

  @Override
  public Split split(String folder) {
    return Split.fromFolder(folder).orElse(null);
  }
}
