#!/usr/bin/python3
"""Writes the reference fixtures of genimage-spectral's tests.

Run from anywhere with Debian's python3-numpy and python3-scipy:
    /usr/bin/python3 genimage-spectral/src/test/python/make_fixtures.py
Re-running reproduces the committed files byte for byte (fixed seed, fixed text format).

Files (plain text, one matrix row per line, values separated by single spaces, %.17g):
  fixtures/fft/input_HxW.txt     integer pixel values 0..255 (exact in float32 and float64)
  fixtures/fft/fft2_HxW.txt      numpy.fft.fft2(input): each row holds re0 im0 re1 im1 ...
  fixtures/fft/shiftmag_HxW.txt  numpy.fft.fftshift(abs(fft2(input)))
  fixtures/residual/input.txt    a 13x10 image
  fixtures/residual/median3.txt  input - scipy.ndimage.median_filter(input, size=3, mode='reflect')
  fixtures/residual/gauss1.txt   input - scipy.ndimage.gaussian_filter(input, 1.0, mode='reflect', truncate=3.0)
  fixtures/residual/highpass.txt scipy.ndimage.correlate(input, K, mode='reflect'), K the fixed kernel below
"""
import os

import numpy as np
from scipy import ndimage

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures')
SIZES = [(7, 9), (16, 16), (12, 20), (15, 8), (31, 33)]
# The fixed high-pass kernel (second-order, "KB" kernel of the steganalysis rich models), divided by 4.
HIGH_PASS = np.array([[-1, 2, -1], [2, -4, 2], [-1, 2, -1]], dtype=np.float64) / 4.0


def write(path, matrix):
    with open(path, 'w', encoding='ascii', newline='\n') as f:
        for row in np.atleast_2d(matrix):
            f.write(' '.join('%.17g' % v for v in row))
            f.write('\n')


def main():
    rng = np.random.default_rng(20260401)
    os.makedirs(os.path.join(OUT, 'fft'), exist_ok=True)
    os.makedirs(os.path.join(OUT, 'residual'), exist_ok=True)
    for h, w in SIZES:
        x = rng.integers(0, 256, size=(h, w)).astype(np.float64)
        f = np.fft.fft2(x)
        inter = np.empty((h, 2 * w))
        inter[:, 0::2] = f.real
        inter[:, 1::2] = f.imag
        write(os.path.join(OUT, 'fft', 'input_%dx%d.txt' % (h, w)), x)
        write(os.path.join(OUT, 'fft', 'fft2_%dx%d.txt' % (h, w)), inter)
        write(os.path.join(OUT, 'fft', 'shiftmag_%dx%d.txt' % (h, w)), np.fft.fftshift(np.abs(f)))
    x = rng.integers(0, 256, size=(13, 10)).astype(np.float64)
    write(os.path.join(OUT, 'residual', 'input.txt'), x)
    write(os.path.join(OUT, 'residual', 'median3.txt'),
          x - ndimage.median_filter(x, size=3, mode='reflect'))
    write(os.path.join(OUT, 'residual', 'gauss1.txt'),
          x - ndimage.gaussian_filter(x, 1.0, mode='reflect', truncate=3.0))
    write(os.path.join(OUT, 'residual', 'highpass.txt'), ndimage.correlate(x, HIGH_PASS, mode='reflect'))


if __name__ == '__main__':
    main()
