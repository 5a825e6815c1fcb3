package org.genimage.detectors.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;

/**
 * Reads the state dict of a PyTorch checkpoint written by {@code torch.save} (PyTorch 1.6 and later: a zip
 * holding {@code <folder>/data.pkl}, a pickle, and {@code <folder>/data/<key>}, the raw bytes of each storage),
 * without Python and without running anything the file names: the pickle is read by a restricted unpickler
 * that refuses every global except those that rebuild tensors and ordered dicts (see {@link #read(Path)}).
 *
 * <p>What it handles: the state dict at the top level or under a wrapper key ({@link #WRAPPER_KEYS}, searched
 * in that order, nested up to {@value #MAX_WRAPPER_DEPTH} levels, e.g. CNNDetection's {@code {'model': ...}} or
 * timm's {@code {'state_dict': ..., 'args': Namespace}}); {@code module.} prefixes of {@code DataParallel} and
 * {@code DistributedDataParallel} and {@code _orig_mod.} of {@code torch.compile}, stripped when every name has
 * them; float32, float16, bfloat16 and float64 storages (widened or rounded to float) and integer storages;
 * views (storage offsets and strides, shared storages); the {@code byteorder} record PyTorch 2.x writes
 * ("little" or "big"; files without one are little-endian). Only the storages the state dict uses are read, so
 * an optimizer's state beside the weights costs nothing.
 *
 * <p>What it refuses, with a {@link BadModelFileException} naming the file: the legacy format
 * ({@code _use_new_zipfile_serialization=False}, PyTorch before 1.6), with the command that re-saves it;
 * TorchScript archives; any other global (e.g. {@code os.system}, {@code builtins.eval}); a storage whose
 * bytes do not match its element count; a view reaching outside its storage; more than
 * {@link ReadLimits#MAX_MODEL_BYTES} of file, {@link ReadLimits#MAX_MODEL_HEADER_BYTES} of pickle or
 * {@link ReadLimits#MAX_TENSOR_ELEMENTS} elements in one tensor. Stateless and thread-safe.
 */
public final class TorchCheckpoint {
  /**
   * Keys under which checkpoints keep their state dict, in the order they are tried: {@code state_dict} (timm,
   * PyTorch Lightning, most training scripts), {@code model_state_dict}, {@code model} (CNNDetection, NPR,
   * DeiT), {@code netC} and {@code net} (GAN-detector repositories), {@code network}, {@code module}.
   */
  public static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model", "netC",
      "net", "network", "module");
  /** Metadata key: the wrapper keys leading to the state dict, joined with '/', empty when at the top. */
  public static final String META_STATE_DICT = "torch.state_dict";
  /** Metadata key: the prefix stripped from every name ({@code module.}), empty when none. */
  public static final String META_STRIPPED_PREFIX = "torch.stripped_prefix";
  /** Metadata key: the byte order of the storages, {@code little} or {@code big}. */
  public static final String META_BYTE_ORDER = "torch.byteorder";
  /** How deep wrappers are searched for the state dict. */
  public static final int MAX_WRAPPER_DEPTH = 4;

  /** The first bytes of the legacy format: PROTO 2, LONG1 of 10 bytes, the magic 0x1950a86a20f9469cfc6c. */
  private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc,
      (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final List<String> PREFIXES = List.of("module.", "_orig_mod.");

  private TorchCheckpoint() {}

  /**
   * Whether a file looks like a PyTorch checkpoint (a zip, or the legacy format's magic number), by its
   * first bytes; false for safetensors and for unreadable files.
   *
   * @param file the file
   * @return true for a zip or a legacy PyTorch file
   */
  public static boolean looksLikeTorch(Path file) {
    byte[] head = head(file, LEGACY_MAGIC.length);
    return startsWith(head, ZIP_MAGIC) || startsWith(head, LEGACY_MAGIC);
  }

  /**
   * Reads the state dict of a checkpoint, found as described in the class comment.
   *
   * @param file the {@code .pth} file
   * @return its tensors by name (prefix stripped) and the metadata {@link #META_STATE_DICT},
   *     {@link #META_STRIPPED_PREFIX}, {@link #META_BYTE_ORDER}
   * @throws BadModelFileException naming the file: not a zip checkpoint (with how to re-save a legacy one), a
   *     refused global, no or several state dicts, a malformed pickle or storage
   */
  public static SafeTensors.Contents read(Path file) {
    return read(file, null);
  }

  /**
   * Reads the state dict found under an explicit key path.
   *
   * @param file the {@code .pth} file
   * @param key  wrapper keys separated by '/', e.g. {@code model} or {@code ema/state_dict}; empty for the top
   *             level; null to search as {@link #read(Path)} does
   * @return its tensors and metadata
   * @throws BadModelFileException as {@link #read(Path)}, or when the key does not lead to a state dict
   */
  public static SafeTensors.Contents read(Path file, String key) {
    Checks.notNull("file", file);
    if (!Files.isRegularFile(file)) {
      throw new BadModelFileException(file, "no such file");
    }
    byte[] head = head(file, LEGACY_MAGIC.length);
    if (startsWith(head, LEGACY_MAGIC)) {
      throw new BadModelFileException(file, "a PyTorch checkpoint in the legacy format (torch.save with "
          + "_use_new_zipfile_serialization=False, or PyTorch before 1.6), which genimage does not read; re-save "
          + "it with PyTorch 1.6 or later: python -c \"import torch; torch.save(torch.load('IN.pth', "
          + "map_location='cpu', weights_only=True), 'OUT.pth')\" (drop weights_only=True only for a file you "
          + "trust), then import OUT.pth");
    }
    if (!startsWith(head, ZIP_MAGIC)) {
      throw new BadModelFileException(file, "not a PyTorch zip checkpoint (it does not start with a zip "
          + "header): expected a file written by torch.save with PyTorch 1.6 or later");
    }
    try {
      long size = Files.size(file);
      if (size > ReadLimits.MAX_MODEL_BYTES) {
        throw new BadModelFileException(file, "checkpoint of " + size + " bytes is larger than "
            + ReadLimits.MAX_MODEL_BYTES + " bytes (ReadLimits.MAX_MODEL_BYTES)");
      }
      try (ZipFile zip = new ZipFile(file.toFile())) {
        return read(file, zip, key);
      }
    } catch (ZipException e) {
      throw new BadModelFileException(file, "corrupt zip checkpoint: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BadModelFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static SafeTensors.Contents read(Path file, ZipFile zip, String key) throws IOException {
    String folder = folder(file, zip);
    ByteOrder order = byteOrder(file, zip, folder);
    byte[] pickle = entry(file, zip, folder + "data.pkl", ReadLimits.MAX_MODEL_HEADER_BYTES, -1);
    Object root = TorchUnpickler.load(file, pickle);
    String path;
    Map<?, ?> stateDict;
    if (key == null) {
      path = find(file, root);
      stateDict = (Map<?, ?>) at(root, path);
    } else {
      Object o = at(root, key);
      if (!isStateDict(o)) {
        throw new BadModelFileException(file, "'" + key + "' does not lead to a state dict (a map of names to "
            + "tensors)" + candidates(root));
      }
      path = key;
      stateDict = (Map<?, ?>) o;
    }
    String prefix = commonPrefix(stateDict);
    Map<String, ByteBuffer> storages = new HashMap<>();
    Map<String, NamedTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : stateDict.entrySet()) {
      String name = ((String) e.getKey()).substring(prefix.length());
      if (name.isBlank()) {
        throw new BadModelFileException(file, "a tensor has a blank name");
      }
      TorchUnpickler.Tensor t = (TorchUnpickler.Tensor) e.getValue();
      ByteBuffer bytes = storages.get(t.storage().key());
      if (bytes == null) {
        bytes = storage(file, zip, folder, t.storage(), order);
        storages.put(t.storage().key(), bytes);
      }
      if (tensors.put(name, materialise(file, name, t, bytes)) != null) {
        throw new BadModelFileException(file, "two tensors are named '" + name + "'");
      }
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(META_STATE_DICT, path);
    meta.put(META_STRIPPED_PREFIX, prefix);
    meta.put(META_BYTE_ORDER, order == ByteOrder.BIG_ENDIAN ? "big" : "little");
    return new SafeTensors.Contents(file, tensors, meta);
  }

  /** The archive's top folder (any name: torch.save uses the file's stem), ending with '/'. */
  private static String folder(Path file, ZipFile zip) {
    List<String> folders = new ArrayList<>();
    boolean torchScript = false;
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
      String n = en.nextElement().getName();
      int slash = n.indexOf('/');
      if (slash > 0 && n.indexOf('/', slash + 1) < 0 && n.endsWith("/data.pkl")) {
        folders.add(n.substring(0, slash + 1));
      }
      torchScript |= n.endsWith("/constants.pkl");
    }
    if (folders.size() == 1) {
      return folders.get(0);
    }
    if (torchScript) {
      throw new BadModelFileException(file, "a TorchScript archive (torch.jit.save), not a checkpoint: save "
          + "the model's weights with torch.save(model.state_dict(), 'OUT.pth') and import that");
    }
    throw new BadModelFileException(file, folders.isEmpty()
        ? "a zip without <folder>/data.pkl, not a PyTorch checkpoint"
        : "a zip with several checkpoints " + folders + ", expected one <folder>/data.pkl");
  }

  private static ByteOrder byteOrder(Path file, ZipFile zip, String folder) throws IOException {
    if (zip.getEntry(folder + "byteorder") == null) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    String s = new String(entry(file, zip, folder + "byteorder", 16, -1), StandardCharsets.US_ASCII).strip();
    return switch (s) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new BadModelFileException(file, "unknown byteorder record '" + s + "'");
    };
  }

  /** An entry's bytes: at most {@code max}, exactly {@code expected} when that is not -1. */
  private static byte[] entry(Path file, ZipFile zip, String name, long max, long expected) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new BadModelFileException(file, "missing zip entry " + name);
    }
    long declared = e.getSize();
    long limit = expected >= 0 ? expected : max;
    if (declared > limit || expected >= 0 && declared >= 0 && declared != expected) {
      throw new BadModelFileException(file, "zip entry " + name + " holds " + declared + " bytes, "
          + (expected >= 0 ? "expected " + expected : "more than the limit of " + max));
    }
    try (InputStream in = zip.getInputStream(e)) {
      // Read one byte past the limit so that an entry whose declared size lies is caught too.
      byte[] b = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      if (b.length > limit) {
        throw new BadModelFileException(file, "zip entry " + name + " is larger than " + limit + " bytes");
      }
      if (expected >= 0 && b.length != expected) {
        throw new BadModelFileException(file, "truncated zip entry " + name + ": " + b.length + " of "
            + expected + " bytes");
      }
      return b;
    }
  }

  private static ByteBuffer storage(Path file, ZipFile zip, String folder, TorchUnpickler.Storage s,
      ByteOrder order) throws IOException {
    long bytes;
    try {
      bytes = Math.multiplyExact(s.numel(), (long) s.type().bytes());
    } catch (ArithmeticException e) {
      bytes = Long.MAX_VALUE;
    }
    if (bytes > Integer.MAX_VALUE - 16L) {
      throw new BadModelFileException(file, "storage " + s.key() + " of " + s.numel() + " elements is larger "
          + "than 2 GB, which this reader does not hold");
    }
    byte[] b = entry(file, zip, folder + "data/" + s.key(), bytes, bytes);
    return ByteBuffer.wrap(b).order(order);
  }

  private static NamedTensor materialise(Path file, String name, TorchUnpickler.Tensor t, ByteBuffer bytes) {
    long[] size = t.size();
    long[] stride = t.stride();
    long n = WeightChecks.elements(file, name, size);
    long last = t.offset();
    try {
      for (int i = 0; i < size.length; i++) {
        last = Math.addExact(last, Math.multiplyExact(Math.max(size[i] - 1, 0), stride[i]));
      }
    } catch (ArithmeticException e) {
      last = Long.MAX_VALUE;
    }
    long numel = t.storage().numel();
    if (n > 0 && last >= numel) {
      throw new BadModelFileException(file, "tensor '" + name + "': offset " + t.offset() + ", size "
          + java.util.Arrays.toString(size) + " and stride " + java.util.Arrays.toString(stride)
          + " reach element " + last + " of storage " + t.storage().key() + ", which holds " + numel);
    }
    float[] out = new float[(int) n];
    TorchStorageType type = t.storage().type();
    // Row-major walk over the view: an odometer of indices, the storage index updated incrementally.
    int rank = size.length;
    long[] idx = new long[rank];
    long pos = t.offset();
    for (int i = 0; i < out.length; i++) {
      out[i] = type.get(bytes, (int) pos);
      for (int d = rank - 1; d >= 0; d--) {
        idx[d]++;
        pos += stride[d];
        if (idx[d] < size[d]) {
          break;
        }
        pos -= stride[d] * idx[d];
        idx[d] = 0;
      }
    }
    return new NamedTensor(name, type.dtype(), size.clone(), out);
  }

  /** The path of the state dict: the first wrapper key that leads to one, else the only one anywhere. */
  private static String find(Path file, Object root) {
    String p = search(root, "", 0);
    if (p != null) {
      return p;
    }
    List<String> all = new ArrayList<>();
    collect(root, "", 0, all, Collections.newSetFromMap(new IdentityHashMap<>()));
    if (all.size() == 1) {
      return all.get(0);
    }
    if (all.isEmpty()) {
      throw new BadModelFileException(file, "no state dict (a map of names to tensors) in the checkpoint; "
          + "its top level is " + summary(root));
    }
    throw new BadModelFileException(file, "several state dicts in the checkpoint, under " + all
        + ": choose one with its key");
  }

  private static String search(Object o, String path, int depth) {
    if (isStateDict(o)) {
      return path;
    }
    if (o instanceof Map<?, ?> m && depth < MAX_WRAPPER_DEPTH) {
      for (String k : WRAPPER_KEYS) {
        if (m.containsKey(k)) {
          String p = search(m.get(k), join(path, k), depth + 1);
          if (p != null) {
            return p;
          }
        }
      }
    }
    return null;
  }

  private static void collect(Object o, String path, int depth, List<String> out, Set<Object> seen) {
    if (!(o instanceof Map<?, ?> m) || !seen.add(o)) {
      return;
    }
    if (isStateDict(o)) {
      out.add(path);
      return;
    }
    if (depth < MAX_WRAPPER_DEPTH) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getKey() instanceof String k) {
          collect(e.getValue(), join(path, k), depth + 1, out, seen);
        }
      }
    }
  }

  private static String candidates(Object root) {
    List<String> all = new ArrayList<>();
    collect(root, "", 0, all, Collections.newSetFromMap(new IdentityHashMap<>()));
    return all.isEmpty() ? "; the checkpoint holds none, its top level is " + summary(root)
        : "; state dicts are under " + all;
  }

  private static Object at(Object root, String path) {
    Object o = root;
    if (!path.isEmpty()) {
      for (String k : path.split("/", -1)) {
        o = o instanceof Map<?, ?> m ? m.get(k) : null;
      }
    }
    return o;
  }

  private static boolean isStateDict(Object o) {
    if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
      return false;
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String) || !(e.getValue() instanceof TorchUnpickler.Tensor)) {
        return false;
      }
    }
    return true;
  }

  /** The DataParallel / torch.compile prefix every name has (repeated, e.g. {@code module.module.}), or "". */
  private static String commonPrefix(Map<?, ?> stateDict) {
    String prefix = "";
    boolean again = true;
    while (again) {
      again = false;
      for (String p : PREFIXES) {
        String candidate = prefix + p;
        if (stateDict.keySet().stream().allMatch(k -> ((String) k).startsWith(candidate)
            && ((String) k).length() > candidate.length())) {
          prefix = candidate;
          again = true;
          break;
        }
      }
    }
    return prefix;
  }

  private static String summary(Object root) {
    if (root instanceof Map<?, ?> m) {
      List<String> keys = new ArrayList<>();
      for (Object k : m.keySet()) {
        if (keys.size() == 20) {
          keys.add("...");
          break;
        }
        keys.add(String.valueOf(k));
      }
      return "a dict with keys " + keys;
    }
    return root == null ? "None" : "a " + root.getClass().getSimpleName();
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "/" + key;
  }

  private static byte[] head(Path file, int n) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (IOException | RuntimeException e) {
      return new byte[0];
    }
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
