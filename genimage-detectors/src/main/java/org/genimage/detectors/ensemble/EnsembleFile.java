package org.genimage.detectors.ensemble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.ValidationFit;
import org.genimage.detectors.internal.HeaderJson;
import org.genimage.eval.calibration.LogisticModel;

/**
 * The ensemble file format: one self-contained file that embeds each member's own saved file, so an ensemble
 * travels, is versioned and is verified like a single detector (referencing member files by path would break
 * when they move, and a member replaced behind the ensemble's back would silently change its scores):
 * <pre>
 *   8 bytes   magic "GIENSMBL"
 *   4 bytes   format version, little-endian int (1)
 *   8 bytes   header length N, little-endian long
 *   N bytes   UTF-8 JSON: {"format": "genimage-ensemble", "name", "method": "mean" | "max" | "stacking",
 *             "members": [{"name", "bytes", "sha256"}, ...],
 *             "stacking": {"weights": [one per member], "bias", "fittedOn": {"manifest", "samples"}}
 *             (stacking only)}
 *   rest      the members' files, back to back, in member order ({@code bytes} each)
 * </pre>
 * Members are loaded with {@code Detectors.load} (any format a provider reads, ensembles included) from a
 * temporary copy that is deleted once loaded.
 *
 * <p>Loading treats the file as untrusted: the file and header sizes are checked against {@link ReadLimits}, the
 * member count against {@link ReadLimits#MAX_ENSEMBLE_MEMBERS}, the member sizes must add up to exactly the
 * bytes after the header, each member's SHA-256 is checked, a stacking model needs one finite weight per member
 * and a finite bias, and mean or max ensembles must not carry one. Problems throw {@link BadModelFileException}
 * naming the ensemble file (and the member). Writes go to a temporary file moved into place.
 */
public final class EnsembleFile {
  /** The first eight bytes of every ensemble file. */
  public static final byte[] MAGIC = "GIENSMBL".getBytes(StandardCharsets.US_ASCII);
  /** The format version written. */
  public static final int VERSION = 1;
  private static final String FORMAT = "genimage-ensemble";
  private static final int PREFIX = 20;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EnsembleFile() {}

  /**
   * Whether a file starts with the ensemble magic.
   *
   * @param file a file
   * @return true when it looks like an ensemble file
   */
  public static boolean isEnsembleFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Writes an ensemble, saving each member into it.
   *
   * @param file destination (replaced)
   * @param name display name
   * @param method the fusion
   * @param members the members, each savable
   * @param stacking the stacking model (stacking only), else null
   * @param fittedOn where it was fitted (stacking only), else null
   * @throws UnsupportedOperationException when a member cannot be saved
   */
  static void write(Path file, String name, FusionMethod method, List<Detector> members, LogisticModel stacking,
      ValidationFit fittedOn) {
    Checks.notNull("file", file);
    Path dir = file.toAbsolutePath().getParent();
    List<Path> parts = new ArrayList<>();
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try {
      ObjectNode header = JSON.createObjectNode();
      header.put("format", FORMAT);
      header.put("name", name);
      header.put("method", method.id());
      ArrayNode list = header.putArray("members");
      for (Detector m : members) {
        Path p = Files.createTempFile(dir, ".member-", ".part");
        parts.add(p);
        m.save(p);
        ObjectNode e = list.addObject();
        e.put("name", m.info().name());
        e.put("bytes", Files.size(p));
        e.put("sha256", sha256(p));
      }
      if (stacking != null) {
        ObjectNode s = header.putObject("stacking");
        ArrayNode w = s.putArray("weights");
        for (double v : stacking.weights()) {
          w.add(v);
        }
        s.put("bias", stacking.bias());
        s.set("fittedOn", HeaderJson.fit(fittedOn));
      }
      byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header);
      try (OutputStream out = Files.newOutputStream(tmp)) {
        ByteBuffer head = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(VERSION).putLong(json.length);
        out.write(head.array());
        out.write(json);
        for (Path p : parts) {
          Files.copy(p, out);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ensemble file " + file, e);
    } finally {
      for (Path p : parts) {
        deleteQuietly(p);
      }
      deleteQuietly(tmp);
    }
  }

  /**
   * Reads an ensemble file and loads its members.
   *
   * @param file the file
   * @param options how to load each member (engine, batch size, threads)
   * @return the ensemble; the caller closes it (which closes the members)
   * @throws BadModelFileException naming the file (and the member) and the problem
   */
  public static EnsembleDetector read(Path file, LoadOptions options) {
    Checks.notNull("file", file);
    Checks.notNull("options", options);
    if (!Files.isRegularFile(file)) {
      throw new BadModelFileException(file, "no such file");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > ReadLimits.MAX_MODEL_BYTES) {
        throw new BadModelFileException(file, "ensemble file of " + size + " bytes is larger than "
            + ReadLimits.MAX_MODEL_BYTES + " bytes (ReadLimits.MAX_MODEL_BYTES)");
      }
      ByteBuffer head = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // Read until full or end of file.
      }
      if (head.position() < MAGIC.length || !Arrays.equals(Arrays.copyOf(head.array(), MAGIC.length), MAGIC)) {
        throw new BadModelFileException(file, "not a genimage ensemble file (does not start with \"GIENSMBL\")");
      }
      if (head.hasRemaining()) {
        throw new BadModelFileException(file, "truncated ensemble file: " + size + " bytes, header cut off");
      }
      int version = head.getInt(MAGIC.length);
      if (version != VERSION) {
        throw new BadModelFileException(file, "unsupported ensemble file version " + version
            + " (this library reads version " + VERSION + ")");
      }
      long headerLen = head.getLong(MAGIC.length + 4);
      if (headerLen <= 0 || headerLen > ReadLimits.MAX_MODEL_HEADER_BYTES || PREFIX + headerLen > size) {
        throw new BadModelFileException(file, "corrupt ensemble file: header length " + headerLen + " in a file"
            + " of " + size + " bytes");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      while (hb.hasRemaining() && ch.read(hb, PREFIX + hb.position()) >= 0) {
        // Read until full.
      }
      JsonNode header;
      try {
        header = JSON.readTree(hb.array());
      } catch (JsonProcessingException e) {
        throw new BadModelFileException(file, "corrupt ensemble header: " + e.getOriginalMessage(), e);
      }
      if (header == null || !header.isObject() || !FORMAT.equals(text(header, "format", file))) {
        throw new BadModelFileException(file, "corrupt ensemble header: no \"format\": \"" + FORMAT + "\"");
      }
      String name = text(header, "name", file);
      FusionMethod method;
      try {
        method = FusionMethod.parse("method", text(header, "method", file));
      } catch (BadArgumentException e) {
        throw HeaderJson.bad(file, e.getMessage());
      }
      List<Member> members = members(header.get("members"), size - PREFIX - headerLen, file);
      LogisticModel stacking = null;
      ValidationFit fittedOn = null;
      JsonNode s = header.get("stacking");
      if ((method == FusionMethod.STACKING) != (s != null)) {
        throw HeaderJson.bad(file, method == FusionMethod.STACKING ? "a stacking ensemble without 'stacking'"
            : "a " + method.id() + " ensemble with a 'stacking' model");
      }
      if (s != null) {
        stacking = stacking(s, members.size(), file);
        fittedOn = HeaderJson.fit(s.get("fittedOn"), "stacking.fittedOn", file);
      }
      List<Detector> loaded = loadMembers(ch, PREFIX + headerLen, members, options, file);
      try {
        return switch (method) {
          case MEAN -> EnsembleDetector.mean(name, loaded);
          case MAX -> EnsembleDetector.max(name, loaded);
          case STACKING -> EnsembleDetector.stacking(name, loaded, stacking, fittedOn);
        };
      } catch (RuntimeException e) {
        loaded.forEach(Detector::close);
        throw e;
      }
    } catch (IOException e) {
      throw new BadModelFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /** A member's entry in the header. */
  private record Member(String name, long bytes, String sha256) {}

  private static List<Member> members(JsonNode list, long payload, Path file) {
    if (list == null || !list.isArray()) {
      throw HeaderJson.bad(file, "no 'members' list");
    }
    if (list.size() < 1 || list.size() > ReadLimits.MAX_ENSEMBLE_MEMBERS) {
      throw HeaderJson.bad(file, list.size() + " members; an ensemble holds 1 to "
          + ReadLimits.MAX_ENSEMBLE_MEMBERS + " (ReadLimits.MAX_ENSEMBLE_MEMBERS)");
    }
    List<Member> out = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      JsonNode bytes = m.get("bytes");
      JsonNode sha = m.get("sha256");
      if (!m.isObject() || bytes == null || !bytes.isIntegralNumber() || !bytes.canConvertToLong()
          || bytes.asLong() <= 0 || bytes.asLong() > payload) {
        throw HeaderJson.bad(file, "member " + i + " has no valid 'bytes' (1 to the " + payload
            + " bytes after the header)");
      }
      if (sha == null || !sha.isTextual() || !sha.asText().matches("[0-9a-f]{64}")) {
        throw HeaderJson.bad(file, "member " + i + " has no valid 'sha256' (64 lower-case hex digits)");
      }
      JsonNode n = m.get("name");
      String name = n != null && n.isTextual() && n.asText().length() <= ReadLimits.MAX_PATH_CHARS
          ? n.asText() : "#" + i;
      total += bytes.asLong();
      out.add(new Member(name, bytes.asLong(), sha.asText()));
    }
    if (total != payload) {
      throw new BadModelFileException(file, (total > payload ? "truncated" : "corrupt") + " ensemble file: its "
          + list.size() + " members declare " + total + " bytes, " + payload + " follow the header");
    }
    return out;
  }

  private static LogisticModel stacking(JsonNode s, int members, Path file) {
    JsonNode w = s.get("weights");
    if (!s.isObject() || w == null || !w.isArray() || w.size() != members) {
      throw HeaderJson.bad(file, "'stacking.weights' must list one weight per member (" + members + ")");
    }
    double[] weights = new double[members];
    for (int i = 0; i < members; i++) {
      weights[i] = HeaderJson.number(w.get(i), "stacking.weights[" + i + "]", file);
    }
    return new LogisticModel(weights, HeaderJson.number(s.get("bias"), "stacking.bias", file));
  }

  private static List<Detector> loadMembers(FileChannel ch, long start, List<Member> members, LoadOptions options,
      Path file) throws IOException {
    List<Detector> loaded = new ArrayList<>();
    long at = start;
    try {
      for (int i = 0; i < members.size(); i++) {
        Member m = members.get(i);
        Path tmp = Files.createTempFile("genimage-member-", ".part");
        try {
          String actual = copy(ch, at, m.bytes(), tmp);
          if (!actual.equals(m.sha256())) {
            throw new BadModelFileException(file, "member " + i + " ('" + m.name() + "') is corrupt: the header "
                + "records SHA-256 " + m.sha256() + ", its bytes hash to " + actual);
          }
          try {
            loaded.add(Detectors.load(tmp, options));
          } catch (BadModelFileException e) {
            throw new BadModelFileException(file, "member " + i + " ('" + m.name() + "'): " + e.problem(), e);
          }
        } finally {
          deleteQuietly(tmp);
        }
        at += m.bytes();
      }
      return loaded;
    } catch (RuntimeException | IOException e) {
      loaded.forEach(Detector::close);
      throw e;
    }
  }

  /** Copies {@code length} bytes at {@code from} to {@code to}, returning their SHA-256. */
  private static String copy(FileChannel ch, long from, long length, Path to) throws IOException {
    MessageDigest md = sha256();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long done = 0;
      while (done < length) {
        buf.clear().limit((int) Math.min(buf.capacity(), length - done));
        int n = ch.read(buf, from + done);
        if (n < 0) {
          throw new IOException("unexpected end of file");
        }
        buf.flip();
        md.update(buf.duplicate());
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        done += n;
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String sha256(Path p) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Channels.newInputStream(FileChannel.open(p, StandardOpenOption.READ))) {
      byte[] b = new byte[1 << 16];
      for (int n = in.read(b); n > 0; n = in.read(b)) {
        md.update(b, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static String text(JsonNode header, String field, Path file) {
    JsonNode n = header.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw HeaderJson.bad(file, "no '" + field + "'");
    }
    return n.asText();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover temporary file is harmless; the load or save itself succeeded or failed on its own.
    }
  }
}
