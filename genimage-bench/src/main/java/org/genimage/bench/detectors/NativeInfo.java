package org.genimage.bench.detectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which native libraries the JVM actually loaded, read from {@code /proc/self/maps}, and the CPU model. */
public final class NativeInfo {
  private NativeInfo() {}

  /**
   * The loaded {@code libnd4jcpu.so} (path), to verify which ND4J classifier is in use.
   *
   * @return the path, or "not loaded"
   */
  public static String nd4jLibrary() {
    for (String lib : loaded()) {
      if (lib.endsWith("libnd4jcpu.so")) {
        return lib;
      }
    }
    return "not loaded";
  }

  /**
   * Paths of loaded shared objects whose names mention nd4j, dnnl, openblas or gomp.
   *
   * @return the paths
   */
  public static Set<String> loaded() {
    Set<String> out = new LinkedHashSet<>();
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/maps"))) {
        int i = l.indexOf('/');
        if (i >= 0) {
          String p = l.substring(i);
          if (p.contains("nd4j") || p.contains("dnnl") || p.contains("openblas") || p.contains("gomp")) {
            out.add(p);
          }
        }
      }
    } catch (IOException e) {
      out.add("unreadable /proc/self/maps: " + e.getMessage());
    }
    return out;
  }

  /**
   * The CPU model from {@code /proc/cpuinfo}.
   *
   * @return the model name
   */
  public static String cpu() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}
