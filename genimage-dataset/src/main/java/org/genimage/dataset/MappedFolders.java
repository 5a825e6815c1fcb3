package org.genimage.dataset;

import java.util.Locale;
import java.util.Map;
import org.genimage.api.Generator;

/**
 * The folder names the user mapped to generators ({@link TreeScanner.Builder#mapFolder}), for
 * re-uploads that renamed the subsets or collections with other generators; asked before any
 * layout, so a mapping overrides a release folder name.
 */
final class MappedFolders implements LayoutRules {
  private final Map<String, Generator> folderMap;

  /**
   * The user's mapping.
   *
   * @param folderMap folder names, lower-case, to generators
   */
  MappedFolders(Map<String, Generator> folderMap) {
    this.folderMap = Map.copyOf(folderMap);
  }

  @Override
  public Generator generator(String folder) {
    return folderMap.get(folder.toLowerCase(Locale.ROOT));
  }
}
