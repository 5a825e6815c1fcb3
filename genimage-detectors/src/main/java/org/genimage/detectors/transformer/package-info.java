/**
 * DeiT (ViT) and Swin Transformer detectors in SameDiff, exact against torchvision.
 *
 * <p>{@link org.genimage.detectors.transformer.Deit} and {@link org.genimage.detectors.transformer.Swin} are
 * {@link org.genimage.detectors.Architecture}s (registered through {@code DeitProvider} / {@code SwinProvider}),
 * so they run as {@link org.genimage.detectors.NetworkDetector}s, save to and load from detector files, and
 * train with {@link org.genimage.detectors.train.SameDiffTrainer}. Parameters carry torchvision's state-dict
 * names; {@link org.genimage.detectors.transformer.TransformerWeights} imports torchvision or timm checkpoints
 * ({@code TimmNames} maps timm's names,
 * {@code PosEmbed} resamples position embeddings to another image size).
 * {@link org.genimage.detectors.transformer.VitBlocks} holds the pre-norm ViT pieces (patch embedding, class
 * token, encoder block, QuickGELU) that DeiT shares with CLIP's image tower ({@code org.genimage.detectors.clip}).
 * The graphs avoid SameDiff 1.0.0-M2.1 traps: GELU is written with {@code erf}, LayerNorm by hand with its
 * epsilon and positive reduction axes, the cyclic shift with slices and a concatenation, the relative position
 * bias as a constant one-hot matrix times the table, and the patch embedding as a patchify reshape plus a
 * matrix product.
 */
package org.genimage.detectors.transformer;
