package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places the arena's storages at offsets so that two storages in use during a common step never overlap: largest
 * first, each at the lowest offset that fits between the storages already placed whose lifetimes meet its own
 * (the "greedy by size" planner of TensorFlow Lite's arena). A storage's lifetime runs from the first step that
 * touches it to the last.
 */
final class MemoryPlanner {
  /** Offsets are multiples of this, the alignment oneDNN's kernels prefer. */
  static final long ALIGNMENT = 64;

  private MemoryPlanner() {}

  /**
   * Assigns {@link Lowering.Storage#offset} to every arena storage some step touches.
   *
   * @param storages all storages of a plan
   * @return the arena's size in bytes
   */
  static long plan(List<Lowering.Storage> storages) {
    List<Lowering.Storage> todo = new ArrayList<>();
    for (Lowering.Storage s : storages) {
      if (s.home == Lowering.Home.ARENA && s.last >= 0) {
        todo.add(s);
      }
    }
    todo.sort(Comparator.comparingLong((Lowering.Storage s) -> -s.bytes).thenComparingInt(s -> s.first));
    List<Lowering.Storage> done = new ArrayList<>();
    long size = 0;
    for (Lowering.Storage s : todo) {
      List<Lowering.Storage> meeting = new ArrayList<>();
      for (Lowering.Storage o : done) {
        if (o.first <= s.last && s.first <= o.last) {
          meeting.add(o);
        }
      }
      meeting.sort(Comparator.comparingLong(o -> o.offset));
      long offset = 0;
      long need = align(s.bytes);
      for (Lowering.Storage o : meeting) {
        if (o.offset - offset >= need) {
          break;
        }
        offset = Math.max(offset, align(o.offset + o.bytes));
      }
      s.offset = offset;
      size = Math.max(size, offset + need);
      done.add(s);
    }
    verify(done);
    return size;
  }

  /** Fails when two storages in use during a common step share a byte: a planner bug would corrupt values. */
  static void verify(List<Lowering.Storage> placed) {
    List<Lowering.Storage> byOffset = new ArrayList<>(placed);
    byOffset.sort(Comparator.comparingLong(s -> s.offset));
    for (int i = 0; i < byOffset.size(); i++) {
      Lowering.Storage a = byOffset.get(i);
      for (int j = i + 1; j < byOffset.size(); j++) {
        Lowering.Storage b = byOffset.get(j);
        if (b.offset >= a.offset + a.bytes) {
          break;
        }
        if (a.first <= b.last && b.first <= a.last) {
          throw new IllegalStateException("storages " + a.id + " and " + b.id + " overlap in memory and in time");
        }
      }
    }
  }

  static long align(long bytes) {
    return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }
}
