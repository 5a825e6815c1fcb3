package org.genimage.detectors.onednn;

import org.bytedeco.dnnl.global.dnnl;

/**
 * The convolution algorithm the inference plans ask oneDNN for: {@code convolution_auto}, with which oneDNN uses
 * Winograd's F(4x4, 3x3) for 3x3 stride-1 convolutions where it has a kernel and judges it faster (AVX-512 CPUs,
 * blocked layouts, enough work per call), and direct convolution everywhere else. On this project's AVX-512 test
 * machine it took Spec's ResNet-34 at batch 8 from 147 to 95 ms and GramNet from 531 to 318 ms; the logits stay
 * within 2e-5 of SameDiff's. {@code -Dgenimage.detectors.winograd=false} asks for direct convolution only.
 * Grouped convolutions and channel counts that are not multiples of 16 (padded blocked layouts, where oneDNN 2.5.2
 * has had bugs) always stay direct, and training plans always use direct convolution. Winograd needs a large
 * scratchpad: the plans own it (oneDNN's own is per thread, and a plan run on a thread other than the one that
 * compiled it crashed the JVM without).
 */
public final class ConvAlgorithm {
  private ConvAlgorithm() {}

  /** Channels per block in oneDNN's AVX-512 layouts; counts that are not a multiple are padded. */
  private static final long BLOCK = 16;

  /**
   * The algorithm for an inference convolution.
   *
   * @param inChannels  input channels
   * @param outChannels output channels
   * @param groups      groups (depthwise convolutions have one per channel)
   * @return {@code convolution_auto} unless Winograd is switched off or the convolution is not eligible, then
   *     {@code convolution_direct}
   */
  public static dnnl.algorithm forInference(long inChannels, long outChannels, long groups) {
    boolean eligible = groups == 1 && inChannels % BLOCK == 0 && outChannels % BLOCK == 0;
    return eligible && !"false".equals(System.getProperty("genimage.detectors.winograd"))
        ? dnnl.algorithm.convolution_auto : dnnl.algorithm.convolution_direct;
  }
}
