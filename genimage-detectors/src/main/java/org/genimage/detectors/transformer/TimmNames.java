package org.genimage.detectors.transformer;

import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genimage.api.internal.Checks;

/**
 * Maps timm's state-dict names onto torchvision's, which the graphs use: {@code
 * deit_small_patch16_224} ({@code VisionTransformer}) onto {@code VisionTransformer}, and {@code
 * swin_tiny_patch4_window7_224} onto {@code swin_t}. The tensors themselves need no change (timm's
 * fused {@code qkv} is torchvision's {@code in_proj_weight}, both {@code [q; k; v]}).
 *
 * <p>Both timm Swin layouts are understood: timm 0.6 keeps patch merging at the end of a stage
 * ({@code layers.0.downsample}) and names the head {@code head}; timm 0.9+ puts it at the start of the
 * next ({@code layers.1.downsample}) and names the head {@code head.fc}.
 */
final class TimmNames {
  private static final Pattern DEIT_BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");
  private static final Pattern SWIN_BLOCK = Pattern.compile("layers\\.(\\d+)\\.blocks\\.(\\d+)\\.(.+)");
  private static final Pattern SWIN_DOWN = Pattern.compile("layers\\.(\\d+)\\.downsample\\.(.+)");

  private TimmNames() {}

  /**
   * Whether a set of tensor names looks like a timm checkpoint of either family.
   *
   * @param names the file's tensor names
   * @return true for timm names ({@code patch_embed.proj.weight} present)
   */
  public static boolean isTimm(Set<String> names) {
    return Checks.notNull("names", names).contains("patch_embed.proj.weight");
  }

  /**
   * Whether a timm name is a buffer that torchvision recomputes and the import skips.
   *
   * @param timmName a name from a timm checkpoint
   * @return true for {@code relative_position_index} and {@code attn_mask} buffers
   */
  public static boolean isBuffer(String timmName) {
    return timmName.endsWith("relative_position_index") || timmName.endsWith("attn_mask");
  }

  /**
   * Renames one timm DeiT / ViT tensor.
   *
   * @param name the timm name
   * @return the torchvision name, or the input unchanged when it has no counterpart
   */
  public static String deit(String name) {
    switch (name) {
      case "cls_token":
        return "class_token";
      case "pos_embed":
        return "encoder.pos_embedding";
      case "patch_embed.proj.weight":
        return "conv_proj.weight";
      case "patch_embed.proj.bias":
        return "conv_proj.bias";
      case "norm.weight":
        return "encoder.ln.weight";
      case "norm.bias":
        return "encoder.ln.bias";
      case "head.weight":
        return "heads.head.weight";
      case "head.bias":
        return "heads.head.bias";
      default:
        break;
    }
    Matcher m = DEIT_BLOCK.matcher(name);
    if (!m.matches()) {
      return name;
    }
    String rest = switch (m.group(2)) {
      case "attn.qkv.weight" -> "self_attention.in_proj_weight";
      case "attn.qkv.bias" -> "self_attention.in_proj_bias";
      case "attn.proj.weight" -> "self_attention.out_proj.weight";
      case "attn.proj.bias" -> "self_attention.out_proj.bias";
      default -> m.group(2).replace("norm1.", "ln_1.").replace("norm2.", "ln_2.")
          .replace("mlp.fc1.", "mlp.0.").replace("mlp.fc2.", "mlp.3.");
    };
    return "encoder.layers.encoder_layer_" + m.group(1) + "." + rest;
  }

  /**
   * A renamer for one timm Swin checkpoint. The layout (timm 0.6 or 0.9+) is judged from the names:
   * only timm 0.6 has {@code layers.0.downsample}.
   *
   * @param fileNames every tensor name of the file
   * @return the renaming, timm name to torchvision name (unknown names unchanged)
   */
  public static UnaryOperator<String> swin(Set<String> fileNames) {
    boolean mergeAtEnd = Checks.notNull("fileNames", fileNames).stream()
        .anyMatch(n -> n.startsWith("layers.0.downsample."));
    return name -> swin(name, mergeAtEnd);
  }

  private static String swin(String name, boolean mergeAtEnd) {
    switch (name) {
      case "patch_embed.proj.weight":
        return "features.0.0.weight";
      case "patch_embed.proj.bias":
        return "features.0.0.bias";
      case "patch_embed.norm.weight":
        return "features.0.2.weight";
      case "patch_embed.norm.bias":
        return "features.0.2.bias";
      case "head.fc.weight":
        return "head.weight";
      case "head.fc.bias":
        return "head.bias";
      default:
        break;
    }
    Matcher m = SWIN_BLOCK.matcher(name);
    if (m.matches()) {
      int stage = Integer.parseInt(m.group(1));
      String rest = m.group(3).replace("mlp.fc1.", "mlp.0.").replace("mlp.fc2.", "mlp.3.");
      return "features." + (2 * stage + 1) + "." + m.group(2) + "." + rest;
    }
    m = SWIN_DOWN.matcher(name);
    if (m.matches()) {
      int stage = Integer.parseInt(m.group(1));
      // torchvision's merge after stage s is features[2s + 2]
      int after = mergeAtEnd ? stage : stage - 1;
      return "features." + (2 * after + 2) + "." + m.group(2);
    }
    return name;
  }
}
