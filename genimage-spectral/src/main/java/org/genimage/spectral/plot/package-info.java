/**
 * PNG plots of spectra with JFreeChart: the centred log spectrum with a viridis colour map and colour
 * bar, a side-by-side panel of several spectra on one colour scale, and radial profiles of several
 * sets on one chart.
 */
package org.genimage.spectral.plot;
