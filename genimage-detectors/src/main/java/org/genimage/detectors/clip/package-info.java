/**
 * CLIP image towers and UnivFD (Ojha et al., CVPR 2023: a frozen CLIP ViT-L/14 and one linear layer).
 *
 * <p>{@link org.genimage.detectors.clip.ClipVision} writes OpenAI CLIP's {@code VisionTransformer} (bias-free
 * patch convolution, class and position embeddings, {@code ln_pre}, pre-norm blocks with QuickGELU or GELU,
 * {@code ln_post} on the class token, projection {@code proj}) with the blocks shared with DeiT
 * ({@link org.genimage.detectors.transformer.VitBlocks}); {@link org.genimage.detectors.clip.ClipVisionConfig}
 * holds ViT-B/16 and ViT-L/14. {@link org.genimage.detectors.clip.UnivFd} is the registered family
 * {@code univfd} (tower frozen, probe {@code fc}); names of OpenAI CLIP, open_clip and UnivFD checkpoints map
 * through {@link org.genimage.detectors.clip.ClipNames}. The probe is fitted on cached embeddings:
 * {@link org.genimage.detectors.clip.ClipFeatureExtractor} computes them once into
 * {@link org.genimage.detectors.clip.ClipFeatures} (with the tower's weight digest and the preprocessing, so a
 * stale cache is refused), {@link org.genimage.detectors.clip.LinearProbe} fits logistic regression by Newton's
 * method and {@link org.genimage.detectors.clip.UnivFdProbe} returns the detector.
 * {@link org.genimage.detectors.clip.ClipPreprocessing} holds CLIP's normalisation.
 */
package org.genimage.detectors.clip;
