package org.genimage.detectors.layers;

import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A ResNet of BasicBlocks (He et al. 2016) in torchvision's layout and tensor names ({@code conv1},
 * {@code bn1}, {@code layerK.J.conv1/bn1/conv2/bn2/downsample.0/downsample.1}): ResNet-18 is widths
 * {@code 64,128,256,512} with blocks {@code 2,2,2,2}, ResNet-34 the same widths with {@code 3,4,6,3}. The
 * stem is conv 7x7/2 + BN + ReLU + max-pool 3/2; the head is global average pooling (no fc: the detectors
 * add their own). Smaller widths and depths are configurations, used by the tests.
 *
 * <p>Why not {@code org.genimage.detectors.resnet.ResNet}: that one is torchvision's bottleneck ResNet with a
 * fixed head; Spec and GramNet need BasicBlocks, a free stem width and (GramNet) the intermediate taps. Both
 * are written against the same shared {@code GraphBuilder} ({@code convBn} folds batch norm at inference).
 *
 * @param stem channels of the stem conv (64 in torchvision)
 * @param widths the four stages' widths
 * @param blocks the four stages' block counts
 */
public record ResNetBasic(int stem, int[] widths, int[] blocks) {
  /** Validates the configuration. */
  public ResNetBasic {
    Checks.inRange("stem", stem, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.notNull("widths", widths);
    Checks.notNull("blocks", blocks);
    if (widths.length != 4 || blocks.length != 4) {
      throw new BadArgumentException("widths/blocks", widths.length + "/" + blocks.length, "4 stages each");
    }
    for (int i = 0; i < 4; i++) {
      Checks.inRange("widths[" + i + "]", widths[i], 1, ReadLimits.MAX_MODEL_WIDTH);
      Checks.inRange("blocks[" + i + "]", blocks[i], 1, ReadLimits.MAX_MODEL_BLOCKS);
    }
    widths = widths.clone();
    blocks = blocks.clone();
  }

  /**
   * torchvision's ResNet-18 body.
   *
   * @return the configuration
   */
  public static ResNetBasic resnet18() {
    return new ResNetBasic(64, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2});
  }

  /**
   * torchvision's ResNet-34 body.
   *
   * @return the configuration
   */
  public static ResNetBasic resnet34() {
    return new ResNetBasic(64, new int[] {64, 128, 256, 512}, new int[] {3, 4, 6, 3});
  }

  /**
   * The widths (a copy).
   *
   * @return four widths
   */
  @Override
  public int[] widths() {
    return widths.clone();
  }

  /**
   * The block counts (a copy).
   *
   * @return four counts
   */
  @Override
  public int[] blocks() {
    return blocks.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResNetBasic r && r.stem == stem && java.util.Arrays.equals(r.widths, widths)
        && java.util.Arrays.equals(r.blocks, blocks);
  }

  @Override
  public int hashCode() {
    return stem * 961 + java.util.Arrays.hashCode(widths) * 31 + java.util.Arrays.hashCode(blocks);
  }

  @Override
  public String toString() {
    return "ResNetBasic[stem=" + stem + ", widths=" + java.util.Arrays.toString(widths) + ", blocks="
        + java.util.Arrays.toString(blocks) + "]";
  }

  /**
   * The width of the pooled feature.
   *
   * @return {@code widths[3]}
   */
  public int featureWidth() {
    return widths[3];
  }

  /**
   * The tensors GramNet taps, and the pooled feature.
   *
   * @param taps input, after conv1+bn1+relu, after max-pool, after layer1, layer2, layer3
   * @param pooled the globally average-pooled output of layer4, {@code [N, widths[3]]}
   */
  public record Output(List<SDVariable> taps, SDVariable pooled) {
    /** Copies the taps. */
    public Output {
      taps = List.copyOf(taps);
      Checks.notNull("pooled", pooled);
    }
  }

  /**
   * Builds the body.
   *
   * @param p the declaration context
   * @param prefix name prefix ({@code ""} or, say, {@code "backbone."})
   * @param x input {@code [N, inChannels, H, W]}
   * @param inChannels input channels (3 for images)
   * @return the taps and the pooled feature
   */
  public Output build(GraphParams p, String prefix, SDVariable x, int inChannels) {
    List<SDVariable> taps = new ArrayList<>();
    taps.add(x);
    SDVariable y = SdLayers.relu(SdLayers.convBn(p, prefix + "conv1", prefix + "bn1", x, inChannels, stem, 7, 2,
        3));
    taps.add(y);
    y = SdLayers.maxPool(p, y, 3, 2, 1);
    taps.add(y);
    int cin = stem;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < blocks[i]; j++) {
        int stride = j == 0 && i > 0 ? 2 : 1;
        y = basicBlock(p, prefix + "layer" + (i + 1) + "." + j, y, cin, widths[i], stride);
        cin = widths[i];
      }
      if (i < 3) {
        taps.add(y);
      }
    }
    return new Output(taps, SdLayers.globalAvgPool(y));
  }

  /**
   * torchvision's {@code BasicBlock}: conv3x3-BN-ReLU-conv3x3-BN, plus the identity or a 1x1 conv + BN
   * projection, then ReLU.
   *
   * @param p the declaration context
   * @param name the block's name
   * @param x input
   * @param cin input channels
   * @param cout output channels
   * @param stride stride of the first conv and of the projection
   * @return the output
   */
  public static SDVariable basicBlock(GraphParams p, String name, SDVariable x, int cin, int cout,
      int stride) {
    SDVariable y = SdLayers.relu(SdLayers.convBn(p, name + ".conv1", name + ".bn1", x, cin, cout, 3, stride, 1));
    y = SdLayers.convBn(p, name + ".conv2", name + ".bn2", y, cout, cout, 3, 1, 1);
    SDVariable s = x;
    if (stride != 1 || cin != cout) {
      s = SdLayers.convBn(p, name + ".downsample.0", name + ".downsample.1", x, cin, cout, 1, stride, 0);
    }
    return SdLayers.relu(y.add(s));
  }
}
