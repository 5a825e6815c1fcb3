package org.genimage.detectors.f3net;

import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.layers.Dct;
import org.genimage.detectors.layers.GraphParams.Init;
import org.genimage.detectors.layers.GraphParams;
import org.genimage.detectors.layers.SdLayers;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * F3Net's network (Qian et al. 2020), in "Mix" mode: the FAD and LFS heads, two Xception streams
 * (Chollet 2017) and two MixBlocks, written from the paper's equations and the public re-implementation
 * (yyk-wew/F3Net) that the GenImage benchmark used.
 *
 * <ul>
 *   <li><b>FAD</b>: {@code X_freq = D X D^T} per channel ({@link Dct}, orthonormal DCT-II, {@code S x S});
 *       four filters {@code base_k + (2 sigmoid(w_k) - 1)} with binary bands on {@code i + j}: low
 *       {@code (0, S/16]}, middle {@code (S/16, S/8]}, high {@code (S/8, S]}, all {@code (0, 2S]}
 *       (so, as in the reference, the DC coefficient is in no band's fixed mask); each band is transformed
 *       back, {@code D^T (X_freq * f_k) D}, giving 12 channels.</li>
 *   <li><b>LFS</b>: grey {@code 0.299 R + 0.587 G + 0.114 B} rescaled by {@code (g + 1) * 122.5}; DCT of
 *       every 10x10 window with stride 2 and zero padding 4 ({@code (S - 2) / 2 + 1} windows a side, 149
 *       at 299), {@code log10(|DCT| + 1e-15)}, then for each of 6 bands on {@code i + j} (width
 *       {@code 20/6}) the sum over the window of the statistics times {@code (base_k + 2 sigmoid(w_k) - 1)
 *       / |base_k|}. The window DCT is computed as a stride-2 convolution with the 100 constant DCT basis
 *       images, and the band sums as a matrix product: the same arithmetic as unfolding.</li>
 *   <li><b>Streams</b>: Xception with {@code conv1} taking 12 channels at stride 2 (FAD) or 6 channels at
 *       stride 1 (LFS), so that both reach the same size; MixBlock cross-attention after middle block
 *       {@code mixAfter} (block 7 of the full network: 728 channels, 19x19) and after block 12 (1024, 10x10);
 *       the two streams' ReLU + global-average-pooled features are concatenated, dropout
 *       {@code dropout}, {@code fc} to 2 logits (REAL, FAKE).</li>
 * </ul>
 *
 * <p>Tensor names: {@code fad.filters.K.learnable}, {@code lfs.filters.K.learnable},
 * {@code fad_stream.*}/{@code lfs_stream.*} ({@code conv1, bn1, conv2, bn2, blocks.I.seps.J.dw/pw,
 * blocks.I.bns.J, blocks.I.skip, blocks.I.skipbn, conv3.dw/pw, bn3, conv4.dw/pw, bn4}), {@code mix0.*},
 * {@code mix1.*}, {@code fc}.
 *
 * @param inputSize square input side (299)
 * @param stem the two stem convs' channels (32, 64)
 * @param entry the three entry blocks' channels (128, 256, 728)
 * @param middle the number of middle blocks (8)
 * @param mixAfter the middle block after which the first MixBlock sits (4: block 7)
 * @param exit channels of block 12 (1024)
 * @param tail channels of the two separable convs after block 12 (1536, 2048)
 * @param window the LFS window side (10)
 * @param bands the number of LFS bands (6)
 * @param dropout dropout before the fc (0.2)
 */
public record F3NetNetwork(int inputSize, int[] stem, int[] entry, int middle, int mixAfter, int exit,
    int[] tail, int window, int bands, double dropout) {
  /** Validates, including that the two streams meet at equal sizes at both MixBlocks. */
  public F3NetNetwork {
    Checks.inRange("inputSize", inputSize, 32, 4096);
    stem = lengthChecked("stem", stem, 2);
    entry = lengthChecked("entry", entry, 3);
    tail = lengthChecked("tail", tail, 2);
    Checks.inRange("middle", middle, 1, ReadLimits.MAX_MODEL_BLOCKS);
    Checks.inRange("mixAfter", mixAfter, 1, middle);
    Checks.inRange("exit", exit, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("window", window, 2, 64);
    Checks.inRange("bands", bands, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("dropout", dropout, 0.0, 0.99);
    int[] fad = streamSizes(inputSize, true, window, inputSize);
    int[] lfs = streamSizes(inputSize, false, window, inputSize);
    if (fad[0] != lfs[0] || fad[1] != lfs[1]) {
      throw new BadArgumentException("inputSize", inputSize,
          "a size where the FAD and LFS streams align at the MixBlocks (299 does): FAD gives "
              + fad[0] + "/" + fad[1] + ", LFS " + lfs[0] + "/" + lfs[1]);
    }
  }

  /**
   * The paper's configuration: input 299, full Xception streams, mix after blocks 7 and 12.
   *
   * @return the configuration
   */
  public static F3NetNetwork paper() {
    return new F3NetNetwork(299, new int[] {32, 64}, new int[] {128, 256, 728}, 8, 4, 1024,
        new int[] {1536, 2048}, 10, 6, 0.2);
  }

  private static int[] lengthChecked(String name, int[] a, int n) {
    Checks.notNull(name, a);
    if (a.length != n) {
      throw new BadArgumentException(name, a.length, n + " values");
    }
    for (int v : a) {
      Checks.inRange(name, v, 1, ReadLimits.MAX_MODEL_WIDTH);
    }
    return a.clone();
  }

  /** Spatial sizes of a stream at the two MixBlocks. */
  private static int[] streamSizes(int s, boolean fad, int window, int inputSize) {
    int x = fad ? (s - 3) / 2 + 1 : lfsGrid(inputSize, window) - 2;
    x -= 2;
    for (int i = 0; i < 3; i++) {
      x = (x - 1) / 2 + 1;
    }
    int atMix0 = x;
    return new int[] {atMix0, (x - 1) / 2 + 1};
  }

  private static int lfsGrid(int s, int window) {
    return (s - window + 8) / 2 + 1;
  }

  /**
   * The stem channels (a copy).
   *
   * @return two values
   */
  @Override
  public int[] stem() {
    return stem.clone();
  }

  /**
   * The entry channels (a copy).
   *
   * @return three values
   */
  @Override
  public int[] entry() {
    return entry.clone();
  }

  /**
   * The tail channels (a copy).
   *
   * @return two values
   */
  @Override
  public int[] tail() {
    return tail.clone();
  }

  /**
   * The side of the LFS output.
   *
   * @return {@code (inputSize - window + 8) / 2 + 1}
   */
  public int lfsSize() {
    return lfsGrid(inputSize, window);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof F3NetNetwork n && n.inputSize == inputSize && java.util.Arrays.equals(n.stem, stem)
        && java.util.Arrays.equals(n.entry, entry) && n.middle == middle && n.mixAfter == mixAfter
        && n.exit == exit && java.util.Arrays.equals(n.tail, tail) && n.window == window && n.bands == bands
        && Double.compare(n.dropout, dropout) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(inputSize, java.util.Arrays.hashCode(stem), java.util.Arrays.hashCode(entry),
        middle, mixAfter, exit, java.util.Arrays.hashCode(tail), window, bands, dropout);
  }

  @Override
  public String toString() {
    return "F3NetNetwork[inputSize=" + inputSize + ", stem=" + java.util.Arrays.toString(stem) + ", entry="
        + java.util.Arrays.toString(entry) + ", middle=" + middle + ", mixAfter=" + mixAfter + ", exit=" + exit
        + ", tail=" + java.util.Arrays.toString(tail) + ", window=" + window + ", bands=" + bands
        + ", dropout=" + dropout + "]";
  }

  /**
   * Builds the logits.
   *
   * @param p the declaration context
   * @param x images {@code [N, 3, S, S]} in [-1, 1]
   * @return logits {@code [N, 2]}
   */
  SDVariable build(GraphParams p, SDVariable x) {
    SDVariable a = stemOf(p, "fad_stream", fad(p, x), 12, 2);
    SDVariable b = stemOf(p, "lfs_stream", lfs(p, x), bands, 1);
    int[] sizes = streamSizes(inputSize, true, window, inputSize);
    int total = 3 + middle + 1;
    for (int i = 0; i < total; i++) {
      a = block(p, "fad_stream.blocks." + i, a, i);
      b = block(p, "lfs_stream.blocks." + i, b, i);
      if (i == 2 + mixAfter) {
        SDVariable[] m = mix(p, "mix0", a, b, entry[2], sizes[0]);
        a = m[0];
        b = m[1];
      }
    }
    SDVariable[] m = mix(p, "mix1", a, b, exit, sizes[1]);
    a = tailOf(p, "fad_stream", m[0]);
    b = tailOf(p, "lfs_stream", m[1]);
    SameDiff sd = p.sd();
    SDVariable f = sd.concat(1, SdLayers.globalAvgPool(SdLayers.relu(a)),
        SdLayers.globalAvgPool(SdLayers.relu(b)));
    f = SdLayers.dropout(p, f, 2 * tail[1], dropout);
    return SdLayers.linear(p, "fc", f, 2 * tail[1], 2);
  }

  /**
   * The FAD head alone.
   *
   * @param p the declaration context
   * @param x images {@code [N, 3, S, S]}
   * @return {@code [N, 12, S, S]}
   */
  public SDVariable fad(GraphParams p, SDVariable x) {
    SameDiff sd = p.sd();
    int s = inputSize;
    SDVariable d = sd.constant(Nd4j.create(Dct.matrixFloat(s), new long[] {s, s}, 'c'));
    SDVariable dt = sd.constant(Nd4j.create(Dct.matrixFloat(s), new long[] {s, s}, 'c').transpose().dup());
    SDVariable planes = sd.reshape(x, -1, s, s);
    SDVariable freq = rightMul(leftMul(d, planes, s), dt, s);
    double[][] limits = {{0, s / 16}, {s / 16, s / 8}, {s / 8, s}, {0, 2.0 * s}};
    SDVariable[] out = new SDVariable[4];
    for (int k = 0; k < 4; k++) {
      SDVariable filt = filter(p, "fad.filters." + k, s, limits[k][0], limits[k][1], false);
      SDVariable band = freq.mul(sd.reshape(filt, 1, s, s));
      SDVariable back = rightMul(leftMul(dt, band, s), d, s);
      out[k] = sd.reshape(back, -1, 3, s, s);
    }
    return sd.concat(1, out);
  }

  /**
   * The LFS head alone.
   *
   * @param p the declaration context
   * @param x images {@code [N, 3, S, S]} in [-1, 1]
   * @return {@code [N, bands, G, G]}, {@code G = (S - window + 8) / 2 + 1}
   */
  public SDVariable lfs(GraphParams p, SDVariable x) {
    SameDiff sd = p.sd();
    int w = window;
    int g = lfsSize();
    Conv2DConfig one = Conv2DConfig.builder().kH(1).kW(1).dataFormat("NCHW").build();
    SDVariable lumaWeights = sd.constant(Nd4j.create(new float[] {0.299f, 0.587f, 0.114f},
        new long[] {1, 1, 3, 1}, 'c'));
    SDVariable grey = sd.cnn().conv2d(x, lumaWeights, one);
    grey = grey.add(1.0).mul(122.5);
    // basis[(u, v)] = D[u] outer D[v], as conv weights [kh, kw, in = 1, out = w * w] (YXIO)
    double[] d = Dct.matrix(w);
    float[] basis = new float[w * w * w * w];
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < w; j++) {
        for (int u = 0; u < w; u++) {
          for (int v = 0; v < w; v++) {
            basis[((i * w + j) * w + u) * w + v] = (float) (d[u * w + i] * d[v * w + j]);
          }
        }
      }
    }
    SDVariable kernel = sd.constant(Nd4j.create(basis, new long[] {w, w, 1, (long) w * w}, 'c'));
    Conv2DConfig cfg = Conv2DConfig.builder()
            .kH(w).kW(w).sH(2).sW(2).pH(4).pW(4).dataFormat("NCHW").build();
    SDVariable coef = sd.cnn().conv2d(grey, kernel, cfg);
    SDVariable stat = sd.math().log(sd.math().abs(coef).add(1e-15)).div(Math.log(10));
    SDVariable[] rows = new SDVariable[bands];
    for (int k = 0; k < bands; k++) {
      double lo = w * 2.0 / bands * k;
      double hi = w * 2.0 / bands * (k + 1);
      rows[k] = sd.reshape(filter(p, "lfs.filters." + k, w, lo, hi, true), 1, (long) w * w);
    }
    SDVariable weights = sd.concat(0, rows);
    SDVariable flat = sd.reshape(sd.permute(stat, 0, 2, 3, 1), -1, (long) w * w);
    SDVariable y = flat.mmul(sd.permute(weights, 1, 0));
    return sd.permute(sd.reshape(y, -1, g, g, bands), 0, 3, 1, 2);
  }

  /** {@code base + (2 sigmoid(w) - 1)}, divided by the band's size when {@code norm}. */
  private static SDVariable filter(GraphParams p, String name, int n, double start, double end,
      boolean norm) {
    float[] mask = new float[n * n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        boolean in = !(i + j > end || i + j <= start);
        mask[i * n + j] = in ? 1f : 0f;
        count += in ? 1 : 0;
      }
    }
    SameDiff sd = p.sd();
    SDVariable learnable = p.param(name + ".learnable", Init.NORMAL_0_1, n, n);
    SDVariable f = sd.constant(Nd4j.create(mask, new long[] {n, n}, 'c'))
        .add(sd.nn().sigmoid(learnable).mul(2.0).sub(1.0));
    return norm ? f.div(Math.max(count, 1)) : f;
  }

  /** {@code M X} for each {@code S x S} matrix X of a batch {@code [B, S, S]}, with 2-D matmuls only. */
  private static SDVariable leftMul(SDVariable m, SDVariable x, int s) {
    SameDiff sd = m.getSameDiff();
    SDVariable cols = sd.reshape(sd.permute(x, 1, 0, 2), s, -1);
    return sd.permute(sd.reshape(m.mmul(cols), s, -1, s), 1, 0, 2);
  }

  /** {@code X M} for each matrix of a batch. */
  private static SDVariable rightMul(SDVariable x, SDVariable m, int s) {
    SameDiff sd = m.getSameDiff();
    return sd.reshape(sd.reshape(x, -1, s).mmul(m), -1, s, s);
  }

  private SDVariable stemOf(GraphParams p, String name, SDVariable x, int cin, int stride) {
    SDVariable y = SdLayers.relu(SdLayers.convBn(p, name + ".conv1", name + ".bn1", x, cin, stem[0], 3, stride,
        0));
    return SdLayers.relu(SdLayers.convBn(p, name + ".conv2", name + ".bn2", y, stem[0], stem[1], 3, 1, 0));
  }

  private SDVariable block(GraphParams p, String name, SDVariable x, int index) {
    if (index < 3) {
      int cin = index == 0 ? stem[1] : entry[index - 1];
      return xceptionBlock(p, name, x, cin, entry[index], 2, 2, index > 0, true);
    }
    if (index < 3 + middle) {
      return xceptionBlock(p, name, x, entry[2], entry[2], 3, 1, true, true);
    }
    return xceptionBlock(p, name, x, entry[2], exit, 2, 2, true, false);
  }

  /** Xception's block: [ReLU, separable conv 3x3, BN] x reps, max-pool 3/s/1 if strided, plus skip. */
  private static SDVariable xceptionBlock(GraphParams p, String name, SDVariable inp, int cin, int cout,
      int reps, int stride, boolean startWithRelu, boolean growFirst) {
    int[][] chans = new int[reps][];
    int k = 0;
    int c = cin;
    if (growFirst) {
      chans[k++] = new int[] {cin, cout};
      c = cout;
    }
    for (int i = 0; i < reps - 1; i++) {
      chans[k++] = new int[] {c, c};
    }
    if (!growFirst) {
      chans[k] = new int[] {cin, cout};
    }
    SDVariable x = inp;
    for (int i = 0; i < reps; i++) {
      if (i > 0 || startWithRelu) {
        x = SdLayers.relu(x);
      }
      x = sepConvBn(p, name + ".seps." + i, name + ".bns." + i, x, chans[i][0], chans[i][1]);
    }
    if (stride != 1) {
      x = SdLayers.maxPool(p, x, 3, stride, 1);
    }
    SDVariable skip = inp;
    if (cin != cout || stride != 1) {
      skip = SdLayers.convBn(p, name + ".skip", name + ".skipbn", inp, cin, cout, 1, stride, 0);
    }
    return x.add(skip);
  }

  /** Separable conv (depthwise 3x3, pointwise 1x1) and batch norm, folded into the pointwise conv. */
  private static SDVariable sepConvBn(GraphParams p, String name, String bn, SDVariable x, int cin, int cout) {
    SDVariable y = SdLayers.depthwise(p, name + ".dw", x, cin, 3, 1, 1, false);
    return SdLayers.convBn(p, name + ".pw", bn, y, cin, cout, 1, 1, 0);
  }

  private SDVariable tailOf(GraphParams p, String name, SDVariable x) {
    SDVariable y = SdLayers.relu(sepConvBn(p, name + ".conv3", name + ".bn3", x, exit, tail[0]));
    return sepConvBn(p, name + ".conv4", name + ".bn4", y, tail[0], tail[1]);
  }

  /** F3Net's MixBlock: cross-stream attention over rows of each channel, then gated residual updates. */
  private static SDVariable[] mix(GraphParams p, String name, SDVariable xf, SDVariable xl, int c,
      int size) {
    SameDiff sd = p.sd();
    SDVariable qf = sd.reshape(SdLayers.conv(p, name + ".fad_query", xf, c, c, 1, 1, 0, true),
        -1, size, size);
    SDVariable ql = sd.reshape(SdLayers.conv(p, name + ".lfs_query", xl, c, c, 1, 1, 0, true),
        -1, size, size);
    SDVariable kf = sd.permute(sd.reshape(SdLayers.conv(p, name + ".fad_key", xf, c, c, 1, 1, 0, true),
        -1, size, size), 0, 2, 1);
    SDVariable kl = sd.permute(sd.reshape(SdLayers.conv(p, name + ".lfs_key", xl, c, c, 1, 1, 0, true),
        -1, size, size), 0, 2, 1);
    SDVariable q = sd.concat(2, qf, ql);
    SDVariable k = sd.concat(1, kf, kl);
    SDVariable energy = sd.mmul(q, k);
    SDVariable att = sd.reshape(sd.nn().softmax(energy, 2), -1, c, size, size);
    SDVariable gf = p.param(name + ".fad_gamma", Init.ZEROS, 1);
    SDVariable gl = p.param(name + ".lfs_gamma", Init.ZEROS, 1);
    SDVariable attL = xl.mul(att).mul(sd.nn().sigmoid(gl).mul(2.0).sub(1.0));
    SDVariable yf = xf.add(SdLayers.batchNorm(p, name + ".fad_bn",
        SdLayers.depthwise(p, name + ".fad_conv", attL, c, 1, 1, 0, true), c));
    SDVariable attF = xf.mul(att).mul(sd.nn().sigmoid(gf).mul(2.0).sub(1.0));
    SDVariable yl = xl.add(SdLayers.batchNorm(p, name + ".lfs_bn",
        SdLayers.depthwise(p, name + ".lfs_conv", attF, c, 1, 1, 0, true), c));
    return new SDVariable[] {yf, yl};
  }
}
