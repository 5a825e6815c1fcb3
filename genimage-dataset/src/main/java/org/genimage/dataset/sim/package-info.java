/**
 * The simulated-artifact dataset maker: procedurally made "real" images and simulated generators
 * whose outputs carry distinct, known artifacts, written in the GenImage release layout or served
 * from memory. See {@link org.genimage.dataset.sim.SimulatedDatasetMaker}.
 */
package org.genimage.dataset.sim;
