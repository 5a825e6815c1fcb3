package org.genimage.detectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/** Rewrites the JSON header of a file in the magic + version + length + JSON + payload layout, for tests. */
public final class HeaderEdit {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HeaderEdit() {}

  /**
   * Copies {@code from} to {@code to} with its header changed by {@code edit}, the payload kept.
   *
   * @param from the original file
   * @param to the edited copy
   * @param edit changes the header in place
   * @return {@code to}
   */
  public static Path edit(Path from, Path to, Consumer<ObjectNode> edit) {
    try {
      byte[] b = Files.readAllBytes(from);
      ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      int len = (int) in.getLong(12);
      ObjectNode header = (ObjectNode) JSON.readTree(Arrays.copyOfRange(b, 20, 20 + len));
      edit.accept(header);
      byte[] json = JSON.writeValueAsBytes(header);
      ByteBuffer out = ByteBuffer.allocate(b.length - len + json.length).order(ByteOrder.LITTLE_ENDIAN);
      out.put(b, 0, 12).putLong(json.length).put(json).put(b, 20 + len, b.length - 20 - len);
      Files.write(to, out.array());
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
