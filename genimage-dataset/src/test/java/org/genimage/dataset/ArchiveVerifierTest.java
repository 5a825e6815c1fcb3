package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.genimage.api.BadDatasetLayoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive check: the release's checksum format parses, and each piece is reported ok, missing,
 * wrong, present under a browser's suffixed name, or extra. Expected MD5s come from RFC 1321's test
 * vectors and from a whole-array digest, not from the streaming code under test.
 */
class ArchiveVerifierTest {
  @TempDir Path tmp;

  /** RFC 1321, appendix A.5. */
  private static final String MD5_EMPTY = "d41d8cd98f00b204e9800998ecf8427e";
  private static final String MD5_ABC = "900150983cd24fb0d6963f7d28e17f72";
  private static final String MD5_MESSAGE_DIGEST = "f96b697d7cb7938d525a2f31aaf161d0";

  @Test
  void theReleasesChecksumFormatParses() throws Exception {
    // An excerpt of the release's checksums.csv (attribution in fixtures/release/NOTICE.md).
    Path csv = Path.of(getClass().getResource("/fixtures/release/checksums-excerpt.csv").toURI());
    Map<String, String> sums = ArchiveVerifier.readChecksums(csv);
    assertThat(sums).containsExactly(
        Map.entry("imagenet_ai_0508_adm.z05", "c874b43e46d2b545c552d149a94c6102"),
        Map.entry("imagenet_ai_0508_adm.z06", "b715e17b61c12a0781da83697dc27a64"),
        Map.entry("imagenet_ai_0508_adm.z07", "791c1976c02dc53d52da5a86e210c422"));
  }

  @Test
  void unquotedRowsCrlfAndUpperCaseDigestsAreAccepted() throws Exception {
    Path csv = tmp.resolve("c.csv");
    Files.writeString(csv, "\uFEFFmd5Checksum,originalFilename\r\n"
        + "900150983CD24FB0D6963F7D28E17F72,x.zip\r\n\r\n\"" + MD5_EMPTY + "\",\"y.z01\"\r\n");
    assertThat(ArchiveVerifier.readChecksums(csv)).containsExactly(
        Map.entry("x.zip", MD5_ABC), Map.entry("y.z01", MD5_EMPTY));
  }

  @Test
  void aMalformedRowNamesTheFileAndLine() throws Exception {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "md5Checksum,originalFilename\n\"" + MD5_ABC + "\",\"a.zip\"\n"
        + "\"not-an-md5\",\"b.zip\"\n");
    assertThatThrownBy(() -> ArchiveVerifier.readChecksums(csv))
        .isInstanceOf(BadDatasetLayoutException.class)
        .hasMessageContaining("bad.csv").hasMessageContaining("line 3");
  }

  @Test
  void eachPieceIsReportedByWhatIsWrongWithIt() throws Exception {
    byte[] big = new byte[3 * (1 << 20) + 12345]; // spans several of the hasher's buffers
    new Random(5).nextBytes(big);
    String bigMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(big));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("sd.z01", MD5_ABC);
    expected.put("sd.z02", bigMd5);
    expected.put("sd.zip", MD5_EMPTY);
    expected.put("mj.z01", MD5_MESSAGE_DIGEST);
    expected.put("mj.zip", MD5_ABC);
    expected.put("bg.zip", MD5_ABC);
    Path dir = tmp.resolve("downloads");
    Files.createDirectories(dir.resolve("Midjourney"));
    write(dir.resolve("sd.z01"), "abc");
    Files.write(dir.resolve("sd.z02"), big);
    write(dir.resolve("sd.zip"), "x"); // wrong content
    write(dir.resolve("Midjourney/mj-001.z01"), "message digest"); // suffixed, right MD5
    write(dir.resolve("sd-002.z01"), "abc"); // second copy of sd.z01
    write(dir.resolve("other.z03"), "abc"); // not listed
    write(dir.resolve("notes.txt"), "not a piece");
    // mj.zip and bg.zip are missing

    List<long[]> calls = new ArrayList<>();
    ArchiveVerifier.Report r = ArchiveVerifier.verify(dir, expected,
        (done, total) -> calls.add(new long[] {done, total}));

    assertThat(r.ok()).containsExactly("sd.z01", "sd.z02");
    assertThat(r.missing()).containsExactly("mj.zip", "bg.zip");
    assertThat(r.wrong()).containsExactly(new ArchiveVerifier.Mismatch("sd.zip", "sd.zip",
        MD5_EMPTY, HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
            .digest("x".getBytes(StandardCharsets.US_ASCII)))));
    assertThat(r.suffixed()).containsExactly(
        new ArchiveVerifier.Suffixed("mj.z01", "Midjourney/mj-001.z01"));
    assertThat(r.extra()).extracting(ArchiveVerifier.Extra::file)
        .containsExactly("other.z03", "sd-002.z01");
    assertThat(r.extra().get(1).why()).contains("sd.z01");
    assertThat(r.ignoredFiles()).isEqualTo(1);
    assertThat(r.allGood()).isFalse();
    long total = 3 + big.length + 1 + 14;
    assertThat(r.bytes()).isEqualTo(total);
    assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(total));
    assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(total);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
    }
    assertThat(calls.size()).isGreaterThan(4); // the big piece reports per buffer
  }

  @Test
  void aCompleteDownloadIsAllGood() throws Exception {
    write(tmp.resolve("a.z01"), "abc");
    write(tmp.resolve("a.zip"), "");
    ArchiveVerifier.Report r = ArchiveVerifier.verify(tmp,
        Map.of("a.z01", MD5_ABC, "a.zip", MD5_EMPTY), null);
    assertThat(r.allGood()).isTrue();
    assertThat(r.ok()).containsExactlyInAnyOrder("a.z01", "a.zip");
  }

  @Test
  void aMissingFolderIsALayoutError() {
    assertThatThrownBy(() -> ArchiveVerifier.verify(tmp.resolve("nope"), Map.of("a.zip",
        MD5_ABC), null)).isInstanceOf(BadDatasetLayoutException.class).hasMessageContaining("nope");
  }

  private static void write(Path p, String s) throws Exception {
    Files.writeString(p, s, StandardCharsets.US_ASCII);
  }
}
