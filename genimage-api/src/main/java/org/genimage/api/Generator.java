package org.genimage.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.genimage.api.internal.Checks;

/**
 * An image generator: one of the eight GenImage subsets, or one the user defines.
 *
 * <p>For a {@link Label#FAKE} sample the generator is the model that made it. For a {@link Label#REAL}
 * sample it is the subset the photograph was paired with (GenImage ships real ImageNet images inside
 * every subset's {@code nature} folders), or {@link #UNKNOWN} when the collection has no subsets.
 *
 * @param id a stable, lower-case identifier used in files, manifests and reports ({@code "sd14"})
 * @param displayName the name the paper uses ({@code "Stable Diffusion V1.4"})
 * @param shortName the column header of the paper's tables ({@code "SD1.4"})
 * @param family the kind of model
 * @param nativeSize the side in pixels of the square images this generator outputs in GenImage, or 0
 *     when unknown or not square
 * @param releaseFolder the outer folder of this subset in the GenImage release, or "" for user-defined
 *     generators
 * @param subsetFolder the inner subset folder ({@code imagenet_ai_0419_sdv4}), or ""
 * @param fileTag the tag generated file names carry ({@code 033_sdv4_00152.png} has {@code sdv4}), or ""
 */
public record Generator(
    String id,
    String displayName,
    String shortName,
    Family family,
    int nativeSize,
    String releaseFolder,
    String subsetFolder,
    String fileTag) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** The kind of generative model. */
  public enum Family {
    /** A diffusion model (Midjourney, Stable Diffusion, ADM, GLIDE, Wukong, VQDM). */
    DIFFUSION,
    /** A generative adversarial network (BigGAN). */
    GAN,
    /** An autoregressive or other model, or not known. */
    OTHER
  }

  /** Midjourney V5, 1024x1024. */
  public static final Generator MIDJOURNEY = new Generator("midjourney", "Midjourney", "MJ",
      Family.DIFFUSION, 1024, "Midjourney", "imagenet_midjourney", "midjourney");
  /** Stable Diffusion V1.4, 512x512: the paper's main training subset. */
  public static final Generator SD_V1_4 = new Generator("sd14", "Stable Diffusion V1.4", "SD1.4",
      Family.DIFFUSION, 512, "stable_diffusion_v_1_4", "imagenet_ai_0419_sdv4", "sdv4");
  /** Stable Diffusion V1.5, 512x512. */
  public static final Generator SD_V1_5 = new Generator("sd15", "Stable Diffusion V1.5", "SD1.5",
      Family.DIFFUSION, 512, "stable_diffusion_v_1_5", "imagenet_ai_0424_sdv5", "sdv5");
  /** ADM (guided diffusion), 256x256. */
  public static final Generator ADM = new Generator("adm", "ADM", "ADM",
      Family.DIFFUSION, 256, "ADM", "imagenet_ai_0508_adm", "adm");
  /** GLIDE, 256x256. */
  public static final Generator GLIDE = new Generator("glide", "GLIDE", "GLIDE",
      Family.DIFFUSION, 256, "glide", "imagenet_glide", "glide");
  /** Wukong, 512x512. */
  public static final Generator WUKONG = new Generator("wukong", "Wukong", "Wukong",
      Family.DIFFUSION, 512, "wukong", "imagenet_ai_0424_wukong", "wukong");
  /** VQDM, 256x256. */
  public static final Generator VQDM = new Generator("vqdm", "VQDM", "VQDM",
      Family.DIFFUSION, 256, "VQDM", "imagenet_ai_0419_vqdm", "vqdm");
  /** BigGAN, 128x128: the only GAN in GenImage. */
  public static final Generator BIGGAN = new Generator("biggan", "BigGAN", "BigGAN",
      Family.GAN, 128, "BigGAN", "imagenet_ai_0419_biggan", "biggan");
  /** Stands for "no generator known" (for example real images of a collection without subsets). */
  public static final Generator UNKNOWN = new Generator("unknown", "Unknown", "?",
      Family.OTHER, 0, "", "", "");

  private static final List<Generator> GENIMAGE =
      List.of(MIDJOURNEY, SD_V1_4, SD_V1_5, ADM, GLIDE, WUKONG, VQDM, BIGGAN);

  /**
   * Validates the components.
   *
   * @throws BadArgumentException if the id is not lower-case letters, digits, '.', '_' or '-', a
   *     name is blank, a folder or tag is null, or the size is negative
   */
  public Generator {
    Checks.notNull("id", id);
    if (!ID.matcher(id).matches()) {
      throw new BadArgumentException("id", id,
          "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    Checks.notBlank("displayName", displayName);
    Checks.notBlank("shortName", shortName);
    Checks.notNull("family", family);
    Checks.nonNegative("nativeSize", nativeSize);
    Checks.notNull("releaseFolder", releaseFolder);
    Checks.notNull("subsetFolder", subsetFolder);
    Checks.notNull("fileTag", fileTag);
  }

  /**
   * Defines a generator that is not part of GenImage.
   *
   * @param id a lower-case identifier, unique among the generators a run uses
   * @param displayName the name shown in reports
   * @param family the kind of model
   * @return the new generator, with no release folder, file tag or native size
   */
  public static Generator custom(String id, String displayName, Family family) {
    return new Generator(id, displayName, displayName, family, 0, "", "", "");
  }

  /**
   * The eight GenImage generators in the paper's column order: MJ, SD1.4, SD1.5, ADM, GLIDE, Wukong,
   * VQDM, BigGAN.
   *
   * @return an immutable list
   */
  public static List<Generator> genImage() {
    return GENIMAGE;
  }

  /**
   * Finds a GenImage generator by its {@link #id()}, display name or short name, case-insensitively.
   *
   * @param name an id ({@code "sd14"}), display name or short name ({@code "SD1.4"})
   * @return the generator, or empty if none of the eight matches
   */
  public static Optional<Generator> lookup(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (Generator g : GENIMAGE) {
      if (g.id.equals(key)
          || g.displayName.toLowerCase(Locale.ROOT).equals(key)
          || g.shortName.toLowerCase(Locale.ROOT).equals(key)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds a GenImage generator by a release folder name, outer ({@code stable_diffusion_v_1_4}) or
   * inner ({@code imagenet_ai_0419_sdv4}), case-insensitively.
   *
   * @param folder the folder's name (not a path)
   * @return the generator, or empty if the name is not one of the release's folders
   */
  public static Optional<Generator> fromReleaseFolder(String folder) {
    if (folder == null) {
      return Optional.empty();
    }
    for (Generator g : GENIMAGE) {
      if (g.releaseFolder.equalsIgnoreCase(folder) || g.subsetFolder.equalsIgnoreCase(folder)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether this is one of the eight GenImage generators.
   *
   * @return true for the paper's generators
   */
  public boolean isGenImage() {
    return GENIMAGE.contains(this);
  }

  @Override
  public String toString() {
    return displayName;
  }
}
