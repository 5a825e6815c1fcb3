package org.genimage.detectors.onednn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One compiled forward pass for a fixed batch size: the primitives to run in order, the native memory they
 * use, where the input goes and where the output is read. Not thread-safe; closed by its executor.
 */
final class Plan implements AutoCloseable {
  /** One primitive call (or host computation) of the forward pass. */
  interface Step {
    /** Runs the step. */
    void run();
  }

  private final int batch;
  private final FloatPointer input;
  private final long inputFloats;
  private final List<Step> steps;
  private final HostTensor output;
  private final stream strm;
  private final List<Pointer> resources;
  private boolean closed;

  Plan(int batch, FloatPointer input, long inputFloats, List<Step> steps, HostTensor output, stream strm,
      List<Pointer> resources) {
    this.batch = batch;
    this.input = input;
    this.inputFloats = inputFloats;
    this.steps = List.copyOf(steps);
    this.output = output;
    this.strm = strm;
    this.resources = new ArrayList<>(resources);
  }

  int batch() {
    return batch;
  }

  int steps() {
    return steps.size();
  }

  /** Runs the pass on {@code inputFloats} values of {@code in} and returns a copy of the output. */
  float[] run(float[] in) {
    if (closed) {
      throw new IllegalStateException("the oneDNN plan is closed");
    }
    input.position(0).put(in, 0, (int) inputFloats);
    for (Step s : steps) {
      s.run();
    }
    strm._wait();
    return output.data().clone();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Primitives before the memory they use: release in reverse creation order.
    List<Pointer> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    for (Pointer p : reversed) {
      p.close();
    }
    resources.clear();
  }
}
