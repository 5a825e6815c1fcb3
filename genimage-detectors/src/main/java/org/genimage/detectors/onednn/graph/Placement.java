package org.genimage.detectors.onednn.graph;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Where a lowered plan's storages live once it is bound (the arena at the offsets {@link MemoryPlanner} chose,
 * blocks of their own for owned storages, the caller's memory for external ones), and the {@link Lowering.Binder}
 * that turns operands into oneDNN memories at those addresses. Shared by the inference and training plans.
 */
final class Placement {
  private Placement() {}

  /**
   * The base address of every storage.
   *
   * @param storages the lowering's storages, arena offsets planned
   * @param arena    the activation arena
   * @param eng      the engine new blocks belong to
   * @param owned    receives the blocks allocated here (the plan closes them)
   * @return storage to base address
   */
  static Map<Lowering.Storage, Long> bases(List<Lowering.Storage> storages, NativeBlock arena, engine eng,
      List<NativeBlock> owned) {
    Map<Lowering.Storage, Long> bases = new HashMap<>();
    for (Lowering.Storage s : storages) {
      switch (s.home) {
        case ARENA -> bases.put(s, arena.address() + Math.max(s.offset, 0));
        case EXTERNAL -> bases.put(s, s.externalAddress);
        case OWNED -> {
          NativeBlock b = new NativeBlock(eng, s.bytes);
          owned.add(b);
          bases.put(s, b.address());
          if (s.initial != null) {
            b.floats(0).put(s.initial);
          }
        }
        default -> throw new IllegalStateException(s.home.toString());
      }
    }
    return bases;
  }

  /**
   * A binder over placed storages; each operand's memory is made once and owned by {@code res}.
   *
   * @param eng   the engine
   * @param res   owns the memories
   * @param bases from {@link #bases}
   * @return the binder
   */
  static Lowering.Binder binder(engine eng, Resources res, Map<Lowering.Storage, Long> bases) {
    Map<Lowering.Operand, memory> mems = new IdentityHashMap<>();
    return new Lowering.Binder() {
      @Override
      public memory mem(Lowering.Operand o) {
        return mems.computeIfAbsent(o, k -> res.own(new memory(o.desc(), eng,
            new NativeBlock.Address(bases.get(o.storage()) + o.offset(), o.storage().bytes))));
      }

      @Override
      public FloatPointer floats(Lowering.Operand o) {
        return new FloatPointer(new NativeBlock.Address(bases.get(o.storage()) + o.offset(), o.storage().bytes));
      }
    };
  }
}
