package org.genimage.detectors.onednn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;

/**
 * Compiles a SameDiff inference graph into a {@link Plan} for one batch size, in three passes: (1) fuse —
 * a convolution followed by its only consumer ReLU becomes one primitive with an eltwise post-op, a convolution
 * whose only consumer is an add becomes one primitive with a sum post-op (plus ReLU when the add's only
 * consumer is one), emitted where the add was; (2) liveness — the last step that reads each value; (3) emit —
 * primitives in order, each output in a pooled buffer, a sum written in place into the other operand when
 * that operand dies at the add. Anything outside the supported ops throws {@link UnsupportedGraphException}.
 */
final class PlanCompiler {
  private static final long[] NO_PAD = {0, 0};

  /** A unit of the fused graph. */
  private sealed interface Node permits ConvNode, OpNode {}

  /** A convolution with optional fused sum (into {@code sumWith}) and ReLU; result named {@code output}. */
  private record ConvNode(SameDiffOp conv, String sumWith, boolean relu, String output) implements Node {}

  /** Any other supported op, run on its own. */
  private record OpNode(SameDiffOp op) implements Node {}

  private enum Kind { ACTIVATION, HOST, CONSTANT }

  private final SameDiff sd;
  private final String inputName;
  private final String outputName;
  private final boolean channelsLast;
  private final int batch;
  private final engine eng;
  private final stream strm;
  private final WeightStore weights;

  private final Map<String, String> alias = new HashMap<>();
  private final Map<String, List<SameDiffOp>> consumers = new HashMap<>();
  private final Map<String, Kind> kinds = new HashMap<>();
  private final Map<String, Integer> lastUse = new HashMap<>();
  private final Map<String, Object> values = new HashMap<>();
  private final List<Plan.Step> steps = new ArrayList<>();
  private final List<Pointer> resources = new ArrayList<>();
  private BufferPool pool;
  private final Map<String, Integer> kernels = new TreeMap<>();
  private int outputColumns;

  PlanCompiler(SameDiff sd, String inputName, String outputName, boolean channelsLast, int batch, engine eng,
      stream strm, WeightStore weights) {
    this.sd = sd;
    this.inputName = inputName;
    this.outputName = outputName;
    this.channelsLast = channelsLast;
    this.batch = batch;
    this.eng = eng;
    this.strm = strm;
    this.weights = weights;
  }

  Plan compile() {
    List<SameDiffOp> ops = new ArrayList<>(sd.getOps().values());
    index(ops);
    List<Node> nodes = fuse(ops);
    liveness(nodes);
    pool = new BufferPool(eng, resources::add);
    long[] inShape = sd.getVariable(inputName).getShape();
    if (inShape == null || inShape.length != 4) {
      throw new UnsupportedGraphException("input '" + inputName + "' is not 4-d");
    }
    long c = channelsLast ? inShape[3] : inShape[1];
    long h = channelsLast ? inShape[1] : inShape[2];
    long w = channelsLast ? inShape[2] : inShape[3];
    long[] dims = {batch, c, h, w};
    long floats = batch * c * h * w;
    FloatPointer in = own(new FloatPointer(floats));
    memory inMem = own(new memory(own(plainDesc(dims, channelsLast ? memory.format_tag.nhwc
        : memory.format_tag.nchw)), eng, in));
    values.put(inputName, new Activation(inMem, null, dims));
    for (int i = 0; i < nodes.size(); i++) {
      emit(nodes.get(i), i);
    }
    Object out = values.get(canonical(outputName));
    if (!(out instanceof HostTensor host)) {
      throw new UnsupportedGraphException("output '" + outputName + "' is not a 2-d value computed after pooling");
    }
    outputColumns = host.cols();
    return new Plan(batch, in, floats, steps, host, strm, resources);
  }

  long activationBytes() {
    return pool.allocatedBytes();
  }

  int outputColumns() {
    return outputColumns;
  }

  /** Primitive kind and kernel name (oneDNN's implementation string) to the number of steps that run it. */
  Map<String, Integer> kernels() {
    return kernels;
  }

  private void count(String kernel) {
    kernels.merge(kernel, 1, Integer::sum);
  }

  // ---- pass 0: names, consumers, kinds ----

  private void index(List<SameDiffOp> ops) {
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.CONSTANT) {
        kinds.put(v.name(), Kind.CONSTANT);
      } else if (v.getVariableType() == VariableType.PLACEHOLDER && !v.name().equals(inputName)) {
        throw new UnsupportedGraphException("placeholder '" + v.name() + "' besides the input");
      } else if (v.getVariableType() == VariableType.VARIABLE) {
        throw new UnsupportedGraphException("trainable variable '" + v.name() + "' in an inference graph");
      }
    }
    kinds.put(inputName, Kind.ACTIVATION);
    for (SameDiffOp op : ops) {
      List<String> outs = op.getOutputsOfOp();
      if (outs == null || outs.size() != 1) {
        throw new UnsupportedGraphException("op '" + op.getName() + "' has " + (outs == null ? 0 : outs.size())
            + " outputs");
      }
      DifferentialFunction f = op.getOp();
      if (f instanceof Identity) {
        alias.put(outs.get(0), canonical(op.getInputsToOp().get(0)));
        continue;
      }
      for (String in : op.getInputsToOp()) {
        String c = canonical(in);
        if (!kinds.containsKey(c)) {
          throw new UnsupportedGraphException("op '" + op.getName() + "' reads '" + in + "' before it is computed");
        }
        consumers.computeIfAbsent(c, k -> new ArrayList<>()).add(op);
      }
      kinds.put(outs.get(0), kindOf(op));
    }
  }

  private Kind kindOf(SameDiffOp op) {
    DifferentialFunction f = op.getOp();
    List<String> in = op.getInputsToOp();
    if (f instanceof Conv2D || f instanceof MaxPooling2D) {
      requireKind(op, in.get(0), Kind.ACTIVATION);
      return Kind.ACTIVATION;
    }
    if (f instanceof Mean) {
      requireKind(op, in.get(0), Kind.ACTIVATION);
      return Kind.HOST;
    }
    if (f instanceof Mmul) {
      requireKind(op, in.get(0), Kind.HOST);
      requireKind(op, in.get(1), Kind.CONSTANT);
      return Kind.HOST;
    }
    if (f instanceof RectifiedLinear) {
      Kind k = kinds.get(canonical(in.get(0)));
      if (k == Kind.CONSTANT) {
        throw unsupported(op, "ReLU of a constant");
      }
      return k;
    }
    if (f instanceof AddOp) {
      Kind a = kinds.get(canonical(in.get(0)));
      Kind b = kinds.get(canonical(in.get(1)));
      if (a == Kind.ACTIVATION && b == Kind.ACTIVATION) {
        return Kind.ACTIVATION;
      }
      if (a == Kind.HOST && b != Kind.ACTIVATION) {
        return Kind.HOST;
      }
      throw unsupported(op, "add of " + a + " and " + b);
    }
    throw unsupported(op, "no oneDNN lowering for " + f.getClass().getSimpleName());
  }

  private void requireKind(SameDiffOp op, String input, Kind kind) {
    if (kinds.get(canonical(input)) != kind) {
      throw unsupported(op, "input '" + input + "' must be " + kind + " but is " + kinds.get(canonical(input)));
    }
  }

  private String canonical(String name) {
    String n = name;
    while (alias.containsKey(n)) {
      n = alias.get(n);
    }
    return n;
  }

  // ---- pass 1: fusion ----

  private List<Node> fuse(List<SameDiffOp> ops) {
    List<Node> nodes = new ArrayList<>();
    Map<String, SameDiffOp> pendingConv = new HashMap<>();
    Set<SameDiffOp> absorbed = new HashSet<>();
    String output = canonical(outputName);
    for (SameDiffOp op : ops) {
      DifferentialFunction f = op.getOp();
      if (f instanceof Identity || absorbed.contains(op)) {
        continue;
      }
      String out = op.getOutputsOfOp().get(0);
      SameDiffOp only = onlyConsumer(out, output);
      if (f instanceof Conv2D) {
        if (only != null && isRelu(only)) {
          absorbed.add(only);
          nodes.add(new ConvNode(op, null, true, only.getOutputsOfOp().get(0)));
        } else if (only != null && only.getOp() instanceof AddOp && kinds.get(out) == Kind.ACTIVATION) {
          pendingConv.put(out, op);
        } else {
          nodes.add(new ConvNode(op, null, false, out));
        }
        continue;
      }
      if (f instanceof AddOp && kinds.get(out) == Kind.ACTIVATION) {
        String a = canonical(op.getInputsToOp().get(0));
        String b = canonical(op.getInputsToOp().get(1));
        String fused = pendingConv.containsKey(a) ? a : pendingConv.containsKey(b) ? b : null;
        String other = a.equals(fused) ? b : a;
        if (pendingConv.containsKey(other) && !other.equals(fused)) {
          nodes.add(new ConvNode(pendingConv.remove(other), null, false, other));
        }
        if (fused != null && !fused.equals(other)) {
          boolean relu = only != null && isRelu(only);
          if (relu) {
            absorbed.add(only);
          }
          nodes.add(new ConvNode(pendingConv.remove(fused), other, relu, relu ? only.getOutputsOfOp().get(0) : out));
          continue;
        }
        if (fused != null) {
          nodes.add(new ConvNode(pendingConv.remove(fused), null, false, fused));
        }
      }
      nodes.add(new OpNode(op));
    }
    if (!pendingConv.isEmpty()) {
      throw new UnsupportedGraphException("convolutions " + pendingConv.keySet() + " feed no supported add");
    }
    return nodes;
  }

  private SameDiffOp onlyConsumer(String value, String output) {
    List<SameDiffOp> c = consumers.getOrDefault(value, List.of());
    return c.size() == 1 && !value.equals(output) ? c.get(0) : null;
  }

  private static boolean isRelu(SameDiffOp op) {
    return op.getOp() instanceof RectifiedLinear r && reluCutoff(r) == 0.0;
  }

  private static double reluCutoff(RectifiedLinear r) {
    INDArray s = ((ScalarOp) r).scalar();
    return s == null ? 0.0 : s.getDouble(0);
  }

  // ---- pass 2: liveness ----

  private void liveness(List<Node> nodes) {
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : inputsOf(nodes.get(i))) {
        lastUse.put(in, i);
      }
    }
    lastUse.put(canonical(outputName), Integer.MAX_VALUE);
  }

  private List<String> inputsOf(Node node) {
    List<String> in = new ArrayList<>();
    if (node instanceof ConvNode c) {
      in.add(canonical(c.conv.getInputsToOp().get(0)));
      if (c.sumWith != null) {
        in.add(c.sumWith);
      }
    } else {
      for (String s : ((OpNode) node).op.getInputsToOp()) {
        String n = canonical(s);
        if (kinds.get(n) != Kind.CONSTANT) {
          in.add(n);
        }
      }
    }
    return in;
  }

  // ---- pass 3: emission ----

  private void emit(Node node, int index) {
    List<BufferPool.Buffer> temps = new ArrayList<>();
    if (node instanceof ConvNode c) {
      emitConv(c, index, temps);
    } else {
      SameDiffOp op = ((OpNode) node).op;
      DifferentialFunction f = op.getOp();
      String out = op.getOutputsOfOp().get(0);
      if (f instanceof MaxPooling2D p) {
        values.put(out, maxPool(op, p.getConfig()));
      } else if (f instanceof Mean) {
        values.put(out, globalMean(op));
      } else if (f instanceof Mmul) {
        values.put(out, matmul(op));
      } else if (f instanceof RectifiedLinear r) {
        values.put(out, relu(op, r, index));
      } else if (f instanceof AddOp) {
        values.put(out, add(op, index));
      } else {
        throw unsupported(op, "no oneDNN lowering for " + f.getClass().getSimpleName());
      }
    }
    temps.forEach(pool::release);
    for (String in : inputsOf(node)) {
      if (lastUse.get(in) == index && values.get(in) instanceof Activation a) {
        pool.release(a.buffer());
      }
    }
  }

  private void emitConv(ConvNode node, int index, List<BufferPool.Buffer> temps) {
    SameDiffOp op = node.conv;
    Conv2DConfig cfg = ((Conv2D) op.getOp()).getConfig();
    List<String> in = op.getInputsToOp();
    if (cfg.getPaddingMode() != PaddingMode.VALID) {
      throw unsupported(op, "padding mode " + cfg.getPaddingMode() + " (explicit padding only)");
    }
    if (cfg.getWeightsFormat() != null && cfg.getWeightsFormat() != WeightsFormat.YXIO) {
      throw unsupported(op, "weights format " + cfg.getWeightsFormat());
    }
    Activation x = activation(in.get(0));
    INDArray w = constant(op, in.get(1));
    long[] ws = w.shape();
    if (ws.length != 4 || ws[2] != x.c() || ws[0] != cfg.getKH() || ws[1] != cfg.getKW()) {
      throw unsupported(op, "weight shape " + Arrays.toString(ws) + " for input channels " + x.c());
    }
    long co = ws[3];
    long oh = outSize(x.h(), cfg.getKH(), cfg.getSH(), cfg.getPH(), cfg.getDH());
    long ow = outSize(x.w(), cfg.getKW(), cfg.getSW(), cfg.getPW(), cfg.getDW());
    long[] outDims = {x.n(), co, oh, ow};
    Activation sum = node.sumWith == null ? null : activation(node.sumWith);
    if (sum != null && !Arrays.equals(sum.dims(), outDims)) {
      throw unsupported(op, "residual add of " + Arrays.toString(sum.dims()) + " and "
          + Arrays.toString(outDims));
    }
    memory.desc wPlain = own(plainDesc(new long[] {co, ws[2], ws[0], ws[1]}, memory.format_tag.hwio));
    memory.desc bDesc = own(plainDesc(new long[] {co}, memory.format_tag.x));
    memory.desc dstWanted = sum != null ? sum.desc() : anyDesc(outDims);
    post_ops po = own(new post_ops());
    if (sum != null) {
      po.append_sum();
    }
    if (node.relu) {
      po.append_eltwise(1.0f, dnnl.algorithm.eltwise_relu, 0f, 0f);
    }
    primitive_attr attr = own(new primitive_attr());
    attr.set_post_ops(po);
    // The plan owns each convolution's scratchpad: oneDNN's own is per thread, and a plan compiled on one thread
    // may run on another, where Winograd's kernel then found no scratchpad (SIGSEGV).
    attr.set_scratchpad_mode(dnnl.scratchpad_mode.user);
    long[] strides = {cfg.getSH(), cfg.getSW()};
    long[] dilates = {cfg.getDH() - 1, cfg.getDW() - 1};
    long[] pad = {cfg.getPH(), cfg.getPW()};
    memory.desc wAny = anyDesc(co, ws[2], ws[0], ws[1]);
    convolution_forward.primitive_desc pd = convPd(x, wAny, bDesc, dstWanted, strides, dilates, pad, attr, op);
    if (sum != null && !isOptimised(pd)) {
      // The shortcut's layout has no fast kernel as destination: convert it into the layout oneDNN chooses.
      convolution_forward.primitive_desc free = convPd(x, wAny, bDesc, anyDesc(outDims), strides, dilates, pad,
          attr, op);
      if (isOptimised(free)) {
        pd = free;
      }
    }
    count("convolution " + kernel(pd));
    memory src = layout(x, pd.src_desc(), temps);
    String wName = canonical(in.get(1));
    memory wMem = weights.get(wName, wPlain, () -> floats(w), pd.weights_desc());
    boolean hasBias = in.size() > 2;
    INDArray b = hasBias ? constant(op, in.get(2)) : null;
    memory bMem = weights.get(hasBias ? canonical(in.get(2)) : wName + "#zero-bias", bDesc,
        () -> hasBias ? floats(b) : new float[(int) co], bDesc);
    Activation result;
    if (sum == null) {
      result = allocate(pd.dst_desc(), outDims);
    } else if (lastUse.get(node.sumWith) == index && sum.buffer() != null && sum.buffer() != x.buffer()
        && pd.dst_desc().equals(sum.desc())) {
      // In place: the shortcut dies here and is not the convolution's own source (add(conv(x), x) must not).
      result = new Activation(sum.mem(), sum.buffer(), outDims);
      values.put(node.sumWith, new Activation(sum.mem(), null, sum.dims()));
    } else {
      result = allocate(pd.dst_desc(), outDims);
      copy(sum.mem(), result.mem());
    }
    primitive prim = own(new convolution_forward(pd));
    memory scratchpad = own(new memory(pd.scratchpad_desc(), eng));
    IntMemoryMap args = args(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_WEIGHTS, wMem, dnnl.DNNL_ARG_BIAS, bMem,
        dnnl.DNNL_ARG_DST, result.mem(), dnnl.DNNL_ARG_SCRATCHPAD, scratchpad);
    steps.add(() -> prim.execute(strm, args));
    values.put(node.output, result);
  }

  /**
   * The convolution's primitive descriptor. Two candidates: one reading the source in the layout it already has,
   * one letting oneDNN choose the source layout (and a reorder into it). Which layouts have fast kernels depends
   * on the CPU (AVX-512's brgconv reads nhwc; AVX2's jit kernels want nChw8c and would fall back to the
   * reference kernel on nhwc), so the choice is made by the kernel each candidate gets, not assumed.
   */
  private convolution_forward.primitive_desc convPd(Activation src, memory.desc wts, memory.desc bias,
      memory.desc dst, long[] strides, long[] dilates, long[] pad, primitive_attr attr, SameDiffOp op) {
    convolution_forward.primitive_desc asIs = convPdOrNull(src.desc(), wts, bias, dst, strides, dilates, pad, attr);
    if (asIs != null && isOptimised(asIs)) {
      return asIs;
    }
    convolution_forward.primitive_desc chosen = convPdOrNull(anyDesc(src.dims()), wts, bias, dst, strides,
        dilates, pad, attr);
    if (chosen != null && (asIs == null || !kernel(chosen).startsWith("ref"))) {
      return chosen;
    }
    if (asIs != null) {
      return asIs;
    }
    throw new UnsupportedGraphException("op '" + op.getName() + "': oneDNN has no convolution for it");
  }

  private convolution_forward.primitive_desc convPdOrNull(memory.desc src, memory.desc wts, memory.desc bias,
      memory.desc dst, long[] strides, long[] dilates, long[] pad, primitive_attr attr) {
    try {
      return new convolution_forward.primitive_desc(new convolution_forward.desc(dnnl.prop_kind.forward_inference,
          ConvAlgorithm.forInference(wts.data().dims().get(1), wts.data().dims().get(0), 1), src, wts, bias, dst,
          strides, dilates, pad, pad), attr, eng);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A JIT or brgemm kernel, not the reference or a GEMM fallback. */
  private static boolean isOptimised(primitive_desc_base pd) {
    String k = kernel(pd);
    return k.startsWith("jit") || k.startsWith("brg");
  }

  static String kernel(primitive_desc_base pd) {
    return pd.impl_info_str().getString();
  }

  private Activation maxPool(SameDiffOp op, Pooling2DConfig cfg) {
    if (cfg.getType() != org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D.Pooling2DType.MAX
        || cfg.getPaddingMode() != PaddingMode.VALID || cfg.getDH() != 1 || cfg.getDW() != 1) {
      throw unsupported(op, "only max pooling with explicit padding and no dilation");
    }
    Activation x = activation(op.getInputsToOp().get(0));
    long oh = outSize(x.h(), cfg.getKH(), cfg.getSH(), cfg.getPH(), 1);
    long ow = outSize(x.w(), cfg.getKW(), cfg.getSW(), cfg.getPW(), 1);
    long[] outDims = {x.n(), x.c(), oh, ow};
    long[] pad = {cfg.getPH(), cfg.getPW()};
    pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
        dnnl.prop_kind.forward_inference, dnnl.algorithm.pooling_max, x.desc(), anyDesc(outDims),
        new long[] {cfg.getSH(), cfg.getSW()}, new long[] {cfg.getKH(), cfg.getKW()}, pad, pad), eng);
    count("pooling " + kernel(pd));
    Activation out = allocate(pd.dst_desc(), outDims);
    primitive prim = own(new pooling_forward(pd));
    IntMemoryMap args = args(dnnl.DNNL_ARG_SRC, x.mem(), dnnl.DNNL_ARG_DST, out.mem());
    steps.add(() -> prim.execute(strm, args));
    return out;
  }

  private HostTensor globalMean(SameDiffOp op) {
    Mean mean = (Mean) op.getOp();
    int[] dims = reduceDims(mean);
    Arrays.sort(dims);
    int[] spatial = channelsLast ? new int[] {1, 2} : new int[] {2, 3};
    if (!Arrays.equals(dims, spatial) || mean.isKeepDims()) {
      throw unsupported(op, "mean over " + Arrays.toString(dims) + " (only the spatial axes "
          + Arrays.toString(spatial) + ", keepDims false)");
    }
    Activation x = activation(op.getInputsToOp().get(0));
    long[] outDims = {x.n(), x.c(), 1, 1};
    pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
        dnnl.prop_kind.forward_inference, dnnl.algorithm.pooling_avg_exclude_padding, x.desc(), anyDesc(outDims),
        new long[] {1, 1}, new long[] {x.h(), x.w()}, NO_PAD, NO_PAD), eng);
    count("pooling " + kernel(pd));
    Activation pooled = allocate(pd.dst_desc(), outDims);
    primitive prim = own(new pooling_forward(pd));
    IntMemoryMap args = args(dnnl.DNNL_ARG_SRC, x.mem(), dnnl.DNNL_ARG_DST, pooled.mem());
    steps.add(() -> prim.execute(strm, args));
    FloatPointer plain = own(new FloatPointer(x.n() * x.c()));
    memory plainMem = own(new memory(own(plainDesc(outDims, memory.format_tag.nchw)), eng, plain));
    copy(pooled.mem(), plainMem);
    pool.release(pooled.buffer());
    HostTensor out = HostTensor.zeros((int) x.n(), (int) x.c());
    steps.add(() -> {
      strm._wait();
      plain.position(0).get(out.data());
    });
    return out;
  }

  private HostTensor matmul(SameDiffOp op) {
    long[] t = ((Mmul) op.getOp()).iArgs();
    boolean ta = t.length > 0 && t[0] != 0;
    boolean tb = t.length > 1 && t[1] != 0;
    boolean tr = t.length > 2 && t[2] != 0;
    if (ta || tr) {
      throw unsupported(op, "transposed first operand or result");
    }
    HostTensor x = host(op.getInputsToOp().get(0));
    INDArray w = constant(op, op.getInputsToOp().get(1));
    long[] s = w.shape();
    int k = x.cols();
    if (s.length != 2 || (tb ? s[1] : s[0]) != k) {
      throw unsupported(op, "matrix " + Arrays.toString(s) + " against " + k + " columns");
    }
    int m = (int) (tb ? s[0] : s[1]);
    float[] wv = floats(w);
    HostTensor out = HostTensor.zeros(x.rows(), m);
    steps.add(() -> Host.matmul(x, wv, tb, out));
    return out;
  }

  private Object relu(SameDiffOp op, RectifiedLinear r, int index) {
    if (reluCutoff(r) != 0.0) {
      throw unsupported(op, "ReLU with cutoff " + reluCutoff(r));
    }
    String in = canonical(op.getInputsToOp().get(0));
    if (kinds.get(in) == Kind.HOST) {
      HostTensor x = host(in);
      HostTensor out = HostTensor.zeros(x.rows(), x.cols());
      steps.add(() -> Host.relu(x, out));
      return out;
    }
    Activation x = activation(in);
    eltwise_forward.primitive_desc pd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
        dnnl.prop_kind.forward_inference, dnnl.algorithm.eltwise_relu, x.desc(), 0f, 0f), eng);
    count("eltwise " + kernel(pd));
    Activation out = reuseOrAllocate(in, x, index);
    primitive prim = own(new eltwise_forward(pd));
    IntMemoryMap args = args(dnnl.DNNL_ARG_SRC, x.mem(), dnnl.DNNL_ARG_DST, out.mem());
    steps.add(() -> prim.execute(strm, args));
    return out;
  }

  private Object add(SameDiffOp op, int index) {
    String a = canonical(op.getInputsToOp().get(0));
    String b = canonical(op.getInputsToOp().get(1));
    if (kinds.get(a) == Kind.HOST) {
      HostTensor x = host(a);
      HostTensor out = HostTensor.zeros(x.rows(), x.cols());
      if (kinds.get(b) == Kind.HOST) {
        HostTensor y = host(b);
        if (y.rows() != x.rows() || y.cols() != x.cols()) {
          throw unsupported(op, "broadcasting add of 2-d values");
        }
        steps.add(() -> Host.add(x, y.data(), false, out));
      } else {
        float[] row = floats(constant(op, b));
        if (row.length != x.cols()) {
          throw unsupported(op, "bias of " + row.length + " values for " + x.cols() + " columns");
        }
        steps.add(() -> Host.add(x, row, true, out));
      }
      return out;
    }
    Activation x = activation(a);
    Activation y = activation(b);
    if (!Arrays.equals(x.dims(), y.dims())) {
      throw unsupported(op, "broadcasting add");
    }
    binary.primitive_desc pd = new binary.primitive_desc(new binary.desc(dnnl.algorithm.binary_add, x.desc(),
        y.desc(), x.desc()), eng);
    count("binary " + kernel(pd));
    Activation out = reuseOrAllocate(a, x, index);
    primitive prim = own(new binary(pd));
    IntMemoryMap args = args(dnnl.DNNL_ARG_SRC_0, x.mem(), dnnl.DNNL_ARG_SRC_1, y.mem(), dnnl.DNNL_ARG_DST,
        out.mem());
    steps.add(() -> prim.execute(strm, args));
    return out;
  }

  // ---- helpers ----

  /** The value's own buffer when it dies here (in-place), else a fresh one in the same layout. */
  private Activation reuseOrAllocate(String name, Activation x, int index) {
    if (lastUse.get(name) == index && x.buffer() != null) {
      values.put(name, new Activation(x.mem(), null, x.dims()));
      return new Activation(x.mem(), x.buffer(), x.dims());
    }
    return allocate(x.desc(), x.dims());
  }

  private memory layout(Activation x, memory.desc wanted, List<BufferPool.Buffer> temps) {
    if (wanted.equals(x.desc())) {
      return x.mem();
    }
    Activation converted = allocate(wanted, x.dims());
    copy(x.mem(), converted.mem());
    temps.add(converted.buffer());
    return converted.mem();
  }

  private Activation allocate(memory.desc desc, long[] dims) {
    BufferPool.Buffer b = pool.acquire(desc.get_size());
    memory.desc kept = own(new memory.desc(desc.data()));
    return new Activation(own(new memory(kept, eng, b.handle())), b, dims);
  }

  private void copy(memory from, memory to) {
    reorder.primitive_desc pd = new reorder.primitive_desc(from, to);
    count("reorder " + kernel(pd));
    primitive r = own(new reorder(pd));
    IntMemoryMap args = args(dnnl.DNNL_ARG_FROM, from, dnnl.DNNL_ARG_TO, to);
    steps.add(() -> r.execute(strm, args));
  }

  private IntMemoryMap args(Object... kv) {
    IntMemoryMap m = own(new IntMemoryMap());
    for (int i = 0; i < kv.length; i += 2) {
      m.put((Integer) kv[i], (memory) kv[i + 1]);
    }
    return m;
  }

  private Activation activation(String name) {
    Object v = values.get(canonical(name));
    if (v instanceof Activation a) {
      return a;
    }
    throw new UnsupportedGraphException("'" + name + "' is not a 4-d activation");
  }

  private HostTensor host(String name) {
    Object v = values.get(canonical(name));
    if (v instanceof HostTensor h) {
      return h;
    }
    throw new UnsupportedGraphException("'" + name + "' is not a 2-d value");
  }

  private INDArray constant(SameDiffOp op, String name) {
    SDVariable v = sd.getVariable(canonical(name));
    INDArray a = v == null ? null : v.getArr();
    if (v == null || v.getVariableType() != VariableType.CONSTANT || a == null) {
      throw unsupported(op, "'" + name + "' must be a constant");
    }
    if (a.dataType() != DataType.FLOAT) {
      throw unsupported(op, "'" + name + "' is " + a.dataType() + ", not FLOAT");
    }
    return a;
  }

  private static float[] floats(INDArray a) {
    try (INDArray c = a.dup('c')) {
      return c.data().asFloat();
    }
  }

  private static int[] reduceDims(Mean mean) {
    INDArray d = mean.dimensions();
    if (d == null) {
      throw new UnsupportedGraphException("mean '" + mean.getOwnName() + "' has its axes in a variable");
    }
    return d.toIntVector();
  }

  private static long outSize(long in, long k, long s, long p, long d) {
    return (in + 2 * p - d * (k - 1) - 1) / s + 1;
  }

  private memory.desc anyDesc(long... dims) {
    return own(new memory.desc(dims, memory.data_type.f32, memory.format_tag.any));
  }

  private static memory.desc plainDesc(long[] dims, memory.format_tag tag) {
    return new memory.desc(dims, memory.data_type.f32, tag);
  }

  private <T extends Pointer> T own(T p) {
    resources.add(p);
    return p;
  }

  private static UnsupportedGraphException unsupported(SameDiffOp op, String why) {
    return new UnsupportedGraphException("op '" + op.getName() + "' (" + op.getOp().getClass().getSimpleName()
        + "): " + why);
  }
}
