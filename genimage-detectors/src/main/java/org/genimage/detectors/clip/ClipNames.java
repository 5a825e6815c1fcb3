package org.genimage.detectors.clip;

import java.util.Set;
import java.util.function.UnaryOperator;
import org.genimage.api.internal.Checks;

/**
 * Maps state-dict names of published CLIP and UnivFD checkpoints onto the names {@link UnivFd} uses (OpenAI's:
 * {@code visual.conv1.weight}, ..., and {@code fc.weight} / {@code fc.bias} for the probe). The tensors need no
 * change: open_clip's {@code VisionTransformer} (non-timm towers) keeps OpenAI's module names and layouts.
 *
 * <ul>
 *   <li>OpenAI CLIP ({@code clip.load(..., jit=False).state_dict()}) and open_clip
 *       ({@code create_model(...).state_dict()}): the tower under {@code visual.}, the text tower beside it
 *       (ignored, see {@link #isTextTower}).
 *   <li>UnivFD's {@code fc_weights.pth} ({@code model.fc.state_dict()}): {@code weight} and {@code bias}.
 *   <li>UnivFD's whole {@code CLIPModel}: {@code model.visual.*}, {@code model.<text tower>} and {@code fc.*}.
 *   <li>A tower saved on its own ({@code model.visual.state_dict()}): no prefix; {@link #forFile} adds it.
 * </ul>
 */
public final class ClipNames {
  private static final String MODEL = "model.";

  private ClipNames() {}

  /**
   * Renames one file name to ours (the names of an unprefixed tower are left alone: see {@link #forFile}).
   *
   * @param name a file tensor name
   * @return our name, or the input when it has no counterpart
   */
  public static String rename(String name) {
    String n = Checks.notNull("name", name).startsWith(MODEL) ? name.substring(MODEL.length()) : name;
    return switch (n) {
      case "weight" -> "fc.weight";
      case "bias" -> "fc.bias";
      default -> n;
    };
  }

  /**
   * Whether a file name belongs to the CLIP text tower or the joint model (not to the image tower or the
   * probe), which a UnivFD import skips.
   *
   * @param name a file tensor name
   * @return true for text-tower tensors ({@code transformer.*}, {@code token_embedding.*}, ...)
   */
  public static boolean isTextTower(String name) {
    String n = rename(name);
    return !n.startsWith(ClipVisionConfig.PREFIX) && !n.startsWith("fc.");
  }

  /**
   * A renamer for one file: when its names are those of an image tower saved on its own ({@code conv1.weight}
   * and {@code class_embedding} at the top level), every tower name gets the {@code visual.} prefix; otherwise
   * {@link #rename}.
   *
   * @param fileNames every tensor name of the file
   * @return the renaming
   */
  public static UnaryOperator<String> forFile(Set<String> fileNames) {
    Checks.notNull("fileNames", fileNames);
    boolean bare = fileNames.contains("conv1.weight") && fileNames.contains("class_embedding");
    if (!bare) {
      return ClipNames::rename;
    }
    return n -> n.equals("weight") || n.equals("bias") ? rename(n) : ClipVisionConfig.PREFIX + n;
  }
}
