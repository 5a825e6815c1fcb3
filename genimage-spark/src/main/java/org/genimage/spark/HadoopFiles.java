package org.genimage.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException;
import org.genimage.api.BadImageException.Reason;

/**
 * Locations as the Spark module takes them: a Hadoop FileSystem URI ({@code file:///data/x.png},
 * {@code hdfs://nn:8020/data/x.png}, {@code s3a://bucket/x.png}) or a plain local path, read
 * through Hadoop's {@link FileSystem} so that executors need no shared mount. Reads are bounded:
 * the length the file system reports is checked against the caller's limit before a byte is read.
 */
final class HadoopFiles {
  /** A URI scheme followed by a colon and a slash (RFC 3986); a Windows drive letter is one letter. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

  private HadoopFiles() {}

  /**
   * Whether a location is a URI rather than a plain local path.
   *
   * @param location the location
   * @return true for {@code scheme:/...}
   */
  static boolean isUri(String location) {
    return SCHEME.matcher(location).matches();
  }

  /**
   * Whether a location is on the local file system (a plain path or a {@code file:} URI).
   *
   * @param location the location
   * @return true if java.nio can open it on this machine
   */
  static boolean isLocal(String location) {
    return !isUri(location) || location.regionMatches(true, 0, "file:", 0, 5);
  }

  /**
   * The Hadoop path of a location: a URI-like location read as Hadoop's {@code new Path(String)}
   * reads it (as Spark does), a plain path as an absolute {@code file:} path.
   *
   * <p>A URI-like location is Hadoop's path text, not an escaped URI: {@code Path.toString()}
   * writes names unescaped ({@code hdfs://nn/data/a b%#.png}) and {@code new Path(String)} is its
   * inverse, whereas {@code new URI} refuses the space and would cut the name at {@code #} or
   * {@code ?}. So {@code %20} in a location is three characters of a name, not a space.
   *
   * @param location the location
   * @return the path
   * @throws BadArgumentException if Hadoop cannot read the location as a path
   */
  static Path toHadoop(String location) {
    if (!isUri(location)) {
      return new Path(java.nio.file.Path.of(location).toAbsolutePath().normalize().toUri());
    }
    try {
      return new Path(location);
    } catch (IllegalArgumentException e) {
      throw new BadArgumentException("location", location, "a Hadoop path (" + e.getMessage()
          + ")");
    }
  }

  /**
   * The local file of a location, for exceptions that name a {@link java.nio.file.Path}.
   *
   * @param location the location
   * @return the local path, or null for a location on another file system (the caller names it
   *     in the problem text instead)
   */
  static java.nio.file.Path localFile(String location) {
    if (!isLocal(location)) {
      return null;
    }
    try {
      // Path.toUri() escapes what Path's text holds unescaped; see toHadoop.
      return isUri(location) ? java.nio.file.Path.of(new Path(location).toUri())
          : java.nio.file.Path.of(location);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  /**
   * Reads a whole file whose length is at most {@code maxBytes}.
   *
   * @param location the location
   * @param conf the Hadoop configuration
   * @param maxBytes the largest length accepted, at most {@code Integer.MAX_VALUE - 8}
   * @return the bytes
   * @throws FileNotFoundException if there is no such file
   * @throws TooLarge if the file is longer than {@code maxBytes}
   * @throws IOException if it cannot be read, is a folder, or changed length while read
   */
  static byte[] readAll(String location, Configuration conf, long maxBytes) throws IOException {
    Path p = toHadoop(location);
    FileSystem fs = p.getFileSystem(conf);
    FileStatus status = fs.getFileStatus(p);
    if (status.isDirectory()) {
      throw new IOException("is a folder, not a file");
    }
    long length = status.getLen();
    if (length > maxBytes) {
      throw new TooLarge(length, maxBytes);
    }
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(bytes);
      if (in.read() != -1) {
        throw new IOException("grew while it was read (more than the " + length + " bytes listed)");
      }
    }
    return bytes;
  }

  /**
   * Opens a file for streaming.
   *
   * @param location the location
   * @param conf the Hadoop configuration
   * @return the stream; the caller closes it
   * @throws IOException if it cannot be opened
   */
  static InputStream open(String location, Configuration conf) throws IOException {
    Path p = toHadoop(location);
    return p.getFileSystem(conf).open(p);
  }

  /**
   * Reads an image's bytes for an executor, bounded by {@code maxBytes}.
   *
   * @param location the image's location
   * @param conf the Hadoop configuration
   * @param maxBytes the largest accepted file
   * @return the bytes
   * @throws BadImageException naming the location: missing, too large or unreadable (an empty
   *     file is returned as no bytes, for the decoder to refuse)
   */
  static byte[] readImage(String location, Configuration conf, long maxBytes) {
    // The problems read as genimage-dataset's ImageDecoder words them for a local file, so a score
    // row or skipped image is the same whichever way the file was read. An empty file is left to
    // the decoder, which reports it as a zero-byte file.
    try {
      return readAll(location, conf, maxBytes);
    } catch (FileNotFoundException e) {
      throw Failures.image(location, Reason.UNREADABLE, "file not found (missing or vanished)", e);
    } catch (TooLarge e) {
      throw Failures.image(location, Reason.TOO_LARGE, e.getMessage(), e);
    } catch (IOException e) {
      throw Failures.image(location, Reason.UNREADABLE, "cannot read: " + e, e);
    }
  }

  /** A file longer than the caller accepts. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long length, long max) {
      super("file of " + length + " bytes exceeds the limit of " + max + " bytes");
    }
  }
}
