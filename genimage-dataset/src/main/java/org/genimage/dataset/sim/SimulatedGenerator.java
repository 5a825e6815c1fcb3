package org.genimage.dataset.sim;

import java.util.List;
import org.genimage.api.Generator;
import org.genimage.api.internal.Checks;

/**
 * A simulated generator: the {@link Generator} whose folder names and file tag the written layout
 * uses, the artifact its images carry and how strongly.
 *
 * @param generator the generator the images are filed under (a GenImage one, so the layout uses the
 *     release's folder names, or one made with {@link Generator#custom})
 * @param artifact the artifact its images carry
 * @param strength how strong the artifact is, 0..4 (1 is the default; see {@link Artifact})
 */
public record SimulatedGenerator(Generator generator, Artifact artifact, double strength) {
  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException if a component is null or the strength is outside
   *     [0, 4]
   */
  public SimulatedGenerator {
    Checks.notNull("generator", generator);
    Checks.notNull("artifact", artifact);
    Checks.inRange("strength", strength, 0.0, 4.0);
  }

  /**
   * The same generator with another strength.
   *
   * @param newStrength 0..4
   * @return the copy
   */
  public SimulatedGenerator withStrength(double newStrength) {
    return new SimulatedGenerator(generator, artifact, newStrength);
  }

  /**
   * The default four simulated generators, one per artifact, filed under GenImage folders:
   * Stable Diffusion V1.4 = {@link Artifact#HIGH_FREQUENCY_DEFICIT}, BigGAN =
   * {@link Artifact#UPSAMPLE_X2}, VQDM = {@link Artifact#UPSAMPLE_X4}, Midjourney =
   * {@link Artifact#COLOUR_SHIFT}, all at strength 1.
   *
   * @return an immutable list in that order
   */
  public static List<SimulatedGenerator> defaults() {
    return List.of(
        new SimulatedGenerator(Generator.SD_V1_4, Artifact.HIGH_FREQUENCY_DEFICIT, 1.0),
        new SimulatedGenerator(Generator.BIGGAN, Artifact.UPSAMPLE_X2, 1.0),
        new SimulatedGenerator(Generator.VQDM, Artifact.UPSAMPLE_X4, 1.0),
        new SimulatedGenerator(Generator.MIDJOURNEY, Artifact.COLOUR_SHIFT, 1.0));
  }

  /**
   * All eight GenImage subsets, simulated (for the class-count test set, which draws from all
   * eight): Midjourney = colour shift 1.0, SD V1.4 = high-frequency deficit 1.0, SD V1.5 =
   * high-frequency deficit 0.8 (close to SD V1.4, as the real pair is), ADM = up-sampling x4 at 0.6,
   * GLIDE = up-sampling x2 at 0.6, Wukong = high-frequency deficit 1.3, VQDM = up-sampling x4 at 1.0,
   * BigGAN = up-sampling x2 at 1.0.
   *
   * @return an immutable list in the paper's column order
   */
  public static List<SimulatedGenerator> genImageEight() {
    return List.of(
        new SimulatedGenerator(Generator.MIDJOURNEY, Artifact.COLOUR_SHIFT, 1.0),
        new SimulatedGenerator(Generator.SD_V1_4, Artifact.HIGH_FREQUENCY_DEFICIT, 1.0),
        new SimulatedGenerator(Generator.SD_V1_5, Artifact.HIGH_FREQUENCY_DEFICIT, 0.8),
        new SimulatedGenerator(Generator.ADM, Artifact.UPSAMPLE_X4, 0.6),
        new SimulatedGenerator(Generator.GLIDE, Artifact.UPSAMPLE_X2, 0.6),
        new SimulatedGenerator(Generator.WUKONG, Artifact.HIGH_FREQUENCY_DEFICIT, 1.3),
        new SimulatedGenerator(Generator.VQDM, Artifact.UPSAMPLE_X4, 1.0),
        new SimulatedGenerator(Generator.BIGGAN, Artifact.UPSAMPLE_X2, 1.0));
  }
}
