package org.genimage.detectors.onednn.graph;

import java.util.Locale;
import java.util.Optional;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.global.dnnl;

/**
 * Whether oneDNN runs bf16 convolutions and matrix products natively on this CPU: AVX512_BF16 or AMX on x86. On
 * other CPUs oneDNN 2.5.2 still accepts bf16 primitives but runs them emulated on AVX-512 (slower than fp32) or in
 * its reference code (far slower), so a bf16 plan there runs fp32 and says why. Decided once per process from the
 * kernel oneDNN gives a probe convolution (its implementation name carries the ISA it was generated for), with the
 * effective ISA in the message; {@code ONEDNN_MAX_CPU_ISA} (read by oneDNN at start-up) caps it like a CPU
 * without the instructions.
 */
final class Bf16Support {
  private static volatile Optional<String> problem;

  private Bf16Support() {}

  /**
   * Why bf16 cannot run natively here.
   *
   * @return the reason (naming oneDNN's effective ISA and the probe's kernel), empty when it can
   */
  static Optional<String> problem() {
    Optional<String> p = problem;
    if (p == null) {
      synchronized (Bf16Support.class) {
        if (problem == null) {
          problem = probe();
        }
        p = problem;
      }
    }
    return p;
  }

  private static Optional<String> probe() {
    String isa = effectiveIsa();
    try (engine eng = new engine(engine.kind.cpu, 0);
        memory.desc src = new memory.desc(new long[] {1, 64, 8, 8}, memory.data_type.bf16, memory.format_tag.any);
        memory.desc wts = new memory.desc(new long[] {64, 64, 1, 1}, memory.data_type.bf16, memory.format_tag.any);
        memory.desc dst = new memory.desc(new long[] {1, 64, 8, 8}, memory.data_type.bf16, memory.format_tag.any);
        convolution_forward.desc d = new convolution_forward.desc(dnnl.prop_kind.forward_inference,
            dnnl.algorithm.convolution_direct, src, wts, dst, new long[] {1, 1}, new long[] {0, 0},
            new long[] {0, 0});
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, eng)) {
      return isNative(pd) ? Optional.empty() : Optional.of(message(isa, pd.impl_info_str().getString()));
    } catch (RuntimeException e) {
      // oneDNN 2.5.2 has no bf16 convolution at all below AVX-512.
      return Optional.of(message(isa, "none"));
    }
  }

  private static String message(String isa, String kernel) {
    return "this CPU has no native bf16 kernels (oneDNN's ISA here: " + isa + ", its bf16 convolution: " + kernel
        + "; bf16 needs AVX512_BF16 or AMX, and ONEDNN_MAX_CPU_ISA may cap it)";
  }

  private static String effectiveIsa() {
    try {
      return dnnl.get_effective_cpu_isa().toString().toLowerCase(Locale.ROOT);
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  /**
   * Whether a bf16 primitive got a kernel that uses bf16 instructions: oneDNN names the ISA its JIT and brgemm
   * kernels were generated for ({@code brgconv:avx512_core_bf16}, {@code brg:avx512_core_amx}); emulated bf16
   * ({@code jit_bf16:avx512_core}), reference and GEMM fallbacks are not.
   *
   * @param pd a primitive descriptor
   * @return true for a native bf16 kernel
   */
  static boolean isNative(primitive_desc_base pd) {
    String k = pd.impl_info_str().getString();
    return k.contains("avx512_core_bf16") || k.contains("amx");
  }
}
