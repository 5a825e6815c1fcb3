/**
 * DeiT (ViT) and Swin Transformer detectors in SameDiff, exact against torchvision.
 *
 * <p>{@link org.genimage.detectors.transformer.DeitNet} and {@link org.genimage.detectors.transformer.SwinNet}
 * build a {@link org.genimage.detectors.transformer.TransformerGraph} from a configuration record and
 * weights under torchvision's state-dict names; {@link org.genimage.detectors.transformer.TimmNames}
 * maps timm's names onto them and {@link org.genimage.detectors.transformer.PosEmbed} resamples
 * position embeddings to another image size. The graphs avoid five SameDiff 1.0.0-M2.1 traps: GELU
 * is written with {@code erf}, LayerNorm by hand with its epsilon, the cyclic shift with slices and a
 * concatenation, the relative position bias as a constant one-hot matrix times the table, and the
 * patch embedding as a patchify reshape plus a matrix product.
 */
package org.genimage.detectors.transformer;
