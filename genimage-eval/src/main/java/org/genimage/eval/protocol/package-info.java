/**
 * The four protocols of the GenImage paper, each a {@link org.genimage.eval.Protocol} with a
 * builder and a typed result: {@link org.genimage.eval.protocol.CrossGenerator} (one row or the
 * full N x N matrix with averages), {@link org.genimage.eval.protocol.Degraded} (one detector under
 * caller-supplied degradations plus the clean baseline), {@link
 * org.genimage.eval.protocol.ClassCount} (10/50/100 training classes) and {@link
 * org.genimage.eval.protocol.CrossContent} (another dataset's content). They know only the api's
 * {@code Dataset}, {@code Detector}, {@code DetectorTrainer} and {@code ImageTransform}.
 *
 * <pre>{@code
 * Degraded protocol = Degraded.builder()
 *     .detector("sd14", detector)
 *     .testSet("sd14", sd14Val)
 *     .degradations(paperDegradations)   // e.g. genimage-degrade's six, by name
 *     .settings(ProtocolSettings.defaults().withDegradationTarget(DegradationTarget.BOTH))
 *     .build();
 * DegradedResult r = Experiment.builder().runDirectory(dir).build().run(protocol);
 * }</pre>
 */
package org.genimage.eval.protocol;
