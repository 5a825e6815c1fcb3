package com.example;

import org.genimage.api.Generator;
import org.genimage.api.GenImageVersion;
import org.genimage.api.RgbImage;

/** Uses genimage-api from outside the reactor, resolved through the BOM. */
public final class ConsumerMain {
  private ConsumerMain() {}

  /**
   * Prints the library version and the GenImage generators.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("genimage " + GenImageVersion.get());
    for (Generator g : Generator.genImage()) {
      System.out.printf("%-8s %-24s %4d px  %s/%s%n", g.shortName(), g.displayName(),
          g.nativeSize(), g.releaseFolder(), g.subsetFolder());
    }
    System.out.println(RgbImage.filled(4, 4, 255, 0, 0));
  }
}
