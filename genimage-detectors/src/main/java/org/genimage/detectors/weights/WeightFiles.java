package org.genimage.detectors.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.genimage.api.BadModelFileException;
import org.genimage.api.internal.Checks;

/**
 * Reads the weights of a file in either format PyTorch users publish, told apart by the file's first bytes
 * (not its name): a PyTorch checkpoint ({@link TorchCheckpoint}) or safetensors ({@link SafeTensors}). Also the
 * SHA-256 of the whole file, recorded with imported detectors so their source can be identified. Stateless and
 * thread-safe.
 */
public final class WeightFiles {
  private WeightFiles() {}

  /**
   * Reads a state dict from a {@code .pth} checkpoint or a safetensors file.
   *
   * @param file the file
   * @param key  for a checkpoint, the wrapper keys leading to the state dict ({@link TorchCheckpoint#read(Path,
   *             String)}), or null to search; must be null for safetensors, which hold one flat state dict
   * @return the tensors by name and the reader's metadata
   * @throws BadModelFileException naming the file when it is missing, malformed or refused
   */
  public static SafeTensors.Contents read(Path file, String key) {
    Checks.notNull("file", file);
    if (TorchCheckpoint.looksLikeTorch(file)) {
      return TorchCheckpoint.read(file, key);
    }
    if (key != null) {
      throw new BadModelFileException(file, "a key ('" + key + "') was given but this is not a PyTorch "
          + "checkpoint (safetensors files hold one flat state dict)");
    }
    return SafeTensors.read(file);
  }

  /**
   * The SHA-256 of a file's bytes, as {@code sha256sum} prints it.
   *
   * @param file the file
   * @return 64 lower-case hex digits
   * @throws BadModelFileException when the file cannot be read
   */
  public static String sha256(Path file) {
    Checks.notNull("file", file);
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new BadModelFileException(file, "cannot read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }
}
