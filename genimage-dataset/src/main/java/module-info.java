/**
 * Real/fake image collections as lazy, indexed, sampled datasets: the GenImage release layout and
 * others, verification, decoding, shortcut removal and the simulated-artifact dataset maker.
 */
module org.genimage.dataset {
  requires transitive org.genimage.api;
  requires org.genimage.degrade;
  requires com.fasterxml.jackson.databind;
  requires com.twelvemonkeys.imageio.jpeg;
  requires com.twelvemonkeys.imageio.webp;
  requires com.twelvemonkeys.imageio.bmp;

  exports org.genimage.dataset;
  exports org.genimage.dataset.sim;

  opens org.genimage.dataset to com.fasterxml.jackson.databind;

  provides org.genimage.api.BiasControlProvider with org.genimage.dataset.DatasetBiasControlProvider;
}
