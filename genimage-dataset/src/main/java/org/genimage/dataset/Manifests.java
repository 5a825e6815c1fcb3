package org.genimage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.ReadLimits;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * Manifests: the exact list of samples an experiment used, as CSV ({@code path,label,generator,class,
 * sha256} with a header) or JSON lines ({@code {"path":..., "label":"fake", "generator":"sd14",
 * "class":33, "sha256":...}}), chosen by the file's extension ({@code .csv}, otherwise JSON lines).
 *
 * <p>Paths are written relative to the manifest's folder when the file lies under it, else absolute;
 * reading resolves relative paths against the manifest's folder, and the path as written becomes the
 * sample id. {@link #read(Path)} refuses absolute paths and {@code ..} segments, so a manifest cannot
 * send a reader outside its folder; {@link #read(Path, PathPolicy)} with {@link
 * PathPolicy#ALLOW_OUTSIDE_ROOT} accepts them for a trusted manifest. Any field round-trips: CSV
 * quotes fields holding commas, quotes or line breaks, JSON lines escape them. Labels are written {@code real}/{@code fake} and read from {@code real}/{@code fake},
 * {@code nature}/{@code ai} or {@code 0}/{@code 1} (REAL = 0). Generators are written as ids and read
 * as a GenImage generator's id or name, else as a custom generator of that id. An empty class is
 * "unknown". The sha256 column is optional; when present, {@link Manifest#dataset} verifies it.
 */
public final class Manifests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {}

  /**
   * A read manifest.
   *
   * @param file the manifest file
   * @param samples the samples, in file order
   * @param checksums the SHA-256 of the samples that have one
   */
  public record Manifest(Path file, List<Sample> samples, Checksums checksums) {
    /**
     * Copies the list.
     *
     * @throws org.genimage.api.BadArgumentException if a component is null
     */
    public Manifest {
      Checks.notNull("file", file);
      samples = List.copyOf(Checks.notNull("samples", samples));
      Checks.notNull("checksums", checksums);
    }

    /**
     * The samples as a dataset whose loader checks listed checksums before decoding.
     *
     * @param decoder the decoder
     * @return the dataset, named after the manifest file
     */
    public Dataset dataset(ImageDecoder decoder) {
      return Dataset.of(file.getFileName().toString(), samples, checksums.verifying(decoder));
    }
  }

  /**
   * Writes a manifest.
   *
   * @param file the manifest ({@code .csv} for CSV, anything else for JSON lines)
   * @param samples the samples
   * @param withSha256 whether to compute and record each file's SHA-256
   * @throws BadDatasetLayoutException naming the manifest if it cannot be written
   * @throws org.genimage.api.BadImageException naming a sample's file if its checksum cannot be read
   */
  public static void write(Path file, List<Sample> samples, boolean withSha256) {
    Checks.notNull("file", file);
    Checks.notNull("samples", samples);
    boolean csv = isCsv(file);
    Path base = file.toAbsolutePath().getParent();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (csv) {
        w.write(withSha256 ? "path,label,generator,class,sha256\n" : "path,label,generator,class\n");
      }
      for (Sample s : samples) {
        Path abs = s.path().toAbsolutePath().normalize();
        String path = abs.startsWith(base) ? base.relativize(abs).toString().replace('\\', '/')
            : abs.toString();
        String label = s.label() == Label.REAL ? "real" : "fake";
        String sha = withSha256 ? Checksums.sha256(s.path()) : null;
        if (csv) {
          w.write(csvField(path) + "," + label + "," + csvField(s.generator().id()) + ","
              + (s.imageNetClass() == Sample.NO_CLASS ? "" : Integer.toString(s.imageNetClass()))
              + (sha == null ? "" : "," + sha) + "\n");
        } else {
          ObjectNode o = JSON.createObjectNode();
          o.put("path", path);
          o.put("label", label);
          o.put("generator", s.generator().id());
          if (s.imageNetClass() != Sample.NO_CLASS) {
            o.put("class", s.imageNetClass());
          }
          if (sha != null) {
            o.put("sha256", sha);
          }
          w.write(JSON.writeValueAsString(o));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot write the manifest", e);
    }
  }

  /**
   * Reads a manifest whose paths all lie under its folder ({@link PathPolicy#CONFINED}).
   *
   * @param file the manifest
   * @return its samples and checksums
   * @throws BadDatasetLayoutException naming the manifest and line on any malformed line (see
   *     {@link #read(Path, PathPolicy)})
   */
  public static Manifest read(Path file) {
    return read(file, PathPolicy.CONFINED);
  }

  /**
   * Reads a manifest, checking every field: each record is at most {@link
   * ReadLimits#MAX_LINE_CHARS} characters, at most {@link ReadLimits#MAX_DATASET_ENTRIES} records;
   * the path is required, at most {@link ReadLimits#MAX_PATH_CHARS} characters without NUL and, under
   * {@link PathPolicy#CONFINED}, relative to the manifest's folder without a {@code ..} segment; the
   * label is one of the accepted spellings; the class is empty or an integer 0..999; the sha256 is
   * empty or 64 hex digits. A CSV field may be quoted, holding commas, quotes and line breaks.
   *
   * @param file the manifest
   * @param policy whether paths may point outside the manifest's folder (absolute or with
   *     {@code ..}): {@link PathPolicy#ALLOW_OUTSIDE_ROOT} only for a manifest the caller trusts,
   *     such as one {@link #write} made for files outside its folder
   * @return its samples and checksums
   * @throws BadDatasetLayoutException naming the manifest, the line and the field on any malformed
   *     record, or if it cannot be read
   */
  public static Manifest read(Path file, PathPolicy policy) {
    Checks.notNull("file", file);
    Checks.notNull("policy", policy);
    boolean csv = isCsv(file);
    Path base = file.toAbsolutePath().normalize().getParent();
    List<Sample> samples = new ArrayList<>();
    Map<String, String> sums = new HashMap<>();
    Map<String, Generator> gens = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      TextRecords records = new TextRecords(r, file, csv, ReadLimits.MAX_LINE_CHARS);
      List<String> header = null;
      for (TextRecords.Record rec; (rec = records.next()) != null; ) {
        List<String> f = rec.fields();
        if (f.size() == 1 && f.get(0).isBlank()) {
          continue;
        }
        int lineNo = rec.line();
        String path;
        String label;
        String gen;
        String cls;
        String sha;
        if (csv) {
          if (header == null) {
            header = f.stream().map(x -> x.strip().toLowerCase(Locale.ROOT)).toList();
            if (!header.contains("path") || !header.contains("label")) {
              throw bad(file, lineNo, "header must name at least path and label columns");
            }
            continue;
          }
          if (f.size() > header.size()) {
            throw bad(file, lineNo, f.size() + " fields, the header names " + header.size());
          }
          path = col(f, header, "path");
          label = col(f, header, "label");
          gen = col(f, header, "generator");
          cls = col(f, header, "class");
          sha = col(f, header, "sha256");
        } else {
          JsonNode o;
          try {
            o = JSON.readTree(f.get(0));
          } catch (JsonProcessingException e) {
            throw new BadDatasetLayoutException(file, "line " + lineNo + ": not JSON: "
                + e.getOriginalMessage(), e);
          }
          if (o == null || !o.isObject()) {
            throw bad(file, lineNo, "not a JSON object");
          }
          path = text(file, lineNo, o, "path");
          label = text(file, lineNo, o, "label");
          gen = text(file, lineNo, o, "generator");
          cls = text(file, lineNo, o, "class");
          sha = text(file, lineNo, o, "sha256");
        }
        if (samples.size() >= ReadLimits.MAX_DATASET_ENTRIES) {
          throw bad(file, lineNo, "more than " + ReadLimits.MAX_DATASET_ENTRIES + " samples");
        }
        Sample s = sample(file, lineNo, base, policy, path, label, gen, cls, gens);
        samples.add(s);
        if (sha != null && !sha.isBlank()) {
          String hex = sha.strip().toLowerCase(Locale.ROOT);
          if (!SHA256.matcher(hex).matches()) {
            throw bad(file, lineNo, "sha256 \"" + shorten(sha) + "\" is not 64 hex digits");
          }
          sums.put(path, hex);
        }
      }
    } catch (CharacterCodingException e) {
      throw new BadDatasetLayoutException(file, "not UTF-8 text", e);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the manifest", e);
    }
    return new Manifest(file, samples, Checksums.of(sums));
  }

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static Sample sample(Path file, int lineNo, Path base, PathPolicy policy, String path,
      String label, String gen, String cls, Map<String, Generator> gens) {
    if (path == null || path.isBlank()) {
      throw bad(file, lineNo, "path is required");
    }
    if (label == null) {
      throw bad(file, lineNo, "label is required");
    }
    String problem = RelativePaths.problem(path, policy);
    if (problem != null) {
      throw bad(file, lineNo, "path \"" + shorten(path) + "\" " + problem
          + (policy == PathPolicy.CONFINED ? " (paths must stay under the manifest's folder; read"
              + " with PathPolicy.ALLOW_OUTSIDE_ROOT to accept it)" : ""));
    }
    Path resolved;
    try {
      Path p = Path.of(path);
      resolved = p.isAbsolute() ? p : base.resolve(p);
    } catch (InvalidPathException e) {
      throw bad(file, lineNo, "path \"" + shorten(path) + "\" is not a path here: "
          + e.getReason());
    }
    if (policy == PathPolicy.CONFINED && !resolved.normalize().startsWith(base)) {
      throw bad(file, lineNo, "path \"" + shorten(path) + "\" resolves outside " + base);
    }
    int c = Sample.NO_CLASS;
    if (cls != null && !cls.isBlank()) {
      try {
        c = Integer.parseInt(cls.strip());
      } catch (NumberFormatException e) {
        c = Integer.MIN_VALUE;
      }
      if (c < 0 || c > 999) {
        throw bad(file, lineNo, "class \"" + shorten(cls) + "\" is not an integer 0..999 (empty"
            + " for unknown)");
      }
    }
    Label l = parseLabel(label);
    if (l == null) {
      throw bad(file, lineNo, "label \"" + shorten(label)
          + "\" is not real/fake, nature/ai or 0/1");
    }
    Generator g;
    try {
      g = gen == null || gen.isBlank() ? Generator.UNKNOWN
          : gens.computeIfAbsent(gen.strip(), Manifests::generator);
    } catch (BadArgumentException e) {
      throw new BadDatasetLayoutException(file, "line " + lineNo + ": generator \""
          + shorten(gen) + "\": " + e.getMessage(), e);
    }
    return new Sample(path, resolved, l, g, c);
  }

  private static BadDatasetLayoutException bad(Path file, int lineNo, String problem) {
    return new BadDatasetLayoutException(file, "line " + lineNo + ": " + problem);
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static Generator generator(String name) {
    if (name.equals(Generator.UNKNOWN.id())) {
      return Generator.UNKNOWN;
    }
    return Generator.lookup(name).orElseGet(() ->
        Generator.custom(name.toLowerCase(Locale.ROOT), name, Generator.Family.OTHER));
  }

  private static Label parseLabel(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "real", "nature", "0" -> Label.REAL;
      case "fake", "ai", "1" -> Label.FAKE;
      default -> null;
    };
  }

  private static String text(Path file, int lineNo, JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw bad(file, lineNo, key + " is not a string or number");
    }
    return v.asText();
  }

  private static String col(List<String> f, List<String> header, String name) {
    int i = header.indexOf(name);
    return i < 0 || i >= f.size() ? null : f.get(i);
  }

  private static boolean isCsv(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  private static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
