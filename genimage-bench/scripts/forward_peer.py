#!/usr/bin/python3
"""The PyTorch side of forward_peer.sh: the seven paper-size architectures' forward pass in PyTorch eager, and
their export to ONNX for the ONNX Runtime Java column.

Models (seeded: torch.manual_seed(0), then the model, then the inputs), two logits unless noted:
  resnet50   torchvision resnet50                                                  input 224
  cnnspot50  torchvision resnet50, 1 logit                                         input 224
  spec       torchvision resnet34 (Spec's classifier on the precomputed spectrum)  input 224
  f3net      F3Net at the paper's size (two Xception streams, FAD and LFS heads,
             MixBlocks), from genimage-detectors/src/test/python/make_frequency_fixtures.py       input 299
  gramnet    GramNet (ResNet-18 + six Gram branches), same source                  input 512
  deit_s     torchvision VisionTransformer at DeiT-S size (patch 16, 12 x 384, 6 heads, MLP 1536) input 224
  swin_t     torchvision swin_t                                                    input 224
  npr        NPR's networks/resnet.py (residual, 3x3/2 stem, layer1-2, one logit), from make_npr_fixtures.py  input 256
  univfd     OpenAI CLIP's ViT-L/14 image tower (make_clip_fixtures.py) and a linear probe, one logit     input 224

Timing (default): eval mode under no_grad, THREADS intra-op threads, a different input on every call (two
alternate), prints one JSON line like ModelForward.java. --export DIR instead writes DIR/<model>_b<batch>.onnx
(opset 17, fixed shapes), .input.f32 and .logits.f32 (PyTorch's logits of that input, float32 little-endian) for
OrtForward.java. The export runs with autograd on: under no_grad, torch 1.13's multi-head attention takes its fused
fast path, which the ONNX exporter cannot write. --trace DIR writes DIR/<model>_b<batch>.pt, the model traced to
TorchScript in eval mode under no_grad, for DjlForward.java (libtorch 2.7.1 through DJL).

  /usr/bin/python3 genimage-bench/scripts/forward_peer.py --model deit_s --batch 8 --threads 2
  /usr/bin/python3 genimage-bench/scripts/forward_peer.py --model deit_s --batch 8 --export genimage-bench/target/onnx
  /usr/bin/python3 genimage-bench/scripts/forward_peer.py --model deit_s --batch 8 --trace genimage-bench/target/djl/fwd
"""
import argparse
import json
import os
import platform
import sys
import time

import torch
import torchvision
from torchvision.models import resnet34, resnet50, swin_t
from torchvision.models.vision_transformer import VisionTransformer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'genimage-detectors', 'src',
                                'test', 'python'))
import make_frequency_fixtures as freq  # noqa: E402  (the reference F3Net and GramNet)
import make_npr_fixtures as npr  # noqa: E402  (NPR's networks/resnet.py)
import make_clip_fixtures as clip  # noqa: E402  (OpenAI CLIP's VisionTransformer, UnivFD's probe)

class UnivFdForward(torch.nn.Module):
    """UnivFD: OpenAI CLIP's ViT-L/14 image tower, then one linear layer on its 768-d embedding."""

    def __init__(self):
        super().__init__()
        self.visual = clip.VisionTransformer(224, 14, 1024, 24, 16, 768, clip.QuickGELU)
        self.fc = torch.nn.Linear(768, 1)

    def forward(self, x):
        return self.fc(self.visual(x))


MODELS = {
    'resnet50': (lambda: resnet50(num_classes=2), 224),
    'cnnspot50': (lambda: resnet50(num_classes=1), 224),
    'spec': (lambda: resnet34(num_classes=2), 224),
    'f3net': (lambda: freq.F3Net(299, stem=(32, 64), entry=(128, 256, 728), middle=8, mix_after=4, exit_ch=1024,
                                 tail=(1536, 2048)), 299),
    'gramnet': (lambda: freq.GramNet(widths=[64, 128, 256, 512], blocks=[2, 2, 2, 2], stem=64, g=32, c1=16, c2=32,
                                     hidden=512), 512),
    'deit_s': (lambda: VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=6, hidden_dim=384,
                                         mlp_dim=1536, num_classes=2), 224),
    'swin_t': (lambda: swin_t(num_classes=2), 224),
    'npr': (lambda: npr.NPR([3, 4]), 256),
    'univfd': (lambda: UnivFdForward(), 224),
}


def build(name, batch):
    make, size = MODELS[name]
    torch.manual_seed(0)
    model = make().eval()
    if name == 'deit_s':
        # torchvision starts the ViT head at zero: every logit would be 0 and the ONNX check would compare nothing
        torch.nn.init.normal_(model.heads.head.weight, std=0.02)
        torch.nn.init.normal_(model.heads.head.bias, std=0.02)
    inputs = [torch.randn(batch, 3, size, size) for _ in range(2)]
    return model, inputs


def export(name, batch, out):
    os.makedirs(out, exist_ok=True)
    model, inputs = build(name, batch)
    x = inputs[0]
    stem = os.path.join(out, '%s_b%d' % (name, batch))
    with torch.enable_grad():
        torch.onnx.export(model, x, stem + '.onnx', opset_version=17, input_names=['input'], output_names=['logits'],
                          do_constant_folding=True)
    with torch.no_grad():
        logits = model(x)
    x.numpy().astype('<f4').tofile(stem + '.input.f32')
    logits.numpy().astype('<f4').tofile(stem + '.logits.f32')
    print('wrote %s.onnx (torch %s), input %s, logits %s' % (stem, torch.__version__, tuple(x.shape),
                                                            tuple(logits.shape)), file=sys.stderr)


def trace(name, batch, out):
    os.makedirs(out, exist_ok=True)
    model, inputs = build(name, batch)
    with torch.no_grad():
        torch.jit.save(torch.jit.trace(model, inputs[0], check_trace=False),
                       os.path.join(out, '%s_b%d.pt' % (name, batch)))


def timing(name, batch, threads, warmup, iters):
    torch.set_num_threads(threads)
    model, inputs = build(name, batch)
    times = []
    with torch.no_grad():
        for i in range(warmup + iters):
            t = time.perf_counter()
            model(inputs[i % 2])
            if i >= warmup:
                times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    n = len(times)
    median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
    print(json.dumps({'model': name, 'engine': 'pytorch-eager', 'batch': batch, 'threads': str(threads),
                      'ms_per_batch': round(median, 2), 'img_per_s': round(batch / median * 1e3, 3),
                      'min_ms': round(times[0], 2), 'iters': iters, 'torch': torch.__version__,
                      'torchvision': torchvision.__version__, 'python': platform.python_version()}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', required=True, choices=sorted(MODELS))
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--iters', type=int, default=6)
    ap.add_argument('--export', metavar='DIR')
    ap.add_argument('--trace', metavar='DIR')
    a = ap.parse_args()
    if a.export:
        export(a.model, a.batch, a.export)
    elif a.trace:
        trace(a.model, a.batch, a.trace)
    else:
        timing(a.model, a.batch, a.threads, a.warmup, a.iters)


if __name__ == '__main__':
    main()
