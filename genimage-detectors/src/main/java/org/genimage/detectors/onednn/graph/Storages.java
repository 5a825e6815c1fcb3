package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the {@link Lowering.Storage}s a plan's operands lie in and keeps them in the order they were made (their
 * ids), which is what {@link MemoryPlanner} lays the arena out from and {@link Placement} binds. Kept apart so
 * that recording steps (which allocates scratchpads) and placing values (which allocates outputs) draw from one
 * numbering without depending on each other.
 */
final class Storages {
  private final List<Lowering.Storage> all = new ArrayList<>();

  Lowering.Storage storage(long bytes, Lowering.Home home, long address) {
    Lowering.Storage s = new Lowering.Storage(all.size(), Math.max(bytes, 4), home, address);
    all.add(s);
    return s;
  }

  /** Memory for this step only (a primitive's workspace or an intermediate). */
  Lowering.Operand temp(Layout layout) {
    return new Lowering.Operand(storage(layout.bytes(), Lowering.Home.ARENA, 0), 0, layout);
  }

  /** Memory the plan owns, outside the arena, in {@code layout}. */
  Lowering.Operand owned(Layout layout) {
    return new Lowering.Operand(storage(layout.bytes(), Lowering.Home.OWNED, 0), 0, layout);
  }

  List<Lowering.Storage> all() {
    return all;
  }

  int size() {
    return all.size();
  }
}
