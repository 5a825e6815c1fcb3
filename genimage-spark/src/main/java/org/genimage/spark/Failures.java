package org.genimage.spark;

import java.nio.file.Path;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.BadModelFileException;

/**
 * genimage's typed exceptions for a location that may be a URI. The api's exceptions name a
 * {@link Path}; a local location gets its path, and a location on another file system (which no
 * {@code Path} can hold: {@code hdfs://nn/x} would lose a slash) gets a null path and a message that
 * starts with the URI instead of the exceptions' {@code <in memory>}. {@code problem()} never holds
 * the location, as for a local file.
 */
final class Failures {
  private Failures() {}

  static BadDatasetLayoutException dataset(String location, String problem, Throwable cause) {
    Path file = HadoopFiles.localFile(location);
    if (file != null) {
      return new BadDatasetLayoutException(file, problem, cause);
    }
    return new BadDatasetLayoutException(null, problem, cause) {
      private static final long serialVersionUID = 1L;

      @Override
      public String getMessage() {
        return location + ": " + problem;
      }
    };
  }

  static BadModelFileException model(String location, String problem, Throwable cause) {
    Path file = HadoopFiles.localFile(location);
    if (file != null) {
      return new BadModelFileException(file, problem, cause);
    }
    return new BadModelFileException(null, problem, cause) {
      private static final long serialVersionUID = 1L;

      @Override
      public String getMessage() {
        return location + ": " + problem;
      }
    };
  }

  static BadImageException image(String location, BadImageException.Reason reason, String problem,
      Throwable cause) {
    Path file = HadoopFiles.localFile(location);
    if (file != null) {
      return new BadImageException(file, reason, problem, cause);
    }
    return new BadImageException(null, reason, problem, cause) {
      private static final long serialVersionUID = 1L;

      @Override
      public String getMessage() {
        return location + ": " + problem;
      }
    };
  }
}
