package org.genimage.dataset;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;

/**
 * The parallel walk under {@link TreeScanner}: lists each folder and stats its entries on a small
 * pool (the stats, one per entry, are most of the cost: Java exposes no d_type), follows symbolic
 * links with loop detection as {@code Files.walkFileTree} does, and hands each folder holding image
 * files to a {@link FolderHook} once, on the pool, so per-folder work runs in parallel rather than
 * once per file afterwards. It knows nothing of labels or layouts.
 *
 * <p>The result is deterministic whatever the thread timing: files come back in path order, and
 * the problems in the order a sequential depth-first walk meets them, so a caller that fails on the
 * first problem fails on the same folder every time.
 *
 * @param <F> what the hook makes of a folder
 */
final class TreeWalk<F> {
  /** Work done once per folder holding image files, on the walk's pool. */
  @FunctionalInterface
  interface FolderHook<F> {
    /**
     * Describes one folder.
     *
     * @param rel the folder relative to the root, '/'-separated, "" for the root
     * @param parts its path segments
     * @param names its image files' names, sorted
     * @return what the caller keeps for the folder (see {@link File#folder()})
     */
    F folder(String rel, String[] parts, List<String> names);
  }

  /**
   * An image file the walk found.
   *
   * @param <F> what the hook made of its folder
   */
  static final class File<F> {
    private final Dir<F> dir;
    private final String name;
    private final String rel;
    private final long size;
    /** Set once the folder's files are sorted, before the hook runs. */
    private int position;

    File(Dir<F> dir, String name, long size) {
      this.dir = dir;
      this.name = name;
      this.rel = dir.rel.isEmpty() ? name : dir.rel + "/" + name;
      this.size = size;
    }

    /** The file name. */
    String name() {
      return name;
    }

    /** The path relative to the root, '/'-separated. */
    String rel() {
      return rel;
    }

    /** The size in bytes. */
    long size() {
      return size;
    }

    /** Where the file is in its folder's sorted names (the list the hook saw). */
    int position() {
      return position;
    }

    /** What the hook made of the file's folder. */
    F folder() {
      return dir.result;
    }
  }

  /**
   * A problem met during the walk.
   *
   * @param path the entry or folder at fault
   * @param what the problem in a few words (null when {@code fatal})
   * @param cause the I/O error
   * @param fatal whether a folder listing broke off, which stops the whole scan (as the JDK's walker)
   */
  record Problem(Path path, String what, IOException cause, boolean fatal) {}

  /**
   * What the walk found.
   *
   * @param files every image file, in path order
   * @param problems the problems, in sequential depth-first order
   * @param ignored entries that were neither folders nor image files
   * @param <F> what the hook made of each folder
   */
  record Result<F>(List<File<F>> files, List<Problem> problems, int ignored) {}

  private final FolderHook<F> hook;

  TreeWalk(FolderHook<F> hook) {
    this.hook = hook;
  }

  /**
   * Walks a folder tree.
   *
   * @param root an existing folder
   * @return the files and problems
   */
  Result<F> walk(Path root) {
    Dir<F> top;
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    try {
      top = pool.invoke(new DirTask(root, "", new String[0], new Ancestor(root, keyOf(root), null)));
    } finally {
      pool.shutdown();
    }
    List<Dir<F>> withFiles = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int[] counts = new int[2]; // ignored, image files
    flatten(top, withFiles, problems, counts);
    return new Result<>(Arrays.asList(sortedByPath(withFiles, counts[1])), problems, counts[0]);
  }

  /** Flattens the walk in depth-first order, the order a sequential walk meets its problems. */
  private static <F> void flatten(Dir<F> node, List<Dir<F>> withFiles, List<Problem> problems,
      int[] counts) {
    counts[0] += node.ignored;
    counts[1] += node.files.size();
    if (!node.files.isEmpty()) {
      withFiles.add(node);
    }
    for (Object item : node.items) {
      if (item instanceof Dir<?> child) {
        @SuppressWarnings("unchecked")
        Dir<F> c = (Dir<F>) child;
        flatten(c, withFiles, problems, counts);
      } else if (item instanceof Problem p) {
        problems.add(p);
      }
    }
  }

  /**
   * All files in path order. Each folder's files are already sorted by name; when the folders'
   * ranges do not interleave (a folder's files and its sub-folders' files can), ordering the
   * folders is enough, else a merge sort of the sorted runs.
   */
  @SuppressWarnings("unchecked")
  private static <F> File<F>[] sortedByPath(List<Dir<F>> dirs, int total) {
    dirs.sort((a, b) -> a.files.get(0).rel.compareTo(b.files.get(0).rel));
    File<F>[] all = new File[total];
    int at = 0;
    boolean ordered = true;
    for (int i = 0; i < dirs.size(); i++) {
      List<File<F>> f = dirs.get(i).files;
      if (i > 0 && all[at - 1].rel.compareTo(f.get(0).rel) > 0) {
        ordered = false;
      }
      for (File<F> e : f) {
        all[at++] = e;
      }
    }
    if (!ordered) {
      Arrays.sort(all, (a, b) -> a.dir == b.dir ? a.name.compareTo(b.name) : a.rel.compareTo(b.rel));
    }
    return all;
  }

  private static Object keyOf(Path dir) {
    try {
      return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** The folders open above a folder, for link-loop detection (as {@code Files.walkFileTree}). */
  private record Ancestor(Path dir, Object key, Ancestor parent) {
    boolean wouldLoop(Path candidate, Object candidateKey) {
      for (Ancestor a = this; a != null; a = a.parent) {
        if (candidateKey != null && a.key != null) {
          if (candidateKey.equals(a.key)) {
            return true;
          }
        } else {
          try {
            if (Files.isSameFile(candidate, a.dir)) {
              return true;
            }
          } catch (IOException | SecurityException e) {
            // as the JDK's walker: an unreadable candidate is not a loop
          }
        }
      }
      return false;
    }
  }

  /** One walked folder: its image files, and its problems and sub-folders in listing order. */
  private static final class Dir<F> {
    final String rel;
    final List<File<F>> files = new ArrayList<>();
    final List<Object> items = new ArrayList<>();
    int ignored;
    F result;

    Dir(String rel) {
      this.rel = rel;
    }
  }

  /** Lists one folder, stats its entries (in parallel chunks when many) and recurses. */
  private final class DirTask extends RecursiveTask<Dir<F>> {
    private static final int STAT_CHUNK = 512;
    private final Path dir;
    private final String rel;
    private final String[] parts;
    private final Ancestor ancestors;

    DirTask(Path dir, String rel, String[] parts, Ancestor ancestors) {
      this.dir = dir;
      this.rel = rel;
      this.parts = parts;
      this.ancestors = ancestors;
    }

    @Override
    protected Dir<F> compute() {
      Dir<F> node = new Dir<>(rel);
      List<Path> entries = new ArrayList<>();
      DirectoryStream<Path> stream;
      try {
        stream = Files.newDirectoryStream(dir);
      } catch (IOException e) {
        node.items.add(new Problem(dir, describe(e), e, false));
        return node;
      }
      // As the JDK's walker: a listing that breaks off, or fails to close, stops the whole scan.
      IOException broke = null;
      try {
        for (Path p : stream) {
          entries.add(p);
        }
      } catch (DirectoryIteratorException e) {
        broke = e.getCause();
      }
      try {
        stream.close();
      } catch (IOException e) {
        broke = broke != null ? broke : e;
      }
      int n = entries.size();
      BasicFileAttributes[] attrs = new BasicFileAttributes[n];
      IOException[] errors = new IOException[n];
      if (n > STAT_CHUNK) {
        List<StatTask> chunks = new ArrayList<>();
        for (int from = 0; from < n; from += STAT_CHUNK) {
          chunks.add(new StatTask(entries, attrs, errors, from, Math.min(n, from + STAT_CHUNK)));
        }
        invokeAll(chunks);
      } else {
        statRange(entries, attrs, errors, 0, n);
      }
      List<DirTask> children = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Path p = entries.get(i);
        BasicFileAttributes a = attrs[i];
        if (a == null) {
          node.items.add(new Problem(p, describe(errors[i]), errors[i], false));
        } else if (a.isDirectory()) {
          if (ancestors.wouldLoop(p, a.fileKey())) {
            FileSystemLoopException loop = new FileSystemLoopException(p.toString());
            node.items.add(new Problem(p, describe(loop), loop, false));
          } else {
            String childName = p.getFileName().toString();
            String[] childParts = Arrays.copyOf(parts, parts.length + 1);
            childParts[parts.length] = childName;
            DirTask t = new DirTask(p, rel.isEmpty() ? childName : rel + "/" + childName, childParts,
                new Ancestor(p, a.fileKey(), ancestors));
            children.add(t);
            node.items.add(t);
          }
        } else {
          String fileName = p.getFileName().toString();
          if (a.isRegularFile() && FileNames.isImage(fileName)) {
            node.files.add(new File<>(node, fileName, a.size()));
          } else {
            node.ignored++;
          }
        }
      }
      if (!node.files.isEmpty()) {
        node.files.sort((x, y) -> x.name.compareTo(y.name));
        String[] names = new String[node.files.size()];
        for (int k = 0; k < names.length; k++) {
          File<F> f = node.files.get(k);
          f.position = k;
          names[k] = f.name;
        }
        // The hook runs here, on the pool, rather than in the caller's sequential pass.
        node.result = hook.folder(rel, parts, Arrays.asList(names));
      }
      if (!children.isEmpty()) {
        invokeAll(children);
        for (int i = 0; i < node.items.size(); i++) {
          if (node.items.get(i) instanceof TreeWalk<?>.DirTask t) {
            node.items.set(i, t.join());
          }
        }
      }
      if (broke != null) {
        node.items.add(new Problem(dir, null, broke, true));
      }
      return node;
    }
  }

  /** Stats a range of a folder's entries. */
  private static final class StatTask extends RecursiveAction {
    private final List<Path> entries;
    private final BasicFileAttributes[] attrs;
    private final IOException[] errors;
    private final int from;
    private final int to;

    StatTask(List<Path> entries, BasicFileAttributes[] attrs, IOException[] errors, int from,
        int to) {
      this.entries = entries;
      this.attrs = attrs;
      this.errors = errors;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      statRange(entries, attrs, errors, from, to);
    }
  }

  /** Follows links; a dangling link gets the link's own attributes, as {@code walkFileTree}. */
  private static void statRange(List<Path> entries, BasicFileAttributes[] attrs, IOException[] errors,
      int from, int to) {
    for (int i = from; i < to; i++) {
      Path p = entries.get(i);
      try {
        attrs[i] = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (IOException e) {
        try {
          attrs[i] = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e2) {
          errors[i] = e2;
        }
      }
    }
  }

  private static String describe(IOException e) {
    return e instanceof FileSystemLoopException ? "symbolic link loop"
        : e instanceof NoSuchFileException ? "vanished during the scan (or a dangling link)"
        : "unreadable: " + e;
  }
}
