#!/usr/bin/python3
"""The PyTorch side of train_peer.sh: times training steps (forward, backward, optimiser update) and prints one
JSON line like org.genimage.bench.training.TrainStep.

PyTorch 1.13 eager (Debian python3-torch / python3-torchvision), torch.set_num_threads(THREADS), a random
preprocessed batch reused every step, two classes, cross-entropy. resnet50: torchvision resnet50, SGD (momentum
0.9, weight decay 1e-4); deit_s: torchvision VisionTransformer at DeiT-S size (224, patch 16, 12 layers, 6 heads,
384, MLP 1536); swin_t: torchvision swin_t (stochastic depth 0.2); both transformers with AdamW (weight decay
0.05). --layout channels_last converts model and input to channels_last (ResNet only).

Usage: train_peer.py --model resnet50 --batch 8 [--steps 4] [--warmup 2] [--threads 2] [--layout nchw]
       train_peer.py --model resnet50 --batch 8 --trace DIR   (writes DIR/<model>_b<batch>.pt, TorchScript traced in
                                                               train mode, for DjlTrainPeer.java)
"""
import argparse
import json
import resource
import subprocess
import time

import torch
from torchvision.models import resnet50, swin_t
from torchvision.models.vision_transformer import VisionTransformer

MODELS = {
    'resnet50': lambda: resnet50(num_classes=2),
    'deit_s': lambda: VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=6, hidden_dim=384,
                                        mlp_dim=1536, num_classes=2),
    'swin_t': lambda: swin_t(num_classes=2),
}


def openblas():
    try:
        out = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'libopenblas0-pthread'], capture_output=True,
                             text=True, check=False)
        return out.stdout or 'not installed'
    except OSError:
        return 'unknown'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='resnet50', choices=sorted(MODELS))
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--steps', type=int, default=4)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--layout', default='nchw', choices=['nchw', 'channels_last'])
    ap.add_argument('--trace', metavar='DIR')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = MODELS[a.model]()
    model.train()
    x = torch.rand(a.batch, 3, 224, 224) * 4 - 2
    y = torch.tensor([i % 2 for i in range(a.batch)])
    if a.trace:
        torch.jit.save(torch.jit.trace(model, x, check_trace=False), f'{a.trace}/{a.model}_b{a.batch}.pt')
        return
    if a.layout == 'channels_last':
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    if a.model == 'resnet50':
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    else:
        opt = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.05)
    times = []
    for i in range(a.warmup + a.steps):
        t = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        if i >= a.warmup:
            times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    med = times[len(times) // 2]
    print(json.dumps({'engine': 'pytorch-eager' + ('-channels-last' if a.layout == 'channels_last' else ''),
                      'model': a.model, 'batch': a.batch, 'ms_per_step': round(med, 1), 'min_ms': round(times[0], 1),
                      'img_s': round(a.batch * 1e3 / med, 3),
                      'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      'threads': a.threads, 'torch': torch.__version__, 'openblas': openblas()}))


if __name__ == '__main__':
    main()
