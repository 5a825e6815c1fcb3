package org.genimage.dataset.sim;

import java.util.Map;
import org.genimage.api.Generator;

/**
 * The names the GenImage release gives each subset's generated files, for the simulated maker to write
 * the same (see {@link org.genimage.dataset.FileNames} for the reading side and where the patterns
 * were seen). A custom generator gets the common {@code <class, 3 digits>_<tag>_<number, 5 digits>.png}.
 */
final class ReleaseNames {
  // Format arguments: 1 = class, 2 = number, 3 = a two-digit group standing for the middle field of
  // GLIDE's and VQDM's names (00, 02, 08 in the release; its meaning is not published).
  private static final Map<Generator, String> FORMATS = Map.of(
      Generator.SD_V1_4, "%1$03d_sdv4_%2$05d.png",
      Generator.SD_V1_5, "%1$03d_sdv5_%2$05d.png",
      Generator.MIDJOURNEY, "%1$d_midjourney_%2$d.png",
      Generator.ADM, "%1$d_adm_%2$d.PNG",
      Generator.BIGGAN, "%1$03d_biggan_%2$05d.png",
      Generator.WUKONG, "%1$d_wukong_image%2$d.png",
      Generator.GLIDE, "GLIDE_1000_200_%3$02d_%1$03d_glide_%2$05d.png",
      Generator.VQDM, "VQDM_1000_200_%3$02d_%1$03d_vqdm_%2$05d.png");

  private ReleaseNames() {}

  /**
   * A generated file's name.
   *
   * @param generator the generator
   * @param cls the ImageNet class, 0..999
   * @param number the file's number within its folder
   * @return the name as the release would give it
   */
  static String generated(Generator generator, int cls, int number) {
    String format = FORMATS.get(generator);
    if (format == null) {
      String tag = generator.fileTag().isEmpty() ? generator.id() : generator.fileTag();
      return String.format("%03d_%s_%05d.png", cls, tag, number);
    }
    return String.format(format, cls, number, number % 10);
  }
}
