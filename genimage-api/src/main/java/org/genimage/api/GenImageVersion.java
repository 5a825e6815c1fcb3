package org.genimage.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library's version, as recorded in saved detectors and results. */
public final class GenImageVersion {
  private static final String VERSION = read();

  private GenImageVersion() {}

  /**
   * The version of genimage-api on the class path.
   *
   * @return a version such as {@code "0.1.0"}
   */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = GenImageVersion.class.getResourceAsStream("genimage-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
