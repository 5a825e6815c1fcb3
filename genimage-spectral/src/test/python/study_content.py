#!/usr/bin/python3
"""Writes the natural photographs of the issue-23 study (ArtifactScoreStudy --photos DIR) as PNG.

    /usr/bin/python3 genimage-spectral/src/test/python/study_content.py OUT_DIR

Sources, all shipped offline with Debian's Python packages (nothing is committed to this repository):
scikit-learn's sample images china.jpg and flower.jpg (sklearn/datasets/images) and SciPy 1.10's
scipy.misc.face() (colour) and scipy.misc.ascent() (grey, copied to three channels).

Every photo is reduced by 0.7 with Pillow's antialiased LANCZOS filter: the source JPEGs' 8x8 block
grid would otherwise put peaks exactly where up-sampling grids do (1/8, 1/4, 1/2 cycles per pixel);
after the reduction its period is 5.6 pixels, off every grid the score examines, and attenuated.
"""
import os
import sys
import warnings

import numpy as np
from PIL import Image

SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/images'
SCALE = 0.7


def sources():
    for name in ('china.jpg', 'flower.jpg'):
        yield name[:-4], Image.open(os.path.join(SKLEARN, name)).convert('RGB')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        from scipy import misc
        yield 'face', Image.fromarray(misc.face())
        ascent = misc.ascent().astype(np.float64)
    grey = np.clip(ascent, 0, 255).astype(np.uint8)
    yield 'ascent', Image.fromarray(np.stack([grey] * 3, axis=-1))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, image in sources():
        w, h = image.size
        small = image.resize((round(w * SCALE), round(h * SCALE)), Image.LANCZOS)
        small.save(os.path.join(out, name + '.png'))
        print(name, small.size)


if __name__ == '__main__':
    main()
