/**
 * The core vocabulary of genimage: {@link org.genimage.api.Label}, {@link org.genimage.api.Generator},
 * the packed {@link org.genimage.api.RgbImage}, {@link org.genimage.api.Sample},
 * {@link org.genimage.api.Dataset}, the {@link org.genimage.api.Detector} contract,
 * {@link org.genimage.api.ImageTransform} and a small hierarchy of typed, unchecked exceptions rooted at
 * {@link org.genimage.api.GenImageException}.
 *
 * <p>Everything here is pure Java: no native code, no other genimage module.
 */
package org.genimage.api;
