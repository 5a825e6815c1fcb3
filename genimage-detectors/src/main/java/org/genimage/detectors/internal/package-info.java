/**
 * genimage-detectors' internal helpers shared by its packages (the model file headers' JSON). Not part of the
 * public API: it may change without notice.
 */
package org.genimage.detectors.internal;
