#!/usr/bin/python3
"""PyTorch peer for the ResNet-50 forward benchmark: torchvision resnet50(num_classes=2), eval mode, fp32,
random input, torch.no_grad(). Prints one JSON line: img/s (median over timed rounds), ms per batch, layout,
threads, versions and the CPU model.

    /usr/bin/python3 genimage-bench/scripts/resnet_peer.py --batch 8 --size 224 --threads 2 --layout nchw

Run through resnet_peer.sh, which interleaves it with the Java side in one sitting.
"""
import argparse
import json
import platform
import statistics
import subprocess
import time

import torch
import torchvision


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def openblas():
    try:
        out = subprocess.run(['dpkg-query', '-W', '-f=${Status} ${Version}', 'libopenblas0-pthread'],
                             capture_output=True, text=True, check=False).stdout
        return out if 'installed' in out else 'NOT INSTALLED'
    except OSError:
        return 'unknown'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--layout', choices=['nchw', 'channels_last'], default='nchw')
    ap.add_argument('--warmup', type=int, default=3)
    ap.add_argument('--iters', type=int, default=10)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = torchvision.models.resnet50(num_classes=2).eval()
    x = torch.randn(a.batch, 3, a.size, a.size)
    if a.layout == 'channels_last':
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    times = []
    with torch.no_grad():
        for _ in range(a.warmup):
            model(x)
        for _ in range(a.iters):
            t = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t)
    ms = statistics.median(times) * 1e3
    print(json.dumps({
        'engine': 'pytorch-eager-' + a.layout, 'batch': a.batch, 'size': a.size, 'threads': a.threads,
        'ms_per_batch': round(ms, 2), 'img_per_s': round(a.batch / (ms / 1e3), 3),
        'min_ms': round(min(times) * 1e3, 2), 'iters': a.iters,
        'torch': torch.__version__, 'torchvision': torchvision.__version__,
        'libopenblas0-pthread': openblas(), 'cpu': cpu_model()}))


if __name__ == '__main__':
    main()
