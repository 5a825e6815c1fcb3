/**
 * genimage's evaluation API: metrics with bootstrap intervals, the paper's protocols, the resumable
 * experiment runner, reports and figures.
 */
module org.genimage.eval {
  requires transitive org.genimage.api;
  requires com.fasterxml.jackson.databind;
  requires org.jfree.jfreechart;

  exports org.genimage.eval;
  exports org.genimage.eval.calibration;
  exports org.genimage.eval.metrics;
  exports org.genimage.eval.protocol;
  exports org.genimage.eval.report;

  // Results, settings and run files are records read and written as JSON.
  opens org.genimage.eval to com.fasterxml.jackson.databind;
  opens org.genimage.eval.calibration to com.fasterxml.jackson.databind;
  opens org.genimage.eval.metrics to com.fasterxml.jackson.databind;
  opens org.genimage.eval.protocol to com.fasterxml.jackson.databind;
  opens org.genimage.eval.report to com.fasterxml.jackson.databind;

  uses org.genimage.api.BiasControlProvider;
}
