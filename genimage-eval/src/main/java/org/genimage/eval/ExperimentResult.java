package org.genimage.eval;

import java.util.List;

/**
 * What every protocol's result offers: its cells, its settings and its provenance. Protocol results
 * add their own views (the cross-generator matrix, the degradation table).
 */
public interface ExperimentResult {
  /**
   * The protocol's name ({@code "cross-generator"}).
   *
   * @return the name
   */
  String protocol();

  /**
   * The settings the run used.
   *
   * @return the settings
   */
  ProtocolSettings settings();

  /**
   * Where the result came from.
   *
   * @return the provenance
   */
  RunProvenance provenance();

  /**
   * Every evaluated cell, in plan order.
   *
   * @return an immutable list
   */
  List<CellResult> cells();
}
