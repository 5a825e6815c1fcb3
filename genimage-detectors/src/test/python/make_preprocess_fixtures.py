"""torchvision preprocessing fixtures: Resize(32) + CenterCrop(24) + ToTensor + Normalize(ImageNet) on PIL
images of odd sizes, and CenterCrop(24) alone (resize 0). Run from genimage-detectors/:
    /usr/bin/python3 src/test/python/make_preprocess_fixtures.py
Writes src/test/resources/fixtures/preprocess/cases.safetensors: for case i, img{i} (uint8 HWC as float),
resized{i} (expected CHW tensor after Resize(32)+CenterCrop(24)) and cropped{i} (CenterCrop(24) only).

Also writes clip.safetensors: OpenAI CLIP's transform (Resize(224, BICUBIC) + CenterCrop(224) + ToTensor +
Normalize(CLIP mean, std)) of two images, one down-scaled and one up-scaled, as clip{i} (CHW). The images
are not stored: they are the integer formula in clip_image(), which the Java test (PreprocessingPipelineTest)
computes the same way, so the fixture stays small.
"""
import os

import numpy as np
import torch
from PIL import Image
from torchvision import transforms as T

import safetensors_np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'fixtures', 'preprocess')
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
CLIP_SIZES = [(300, 260), (150, 190)]  # (height, width): shorter side 260 -> 224 (down), 150 -> 224 (up)


def clip_image(h, w):
    """Stripes, a checkerboard of sharp edges (bicubic overshoot gets clipped) and a hash-like texture."""
    y, x = np.mgrid[0:h, 0:w].astype(np.int64)
    out = np.zeros((h, w, 3), dtype=np.int64)
    for c in range(3):
        out[..., c] = (40 + (x * 5 + y * 3) % 180 + 60 * c + (((x // 7) + (y // 5)) % 2) * 50
                       + (x * y * 7 + c * 11) % 17) % 256
    return out.astype(np.uint8)


def clip_cases():
    clip = T.Compose([T.Resize(224, interpolation=T.InterpolationMode.BICUBIC), T.CenterCrop(224),
                      T.ToTensor(), T.Normalize(CLIP_MEAN, CLIP_STD)])
    out = {}
    for i, (h, w) in enumerate(CLIP_SIZES):
        out['clip%d' % i] = clip(Image.fromarray(clip_image(h, w))).numpy()
    safetensors_np.write(os.path.join(OUT, 'clip.safetensors'), out,
                         metadata={'torchvision': __import__('torchvision').__version__,
                                   'sizes': ' '.join('%dx%d' % (w, h) for h, w in CLIP_SIZES)})


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(5)
    resized = T.Compose([T.Resize(32), T.CenterCrop(24), T.ToTensor(), T.Normalize(MEAN, STD)])
    cropped = T.Compose([T.CenterCrop(24), T.ToTensor(), T.Normalize(MEAN, STD)])
    out = {}
    for i, (h, w) in enumerate([(37, 53), (64, 41), (35, 35), (24, 90)]):
        base = rng.integers(0, 256, size=(h, w, 3)).astype(np.float64)
        # Smooth-ish content so resampling differences would show, plus noise.
        yy, xx = np.mgrid[0:h, 0:w]
        base = 0.5 * base + 60 * (1 + np.sin(xx / 3.0 + i)[..., None] * np.cos(yy / 4.0)[..., None])
        img = np.clip(base, 0, 255).astype(np.uint8)
        pil = Image.fromarray(img)
        out['img%d' % i] = img.astype(np.float32)
        out['resized%d' % i] = resized(pil).numpy()
        out['cropped%d' % i] = cropped(pil).numpy()
    safetensors_np.write(os.path.join(OUT, 'cases.safetensors'), out,
                         metadata={'torchvision': __import__('torchvision').__version__})
    clip_cases()


if __name__ == '__main__':
    torch.set_num_threads(1)
    main()
