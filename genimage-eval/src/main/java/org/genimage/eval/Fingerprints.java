package org.genimage.eval;

import java.util.TreeMap;
import org.genimage.api.DetectorInfo;

/**
 * The fingerprints that tie a run directory's files to their inputs: a saved cell is reused only
 * when the fingerprint of its inputs now equals the one in its file.
 */
final class Fingerprints {
  private Fingerprints() {}

  /** A trained detector's: trainer, its settings, the training and validation manifests. */
  static String of(TrainCell t, ProtocolSettings s) {
    return ManifestHash.ofText("train\n" + t.trainer().name() + "\n"
        + new TreeMap<>(t.trainer().settings()) + "\n" + ManifestHash.of(t.training()) + "\n"
        + ManifestHash.of(t.validation()) + biasPrint(s));
  }

  /** A detector given by the caller's: what its info says about it. */
  static String of(DetectorInfo info) {
    return ManifestHash.ofText("given\n" + info.name() + "\n" + info.architecture() + "\n"
        + info.inputSize() + "\n" + new TreeMap<>(info.provenance()));
  }

  /** A score cell's: its detector's fingerprint, the test manifest, degradation and settings. */
  static String of(ScoreCell c, String detectorPrint, ProtocolSettings s) {
    return ManifestHash.ofText("score\n" + detectorPrint + "\n" + ManifestHash.of(c.test()) + "\n"
        + c.condition() + "\n" + (c.isClean() ? "" : c.degradation().description() + "\n"
        + s.degradationTarget() + "\n" + s.seed()) + "\n" + s.smallImagePolicy() + biasPrint(s));
  }

  /**
   * The bias control's part of a fingerprint: re-encoded fakes keep their manifest, so the control
   * itself must be in it. Empty without a control, so run directories made before it still resume.
   */
  private static String biasPrint(ProtocolSettings s) {
    return s.biasControl().isNone() ? "" : "\nbias " + s.biasControl().text() + " " + s.seed();
  }
}
