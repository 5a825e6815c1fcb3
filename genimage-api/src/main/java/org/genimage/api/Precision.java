package org.genimage.api;

import java.util.Locale;

/**
 * The arithmetic a loaded detector's forward pass runs in ({@link LoadOptions#precision()}). Lower precisions trade
 * a small, measured change of the scores for speed on CPUs with instructions for them; a provider that cannot run
 * a precision on this machine says so in its engine description and runs {@link #FP32}.
 */
public enum Precision {
  /** 32-bit floats throughout: the reference every other precision is compared with. */
  FP32,
  /**
   * bfloat16 weights and activations in convolutions and matrix products, accumulated in 32-bit floats; the first
   * and last layers and the normalisations stay in 32-bit floats. Needs AVX512_BF16 or AMX on x86.
   */
  BF16,
  /**
   * 8-bit integers in convolutions (u8 or s8 activations with one scale each, s8 weights with one scale per output
   * channel, 32-bit integer accumulation), with activation scales from ranges collected on calibration images
   * stored in the detector; the first and last layers, normalisations and matrix products stay in 32-bit floats.
   * Needs VNNI or AMX on x86.
   */
  INT8;

  /**
   * The precision a name gives.
   *
   * @param parameter what the name came from, for the error
   * @param name {@code fp32}, {@code bf16} or {@code int8}, case-insensitive
   * @return the precision
   * @throws BadArgumentException naming the parameter when the name gives no precision
   */
  public static Precision parse(String parameter, String name) {
    String v = name == null ? "" : name.trim();
    for (Precision p : values()) {
      if (p.name().equalsIgnoreCase(v)) {
        return p;
      }
    }
    throw new BadArgumentException(parameter, v, "one of fp32, bf16, int8");
  }

  /**
   * The lower-case name used on command lines and in reports.
   *
   * @return e.g. {@code bf16}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
