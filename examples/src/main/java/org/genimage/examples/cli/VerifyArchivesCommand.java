package org.genimage.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.dataset.ArchiveVerifier;
import org.genimage.examples.VerifyArchives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genimage verify-archives}: the downloaded zip pieces against the release's MD5s. */
@Command(name = "verify-archives", mixinStandardHelpOptions = true,
    description = {"Check the downloaded multi-part zip pieces (imagenet_ai_0419_sdv4.z01 ..."
        + " .zip) against the release's checksums.csv: names each missing, extra, wrong or"
        + " browser-renamed (name-NNN.ext) piece. Exit code 3 when anything is wrong.",
        "Then unpack each subset with: zip -s 0 imagenet_ai_0419_sdv4.zip --out whole.zip &&"
            + " unzip whole.zip   (or: 7z x imagenet_ai_0419_sdv4.zip)"})
final class VerifyArchivesCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "DIR",
      description = "The folder holding the pieces (searched recursively).")
  Path dir;

  @Option(names = "--checksums", required = true, paramLabel = "FILE",
      description = "The release's checksums.csv (GenImage repository, data/checksums.csv).")
  Path checksums;

  @Option(names = "--json", description = "Print JSON instead of lines.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ArchiveVerifier.Report r = VerifyArchives.run(dir, checksums, progress());
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("allGood", r.allGood());
      doc.put("ok", r.ok());
      doc.put("missing", r.missing());
      doc.put("wrong", r.wrong());
      doc.put("suffixed", r.suffixed());
      doc.put("extra", r.extra());
      doc.put("ignoredFiles", r.ignoredFiles());
      doc.put("bytes", r.bytes());
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc));
    } else {
      out.printf("%d of %d listed pieces ok%n", r.ok().size(), r.ok().size() + r.missing().size()
          + r.wrong().size() + r.suffixed().size());
      r.missing().forEach(n -> out.println("missing  " + n));
      r.wrong().forEach(m -> out.println("wrong    " + m.file() + ": MD5 " + m.actual()
          + ", expected " + m.expected() + (m.file().endsWith(m.name()) ? "" : " (for " + m.name()
          + ")")));
      r.suffixed().forEach(s -> out.println("rename   " + s.file() + " -> " + s.name()
          + "  (a browser's duplicate suffix; MD5 ok)"));
      r.extra().forEach(e -> out.println("extra    " + e.file() + "  (" + e.why() + ")"));
      out.println(r.allGood() ? "all pieces present and intact"
          : "NOT all good: fix the pieces above before unpacking");
    }
    return r.allGood() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
  }
}
