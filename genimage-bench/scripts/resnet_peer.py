#!/usr/bin/python3
"""PyTorch peer for the ResNet-50 forward benchmark: torchvision resnet50(num_classes=2), eval mode, random input,
torch.no_grad(), in one of three precisions. Prints one JSON line: img/s (median over timed passes), ms per batch,
layout, threads, versions and the CPU model.

  --precision fp32   the fp32 model, row pytorch-eager-<layout> (nchw or channels_last)
  --precision int8   static post-training quantisation with FX graph mode (prepare_fx, calibration, convert_fx)
                     on PyTorch's `onednn` quantized engine with get_default_qconfig_mapping('onednn'): weights
                     int8 per output channel (symmetric), activations uint8 per tensor (histogram observer), every
                     convolution, add and the classifier quantised; row pytorch-int8-fx-onednn
  --precision bf16   the fp32 model under torch.autocast('cpu', dtype=torch.bfloat16); row pytorch-bf16-autocast

Calibration (int8): --calib batches drawn right after the timed input from the same seeded generator, so they are
like it but not it. For int8 and bf16 the JSON line also gives the agreement with the fp32 model on the timed input:
max |logit - fp32 logit| (max_abs_diff) and that divided by the largest |fp32 logit| (rel_to_max).

    /usr/bin/python3 genimage-bench/scripts/resnet_peer.py --batch 8 --size 224 --threads 2 --layout nchw
    /usr/bin/python3 genimage-bench/scripts/resnet_peer.py --precision int8 --layout nchw
    /usr/bin/python3 genimage-bench/scripts/resnet_peer.py --precision bf16 --layout channels_last

Run through resnet_peer.sh, which interleaves it with the Java side in one sitting.
"""
import argparse
import copy
import json
import platform
import statistics
import subprocess
import time

import torch
import torchvision

ENGINES = {'int8': 'pytorch-int8-fx-onednn', 'bf16': 'pytorch-bf16-autocast'}


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


def build(batch, size, calib=0):
    """The seeded model, the timed input and `calib` calibration batches, in that order of random draws (the
    ONNX export in resnet_onnx_export.py calls this too, so every engine sees the same weights and inputs)."""
    torch.manual_seed(0)
    model = torchvision.models.resnet50(num_classes=2).eval()
    x = torch.randn(batch, 3, size, size)
    return model, x, [torch.randn(batch, 3, size, size) for _ in range(calib)]


def quantize_int8(model, example, calib):
    """FX static quantisation on the onednn engine, calibrated on `calib`; returns the converted model."""
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
    # The weights are packed for the engine at convert time, so it must be set before.
    torch.backends.quantized.engine = 'onednn'
    prepared = prepare_fx(copy.deepcopy(model), get_default_qconfig_mapping('onednn'), example_inputs=(example,))
    with torch.no_grad():
        for c in calib:
            prepared(c)
    return convert_fx(prepared)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--layout', choices=['nchw', 'channels_last'], default='nchw')
    ap.add_argument('--precision', choices=['fp32', 'int8', 'bf16'], default='fp32')
    ap.add_argument('--calib', type=int, default=4, help='int8: calibration batches')
    ap.add_argument('--warmup', type=int, default=3)
    ap.add_argument('--iters', type=int, default=10)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, x, calib = build(a.batch, a.size, a.calib if a.precision == 'int8' else 0)
    ref = None
    if a.precision != 'fp32':
        with torch.no_grad():
            ref = model(x)
    if a.precision == 'int8':
        model = quantize_int8(model, x, calib)
    if a.layout == 'channels_last':
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    autocast = torch.autocast('cpu', dtype=torch.bfloat16, enabled=a.precision == 'bf16')
    times = []
    with torch.no_grad(), autocast:
        for _ in range(a.warmup):
            y = model(x)
        for _ in range(a.iters):
            t = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t)
    ms = statistics.median(times) * 1e3
    line = {
        'engine': ENGINES.get(a.precision, 'pytorch-eager-' + a.layout), 'precision': a.precision,
        'layout': a.layout, 'batch': a.batch, 'size': a.size, 'threads': a.threads,
        'ms_per_batch': round(ms, 2), 'img_per_s': round(a.batch / (ms / 1e3), 3),
        'min_ms': round(min(times) * 1e3, 2), 'iters': a.iters,
        'torch': torch.__version__, 'torchvision': torchvision.__version__,
        'libopenblas0-pthread': openblas(), 'cpu': cpu_model()}
    if ref is not None:
        # A warm-up pass's output: every pass sees the same input, so it is the timed passes' output too.
        d = (y.float() - ref).abs().max().item()
        line.update({'max_abs_diff': float('%.4g' % d), 'rel_to_max': float('%.4g' % (d / ref.abs().max().item())),
                     'calib_batches': a.calib if a.precision == 'int8' else 0})
        if a.precision == 'int8':
            line['quantized_engine'] = torch.backends.quantized.engine
    print(json.dumps(line))


if __name__ == '__main__':
    main()
