#!/usr/bin/python3
"""Reference outputs of Pillow, SciPy and OpenCV for genimage-degrade's parity tests.

Run with Debian's packages (python3-pil, python3-scipy, python3-opencv, python3-numpy):

    /usr/bin/python3 genimage-degrade/src/test/python/make_fixtures.py

Writes raw interleaved RGB files named <what>_<width>x<height>.rgb (row-major, 3 bytes per pixel)
and quantisation tables as text into src/test/resources/fixtures/degrade/. Inputs are synthetic
(seeded), so regenerating reproduces the committed files byte for byte with the same library versions
(checked with Pillow 9.4 / libjpeg-turbo 2.1, SciPy 1.10, OpenCV 4.6, NumPy 1.24).
"""
import io
import os

import cv2
import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "degrade")


def synthetic(width, height, seed):
    """Smooth gradients, a sharp-edged disc, stripes and noise: every filter has something to do."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 128 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0)
    g = 255.0 * x / max(width - 1, 1)
    b = 255.0 * y / max(height - 1, 1)
    img = np.stack([r, g, b], axis=-1)
    disc = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (min(width, height) * 0.25) ** 2
    img[disc] = [250, 20, 60]
    img[:, ::6] = img[:, ::6] * 0.3
    img += rng.normal(0, 12, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def write(name, arr):
    h, w = arr.shape[:2]
    path = os.path.join(OUT, "%s_%dx%d.rgb" % (name, w, h))
    with open(path, "wb") as f:
        f.write(np.ascontiguousarray(arr, dtype=np.uint8).tobytes())


def scipy_blur(img, sigma):
    # exactly CNNSpot's gaussian_blur: per channel, uint8 output
    out = img.copy()
    for c in range(3):
        gaussian_filter(img[:, :, c], output=out[:, :, c], sigma=sigma)
    return out


def pil_jpeg(img, quality, subsampling=None):
    buf = io.BytesIO()
    kwargs = {"quality": quality}
    if subsampling is not None:
        kwargs["subsampling"] = subsampling
    Image.fromarray(img).save(buf, format="jpeg", **kwargs)
    decoded = Image.open(io.BytesIO(buf.getvalue()))
    return np.array(decoded), decoded.quantization


def cv2_jpeg(img, quality):
    # exactly CNNSpot's cv2_jpg
    ok, enc = cv2.imencode(".jpg", img[:, :, ::-1], [int(cv2.IMWRITE_JPEG_QUALITY), quality])
    assert ok
    return cv2.imdecode(enc, 1)[:, :, ::-1]


PIL_FILTERS = {"nearest": Image.NEAREST, "box": Image.BOX, "bilinear": Image.BILINEAR,
               "hamming": Image.HAMMING, "bicubic": Image.BICUBIC, "lanczos": Image.LANCZOS}


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    a = synthetic(37, 29, 1)
    b = synthetic(96, 80, 2)
    write("input_a", a)
    write("input_b", b)

    for fname, flt in PIL_FILTERS.items():
        for src_name, src, size in (("a", a, (50, 41)), ("b", b, (23, 17)), ("b", b, (64, 64)),
                                    ("b", b, (96, 40))):
            out = np.array(Image.fromarray(src).resize(size, flt))
            write("resize_%s_%s" % (fname, src_name), out)

    for sigma in (0.5, 1.5, 3.0, 5.0):
        write("blur_scipy_%s_a" % sigma, scipy_blur(a, sigma))
        write("blur_scipy_%s_b" % sigma, scipy_blur(b, sigma))
    for sigma in (0.8, 1.5, 3.0, 5.0):
        write("blur_opencv_%s_a" % sigma, cv2.GaussianBlur(a, (0, 0), sigma))
        write("blur_opencv_%s_b" % sigma, cv2.GaussianBlur(b, (0, 0), sigma))

    tables = []
    for q in (30, 65, 95, 100):
        out, qt = pil_jpeg(b, q)
        write("jpeg_pil_q%d_420_b" % q, out)
        out, _ = pil_jpeg(a, q)
        write("jpeg_pil_q%d_420_a" % q, out)
        tables.append("quality %d luminance %s" % (q, " ".join(str(v) for v in qt[0])))
        tables.append("quality %d chrominance %s" % (q, " ".join(str(v) for v in qt[1])))
    for sub, label in ((0, "444"), (1, "422")):
        out, _ = pil_jpeg(b, 65, sub)
        write("jpeg_pil_q65_%s_b" % label, out)
    for q in (30, 65, 100):
        write("jpeg_cv2_q%d_b" % q, cv2_jpeg(b, q))
    with open(os.path.join(OUT, "jpeg_qtables_pil.txt"), "w") as f:
        f.write("\n".join(tables) + "\n")


if __name__ == "__main__":
    main()
