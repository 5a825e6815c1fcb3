package org.genimage.detectors.gramnet;

import java.util.ArrayList;
import java.util.List;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.layers.GraphParams.Init;
import org.genimage.detectors.layers.GraphParams;
import org.genimage.detectors.layers.ResNetBasic;
import org.genimage.detectors.layers.SdLayers;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GramNet's network (Liu et al. 2020): a ResNet of BasicBlocks (ResNet-18 in the paper) plus six Gram
 * branches taken at the input image, after conv1+bn1+relu, after the max-pool, after layer1, layer2 and
 * layer3. Each branch is conv3x3 to {@code gramChannels} + BN + ReLU, the Gram matrix
 * ({@code GramMatrix}) as a {@code 1 x g x g} map, conv3x3/2 to {@code branchChannels1} + BN + ReLU,
 * conv3x3/2 to {@code branchChannels2} + BN + ReLU and global average pooling; the six branch vectors are
 * multiplied by one shared learnable scalar ({@code gram_scale}, initialised to 1). The head is the concat
 * of the pooled ResNet feature and the branch vectors (512 + 6 x 32 = 704 in the paper), Linear to
 * {@code hidden} (512), ReLU, dropout {@code dropout} (0.5), Linear to 2 logits (REAL, FAKE).
 *
 * <p>Tensor names: {@code backbone.*} (torchvision's ResNet names), {@code branches.K.conv/bn/conv1/bn1/
 * conv2/bn2}, {@code gram_scale}, {@code fc1}, {@code fc2}.
 *
 * @param inputSize the square input side (512 in the paper)
 * @param body the ResNet body
 * @param gramChannels channels of each branch's first conv, i.e. the Gram matrix side (32)
 * @param branchChannels1 channels of the first stride-2 conv after the Gram matrix (16)
 * @param branchChannels2 channels of the second stride-2 conv, the branch vector length (32)
 * @param hidden width of the hidden fully connected layer (512)
 * @param dropout dropout probability before the last layer (0.5)
 */
public record GramNetwork(int inputSize, ResNetBasic body, int gramChannels, int branchChannels1,
    int branchChannels2, int hidden, double dropout) {
  /** Validates. */
  public GramNetwork {
    Checks.inRange("inputSize", inputSize, 32, 4096);
    Checks.notNull("body", body);
    Checks.inRange("gramChannels", gramChannels, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("branchChannels1", branchChannels1, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("branchChannels2", branchChannels2, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("hidden", hidden, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("dropout", dropout, 0.0, 0.99);
  }

  /**
   * The paper's configuration: ResNet-18, input 512, branches 32/16/32, hidden 512, dropout 0.5.
   *
   * @return the configuration
   */
  public static GramNetwork paper() {
    return new GramNetwork(512, ResNetBasic.resnet18(), 32, 16, 32, 512, 0.5);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GramNetwork n && n.inputSize == inputSize && n.body.equals(body)
        && n.gramChannels == gramChannels && n.branchChannels1 == branchChannels1
        && n.branchChannels2 == branchChannels2 && n.hidden == hidden
        && Double.compare(n.dropout, dropout) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(inputSize, body, gramChannels, branchChannels1, branchChannels2, hidden,
        dropout);
  }

  /**
   * Builds the logits.
   *
   * @param p the declaration context
   * @param x images {@code [N, 3, inputSize, inputSize]}, normalised as the detector's preprocessing does
   * @return logits {@code [N, 2]}
   */
  SDVariable build(GraphParams p, SDVariable x) {
    ResNetBasic.Output body = this.body.build(p, "backbone.", x, 3);
    int[] w = this.body.widths();
    int[] channels = {3, this.body.stem(), this.body.stem(), w[0], w[1], w[2]};
    int[] sizes = tapSizes(inputSize);
    SDVariable scale = p.param("gram_scale", Init.ONES, 1);
    List<SDVariable> features = new ArrayList<>();
    features.add(body.pooled());
    for (int i = 0; i < 6; i++) {
      SDVariable b = branch(p, "branches." + i, body.taps().get(i), channels[i], sizes[i]);
      features.add(b.mul(scale));
    }
    SameDiff sd = p.sd();
    SDVariable z = sd.concat(1, features.toArray(new SDVariable[0]));
    z = SdLayers.relu(SdLayers.linear(p, "fc1", z, this.body.featureWidth() + 6 * branchChannels2, hidden));
    z = SdLayers.dropout(p, z, hidden, dropout);
    return SdLayers.linear(p, "fc2", z, hidden, 2);
  }

  private SDVariable branch(GraphParams p, String name, SDVariable tap, int cin, int size) {
    SDVariable f = SdLayers.relu(SdLayers.convBn(p, name + ".conv", name + ".bn", tap, cin, gramChannels, 3, 1,
        1));
    SDVariable g = GramMatrix.of(f, gramChannels, size, size);
    g = SdLayers.relu(SdLayers.convBn(p, name + ".conv1", name + ".bn1", g, 1, branchChannels1, 3, 2, 1));
    g = SdLayers.relu(SdLayers.convBn(p, name + ".conv2", name + ".bn2", g, branchChannels1, branchChannels2, 3,
        2, 1));
    return SdLayers.globalAvgPool(g);
  }

  /** Spatial sizes of the six taps for a square input. */
  static int[] tapSizes(int s) {
    int conv1 = (s + 2 * 3 - 7) / 2 + 1;
    int pool = (conv1 + 2 - 3) / 2 + 1;
    int l2 = (pool + 2 - 3) / 2 + 1;
    int l3 = (l2 + 2 - 3) / 2 + 1;
    return new int[] {s, conv1, pool, pool, l2, l3};
  }
}
