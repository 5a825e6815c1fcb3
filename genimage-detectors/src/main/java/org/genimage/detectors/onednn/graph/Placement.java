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
   * The base address of every storage, every owned storage in a block of its own.
   *
   * @param storages the lowering's storages, arena offsets planned
   * @param arena    the activation arena
   * @param eng      the engine new blocks belong to
   * @param owned    receives the blocks allocated here (the plan closes them)
   * @return storage to base address
   */
  static Map<Lowering.Storage, Long> bases(List<Lowering.Storage> storages, NativeBlock arena, engine eng,
      List<NativeBlock> owned) {
    return bases(storages, arena, eng, owned, Map.of());
  }

  /**
   * The base address of every storage, owned storages already placed in {@code shared} (an inference plan's
   * constants, which its execution contexts share) at their address there.
   *
   * @param storages the lowering's storages, arena offsets planned
   * @param arena    the activation arena
   * @param eng      the engine new blocks belong to
   * @param owned    receives the blocks allocated here (the caller closes them)
   * @param shared   owned storages placed before, with their addresses
   * @return storage to base address
   */
  static Map<Lowering.Storage, Long> bases(List<Lowering.Storage> storages, NativeBlock arena, engine eng,
      List<NativeBlock> owned, Map<Lowering.Storage, Long> shared) {
    Map<Lowering.Storage, Long> bases = new HashMap<>();
    for (Lowering.Storage s : storages) {
      switch (s.home) {
        case ARENA -> bases.put(s, arena.address() + Math.max(s.offset, 0));
        case EXTERNAL -> bases.put(s, s.externalAddress);
        case OWNED -> {
          Long at = shared.get(s);
          bases.put(s, at != null ? at : allocate(s, eng, owned));
        }
        default -> throw new IllegalStateException(s.home.toString());
      }
    }
    return bases;
  }

  /**
   * Blocks for the constant storages (weights, their reordered copies), initial values copied in; the copies
   * into other layouts are made when the first context is bound.
   *
   * @param storages the lowering's storages
   * @param eng      the engine the blocks belong to
   * @param owned    receives the blocks
   * @return constant storage to base address
   */
  static Map<Lowering.Storage, Long> constants(List<Lowering.Storage> storages, engine eng,
      List<NativeBlock> owned) {
    Map<Lowering.Storage, Long> bases = new HashMap<>();
    for (Lowering.Storage s : storages) {
      if (s.home == Lowering.Home.OWNED && s.constant) {
        bases.put(s, allocate(s, eng, owned));
      }
    }
    return bases;
  }

  private static long allocate(Lowering.Storage s, engine eng, List<NativeBlock> owned) {
    NativeBlock b = new NativeBlock(eng, s.bytes);
    owned.add(b);
    if (s.initial != null) {
      b.floats(0).put(s.initial);
    }
    return b.address();
  }

  /**
   * A binder over placed storages; each operand's memory is made once and owned by {@code res}, whose stream
   * the bound steps run on.
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

      @Override
      public Resources resources() {
        return res;
      }
    };
  }
}
