#!/usr/bin/python3
"""Times genimage-spectral (JMH SpectralBenchmark) and numpy / scipy FFTs on the same shapes; prints ours / peer.

Usage (from the repository root, after building genimage-bench):

    /usr/bin/python3 genimage-bench/scripts/spectral_peer.py                     # runs JMH, then the peers
    /usr/bin/python3 genimage-bench/scripts/spectral_peer.py --jmh-json r.json   # reuse a JMH run
    /usr/bin/python3 genimage-bench/scripts/spectral_peer.py --repeat 3          # JMH, peers, JMH, peers, ...

With --median both sides report the median time of single calls instead of the mean: JMH runs with
'-bm sample' and its 50th percentile is read; a peer is timed call by call (timeit number=1) and the median
taken. On a shared, overloaded machine the mean mostly measures preemption; the median of single calls
(one call is far shorter than a scheduler time slice) is the robust figure there.
With --repeat N the JMH run and the peer timings alternate N times (back to back, so a loaded machine hits
both sides alike) and the table shows the median of the N figures of each side, with their range.

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
MEDIAN = False
ORDER = ["rfft2", "jtransforms2d", "rfft2Batch", "averageBatch"]


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


def time_us_median(fn, budget_s=1.5):
    """Median of single calls, after a short warm-up; about budget_s seconds in all."""
    for _ in range(3):
        fn()
    first = timeit.timeit(fn, number=3) / 3
    calls = int(min(2001, max(21, budget_s / max(first, 1e-6))))
    runs = sorted(timeit.repeat(fn, number=1, repeat=calls))
    return runs[len(runs) // 2] * 1e6


def time_us(fn):
    if MEDIAN:
        return time_us_median(fn)
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number // 2)
    runs = sorted(timer.repeat(repeat=7, number=number))
    return runs[len(runs) // 2] / number * 1e6


def run_jmh(extra, classpath=None):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    launch = ["java", "-cp", classpath, "org.openjdk.jmh.Main"] if classpath else ["java", "-jar", JAR]
    cmd = launch + ["SpectralBenchmark", "-rf", "json", "-rff", out] + extra
    print("# running:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    return out


def read_jmh(path):
    with open(path) as f:
        results = json.load(f)
    ours = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        metric = r["primaryMetric"]
        assert metric["scoreUnit"] == "us/op", metric["scoreUnit"]
        if r.get("mode") == "sample":
            ours[(name, int(r["params"]["size"]))] = metric["scorePercentiles"]["50.0"]
        else:
            ours[(name, int(r["params"]["size"]))] = metric["score"]
    return ours


def time_peers(ours):
    """Peer times in microseconds for the (benchmark, size) pairs that JMH reported."""
    out = {}
    for size in (256, 512):
        for name, fns in peers(size).items():
            if (name, size) in ours:
                out[(name, size)] = {peer: time_us(fn) for peer, fn in fns.items()}
    return out


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jmh-json", help="reuse JMH results (-rf json) instead of running JMH")
    ap.add_argument("--jmh-args", default="", help="extra JMH arguments, e.g. '-wi 2 -i 3'")
    ap.add_argument("--repeat", type=int, default=1, help="alternate JMH and peer timings this many times")
    ap.add_argument("--jmh-cp", help="run JMH from this classpath (org.openjdk.jmh.Main) instead of the jar")
    ap.add_argument("--median", action="store_true",
                    help="median of single calls on both sides (JMH -bm sample, p50) instead of means")
    args = ap.parse_args()
    global MEDIAN
    MEDIAN = args.median
    jmh_args = [a for a in args.jmh_args.split() if a]
    if MEDIAN:
        jmh_args += ["-bm", "sample", "-tu", "us"]
    ours_runs = []
    peer_runs = []
    for rep in range(1 if args.jmh_json else args.repeat):
        path = args.jmh_json or run_jmh(jmh_args, args.jmh_cp)
        ours_runs.append(read_jmh(path))
        print("# repetition %d: timing peers" % (rep + 1), file=sys.stderr)
        peer_runs.append(time_peers(ours_runs[-1]))
    cpu = "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    print("CPU: %s, %d cores visible; Python %s, numpy %s, scipy %s; batch %d; %d repetition(s), medians; "
          "per call: %s" % (cpu, CORES, platform.python_version(), np.__version__, scipy.__version__, BATCH,
                            len(ours_runs), "median of single calls" if MEDIAN else "mean (JMH) / timeit loop"))
    try:
        print("load average at the end: %.1f %.1f %.1f" % os.getloadavg())
    except OSError:
        pass
    print("| benchmark | size | ours (us) | ours range | peer | peer (us) | peer range | ours / peer |")
    print("|---|---|---|---|---|---|---|---|")
    for key in sorted(ours_runs[0], key=lambda k: (k[1], ORDER.index(k[0]) if k[0] in ORDER else len(ORDER))):
        name, size = key
        ours = [run[key] for run in ours_runs]
        o = median(ours)
        best_of = {}
        for peer in peer_runs[0][key]:
            t = [run[key][peer] for run in peer_runs]
            best_of[peer] = median(t)
            print("| %s | %d | %.1f | %.0f-%.0f | %s | %.1f | %.0f-%.0f | %.2f |" % (
                name, size, o, min(ours), max(ours), peer, median(t), min(t), max(t), o / median(t)))
        # The faster peer per repetition, then the median of ours / that, pairing each run with its peers.
        ratios = [run_o / min(run_p[key].values()) for run_o, run_p in zip(ours, peer_runs)]
        print("| %s | %d | %.1f | | **faster peer** | %.1f | | **%.2f** (median of per-run ratios %.2f) |" % (
            name, size, o, min(best_of.values()), o / min(best_of.values()), median(ratios)))


if __name__ == "__main__":
    main()
