package org.genimage.detectors.onednn.graph;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.global.dnnl;
import org.genimage.api.Precision;

/**
 * Whether oneDNN runs bf16 or int8 convolutions and matrix products natively on this CPU. bf16 needs AVX512_BF16
 * or AMX on x86: elsewhere oneDNN 2.5.2 still accepts bf16 primitives but runs them emulated on AVX-512 (slower
 * than fp32) or in its reference code (far slower). int8 needs VNNI (AVX512_VNNI, AVX-VNNI) or AMX: without it
 * oneDNN multiplies u8 by s8 pairs into saturating 16-bit sums ({@code vpmaddubsw}), which loses accuracy unless
 * the weights are cut to 7 bits, and gains little over fp32. A plan in such a precision runs fp32 there and says
 * why. Decided once per process and precision from the kernel oneDNN gives a probe convolution (its
 * implementation name carries the ISA it was generated for), with the effective ISA in the message;
 * {@code ONEDNN_MAX_CPU_ISA} (read by oneDNN at start-up) caps it like a CPU without the instructions.
 */
final class NativeSupport {
  private static final Map<Precision, Optional<String>> PROBLEMS = new EnumMap<>(Precision.class);

  private NativeSupport() {}

  /**
   * Why a precision cannot run natively here.
   *
   * @param precision {@link Precision#BF16} or {@link Precision#INT8} ({@link Precision#FP32} always can)
   * @return the reason (naming oneDNN's effective ISA and the probe's kernel), empty when it can
   */
  static synchronized Optional<String> problem(Precision precision) {
    if (precision == Precision.FP32) {
      return Optional.empty();
    }
    return PROBLEMS.computeIfAbsent(precision, NativeSupport::probe);
  }

  private static Optional<String> probe(Precision precision) {
    String isa = effectiveIsa();
    boolean bf16 = precision == Precision.BF16;
    memory.data_type srcType = bf16 ? memory.data_type.bf16 : memory.data_type.u8;
    memory.data_type weightType = bf16 ? memory.data_type.bf16 : memory.data_type.s8;
    try (engine eng = new engine(engine.kind.cpu, 0);
        memory.desc src = new memory.desc(new long[] {1, 64, 8, 8}, srcType, memory.format_tag.any);
        memory.desc wts = new memory.desc(new long[] {64, 64, 1, 1}, weightType, memory.format_tag.any);
        memory.desc dst = new memory.desc(new long[] {1, 64, 8, 8}, srcType, memory.format_tag.any);
        convolution_forward.desc d = new convolution_forward.desc(dnnl.prop_kind.forward_inference,
            dnnl.algorithm.convolution_direct, src, wts, dst, new long[] {1, 1}, new long[] {0, 0},
            new long[] {0, 0});
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, eng)) {
      return isNative(precision, pd) ? Optional.empty()
          : Optional.of(message(precision, isa, pd.impl_info_str().getString()));
    } catch (RuntimeException e) {
      // oneDNN 2.5.2 has no bf16 convolution at all below AVX-512.
      return Optional.of(message(precision, isa, "none"));
    }
  }

  private static String message(Precision precision, String isa, String kernel) {
    String needs = precision == Precision.BF16 ? "AVX512_BF16 or AMX" : "VNNI (AVX512_VNNI or AVX-VNNI) or AMX";
    return "this CPU has no native " + precision.label() + " kernels (oneDNN's ISA here: " + isa + ", its "
        + precision.label() + " convolution: " + kernel + "; " + precision.label() + " needs " + needs
        + ", and ONEDNN_MAX_CPU_ISA may cap it)";
  }

  private static String effectiveIsa() {
    try {
      return dnnl.get_effective_cpu_isa().toString().toLowerCase(Locale.ROOT);
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  /**
   * Whether a primitive got a kernel that uses the precision's instructions: oneDNN names the ISA its JIT and
   * brgemm kernels were generated for ({@code brgconv:avx512_core_bf16}, {@code brg:avx512_core_amx},
   * {@code brgconv:avx512_core_vnni}); emulated bf16 ({@code jit_bf16:avx512_core}), int8 without VNNI
   * ({@code jit_int8:avx2}), reference and GEMM fallbacks are not.
   *
   * @param precision the precision the primitive computes in
   * @param pd        a primitive descriptor
   * @return true for a native kernel
   */
  static boolean isNative(Precision precision, primitive_desc_base pd) {
    String k = pd.impl_info_str().getString();
    if (k.contains("amx")) {
      return true;
    }
    return precision == Precision.BF16 ? k.contains("avx512_core_bf16") : k.contains("vnni");
  }
}
