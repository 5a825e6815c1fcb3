package org.genimage.detectors.onednn;

import java.util.Optional;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.dnnl_version_t;

/**
 * Whether {@code org.bytedeco:dnnl}'s native library loads on this machine. Loading is tried once; on a
 * platform without the native jar the answer is a reason, never an error.
 */
public final class OneDnn {
  private static final Optional<String> PROBLEM = probe();

  private OneDnn() {}

  private static Optional<String> probe() {
    try {
      dnnl_version_t v = dnnl.dnnl_version();
      if (v == null || v.isNull()) {
        return Optional.of("dnnl_version() returned nothing");
      }
      return Optional.empty();
    } catch (LinkageError | RuntimeException e) {
      // UnsatisfiedLinkError, NoClassDefFoundError or ExceptionInInitializerError when the native jar for this
      // platform is missing: the caller falls back to SameDiff and reports this reason.
      return Optional.of("oneDNN (org.bytedeco:dnnl) cannot be loaded: " + e);
    }
  }

  /**
   * Whether the library is usable.
   *
   * @return true when oneDNN loaded
   */
  public static boolean available() {
    return PROBLEM.isEmpty();
  }

  /**
   * Why the library is not usable.
   *
   * @return the reason, empty when {@link #available()}
   */
  public static Optional<String> problem() {
    return PROBLEM;
  }

  /**
   * The loaded library's version, e.g. {@code 2.5.2}.
   *
   * @return the version
   * @throws UnsupportedGraphException when the library is not available
   */
  public static String version() {
    requireAvailable();
    dnnl_version_t v = dnnl.dnnl_version();
    return v.major() + "." + v.minor() + "." + v.patch();
  }

  static void requireAvailable() {
    PROBLEM.ifPresent(p -> {
      throw new UnsupportedGraphException(p);
    });
  }
}
