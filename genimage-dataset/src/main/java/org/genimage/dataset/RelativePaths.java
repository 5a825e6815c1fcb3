package org.genimage.dataset;

import org.genimage.api.ReadLimits;

/**
 * The one check of a path read from a dataset file (index folder or file name, manifest path), so the
 * index and the manifests refuse the same things with the same words.
 */
final class RelativePaths {
  private RelativePaths() {}

  /**
   * What is wrong with a '/'-separated path that should resolve inside a root (an empty path is
   * refused too: "the root itself" is the caller's special case).
   *
   * @param path the path as read
   * @param policy whether it may leave the root
   * @return null when acceptable, else the problem in a few words
   */
  static String problem(String path, PathPolicy policy) {
    if (path.length() > ReadLimits.MAX_PATH_CHARS) {
      return "is " + path.length() + " characters long, more than " + ReadLimits.MAX_PATH_CHARS;
    }
    if (path.indexOf('\0') >= 0) {
      return "contains a NUL character";
    }
    if (policy == PathPolicy.ALLOW_OUTSIDE_ROOT) {
      return null;
    }
    if (isAbsolute(path)) {
      return "is absolute";
    }
    // A backslash is a separator on Windows, so "..\\x" would leave the root there.
    if (path.indexOf('\\') >= 0) {
      return "contains a backslash";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return "has a '..' segment";
      }
      if (segment.isEmpty()) {
        return "has an empty segment";
      }
    }
    return null;
  }

  /**
   * What is wrong with a file name (one segment, never a path).
   *
   * @param name the name as read
   * @return null when acceptable, else the problem
   */
  static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.length() > ReadLimits.MAX_PATH_CHARS) {
      return "is " + name.length() + " characters long, more than " + ReadLimits.MAX_PATH_CHARS;
    }
    if (name.equals(".") || name.equals("..")) {
      return "is '" + name + "'";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c == '\0') {
        return "contains " + (c == '\0' ? "a NUL character" : "'" + c + "'");
      }
    }
    return null;
  }

  /**
   * A value cut to 80 characters for an error message, so a hostile file cannot fill the log.
   *
   * @param s the value as read
   * @return it, or its first 77 characters and "..."
   */
  static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static boolean isAbsolute(String path) {
    return path.startsWith("/") || path.startsWith("\\")
        || path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0));
  }
}
