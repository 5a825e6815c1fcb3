package org.genimage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Checks;
import org.genimage.api.Dataset;
import org.genimage.api.GenImageException;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;

/**
 * Manifests: the exact list of samples an experiment used, as CSV ({@code path,label,generator,class,
 * sha256} with a header) or JSON lines ({@code {"path":..., "label":"fake", "generator":"sd14",
 * "class":33, "sha256":...}}), chosen by the file's extension ({@code .csv}, otherwise JSON lines).
 *
 * <p>Paths are written relative to the manifest's folder when the file lies under it, else absolute;
 * reading resolves relative paths against the manifest's folder, and the path as written becomes the
 * sample id. Labels are written {@code real}/{@code fake} and read from {@code real}/{@code fake},
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
   * Reads a manifest.
   *
   * @param file the manifest
   * @return its samples and checksums
   * @throws BadDatasetLayoutException naming the manifest and line on any malformed line
   */
  public static Manifest read(Path file) {
    Checks.notNull("file", file);
    boolean csv = isCsv(file);
    Path base = file.toAbsolutePath().getParent();
    List<Sample> samples = new ArrayList<>();
    Map<String, String> sums = new HashMap<>();
    Map<String, Generator> gens = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      List<String> header = null;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String path;
        String label;
        String gen;
        String cls;
        String sha;
        try {
          if (csv) {
            List<String> f = parseCsv(line);
            if (header == null) {
              header = f.stream().map(x -> x.strip().toLowerCase(Locale.ROOT)).toList();
              if (!header.contains("path") || !header.contains("label")) {
                throw new BadDatasetLayoutException(file,
                    "line 1: header must name at least path and label columns");
              }
              continue;
            }
            path = col(f, header, "path");
            label = col(f, header, "label");
            gen = col(f, header, "generator");
            cls = col(f, header, "class");
            sha = col(f, header, "sha256");
          } else {
            JsonNode o = JSON.readTree(line);
            path = text(o, "path");
            label = text(o, "label");
            gen = text(o, "generator");
            cls = text(o, "class");
            sha = text(o, "sha256");
          }
          if (path == null || path.isBlank() || label == null) {
            throw new IllegalArgumentException("path and label are required");
          }
          Path p = Path.of(path);
          Path resolved = p.isAbsolute() ? p : base.resolve(p);
          int c = cls == null || cls.isBlank() ? Sample.NO_CLASS : Integer.parseInt(cls.strip());
          Generator g = gen == null || gen.isBlank() ? Generator.UNKNOWN
              : gens.computeIfAbsent(gen.strip(), Manifests::generator);
          Sample s = new Sample(path, resolved, parseLabel(label), g, c);
          samples.add(s);
          if (sha != null && !sha.isBlank()) {
            sums.put(path, sha.strip().toLowerCase(Locale.ROOT));
          }
        } catch (BadDatasetLayoutException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          throw new BadDatasetLayoutException(file, "line " + lineNo + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the manifest", e);
    }
    return new Manifest(file, samples, Checksums.of(sums));
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
      default -> throw new IllegalArgumentException("label \"" + s
          + "\" is not real/fake, nature/ai or 0/1");
    };
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String col(List<String> f, List<String> header, String name) {
    int i = header.indexOf(name);
    return i < 0 || i >= f.size() ? null : f.get(i);
  }

  private static boolean isCsv(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  private static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static List<String> parseCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    if (quoted) {
      throw new GenImageException("unterminated quote");
    }
    out.add(cur.toString());
    return out;
  }
}
