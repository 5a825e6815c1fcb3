#!/usr/bin/python3
"""Decode throughput of genimage's ImageDecoder vs Pillow on the same files (single thread).

Usage (from the repository root, after building genimage-bench):
  /usr/bin/python3 genimage-bench/scripts/decode_peer.py [dir] [size]
Runs DecodeThroughput (which writes a simulated release: 400 PNG fakes + 400 JPEG q96 reals per
default generator set... 4 generators x 100 x 2 labels) and then decodes the same files with
Pillow (open + convert("RGB") + load), and prints ratio = ours / Pillow (>= 1.0 means we are faster).
"""
import os, subprocess, sys, tempfile, time
from PIL import Image

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
d = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="decode_peer")
size = sys.argv[2] if len(sys.argv) > 2 else "256"
subprocess.run(["java", "-cp", os.path.join(root, "target", "benchmarks.jar"),
                "org.genimage.bench.dataset.DecodeThroughput", d, size], check=True)
java_rate = float(open(os.path.join(d, "java_rate.txt")).read())
files = sorted(os.path.join(r, f) for r, _, fs in os.walk(d) for f in fs
               if f.lower().endswith((".png", ".jpeg", ".jpg")))
for _ in range(2):
    for f in files:
        Image.open(f).convert("RGB").load()
reps = 3
t0 = time.perf_counter()
for _ in range(reps):
    for f in files:
        Image.open(f).convert("RGB").load()
pil_rate = reps * len(files) / (time.perf_counter() - t0)
print(f"pillow_images_per_s {pil_rate:.1f} (files {len(files)})")
print(f"ratio ours/pillow {java_rate / pil_rate:.2f}")
