#!/usr/bin/python3
"""Writes the fixture of ArtifactScoreReferenceTest: one image and its periodic-artifact scores
computed here independently (numpy / scipy), for several settings of the Java score.

    /usr/bin/python3 genimage-spectral/src/test/python/make_score_fixture.py

Re-running reproduces the files byte for byte (fixed seed, fixed text format).

Files (plain text):
  fixtures/score/image.txt     72 rows of 80 pixels, each row "R G B R G B ..." (0..255)
  fixtures/score/expected.txt  one line per setting: "<name> <raw score %.10f>"

The score, written from its definition (genimage-spectral README, issue 23) and not from the Java
code: centre crop of at most max_side; luma (0.299 R + 0.587 G + 0.114 B) or each of R, G, B; residual
(plane minus scipy's 3x3 median, mode='reflect') or none; for the whole crop or each tile (side t, step
t/2 from the corner; or a centred grid of n x n tiles whose sides follow the crop, see layout())
minus its mean, times a periodic Hann window if asked, |fft2|^2; spectra summed over tiles and
channels. For each factor k, the positions (m H/k, n W/k) rounded half up but the origin (only those with gcd(m, n, k)
= 1 unless all points are asked); peak = max over the (2 p + 1)-square around the position; ring =
bins at Chebyshev distance p + 2 .. R (wrapped); contrast = log10(peak) - mean(log10(ring)) or
log10(peak / median(ring)); mean over positions; max or mean over factors.
"""
import math
import os

import numpy as np
from scipy import ndimage

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'score')
FLOOR = 1e-12

# name: factors, peak radius, ring radius, residual, hann, max side, measure, all points, combine,
# tiling (None, ('side', t) or ('grid', n)), rgb sum
SETTINGS = {
    'reference64': ([4], 0, 4, 'median', False, 64, 'logcontrast', True, 'mean', None, False),
    'first64': ([2, 4, 8], 1, 6, 'none', True, 64, 'maxmedian', False, 'max', None, False),
    'defaults64': ([2, 4, 8], 1, 6, 'none', True, 64, 'maxmedian', False, 'max', ('side', 32), False),
    'welchrgb64': ([2, 4, 8], 0, 4, 'median', True, 64, 'logcontrast', True, 'mean', ('side', 32),
                   True),
    # Crop 72x73 (left offset 3.5 -> 3); 73 / 2 = 36.5 is an exact half, rounded up to 37 here and in
    # Java (Python's round() gives 36; the score is the same there because a real plane's spectrum
    # is symmetric: bin 36 mirrors 37, so this pins the crop, not the rounding).
    'first72x73': ([2, 4, 8], 1, 6, 'none', True, 73, 'maxmedian', False, 'max', None, False),
    # Crop 72x80, 3 x 3 grid, lcm 8: tiles 32 x 40 at steps 16 / 20, grid starting at row 4. A
    # one-bin peak and a ring at distance 2 (smallest grid tile 8 (2 + 0 + 1) = 24): with the
    # defaults' radii (1, 6) tiles need 64 px, more than this 72-row image can hold.
    'grid72x80': ([2, 4, 8], 0, 2, 'none', True, 80, 'maxmedian', False, 'max', ('grid', 3), False),
    # Crop 72x80, 4 x 4 grid, lcm 4: floor(144 / 20) = 7 (a prime over 5) -> 6, tiles 24 x 32 at
    # steps 12 / 16, grid starting at row 6.
    'gridrgb72x80': ([2, 4], 0, 4, 'median', True, 80, 'logcontrast', True, 'mean', ('grid', 4),
                     True),
    # Crop 72x75 (columns 2 to 76), 3 x 3 grid, lcm 8: tiles 32 x 32 at steps 16; the unused width
    # 75 - 64 = 11 is odd, so the grid starts at column 5 (floor), not 6: pins the rounding.
    'grid72x75': ([2, 4, 8], 0, 2, 'none', True, 75, 'maxmedian', False, 'max', ('grid', 3), False),
}


def image(rng):
    h, w = 72, 80
    y, x = np.mgrid[0:h, 0:w]
    base = 120 + 60 * np.sin(x / 9.0) * np.cos(y / 13.0)
    rgb = np.stack([base + 20, base, base - 25], axis=-1) + rng.normal(0, 6, (h, w, 3))
    # A weak x2 grid (a per-phase gain) over part of the image, so that peaks exist.
    gain = 1 + 0.04 * (((y % 2) == 0) & ((x % 2) == 1))
    rgb = rgb * gain[..., None]
    return np.clip(np.round(rgb), 0, 255).astype(np.int64)


def smooth_multiple(m):
    """The largest m' <= m (at least 1) with no prime factor over 5 (fast FFT sizes)."""
    while m > 1:
        r = m
        for q in (2, 3, 5):
            while r % q == 0:
                r //= q
        if r == 1:
            return m
        m -= 1
    return m


def layout(tiling, h, w, factors, p, ring):
    """Tile rows' and columns' starts and the tile's height and width: one tile of the crop unless
    tiles fit. A fixed side t: steps t // 2 from the corner. A grid of n per axis: side
    m L with m the largest number <= floor(2 s / ((n + 1) L)) whose prime factors are 2, 3 and 5
    and L the lcm of the factors, steps side // 2, centred (floor);
    one spectrum if either side is below max(16, max(factors) (ring + p + 1)), the side below
    which the ring around a position of the largest factor would reach its neighbours' peaks."""
    if tiling and tiling[0] == 'side' and tiling[1] <= h and tiling[1] <= w:
        t = tiling[1]
        return range(0, h - t + 1, t // 2), range(0, w - t + 1, t // 2), t, t
    if tiling and tiling[0] == 'grid':
        n = tiling[1]
        lcm = 1
        for k in factors:
            lcm = lcm * k // math.gcd(lcm, k)
        th = smooth_multiple(2 * h // ((n + 1) * lcm)) * lcm
        tw = smooth_multiple(2 * w // ((n + 1) * lcm)) * lcm
        smallest = max(16, max(factors) * (ring + p + 1))
        if th >= smallest and tw >= smallest:
            top = (h - ((n - 1) * (th // 2) + th)) // 2
            left = (w - ((n - 1) * (tw // 2) + tw)) // 2
            return ([top + i * (th // 2) for i in range(n)],
                    [left + j * (tw // 2) for j in range(n)], th, tw)
    return [0], [0], h, w


def score(img, factors, p, ring, residual, hann, max_side, measure, all_points, combine, tile, rgb):
    h = min(img.shape[0], max_side)
    w = min(img.shape[1], max_side)
    top = (img.shape[0] - h) // 2
    left = (img.shape[1] - w) // 2
    crop = img[top:top + h, left:left + w].astype(np.float64)
    if rgb:
        planes = [crop[..., c] for c in range(3)]
    else:
        planes = [0.299 * crop[..., 0] + 0.587 * crop[..., 1] + 0.114 * crop[..., 2]]
    tops, lefts, th, tw = layout(tile, h, w, factors, p, ring)
    power = np.zeros((th, tw))
    for plane in planes:
        if residual == 'median':
            plane = plane - ndimage.median_filter(plane, size=3, mode='reflect')
        for t in tops:
            for l in lefts:
                piece = plane[t:t + th, l:l + tw]
                piece = piece - piece.mean()
                if hann:
                    wr = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(th) / th)
                    wc = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(tw) / tw)
                    piece = piece * np.outer(wr, wc)
                power += np.abs(np.fft.fft2(piece)) ** 2
    factor_scores = []
    for k in factors:
        values = []
        for m in range(k):
            for n in range(k):
                if (m, n) == (0, 0) or (not all_points and math.gcd(math.gcd(m, n), k) != 1):
                    continue
                # round(m H / k) half up, in integers (Python's round() goes to even at halves).
                row = (2 * m * th + k) // (2 * k) % th
                col = (2 * n * tw + k) // (2 * k) % tw
                peak, bg = 0.0, []
                for dr in range(-ring, ring + 1):
                    for dc in range(-ring, ring + 1):
                        v = power[(row + dr) % th, (col + dc) % tw]
                        d = max(abs(dr), abs(dc))
                        if d <= p:
                            peak = max(peak, v)
                        elif d >= p + 2:
                            bg.append(v)
                bg = np.array(bg)
                if measure == 'logcontrast':
                    values.append(math.log10(peak + FLOOR) - np.mean(np.log10(bg + FLOOR)))
                else:
                    values.append(math.log10((peak + FLOOR) / (np.median(bg) + FLOOR)))
        factor_scores.append(np.mean(values))
    return max(factor_scores) if combine == 'max' else float(np.mean(factor_scores))


def main():
    rng = np.random.default_rng(2323)
    img = image(rng)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'image.txt'), 'w', encoding='ascii', newline='\n') as f:
        for row in img:
            f.write(' '.join(str(v) for v in row.reshape(-1)))
            f.write('\n')
    with open(os.path.join(OUT, 'expected.txt'), 'w', encoding='ascii', newline='\n') as f:
        for name, s in SETTINGS.items():
            f.write('%s %.10f\n' % (name, score(img, *s)))


if __name__ == '__main__':
    main()
