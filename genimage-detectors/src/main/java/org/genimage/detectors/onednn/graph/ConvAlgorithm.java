package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.bytedeco.dnnl.global.dnnl;

/**
 * The convolution algorithms an inference plan asks oneDNN for, in order of preference: Winograd for 3x3 stride-1
 * convolutions, direct convolution for everything else and wherever oneDNN has no Winograd kernel (it has them for
 * AVX-512 CPUs only).
 *
 * <p>Winograd is asked for explicitly rather than through {@code convolution_auto}: oneDNN 2.5.2's heuristic keeps
 * direct convolution at batch 1 and for ResNet-50's bottlenecks, where Winograd measured faster on this project's
 * AVX-512 test machine (Zen 5, 2 threads: Spec at batch 1 22 to 15 ms, GramNet 72 to 50 ms, ResNet-50 at batch 8
 * 160 to 148 ms; genimage-bench/README.md). Logits stay within 2e-5 of SameDiff's. {@code
 * -Dgenimage.detectors.winograd=false} asks for direct convolution only. Grouped convolutions and channel counts
 * that are not multiples of 16 (padded blocked layouts, where oneDNN 2.5.2 has had bugs) stay direct, and training
 * plans always use direct convolution (their backward primitives are direct). Winograd needs a large scratchpad:
 * the plans own it (oneDNN's own is per thread, and a plan run on a thread other than the one that compiled it
 * crashed the JVM without).
 */
final class ConvAlgorithm {
  private ConvAlgorithm() {}

  /** Channels per block in oneDNN's AVX-512 layouts; counts that are not a multiple are padded. */
  private static final long BLOCK = 16;

  private static final List<dnnl.algorithm> DIRECT = List.of(dnnl.algorithm.convolution_direct);
  private static final List<dnnl.algorithm> WINOGRAD_FIRST =
      List.of(dnnl.algorithm.convolution_winograd, dnnl.algorithm.convolution_direct);

  /**
   * The algorithms to try for an inference convolution, best first.
   *
   * @param weightShape the weight's shape, {@code [co, ci / groups, kh, kw]}
   * @param groups      groups (depthwise convolutions have one per channel)
   * @param stride      stride (h, w)
   * @param dilation    dilation (h, w), 1 for none
   * @return Winograd then direct for an eligible convolution (unless Winograd is switched off), else direct
   */
  static List<dnnl.algorithm> forInference(long[] weightShape, long groups, long[] stride, long[] dilation) {
    boolean eligible = groups == 1 && weightShape[0] % BLOCK == 0 && weightShape[1] % BLOCK == 0
        && weightShape[2] == 3 && weightShape[3] == 3 && stride[0] == 1 && stride[1] == 1
        && dilation[0] == 1 && dilation[1] == 1;
    return eligible && !"false".equals(System.getProperty("genimage.detectors.winograd")) ? WINOGRAD_FIRST : DIRECT;
  }
}
