package org.genimage.detectors.frequency;

import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.spec.Spec;

/** Reads a {@link FrequencyArchitecture} back from its saved properties. */
public final class FrequencyArchitectures {
  private FrequencyArchitectures() {
  }

  /**
   * The architecture a property map describes.
   *
   * @param properties as written by {@link FrequencyArchitecture#properties()}
   * @return the architecture
   * @throws BadArgumentException for an unknown family or a bad value
   */
  public static FrequencyArchitecture fromProperties(Map<String, String> properties) {
    Checks.notNull("properties", properties);
    String family = properties.getOrDefault("family", "");
    return switch (family) {
      case "spec" -> Spec.fromProperties(properties);
      case "gramnet" -> GramNet.fromProperties(properties);
      case "f3net" -> F3Net.fromProperties(properties);
      default -> throw new BadArgumentException("family", family, "spec, gramnet or f3net");
    };
  }

  /** Formats an int array as {@code "1,2,3"}. */
  static String ints(int[] a) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < a.length; i++) {
      b.append(i == 0 ? "" : ",").append(a[i]);
    }
    return b.toString();
  }

  /**
   * Parses {@code "1,2,3"}.
   *
   * @param name the property name, for the error
   * @param s the text
   * @return the values
   */
  public static int[] parseInts(String name, String s) {
    try {
      String[] parts = Checks.notNull(name, s).split(",");
      int[] a = new int[parts.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = Integer.parseInt(parts[i].trim());
      }
      return a;
    } catch (NumberFormatException e) {
      throw new BadArgumentException(name, s, "comma-separated integers");
    }
  }

  /**
   * Formats an int array as {@code "1,2,3"}.
   *
   * @param a the values
   * @return the text
   */
  public static String formatInts(int[] a) {
    return ints(a);
  }

  /**
   * Reads a required integer property.
   *
   * @param p the properties
   * @param key the key
   * @return the value
   */
  public static int intOf(Map<String, String> p, String key) {
    String v = p.get(key);
    try {
      return Integer.parseInt(Checks.notNull(key, v));
    } catch (NumberFormatException e) {
      throw new BadArgumentException(key, v, "an integer");
    }
  }

  /**
   * Reads a required double property.
   *
   * @param p the properties
   * @param key the key
   * @return the value
   */
  public static double doubleOf(Map<String, String> p, String key) {
    String v = p.get(key);
    try {
      return Double.parseDouble(Checks.notNull(key, v));
    } catch (NumberFormatException e) {
      throw new BadArgumentException(key, v, "a number");
    }
  }
}
