package org.genimage.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.genimage.api.Detector;

/**
 * The files of one run directory: {@code detectors/<train cell>.detector} and {@code .json},
 * {@code scores/<score cell>.json}. Every file is written to a temporary name and moved into place
 * atomically, so a crash leaves the finished file or none; reading and checking the JSON is {@link
 * RunFiles}'s job.
 */
final class RunDirectory {
  private final Path root;
  private final Path detectors;
  private final Path scores;

  /**
   * Opens a run directory, creating its folders.
   *
   * @throws UncheckedIOException if they cannot be created
   */
  RunDirectory(Path root) {
    this.root = root;
    this.detectors = root.resolve("detectors");
    this.scores = root.resolve("scores");
    try {
      Files.createDirectories(detectors);
      Files.createDirectories(scores);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + root, e);
    }
  }

  Path root() {
    return root;
  }

  /** Where a train cell's detector is saved. */
  Path detectorFile(String trainCell) {
    return detectors.resolve(trainCell + ".detector");
  }

  /** Where a train cell's record is saved. */
  Path recordFile(String trainCell) {
    return detectors.resolve(trainCell + ".json");
  }

  /** A score cell's saved scores, or null when it is not finished. */
  CellScores readScores(ScoreCell cell, String print) {
    return RunFiles.readScores(scores.resolve(cell.id() + ".json"), cell, print);
  }

  /** A train cell's record, or null when training is not finished. */
  DetectorRecord readRecord(String trainCell, String print) {
    return RunFiles.readDetector(recordFile(trainCell), print);
  }

  void writeScores(CellScores s) throws IOException {
    writeAtomically(scores.resolve(s.cellId() + ".json"), RunFiles.bytes(s));
  }

  void writeRecord(String trainCell, DetectorRecord record) throws IOException {
    writeAtomically(recordFile(trainCell), RunFiles.bytes(record));
  }

  /**
   * Where a trained detector went.
   *
   * @param saved whether it was written to {@link #detectorFile}
   * @param file that file, or {@code "(not saved: <reason>)"} for a detector that cannot be saved
   */
  record SavedDetector(boolean saved, String file) {}

  /** Saves a trained detector into place; a detector that cannot be saved is reported, not fatal. */
  SavedDetector saveDetector(String trainCell, Detector d) throws IOException {
    Path tmp = Files.createTempFile(detectors, trainCell + ".detector.", ".tmp");
    try {
      d.save(tmp);
      move(tmp, detectorFile(trainCell));
      return new SavedDetector(true, detectorFile(trainCell).toString());
    } catch (UnsupportedOperationException e) {
      Files.deleteIfExists(tmp);
      return new SavedDetector(false, "(not saved: " + e.getMessage() + ")");
    }
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
