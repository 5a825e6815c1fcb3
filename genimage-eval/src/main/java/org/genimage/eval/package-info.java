/**
 * The evaluation API: run the GenImage protocols over any {@link org.genimage.api.Detector} or
 * {@link org.genimage.api.DetectorTrainer}, resumably, and get results with provenance.
 *
 * <p>The pieces: a {@link org.genimage.eval.Protocol} (see {@code org.genimage.eval.protocol}
 * for the four of the paper) plans {@link org.genimage.eval.TrainCell}s and {@link
 * org.genimage.eval.ScoreCell}s; an {@link org.genimage.eval.Experiment} executes the plan in a
 * run directory, saving each finished cell atomically so a rerun resumes; the protocol assembles the
 * {@link org.genimage.eval.CellResult}s into its typed result, which carries the
 * {@link org.genimage.eval.ProtocolSettings} and {@link org.genimage.eval.RunProvenance};
 * {@code org.genimage.eval.report} writes Markdown, CSV, JSON and figures.
 *
 * <pre>{@code
 * DetectorTrainer trainer = ...;                   // any detector family
 * CrossGenerator protocol = CrossGenerator.builder()
 *     .trainer(trainer)
 *     .subset("sd14", sd14Train, sd14Val)           // val = test split and checkpoint split
 *     .subset("midjourney", mjTrain, mjVal)
 *     .trainOn("sd14")                             // one row; leave out for the full matrix
 *     .settings(ProtocolSettings.defaults().withSmallImagePolicy(SmallImagePolicy.PAD))
 *     .build();
 * CrossGeneratorResult result = Experiment.builder()
 *     .runDirectory(Path.of("runs/cross-sd14"))
 *     .threads(4)
 *     .build()
 *     .run(protocol);
 * double mjAccuracy = result.cell("sd14", "midjourney").accuracy();
 * Report.builder(result).build().writeTo(Path.of("runs/cross-sd14/report"));
 * }</pre>
 */
package org.genimage.eval;
