package org.genimage.detectors.weights;

import java.nio.ByteBuffer;
import org.genimage.detectors.weights.NamedTensor.DType;

/**
 * The typed storages a PyTorch checkpoint names in its persistent ids ({@code torch.FloatStorage}, ...), with
 * their element size and how an element becomes a {@code float}. Floating types keep their
 * {@link NamedTensor.DType}; integer and boolean storages are read as float values and recorded as
 * {@link DType#I64} (64-bit) or {@link DType#I32} (narrower), which are exact up to 2^24.
 */
enum TorchStorageType {
  /** float32. */
  FLOAT("FloatStorage", 4, DType.F32),
  /** float16, widened. */
  HALF("HalfStorage", 2, DType.F16),
  /** bfloat16, widened. */
  BFLOAT16("BFloat16Storage", 2, DType.BF16),
  /** float64, rounded. */
  DOUBLE("DoubleStorage", 8, DType.F64),
  /** int64 (e.g. {@code num_batches_tracked}). */
  LONG("LongStorage", 8, DType.I64),
  /** int32. */
  INT("IntStorage", 4, DType.I32),
  /** int16. */
  SHORT("ShortStorage", 2, DType.I32),
  /** int8. */
  CHAR("CharStorage", 1, DType.I32),
  /** uint8. */
  BYTE("ByteStorage", 1, DType.I32),
  /** bool (one byte, 0 or 1). */
  BOOL("BoolStorage", 1, DType.I32);

  private final String torchName;
  private final int bytes;
  private final DType dtype;

  TorchStorageType(String torchName, int bytes, DType dtype) {
    this.torchName = torchName;
    this.bytes = bytes;
    this.dtype = dtype;
  }

  /** The storage for a {@code torch} global name, or null when the name is not a storage we read. */
  static TorchStorageType ofGlobal(String name) {
    for (TorchStorageType t : values()) {
      if (t.torchName.equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** The class name as PyTorch pickles it, e.g. {@code FloatStorage}. */
  String torchName() {
    return torchName;
  }

  /** Bytes per element. */
  int bytes() {
    return bytes;
  }

  /** The dtype recorded on the tensors read from this storage. */
  DType dtype() {
    return dtype;
  }

  /** Element {@code index} of a storage as a float; {@code b} has the file's byte order. */
  float get(ByteBuffer b, int index) {
    return switch (this) {
      case FLOAT -> b.getFloat(4 * index);
      case HALF -> SafeTensors.halfToFloat(b.getShort(2 * index));
      case BFLOAT16 -> Float.intBitsToFloat((b.getShort(2 * index) & 0xFFFF) << 16);
      case DOUBLE -> (float) b.getDouble(8 * index);
      case LONG -> b.getLong(8 * index);
      case INT -> b.getInt(4 * index);
      case SHORT -> b.getShort(2 * index);
      case CHAR -> b.get(index);
      case BYTE -> b.get(index) & 0xFF;
      case BOOL -> b.get(index) != 0 ? 1f : 0f;
    };
  }
}
