#!/usr/bin/python3
"""Times genimage-spectral (JMH SpectralBenchmark) and numpy / scipy FFTs on the same shapes; prints ours / peer.

Usage (from the repository root, after building genimage-bench):

    /usr/bin/python3 genimage-bench/scripts/spectral_peer.py                     # runs JMH, then the peers
    /usr/bin/python3 genimage-bench/scripts/spectral_peer.py --jmh-json r.json   # reuse a JMH run

Peers (Debian python3-numpy 1.24, python3-scipy 1.10), float32 input of uniform noise in [0, 255):
  numpy.fft.rfft2(x)                          (pocketfft; computes in float64 whatever the input)
  scipy.fft.rfft2(x, workers=os.cpu_count())  (pocketfft; stays in float32; workers split batches)
Pairs:
  rfft2         one plane            vs numpy rfft2(x), scipy rfft2(x, workers=cores)
  jtransforms2d one plane            vs the same peers (JTransforms' own FloatFFT_2D, for reference)
  rfft2Batch    32 planes, all cores vs numpy rfft2(b), scipy rfft2(b, workers=cores) on a (32, N, N) array
  averageBatch  32 planes, all cores vs (abs(rfft2(b)) ** 2).sum(0), i.e. the summed half power spectrum
Both sides report the mean time per call in microseconds; a peer's figure is the median of 7 repeats of a
timeit loop. "faster peer" is the smaller of the two peer times.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import timeit

import numpy as np
import scipy
import scipy.fft as sfft

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.path.join(ROOT, "genimage-bench", "target", "benchmarks.jar")
BATCH = 32
CORES = os.cpu_count()


def peers(size):
    rng = np.random.default_rng(42)
    x = (rng.random((size, size)) * 255).astype(np.float32)
    b = (rng.random((BATCH, size, size)) * 255).astype(np.float32)
    single = {
        "numpy rfft2": lambda: np.fft.rfft2(x),
        "scipy rfft2 w=%d" % CORES: lambda: sfft.rfft2(x, workers=CORES),
    }
    batched = {
        "numpy rfft2": lambda: np.fft.rfft2(b),
        "scipy rfft2 w=%d" % CORES: lambda: sfft.rfft2(b, workers=CORES),
    }
    average = {
        "numpy |rfft2|^2 sum": lambda: (np.abs(np.fft.rfft2(b)) ** 2).sum(0),
        "scipy |rfft2|^2 sum w=%d" % CORES: lambda: (np.abs(sfft.rfft2(b, workers=CORES)) ** 2).sum(0),
    }
    return {"rfft2": single, "jtransforms2d": single, "rfft2Batch": batched, "averageBatch": average}


def time_us(fn):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number // 2)
    runs = sorted(timer.repeat(repeat=7, number=number))
    return runs[len(runs) // 2] / number * 1e6


def run_jmh(extra):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    cmd = ["java", "-jar", JAR, "SpectralBenchmark", "-rf", "json", "-rff", out] + extra
    print("# running:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jmh-json", help="reuse JMH results (-rf json) instead of running JMH")
    ap.add_argument("--jmh-args", default="", help="extra JMH arguments, e.g. '-wi 2 -i 3'")
    args = ap.parse_args()
    path = args.jmh_json or run_jmh([a for a in args.jmh_args.split() if a])
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
    print("CPU: %s, %d cores visible; Python %s, numpy %s, scipy %s; batch %d" % (
        cpu, CORES, platform.python_version(), np.__version__, scipy.__version__, BATCH))
    print("| benchmark | size | ours (us) | peer | peer (us) | ours / peer |")
    print("|---|---|---|---|---|---|")
    for size in (256, 512):
        for name, fns in peers(size).items():
            if (name, size) not in ours:
                continue
            score, unit = ours[(name, size)]
            assert unit == "us/op", unit
            times = {peer: time_us(fn) for peer, fn in fns.items()}
            for peer, t in times.items():
                print("| %s | %d | %.1f | %s | %.1f | %.2f |" % (name, size, score, peer, t, score / t))
            best = min(times.values())
            print("| %s | %d | %.1f | **faster peer** | %.1f | **%.2f** |" % (name, size, score, best,
                                                                           score / best))


if __name__ == "__main__":
    main()
