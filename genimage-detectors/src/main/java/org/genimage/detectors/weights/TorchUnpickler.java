package org.genimage.detectors.weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.genimage.api.BadModelFileException;

/**
 * Pyrolite's unpickler restricted to what {@code torch.save} writes for a checkpoint: every global the pickle
 * names is checked against an allow-list when it is named, before anything could call it, and refused with a
 * {@link BadModelFileException} naming the file and the global otherwise. Nothing Python-side ever runs (this is
 * Java), and nothing Java-side runs either except the few constructors below, which build inert values:
 * {@link Tensor} references (their bytes are read later, only for the state dict), ordered maps, and
 * {@link Inert} placeholders for the data-only objects training scripts store beside the weights.
 *
 * <p>Also refused: protocol-0 {@code INST}, the extension registry ({@code EXT1/2/4}), text persistent ids,
 * {@code BUILD} on anything but an ordered map or a placeholder, and any length field (string, bytes, long)
 * larger than the rest of the pickle, so a 20-byte pickle cannot make the reader allocate gigabytes.
 * One instance reads one pickle; not thread-safe.
 */
final class TorchUnpickler extends Unpickler {
  /** A storage of the checkpoint, named by a persistent id {@code ('storage', type, key, location, numel)}. */
  record Storage(TorchStorageType type, String key, long numel) {}

  /**
   * A tensor view of a storage, as {@code torch._utils._rebuild_tensor_v2} describes it.
   *
   * @param storage the storage
   * @param offset  the first element's index in the storage
   * @param size    the shape
   * @param stride  elements to step per index of each dimension
   */
  record Tensor(Storage storage, long offset, long[] size, long[] stride) {}

  /** A data-only Python object (e.g. training arguments) kept as its class name only. */
  record Inert(String global) {}

  /** {@code collections.OrderedDict}: a map that keeps insertion order. */
  static final class OrderedDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;
  }

  private static final String TORCH_UTILS = "torch._utils";
  /**
   * Data-only classes that published checkpoints store beside the weights: timm's checkpoint saver and
   * DeiT's training script store their {@code argparse.Namespace} of arguments. Kept as {@link Inert}.
   */
  private static final List<String> INERT = List.of("argparse.Namespace");

  private final Path source;
  private final ByteArrayInputStream in;

  private TorchUnpickler(Path source, ByteArrayInputStream in) {
    this.source = source;
    this.in = in;
  }

  /**
   * Unpickles a checkpoint's {@code data.pkl}.
   *
   * @param source the checkpoint, for messages
   * @param pickle the pickle's bytes
   * @return the unpickled object (maps, lists, tuples as {@code Object[]}, {@link Tensor}s, ...)
   * @throws BadModelFileException for a refused global or opcode, or a malformed pickle
   */
  static Object load(Path source, byte[] pickle) {
    ByteArrayInputStream in = new ByteArrayInputStream(pickle);
    TorchUnpickler u = new TorchUnpickler(source, in);
    try {
      return u.load(in);
    } catch (BadModelFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Pyrolite reports a corrupt pickle with ClassCastException, IndexOutOfBoundsException and the like.
      throw new BadModelFileException(source, "malformed checkpoint pickle (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")", e);
    } finally {
      u.close();
    }
  }

  @Override
  protected Object dispatch(short key) throws IOException {
    switch (key) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(in);
        String name = PickleUtils.readline(in);
        stack.add(global(module, name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(module instanceof String m) || !(name instanceof String n)) {
          throw refuse("STACK_GLOBAL with a non-string module or name");
        }
        stack.add(global(m, n));
        return NO_RETURN_VALUE;
      }
      case Opcodes.INST -> {
        String module = PickleUtils.readline(in);
        String name = PickleUtils.readline(in);
        throw refuse("global '" + module + "." + name + "' (through the protocol-0 INST opcode, which "
            + "torch.save does not write)");
      }
      case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
          throw refuse("an extension-registry global (EXT opcode), which torch.save does not write");
      case Opcodes.PERSID -> throw refuse("a text persistent id, which torch.save does not write");
      case Opcodes.BINPERSID -> {
        stack.add(storage(stack.pop()));
        return NO_RETURN_VALUE;
      }
      case Opcodes.BUILD -> {
        Object state = stack.pop();
        Object target = stack.peek();
        // OrderedDict's state is its attributes (a state dict's _metadata): not needed, dropped.
        if (!(target instanceof OrderedDict) && !(target instanceof Inert)) {
          throw refuse("BUILD (set state) on " + describe(target));
        }
        return NO_RETURN_VALUE;
      }
      case Opcodes.SETITEMS -> {
        // Pyrolite collects the items in a HashMap first; keep the pickle's order instead.
        List<Object> items = stack.pop_all_since_marker();
        Object target = stack.peek();
        if (!(target instanceof Map) || items.size() % 2 != 0) {
          throw new PickleException("SETITEMS on " + describe(target) + " with " + items.size() + " values");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) target;
        for (int i = 0; i < items.size(); i += 2) {
          map.put(items.get(i), items.get(i + 1));
        }
        return NO_RETURN_VALUE;
      }
      case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.LONG4 -> checkLength(4);
      case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> checkLength(8);
      default -> {
        // Every other opcode builds plain values (numbers, strings, containers, memo) or calls a
        // constructor already on the stack, and only global() puts constructors there.
      }
    }
    return super.dispatch(key);
  }

  /** Refuses a length field longer than what is left of the pickle, before Pyrolite allocates it. */
  private void checkLength(int width) throws IOException {
    in.mark(width);
    byte[] b = in.readNBytes(width);
    in.reset();
    if (b.length < width) {
      return;
    }
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long length = width == 4 ? bb.getInt() & 0xFFFFFFFFL : bb.getLong();
    if (length < 0 || length > in.available() - width) {
      throw new BadModelFileException(source, "malformed checkpoint pickle: a length field of " + length
          + " bytes but only " + Math.max(0, in.available() - width) + " bytes are left");
    }
  }

  private BadModelFileException refuse(String what) {
    return new BadModelFileException(source, "refused to unpickle " + what + ": a checkpoint may only name "
        + "the globals that rebuild tensors and ordered dicts (torch._utils._rebuild_tensor_v2, "
        + "torch.*Storage, collections.OrderedDict, ...); nothing in the file was run");
  }

  /** The object a global stands for, or a refusal naming it. Nothing named here is ever looked up by name. */
  private Object global(String module, String name) {
    String full = module + "." + name;
    if (module.equals("torch")) {
      TorchStorageType t = TorchStorageType.ofGlobal(name);
      if (t != null) {
        return t;
      }
    }
    if (module.equals(TORCH_UTILS)) {
      switch (name) {
        case "_rebuild_tensor_v2":
          return (IObjectConstructor) args -> tensor(full, args, 6, 7);
        case "_rebuild_tensor":
          return (IObjectConstructor) args -> tensor(full, args, 4, 4);
        case "_rebuild_parameter":
          return (IObjectConstructor) args -> parameter(full, args, 3);
        case "_rebuild_parameter_with_state":
          return (IObjectConstructor) args -> parameter(full, args, 4);
        default:
          break;
      }
    }
    if (full.equals("collections.OrderedDict")) {
      return (IObjectConstructor) args -> {
        if (args.length != 0) {
          throw new PickleException(full + " with " + args.length + " arguments (torch.save writes none)");
        }
        return new OrderedDict();
      };
    }
    if (INERT.contains(full)) {
      return (IObjectConstructor) args -> new Inert(full);
    }
    throw refuse("global '" + full + "'");
  }

  private Storage storage(Object pid) {
    if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])) {
      throw new PickleException("persistent id " + describe(pid) + " is not ('storage', type, key, location, "
          + "numel)");
    }
    if (!(t[1] instanceof TorchStorageType type)) {
      throw refuse("a persistent id of storage type " + describe(t[1]));
    }
    if (!(t[2] instanceof String key) || !key.matches("[0-9A-Za-z_]{1,64}")) {
      throw new PickleException("storage key " + describe(t[2]));
    }
    return new Storage(type, key, nonNegative("storage numel", t[4]));
  }

  private Tensor tensor(String global, Object[] args, int min, int max) {
    if (args.length < min || args.length > max || !(args[0] instanceof Storage s)) {
      throw new PickleException(global + " with arguments " + describe(args));
    }
    long offset = nonNegative("storage offset", args[1]);
    long[] size = longs("size", args[2]);
    long[] stride = longs("stride", args[3]);
    if (size.length != stride.length) {
      throw new PickleException(global + ": size " + Arrays.toString(size) + " and stride "
          + Arrays.toString(stride) + " differ in rank");
    }
    return new Tensor(s, offset, size, stride);
  }

  private static Object parameter(String global, Object[] args, int count) {
    if (args.length != count || !(args[0] instanceof Tensor t)) {
      throw new PickleException(global + " with arguments " + describe(args));
    }
    return t;
  }

  private static long[] longs(String what, Object value) {
    if (!(value instanceof Object[] a) || a.length > 64) {
      throw new PickleException(what + " " + describe(value) + " is not a tuple of at most 64 integers");
    }
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = nonNegative(what, a[i]);
    }
    return out;
  }

  private static long nonNegative(String what, Object value) {
    if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)
        || ((Number) value).longValue() < 0 || value instanceof BigInteger b && b.bitLength() > 62) {
      throw new PickleException(what + " " + describe(value) + " is not a non-negative integer");
    }
    return ((Number) value).longValue();
  }

  private static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Object[] a) {
      return a.length > 8 ? "a tuple of " + a.length : Arrays.deepToString(a);
    }
    String s = o instanceof String || o instanceof Number ? o.toString() : o.getClass().getSimpleName();
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
