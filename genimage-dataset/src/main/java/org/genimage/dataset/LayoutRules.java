package org.genimage.dataset;

import org.genimage.api.Generator;
import org.genimage.api.Label;

/**
 * The naming rules of one folder layout: which folder names stand for a label, a split, a generator
 * or an ImageNet class, and what a file's own name says. {@link FolderLabeller} asks each layout in
 * turn and takes the first answer, so a tree may mix layouts (a CNNDetection-style {@code 1_fake}
 * folder under a GenImage subset folder). Every method answers "nothing" by default; a layout
 * overrides what it knows.
 */
interface LayoutRules {
  /**
   * The label a folder name stands for.
   *
   * @param folder one folder name
   * @return the label, or null
   */
  default Label label(String folder) {
    return null;
  }

  /**
   * The split a folder name above the label folder stands for.
   *
   * @param folder one folder name
   * @return the split, or null
   */
  default Split split(String folder) {
    return null;
  }

  /**
   * The generator a folder name above the label folder stands for.
   *
   * @param folder one folder name
   * @return the generator, or null
   */
  default Generator generator(String folder) {
    return null;
  }

  /**
   * Whether a folder above the label folder only groups others and names nothing, so it is not
   * reported as an unknown folder.
   *
   * @param folder one folder name
   * @return true for a grouping folder
   */
  default boolean grouping(String folder) {
    return false;
  }

  /**
   * The ImageNet class a folder below the label folder stands for, used when the file name gives
   * none.
   *
   * @param folder one folder name
   * @return 0..999, or -1
   */
  default int folderClass(String folder) {
    return -1;
  }

  /**
   * The ImageNet class a file's own name gives.
   *
   * @param fileName the file name
   * @param label the label its folder gave
   * @return 0..999, or -1
   */
  default int fileClass(String fileName, Label label) {
    return -1;
  }

  /**
   * The generator a generated file's own name gives, for folders that name none.
   *
   * @param fileName the file name
   * @return the generator, or null
   */
  default Generator fileGenerator(String fileName) {
    return null;
  }
}
