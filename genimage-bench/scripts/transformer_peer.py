#!/usr/bin/python3
"""DeiT-S and Swin-T forward, batch 8 at 224, genimage (SameDiff, JMH) vs PyTorch eager, one sitting.

Runs PyTorch 1.13 / torchvision 0.14 (Debian python3-torch) with torch.set_num_threads(THREADS), then
the JMH benchmark org.genimage.bench.transformer.TransformerForwardBench from
genimage-bench/target/benchmarks.jar with OMP_NUM_THREADS=THREADS, and prints ms per batch and the
throughput ratio (>1: genimage faster). Build the jar first (without installing detectors):
  mvn -B -o -Pfast -pl genimage-detectors,genimage-bench package -DskipTests
Usage: transformer_peer.py [--threads 2] [--batch 8] [--repeats 5] [--no-jmh]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import torch
from torchvision.models import swin_t
from torchvision.models.vision_transformer import VisionTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "target", "benchmarks.jar")


def torch_ms(model, batch, repeats):
    x = torch.randn(batch, 3, 224, 224)
    model.eval()
    with torch.no_grad():
        for _ in range(2):
            model(x)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t)
    return 1000 * sorted(times)[len(times) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-jmh", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    models = {
        "deit_s": VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=6,
                                    hidden_dim=384, mlp_dim=1536, num_classes=2),
        "swin_t": swin_t(num_classes=2),
    }
    peer = {k: torch_ms(m, a.batch, a.repeats) for k, m in models.items()}
    for k, v in peer.items():
        print(f"pytorch {torch.__version__} {k}: {v:.0f} ms/batch (median of {a.repeats}, {a.threads} threads)")
    if a.no_jmh:
        return
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} missing: build it first (see --help)")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
        subprocess.run(["java", "-jar", JAR, "TransformerForwardBench", "-p", f"batch={a.batch}",
                        "-rf", "json", "-rff", out.name], check=True, env=env)
        results = json.load(open(out.name))
    for r in results:
        arch = r["params"]["arch"]
        ours = r["primaryMetric"]["score"]
        print(f"genimage {arch}: {ours:.0f} ms/batch; throughput ratio genimage/pytorch = {peer[arch] / ours:.2f}x")


if __name__ == "__main__":
    main()
