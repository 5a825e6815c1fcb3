package org.genimage.detectors.onednn.graph;

import java.util.function.Function;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_desc_base;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/** Choosing between primitive descriptors by the kernel oneDNN gives each. */
final class Kernels {
  private Kernels() {}

  /**
   * A primitive descriptor built for one operand's layout: first for the layout the value already has (no
   * reorder), then for the layout oneDNN prefers ({@code any}). Which layouts have fast kernels depends on the CPU
   * (AVX-512's brgemm kernels read nhwc, AVX2's jit kernels want nChw8c and fall back to the reference kernel on
   * others), so the choice is made on the kernel each candidate gets.
   *
   * @param l      the lowering (for messages)
   * @param asIs   the operand's current layout
   * @param any    the {@code any} layout
   * @param create builds the descriptor for a layout; may throw when oneDNN has no kernel
   * @return the chosen descriptor
   */
  static <T extends primitive_desc_base> T choose(Lowering l, memory.desc asIs, memory.desc any,
      Function<memory.desc, T> create) {
    RuntimeException[] failure = new RuntimeException[1];
    T current = tryCreate(create, asIs, failure);
    if (current != null && isOptimised(current)) {
      return current;
    }
    T chosen = tryCreate(create, any, failure);
    if (chosen != null && (current == null || !isReference(chosen))) {
      if (current != null) {
        current.close();
      }
      return chosen;
    }
    if (current != null) {
      if (chosen != null) {
        chosen.close();
      }
      return current;
    }
    throw new UnsupportedGraphException("oneDNN has no kernel for it: " + failure[0], failure[0]);
  }

  private static <T extends primitive_desc_base> T tryCreate(Function<memory.desc, T> create, memory.desc d,
      RuntimeException[] failure) {
    try {
      return create.apply(d);
    } catch (RuntimeException e) {
      failure[0] = e;
      return null;
    }
  }

  /** A JIT or brgemm kernel, not the reference code or a GEMM fallback. */
  static boolean isOptimised(primitive_desc_base pd) {
    String k = pd.impl_info_str().getString();
    return k.startsWith("jit") || k.startsWith("brg");
  }

  static boolean isReference(primitive_desc_base pd) {
    return pd.impl_info_str().getString().startsWith("ref");
  }
}
