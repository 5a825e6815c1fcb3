package org.genimage.detectors.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The base of the frequency/texture {@link Architecture}s (Spec, GramNet, F3Net): two-class head (REAL,
 * FAKE), NCHW, a declared preprocessing pipeline of {@link #inputSize()} output, and a network written once against {@link GraphParams}. The tensor list
 * ({@link #parameters()}) and the initial weights ({@link #initialise(long)}) are derived from that same
 * forward pass, run once in declaring mode on a throw-away graph, so the network's structure is written in
 * one place. Immutable and thread-safe once constructed.
 */
public abstract class DeclaredArchitecture implements Architecture {
  private volatile List<GraphParams.Declaration> declarations;

  /** For subclasses. */
  protected DeclaredArchitecture() {
  }

  /**
   * The network, from preprocessed input to logits {@code [n, 2]} (REAL, FAKE).
   *
   * @param p     the declaration context
   * @param input {@code [n, channels, height, width]}
   * @return the logits
   */
  protected abstract SDVariable build(GraphParams p, SDVariable input);

  /**
   * Side of the square network input.
   *
   * @return pixels
   */
  public abstract int inputSize();

  @Override
  public final Head head() {
    return Head.TWO_CLASS;
  }

  @Override
  public final SDVariable forward(GraphBuilder g, SDVariable input) {
    return build(GraphParams.over(g, input), input);
  }

  /**
   * Every declared tensor with its initialisation, in declaration order.
   *
   * @return an unmodifiable list
   */
  public final List<GraphParams.Declaration> declarations() {
    List<GraphParams.Declaration> d = declarations;
    if (d == null) {
      SameDiff sd = SameDiff.create();
      SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, 3, inputSize(), inputSize());
      GraphParams p = GraphParams.declaring(sd, in);
      build(p, in);
      d = p.declarations();
      declarations = d;
    }
    return d;
  }

  @Override
  public final List<ParamSpec> parameters() {
    List<ParamSpec> out = new ArrayList<>();
    for (GraphParams.Declaration d : declarations()) {
      out.add(d.spec());
    }
    return List.copyOf(out);
  }

  /**
   * Fresh weights: conv weights Kaiming normal (fan-out), linear layers PyTorch's uniform, batch norm 1/0
   * with running statistics 0/1, each tensor seeded by the seed and its name.
   */
  @Override
  public final Map<String, NamedTensor> initialise(long seed) {
    Map<String, NamedTensor> m = new LinkedHashMap<>();
    for (GraphParams.Declaration d : declarations()) {
      m.put(d.spec().name(), GraphParams.initial(seed, d));
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((Architecture) o).config().equals(config());
  }

  @Override
  public int hashCode() {
    return config().hashCode();
  }

  @Override
  public String toString() {
    return displayName() + config();
  }
}
