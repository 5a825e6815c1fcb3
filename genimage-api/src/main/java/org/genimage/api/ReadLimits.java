package org.genimage.api;

/**
 * The bounds every genimage reader checks before it allocates or trusts what a file says, in one place.
 *
 * <p>A file read from disk is untrusted: a checksum catches accidents, not tampering, and a header may
 * declare any size. Each reader checks the fields it reads against these bounds (and against the file's
 * real length) and throws its module's typed exception ({@link BadImageException},
 * {@link BadDatasetLayoutException}, {@link BadModelFileException}) naming the file and the field; it
 * never lets a raw {@code NegativeArraySizeException}, {@code OutOfMemoryError} or
 * {@code ArrayIndexOutOfBoundsException} escape for a bad file. The bounds are far above anything the
 * GenImage release or a published detector needs; where a reader lets the caller raise one (for example
 * {@code ImageDecoder.withMaxPixels}), its Javadoc says so.
 */
public final class ReadLimits {
  /** Most pixels an image may declare: Pillow's decompression-bomb error threshold, 2 x 89,478,485. */
  public static final long MAX_IMAGE_PIXELS = 178_956_970L;

  /** Most bytes of one image file (read before the header is trusted): 256 MiB. */
  public static final long MAX_IMAGE_BYTES = 256L << 20;

  /** Most entries of a dataset index or manifest: 50 million (the GenImage release has 2.7 million). */
  public static final int MAX_DATASET_ENTRIES = 50_000_000;

  /** Most characters of a path or file name read from a file (index, manifest, progress file). */
  public static final int MAX_PATH_CHARS = 4096;

  /** Most characters of one line of a text file genimage reads (manifest, progress file, checksum list). */
  public static final int MAX_LINE_CHARS = 1 << 20;

  /** Most bytes of a model file ({@code .gidet}, safetensors, checkpoint): 4 GiB. */
  public static final long MAX_MODEL_BYTES = 4L << 30;

  /** Most bytes of a model file's header or metadata block (JSON): 100 MiB. */
  public static final long MAX_MODEL_HEADER_BYTES = 100L << 20;

  /** Most elements of one weight tensor, so a Java array can hold it: {@code Integer.MAX_VALUE - 8}. */
  public static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8L;

  /** Largest side a detector's preprocessing may resize or crop to: 4096 pixels. */
  public static final int MAX_INPUT_SIDE = 4096;

  /**
   * Most repeated blocks (layers, stages' blocks, transformer blocks) an architecture config read from a model
   * file may declare: 1024 (ResNet-152 has 50, ViT-H 32), so a hostile config cannot make the reader enumerate
   * billions of parameter tensors before the weights are checked.
   */
  public static final int MAX_MODEL_BLOCKS = 1024;

  /** Most channels or features of one layer an architecture config read from a model file may declare: 65,536. */
  public static final int MAX_MODEL_WIDTH = 1 << 16;

  /**
   * Most bytes of one file of an evaluation run directory (a cell's scores or a trained detector's
   * record, JSON): 1 GiB, about ten million scored images.
   */
  public static final long MAX_RUN_FILE_BYTES = 1L << 30;

  /**
   * Most steps of a detector's preprocessing pipeline read from a model file: 64 (the published recipes use
   * three or four), so a hostile header cannot make every image run thousands of resizes.
   */
  public static final int MAX_PREPROCESSING_STEPS = 64;

  /**
   * Most member detectors an ensemble file may hold: 64 (published ensembles fuse two to five), so a hostile
   * header cannot make a load open thousands of models.
   */
  public static final int MAX_ENSEMBLE_MEMBERS = 64;

  private ReadLimits() {}
}
