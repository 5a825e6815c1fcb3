#!/usr/bin/python3
"""Times genimage-degrade (JMH) and its reference libraries on the same images; prints ours / peer.

Usage (from the repository root, after building genimage-bench):

    /usr/bin/python3 genimage-bench/scripts/degrade_peer.py            # runs JMH, then the peers
    /usr/bin/python3 genimage-bench/scripts/degrade_peer.py --jmh-json results.json   # reuse a JMH run

Peers (Debian python3-pil 9.4, python3-scipy 1.10, python3-opencv 4.6, numpy 1.24), single-threaded
like the JMH benchmarks (cv2.setNumThreads(1)): Pillow Image.resize / save+open+load / transpose / crop,
scipy.ndimage.gaussian_filter per channel (CNNSpot's gaussian_blur), cv2.GaussianBlur, numpy noise.
The image is the synthetic one of DegradeBenchmark.synthetic: (x + 2y + 85c + (x*x + 3y*y) % 97) % 256.
Both sides report the mean time per call; the peer's figure is the median of 7 repeats of a timeit loop.
"""
import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import timeit

import cv2
import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter

cv2.setNumThreads(1)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.path.join(ROOT, "genimage-bench", "target", "benchmarks.jar")


def synthetic(size):
    y, x = np.mgrid[0:size, 0:size].astype(np.int64)
    planes = [(x + 2 * y + 85 * c + (x * x + 3 * y * y) % 97) % 256 for c in range(3)]
    return np.stack(planes, axis=-1).astype(np.uint8)


def scipy_blur(arr, sigma):
    out = np.empty_like(arr)
    for c in range(3):
        gaussian_filter(arr[:, :, c], output=out[:, :, c], sigma=sigma)
    return out


def pil_jpeg(img, quality):
    buf = io.BytesIO()
    img.save(buf, format="jpeg", quality=quality)
    buf.seek(0)
    out = Image.open(buf)
    out.load()
    return out


def cnnspot(arr, rng):
    # data_augment with both probabilities 1: blur sigma U[0,3], then pil/cv2 JPEG at 30 or 100
    img = scipy_blur(arr, rng.uniform(0, 3))
    q = int(rng.choice([30, 100]))
    if rng.random() < 0.5:
        ok, enc = cv2.imencode(".jpg", img[:, :, ::-1], [int(cv2.IMWRITE_JPEG_QUALITY), q])
        return cv2.imdecode(enc, 1)[:, :, ::-1]
    return np.array(pil_jpeg(Image.fromarray(img), q))


def peers(size):
    arr = synthetic(size)
    img = Image.fromarray(arr)
    rng = np.random.default_rng(42)
    off = (size - 224) // 2
    return {
        "resizeBicubic112": lambda: img.resize((112, 112), Image.BICUBIC),
        "resizeBilinear64": lambda: img.resize((64, 64), Image.BILINEAR),
        "resizeBox64": lambda: img.resize((64, 64), Image.BOX),
        "resizeLanczos112": lambda: img.resize((112, 112), Image.LANCZOS),
        "resizeNearest112": lambda: img.resize((112, 112), Image.NEAREST),
        "jpeg65": lambda: pil_jpeg(img, 65),
        "jpeg30": lambda: pil_jpeg(img, 30),
        "blurScipy3": lambda: scipy_blur(arr, 3.0),
        "blurScipy5": lambda: scipy_blur(arr, 5.0),
        "blurOpencv3": lambda: cv2.GaussianBlur(arr, (0, 0), 3.0),
        "noise5": lambda: np.clip(np.rint(arr + rng.normal(0, 5.0, arr.shape)), 0, 255).astype(np.uint8),
        "flip": lambda: img.transpose(Image.FLIP_LEFT_RIGHT),
        "centerCrop224": lambda: img.crop((off, off, off + 224, off + 224)),
        "cnnSpotBlurJpeg": lambda: cnnspot(arr, rng),
    }


PEER_NAMES = {
    "resizeBicubic112": "Pillow resize BICUBIC", "resizeBilinear64": "Pillow resize BILINEAR",
    "resizeBox64": "Pillow resize BOX", "resizeLanczos112": "Pillow resize LANCZOS",
    "resizeNearest112": "Pillow resize NEAREST", "jpeg65": "Pillow save+open q65",
    "jpeg30": "Pillow save+open q30", "blurScipy3": "SciPy gaussian_filter x3",
    "blurScipy5": "SciPy gaussian_filter x3", "blurOpencv3": "cv2.GaussianBlur",
    "noise5": "numpy normal+rint+clip", "flip": "Pillow transpose", "centerCrop224": "Pillow crop",
    "cnnSpotBlurJpeg": "CNNSpot data_augment (p=1)",
}


def time_us(fn):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number // 2)
    runs = sorted(timer.repeat(repeat=7, number=number))
    return runs[len(runs) // 2] / number * 1e6


def run_jmh(extra):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    cmd = ["java", "-jar", JAR, "DegradeBenchmark", "-rf", "json", "-rff", out] + extra
    print("# running:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jmh-json", help="reuse JMH results (-rf json) instead of running JMH")
    ap.add_argument("--jmh-args", default="", help="extra JMH arguments, e.g. '-wi 2 -i 3'")
    args = ap.parse_args()
    path = args.jmh_json or run_jmh(args.jmh_args.split())
    with open(path) as f:
        results = json.load(f)
    ours = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        ours[(name, int(r["params"]["size"]))] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreUnit"])
    cpu = "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    print("CPU: %s, %d cores visible; Python %s; single-threaded on both sides" % (
        cpu, os.cpu_count(), platform.python_version()))
    print("| benchmark | size | ours (us) | peer | peer (us) | ours / peer |")
    print("|---|---|---|---|---|---|")
    for size in (256, 512):
        for name, fn in peers(size).items():
            if (name, size) not in ours:
                continue
            score, unit = ours[(name, size)]
            assert unit == "us/op", unit
            peer = time_us(fn)
            print("| %s | %d | %.1f | %s | %.1f | %.2f |" % (name, size, score, PEER_NAMES[name], peer,
                                                          score / peer))


if __name__ == "__main__":
    main()
