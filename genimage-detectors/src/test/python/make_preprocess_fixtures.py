"""torchvision preprocessing fixtures: Resize(32) + CenterCrop(24) + ToTensor + Normalize(ImageNet) on PIL
images of odd sizes, and CenterCrop(24) alone (resize 0). Run from genimage-detectors/:
    /usr/bin/python3 src/test/python/make_preprocess_fixtures.py
Writes src/test/resources/fixtures/preprocess/cases.safetensors: for case i, img{i} (uint8 HWC as float),
resized{i} (expected CHW tensor after Resize(32)+CenterCrop(24)) and cropped{i} (CenterCrop(24) only).
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


if __name__ == '__main__':
    torch.set_num_threads(1)
    main()
