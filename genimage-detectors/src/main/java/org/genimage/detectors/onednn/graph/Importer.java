package org.genimage.detectors.onednn.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.onednn.UnsupportedGraphException;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DepthwiseConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSubtraction;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.shape.StridedSlice;
import org.nd4j.linalg.api.ops.impl.shape.ZerosLike;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.RealDivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;

/**
 * Reads a SameDiff graph (a training graph built with {@link TrainingGraphBuilder}, or an inference graph whose
 * weights are constants) into a {@link Graph} with the batch size fixed. Only what the requested outputs need
 * is read. The builder's {@link GraphBuilder.Region regions} (batch
 * norm, layer norm, GELU) become single nodes instead of the element-wise ops that spell them out; a ReLU that is
 * the only reader of a batch norm or an add is fused into it. Each supported SameDiff op is one entry of a
 * table from its class to how it is read ({@link #readers}); anything else is refused with
 * {@link UnsupportedGraphException} naming the op. Fusion and lowering onto oneDNN come later and apart
 * ({@link Fusions}, {@link Lowering}).
 */
final class Importer {
  /** The element-wise functions read by op name (several ND4J classes share one function). */
  private static final Map<String, Eltwise.Fn> UNARY = Map.ofEntries(Map.entry("neg", Eltwise.Fn.linear(-1, 0)),
      Map.entry("square", Eltwise.Fn.SQUARE), Map.entry("abs", Eltwise.Fn.ABS), Map.entry("tanh", Eltwise.Fn.TANH),
      Map.entry("log", Eltwise.Fn.LOG), Map.entry("exp", Eltwise.Fn.EXP), Map.entry("erf", Eltwise.Fn.ERF),
      Map.entry("log1p", Eltwise.Fn.LOG1P), Map.entry("sqrt", Eltwise.Fn.SQRT),
      Map.entry("sigmoid", Eltwise.Fn.SIGMOID), Map.entry("rsqrt", Eltwise.Fn.RSQRT));

  private final SameDiff sd;
  private final GraphBuilder builder;
  private final int batch;
  private final Graph g = new Graph();
  private final Map<String, Value> values = new HashMap<>();
  private final Map<String, String> alias = new HashMap<>();
  private final Map<String, SameDiffOp> producer = new HashMap<>();
  private final Map<String, List<SameDiffOp>> consumers = new HashMap<>();
  private final Map<String, GraphBuilder.Region> regionOf = new HashMap<>();
  private final Set<GraphBuilder.Region> regionsDone = new HashSet<>();
  private final Set<SameDiffOp> absorbed = new HashSet<>();
  private final Map<String, Value> params = new LinkedHashMap<>();
  private final Set<String> roots = new HashSet<>();
  private final Set<String> inputs;
  private final Map<Class<? extends DifferentialFunction>, OpReader> readers = readers();

  Importer(SameDiff sd, GraphBuilder builder, Set<String> inputs, int batch) {
    this.sd = sd;
    this.builder = builder;
    this.inputs = Set.copyOf(inputs);
    this.batch = batch;
  }

  Graph graph() {
    return g;
  }

  /** The trainable parameters read, by canonical name. */
  Map<String, Value> params() {
    return params;
  }

  /**
   * Reads what {@code outputs} need.
   *
   * @param outputs names of the graph variables wanted
   * @return the value of each, in order
   */
  List<Value> read(List<String> outputs) {
    List<SameDiffOp> ops = new ArrayList<>(sd.getOps().values());
    for (SameDiffOp op : ops) {
      if (op.getOp() instanceof Identity) {
        alias.put(op.getOutputsOfOp().get(0), canonical(op.getInputsToOp().get(0)));
      }
    }
    for (SameDiffOp op : ops) {
      if (op.getOp() instanceof Identity) {
        continue;
      }
      for (String out : op.getOutputsOfOp()) {
        producer.put(out, op);
      }
      for (String in : op.getInputsToOp()) {
        consumers.computeIfAbsent(canonical(in), k -> new ArrayList<>()).add(op);
      }
    }
    for (GraphBuilder.Region r : builder.regions()) {
      for (String out : r.outputs()) {
        regionOf.put(canonical(out), r);
      }
    }
    for (String o : outputs) {
      roots.add(canonical(o));
    }
    Set<String> needed = needed();
    for (SameDiffOp op : ops) {
      if (op.getOp() instanceof Identity || absorbed.contains(op)) {
        continue;
      }
      String out = op.getOutputsOfOp().get(0);
      if (!needed.contains(out)) {
        continue;
      }
      GraphBuilder.Region r = regionOf.get(out);
      if (r != null) {
        if (regionsDone.add(r)) {
          importRegion(r);
        }
        continue;
      }
      List<Value> made;
      try {
        made = importOp(op);
      } catch (UnsupportedGraphException e) {
        throw new UnsupportedGraphException("op '" + op.getName() + "' (" + op.getOp().getClass().getSimpleName()
            + "): " + e.getMessage(), e);
      }
      for (int i = 0; i < made.size(); i++) {
        values.put(op.getOutputsOfOp().get(i), made.get(i));
      }
    }
    List<Value> out = new ArrayList<>();
    for (String o : outputs) {
      out.add(value(o));
    }
    return out;
  }

  private Set<String> needed() {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String v = canonical(todo.pop());
      if (!seen.add(v)) {
        continue;
      }
      GraphBuilder.Region r = regionOf.get(v);
      if (r != null) {
        todo.addAll(r.inputs());
        continue;
      }
      SameDiffOp op = producer.get(v);
      if (op != null) {
        todo.addAll(op.getInputsToOp());
      }
    }
    return seen;
  }

  private String canonical(String name) {
    String c = name;
    while (alias.containsKey(c)) {
      c = alias.get(c);
    }
    return c;
  }

  // ---- values that are not computed ----

  Value value(String name) {
    String c = canonical(name);
    Value v = values.get(c);
    if (v != null) {
      return v;
    }
    SDVariable var = sd.getVariable(c);
    if (var == null) {
      throw new UnsupportedGraphException("no variable '" + c + "'");
    }
    VariableType type = var.getVariableType();
    if (type == VariableType.PLACEHOLDER) {
      if (!inputs.contains(c)) {
        throw new UnsupportedGraphException("placeholder '" + c + "' is not fed");
      }
      long[] s = var.getShape().clone();
      for (int i = 0; i < s.length; i++) {
        if (s[i] < 0) {
          s[i] = batch;
        }
      }
      v = g.input(c, s);
    } else if (type == VariableType.VARIABLE) {
      if (convLayout(c)) {
        throw new UnsupportedGraphException("convolution weight '" + c + "' read by something other than a conv");
      }
      v = param(c);
    } else if (type == VariableType.CONSTANT) {
      INDArray a = var.getArr();
      if (a == null || !a.dataType().isFPType()) {
        throw new UnsupportedGraphException("constant '" + c + "' is not a floating-point array");
      }
      try (INDArray f = a.castTo(DataType.FLOAT).dup('c')) {
        v = g.constant(c, a.shape(), f.data().asFloat());
      }
    } else {
      throw new UnsupportedGraphException("'" + c + "' is read before it is computed");
    }
    values.put(c, v);
    return v;
  }

  /** Whether a trainable variable holds a convolution weight in SameDiff's {@code [kh, kw, in, out]}. */
  private boolean convLayout(String name) {
    return builder instanceof TrainingGraphBuilder t && t.isConvLayout(name);
  }

  private Value param(String canonicalName) {
    return params.computeIfAbsent(canonicalName, n -> g.param(n, builder.weight(n).shape()));
  }

  // ---- regions ----

  private void importRegion(GraphBuilder.Region r) {
    Value x = value(r.inputs().get(0));
    String y = canonical(r.outputs().get(0));
    switch (r.kind()) {
      case BATCH_NORM -> {
        SameDiffOp relu = onlyReluReader(y);
        List<Value> out = BatchNorm.apply(g, x, param(r.inputs().get(1)), param(r.inputs().get(2)), r.eps(),
            relu != null);
        if (relu != null) {
          absorbed.add(relu);
          values.put(relu.getOutputsOfOp().get(0), out.get(0));
        } else {
          values.put(y, out.get(0));
        }
        values.put(canonical(r.outputs().get(1)), out.get(1));
        double m = (double) x.elements() / x.shape[1];
        values.put(canonical(r.outputs().get(2)), Eltwise.apply(g, Eltwise.Fn.linear(m / (m - 1), 0), out.get(2)));
      }
      case LAYER_NORM -> values.put(y, LayerNorm.apply(g, x, value(r.inputs().get(1)), value(r.inputs().get(2)),
          r.eps()));
      case GELU -> values.put(y, Eltwise.apply(g, Eltwise.Fn.GELU_ERF, x));
      default -> throw new UnsupportedGraphException("region " + r.kind());
    }
  }

  /** The ReLU (cutoff 0) that is the only reader of {@code value}, when there is one and it may be fused. */
  private SameDiffOp onlyReluReader(String value) {
    List<SameDiffOp> c = consumers.getOrDefault(value, List.of());
    if (c.size() != 1 || roots.contains(value) || !(c.get(0).getOp() instanceof RectifiedLinear r)
        || scalar(r) != 0.0) {
      return null;
    }
    return c.get(0);
  }

  // ---- ops ----

  private List<Value> importOp(SameDiffOp op) {
    DifferentialFunction f = op.getOp();
    OpReader reader = readers.get(f.getClass());
    if (reader != null) {
      return reader.read(op, f);
    }
    Eltwise.Fn fn = UNARY.get(f.opName());
    if (fn != null && op.getInputsToOp().size() == 1) {
      return List.of(Eltwise.apply(g, fn, in(op, 0)));
    }
    throw new UnsupportedGraphException("no lowering for op '" + f.opName() + "'");
  }

  /** How one kind of SameDiff op becomes nodes of the graph; an entry of {@link #readers}. */
  @FunctionalInterface
  private interface OpReader {
    List<Value> read(SameDiffOp op, DifferentialFunction f);
  }

  /** The supported ops by class: a new op is one entry here and, if it needs one, one {@link Op} class. */
  private Map<Class<? extends DifferentialFunction>, OpReader> readers() {
    Map<Class<? extends DifferentialFunction>, OpReader> m = new HashMap<>();
    m.put(Conv2D.class, (op, f) -> List.of(conv(op, ((Conv2D) f).getConfig(), 1)));
    m.put(DepthwiseConv2D.class, (op, f) -> List.of(conv(op, ((DepthwiseConv2D) f).getConfig(),
        in(op, 0).shape[1])));
    m.put(MaxPooling2D.class, (op, f) -> List.of(maxPool(in(op, 0), ((MaxPooling2D) f).getConfig())));
    m.put(AddOp.class, (op, f) -> add(op));
    m.put(SubOp.class, (op, f) -> List.of(Binary.apply(g, Binary.Kind.SUB, in(op, 0), in(op, 1))));
    m.put(MulOp.class, (op, f) -> List.of(Binary.apply(g, Binary.Kind.MUL, in(op, 0), in(op, 1))));
    OpReader div = (op, f) -> List.of(Binary.apply(g, Binary.Kind.DIV, in(op, 0), in(op, 1)));
    m.put(DivOp.class, div);
    m.put(RealDivOp.class, div);
    m.put(RectifiedLinear.class, (op, f) -> {
      if (scalar((ScalarOp) f) != 0.0) {
        throw new UnsupportedGraphException("ReLU with cutoff " + scalar((ScalarOp) f));
      }
      return List.of(Eltwise.apply(g, Eltwise.Fn.RELU, in(op, 0)));
    });
    m.put(ScalarAdd.class, linear((c) -> new double[] {1, c}));
    m.put(ScalarSubtraction.class, linear((c) -> new double[] {1, -c}));
    m.put(ScalarMultiplication.class, linear((c) -> new double[] {c, 0}));
    m.put(ScalarDivision.class, linear((c) -> new double[] {1 / c, 0}));
    m.put(ScalarReverseSubtraction.class, linear((c) -> new double[] {-1, c}));
    m.put(ScalarReverseDivision.class, (op, f) -> {
      Value k = g.constant("scalar#" + op.getName(), new long[0], new float[] {(float) scalar((ScalarOp) f)});
      return List.of(Binary.apply(g, Binary.Kind.DIV, k, in(op, 0)));
    });
    OpReader reduce = (op, f) -> List.of(reduce(f, in(op, 0)));
    m.put(Mean.class, reduce);
    m.put(Sum.class, reduce);
    m.put(Max.class, reduce);
    m.put(Mmul.class, (op, f) -> List.of(matmul((Mmul) f, in(op, 0), in(op, 1))));
    m.put(SoftMax.class, (op, f) -> {
      long[] a = ((DynamicCustomOp) f).iArgs();
      Value x = in(op, 0);
      return List.of(Softmax.apply(g, x, a.length > 0 ? (int) a[0] : x.rank() - 1));
    });
    m.put(Reshape.class, (op, f) -> {
      Value x = in(op, 0);
      long[] shape = Shapes.resolve(reshapeArgs((Reshape) f, op), x.elements());
      return List.of(x.isConstant() ? g.constant(op.getOutputsOfOp().get(0), shape, x.constant)
          : org.genimage.detectors.onednn.graph.Reshape.apply(g, x, shape));
    });
    m.put(Permute.class, (op, f) -> {
      Value x = in(op, 0);
      int[] perm = ints(((DynamicCustomOp) f).iArgs());
      return List.of(x.isConstant() ? permutedConstant(op.getOutputsOfOp().get(0), x, perm)
          : org.genimage.detectors.onednn.graph.Permute.apply(g, x, perm));
    });
    m.put(StridedSlice.class, (op, f) -> List.of(stridedSlice(in(op, 0), ((DynamicCustomOp) f).iArgs())));
    m.put(org.nd4j.linalg.api.ops.impl.shape.Concat.class, (op, f) -> {
      List<Value> in = new ArrayList<>();
      for (int i = 0; i < op.getInputsToOp().size(); i++) {
        in.add(in(op, i));
      }
      return List.of(org.genimage.detectors.onednn.graph.Concat.apply(g, in, (int) ((DynamicCustomOp) f).iArgs()[0]));
    });
    m.put(ZerosLike.class, (op, f) -> {
      long[] s = in(op, 0).shape;
      return List.of(g.constant("zeros#" + op.getName(), s, new float[(int) Shapes.elements(s)]));
    });
    return m;
  }

  private Value in(SameDiffOp op, int i) {
    return value(op.getInputsToOp().get(i));
  }

  /** A scalar op that is {@code a x + b}, {@code [a, b]} given by its scalar {@code c}. */
  private OpReader linear(java.util.function.DoubleFunction<double[]> ab) {
    return (op, f) -> {
      double[] v = ab.apply(scalar((ScalarOp) f));
      return List.of(Eltwise.apply(g, Eltwise.Fn.linear(v[0], v[1]), in(op, 0)));
    };
  }

  /** An add, with the ReLU that is its only reader fused into it. */
  private List<Value> add(SameDiffOp op) {
    Value a = in(op, 0);
    Value b = in(op, 1);
    SameDiffOp relu = onlyReluReader(op.getOutputsOfOp().get(0));
    if (relu == null) {
      return List.of(Binary.apply(g, Binary.Kind.ADD, a, b));
    }
    absorbed.add(relu);
    values.put(relu.getOutputsOfOp().get(0), Binary.applyRelu(g, Binary.Kind.ADD, a, b));
    return List.of();
  }

  private Value matmul(Mmul m, Value a, Value b) {
    long[] t = m.iArgs();
    double[] ta = m.tArgs();
    if ((t.length > 2 && t[2] != 0) || (ta.length > 1 && ta[1] != 0)) {
      throw new UnsupportedGraphException("transposed result or beta != 0");
    }
    float alpha = ta.length > 0 ? (float) ta[0] : 1f;
    return MatMul.apply(g, a, b, null, t.length > 0 && t[0] != 0, t.length > 1 && t[1] != 0, alpha);
  }

  /** A constant's axes permuted, computed now (weights an inference graph transposes once). */
  private Value permutedConstant(String name, Value c, int[] perm) {
    long[] from = c.shape;
    long[] to = Shapes.permute(from, perm);
    long[] fromStrides = Shapes.denseStrides(from);
    float[] out = new float[c.constant.length];
    long[] pos = new long[to.length];
    for (int i = 0; i < out.length; i++) {
      long src = 0;
      for (int d = 0; d < to.length; d++) {
        src += pos[d] * fromStrides[perm[d]];
      }
      out[i] = c.constant[(int) src];
      for (int d = to.length - 1; d >= 0; d--) {
        if (++pos[d] < to[d]) {
          break;
        }
        pos[d] = 0;
      }
    }
    return g.constant(name, to, out);
  }

  private static double scalar(ScalarOp s) {
    INDArray a = s.scalar();
    return a == null ? 0.0 : a.getDouble(0);
  }

  private Value conv(SameDiffOp op, Conv2DConfig cfg, long groups) {
    if (cfg.getPaddingMode() != PaddingMode.VALID || !"NCHW".equalsIgnoreCase(cfg.getDataFormat())) {
      throw new UnsupportedGraphException("padding mode " + cfg.getPaddingMode() + ", format "
          + cfg.getDataFormat() + " (explicit padding and NCHW only)");
    }
    List<String> in = op.getInputsToOp();
    Value x = value(in.get(0));
    Value w = groups == 1 ? convWeight(in.get(1)) : depthwiseWeight(in.get(1));
    Value b = in.size() > 2 ? value(in.get(2)) : null;
    Conv conv = new Conv(new long[] {cfg.getSH(), cfg.getSW()}, new long[] {cfg.getPH(), cfg.getPW()},
        new long[] {cfg.getDH(), cfg.getDW()}, groups);
    return Conv.apply(g, x, w, b, conv);
  }

  private Value convWeight(String name) {
    String c = canonical(name);
    SDVariable var = sd.getVariable(c);
    if (var != null && var.getVariableType() == VariableType.CONSTANT && var.getArr() != null
        && var.getArr().rank() == 4) {
      // A fixed filter bank in SameDiff's [kh, kw, in, out]: the same constant in PyTorch's [out, in, kh, kw].
      try (INDArray oihw = var.getArr().castTo(DataType.FLOAT).permute(3, 2, 0, 1).dup('c')) {
        return values.computeIfAbsent(c + "#oihw", k -> g.constant(k, oihw.shape(), oihw.data().asFloat()));
      }
    }
    if (!convLayout(c)) {
      throw new UnsupportedGraphException("convolution weight '" + c + "' is not a parameter in [kh, kw, in, out]");
    }
    return param(c);
  }

  /** A depthwise weight: the builder's {@code permute(w [c, 1, k, k], 2, 3, 0, 1)}; the canonical tensor is used. */
  private Value depthwiseWeight(String name) {
    SameDiffOp p = producer.get(canonical(name));
    if (p == null || !(p.getOp() instanceof Permute perm) || !Arrays.equals(perm.iArgs(), new long[] {2, 3, 0, 1})) {
      throw new UnsupportedGraphException("depthwise weight '" + name + "' is not a permuted parameter");
    }
    String w = canonical(p.getInputsToOp().get(0));
    VariableType type = sd.getVariable(w).getVariableType();
    if (type != VariableType.VARIABLE && type != VariableType.CONSTANT) {
      throw new UnsupportedGraphException("depthwise weight '" + w + "' is not a parameter or constant");
    }
    return value(w);
  }

  private Value maxPool(Value x, Pooling2DConfig cfg) {
    if (cfg.getPaddingMode() != PaddingMode.VALID || cfg.getDH() != 1 || cfg.getDW() != 1 || cfg.isNHWC()) {
      throw new UnsupportedGraphException("max pooling other than NCHW, explicit padding, no dilation");
    }
    return Pool.apply(g, x, new Pool(true, new long[] {cfg.getKH(), cfg.getKW()}, new long[] {cfg.getSH(),
        cfg.getSW()}, new long[] {cfg.getPH(), cfg.getPW()}));
  }

  private Value reduce(DifferentialFunction f, Value x) {
    BaseReduceOp r = (BaseReduceOp) f;
    INDArray d = r.dimensions();
    if (d == null) {
      throw new UnsupportedGraphException("reduction axes in a variable");
    }
    int[] axes = d.toIntVector();
    if (axes.length == 0 || Arrays.stream(axes).anyMatch(a -> a == Integer.MAX_VALUE)) {
      axes = new int[x.rank()];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
    }
    for (int i = 0; i < axes.length; i++) {
      axes[i] = Math.floorMod(axes[i], x.rank());
    }
    Arrays.sort(axes);
    if (f instanceof Mean && x.rank() == 4 && Arrays.equals(axes, new int[] {2, 3}) && !r.isKeepDims()) {
      Value pooled = Pool.apply(g, x, new Pool(false, new long[] {x.shape[2], x.shape[3]}, new long[] {1, 1},
          new long[] {0, 0}));
      return org.genimage.detectors.onednn.graph.Reshape.apply(g, pooled, new long[] {x.shape[0], x.shape[1]});
    }
    Reduce.Kind kind = f instanceof Mean ? Reduce.Kind.MEAN : f instanceof Sum ? Reduce.Kind.SUM : Reduce.Kind.MAX;
    return Reduce.apply(g, kind, x, axes, r.isKeepDims());
  }

  private long[] reshapeArgs(Reshape r, SameDiffOp op) {
    long[] a = r.iArgs();
    if (a.length > 1 && (a[0] == -99 || a[0] == -102)) {
      return Arrays.copyOfRange(a, 1, a.length);
    }
    if (op.getInputsToOp().size() > 1) {
      INDArray shape = sd.getVariable(canonical(op.getInputsToOp().get(1))).getArr();
      if (shape != null) {
        return shape.toLongVector();
      }
    }
    throw new UnsupportedGraphException("reshape to a shape computed in the graph");
  }

  private Value stridedSlice(Value x, long[] a) {
    int r = x.rank();
    if (a.length != 5 + 3 * r || a[1] != 0 || a[3] != 0 || a[4] != 0) {
      throw new UnsupportedGraphException("strided slice with ellipsis, new-axis or shrink masks");
    }
    long beginMask = a[0];
    long endMask = a[2];
    long[] begin = new long[r];
    long[] end = new long[r];
    long[] step = new long[r];
    for (int i = 0; i < r; i++) {
      step[i] = a[5 + 2 * r + i];
      begin[i] = (beginMask & (1L << i)) != 0 ? 0 : Math.floorMod(a[5 + i], x.shape[i]);
      long e = a[5 + r + i];
      end[i] = (endMask & (1L << i)) != 0 ? x.shape[i] : e < 0 ? e + x.shape[i] : Math.min(e, x.shape[i]);
    }
    return Slice.apply(g, x, begin, end, step);
  }

  private static int[] ints(long[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (int) a[i];
    }
    return out;
  }
}
