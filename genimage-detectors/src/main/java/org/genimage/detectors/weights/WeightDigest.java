package org.genimage.detectors.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import org.genimage.api.internal.Checks;

/**
 * The SHA-256 digest of a list of weights, stored in detector files and training checkpoints and checked when
 * they are read, so that a flipped bit in the weights is refused instead of loaded silently. A digest catches
 * accidents (bad disks, truncated copies, bit rot), not tampering: whoever can edit the file can recompute it.
 *
 * <p>Digested, for each tensor in order: its name in UTF-8, a zero byte, its rank as a little-endian
 * {@code int}, each dimension as a little-endian {@code long}, then its values as little-endian IEEE binary32
 * (the raw bits, so the bytes of an F32 safetensors data section). Stateless and thread-safe.
 */
public final class WeightDigest {
  private static final int CHUNK_FLOATS = 1 << 14;

  private WeightDigest() {}

  /**
   * The digest of tensors, in the order given.
   *
   * @param tensors the tensors (as written to, or read from, the file)
   * @return 64 lower-case hex digits
   */
  public static String sha256(Collection<NamedTensor> tensors) {
    Checks.notNull("tensors", tensors);
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
    ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
    for (NamedTensor t : tensors) {
      md.update(t.name().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      ByteBuffer shape = ByteBuffer.allocate(4 + 8 * t.shape().length).order(ByteOrder.LITTLE_ENDIAN);
      shape.putInt(t.shape().length);
      for (long d : t.shape()) {
        shape.putLong(d);
      }
      md.update(shape.array());
      float[] d = t.data();
      for (int i = 0; i < d.length; i += CHUNK_FLOATS) {
        int n = Math.min(CHUNK_FLOATS, d.length - i);
        buf.clear();
        buf.asFloatBuffer().put(d, i, n);
        md.update(buf.array(), 0, 4 * n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
