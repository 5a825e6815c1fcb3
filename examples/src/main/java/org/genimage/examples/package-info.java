/**
 * Runnable examples of genimage, written like DJL's examples: each task is a static method that
 * returns a result value ({@link org.genimage.examples.Demo#run}, {@link
 * org.genimage.examples.DetectImages#run}, {@link org.genimage.examples.TrainDetector#run}, {@link
 * org.genimage.examples.Evaluate}, {@link org.genimage.examples.SpectrumAnalysis#run}, {@link
 * org.genimage.examples.MakeSimDataset#run}), so tests call the method and the command-line tool in
 * {@link org.genimage.examples.cli} is a thin shell around it.
 */
package org.genimage.examples;
