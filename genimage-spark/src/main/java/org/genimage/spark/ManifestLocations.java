package org.genimage.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.genimage.api.Sample;
import org.genimage.dataset.Manifests;

/**
 * Reads a manifest given as a location. A local one (a plain path or {@code file:} URI) is read in
 * place by {@link Manifests#read(java.nio.file.Path)}. One on another file system is copied to a
 * private temporary file under the same name (the extension chooses CSV or JSON lines) and read
 * with the same checks ({@code PathPolicy.CONFINED}: relative paths without {@code ..}); each
 * sample's location is then its path resolved against the manifest's folder on that file system,
 * as a local manifest's paths resolve against its folder.
 */
final class ManifestLocations {
  private ManifestLocations() {}

  /**
   * A manifest's samples and the locations executors read them from.
   *
   * @param samples the samples as the manifest lists them (ids are the paths as written)
   * @param refs one reference per sample, in order, with its location
   */
  record Located(List<Sample> samples, List<SampleRef> refs) {}

  static Located read(String location, Configuration conf) {
    java.nio.file.Path local = HadoopFiles.localFile(location);
    if (local != null) {
      List<Sample> samples = Manifests.read(local).samples();
      return new Located(samples, SampleRef.of(samples));
    }
    Path manifest = HadoopFiles.toHadoop(location);
    java.nio.file.Path dir = null;
    try {
      dir = Files.createTempDirectory("genimage-manifest-");
      java.nio.file.Path copy = dir.resolve(manifest.getName());
      try (InputStream in = HadoopFiles.open(location, conf)) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      List<Sample> samples;
      try {
        samples = Manifests.read(copy).samples();
      } catch (org.genimage.api.BadDatasetLayoutException e) {
        throw Failures.dataset(location, e.problem(), e);
      }
      Path parent = manifest.getParent();
      List<SampleRef> refs = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        Sample s = samples.get(i);
        refs.add(new SampleRef(i, s.id(), new Path(parent, s.id()).toString(), s.label().index(),
            s.generator().id(), s.imageNetClass()));
      }
      return new Located(samples, refs);
    } catch (FileNotFoundException e) {
      throw Failures.dataset(location, "no such manifest", e);
    } catch (IOException e) {
      throw Failures.dataset(location, "cannot read the manifest: " + e, e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(java.nio.file.Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (java.nio.file.Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A leftover temporary copy of a manifest is harmless; the read's outcome stands.
    }
  }
}
