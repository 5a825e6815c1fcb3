#!/usr/bin/python3
"""Forward parity fixture of NPR (Tan et al., CVPR 2024) against a PyTorch reference of its network, checked by
org.genimage.detectors.npr.NprParityTest.

The reference below follows networks/resnet.py of github.com/chuangchuangtan/NPR-DeepfakeDetection (the file
test.py loads with resnet50(num_classes=1) and load_state_dict(strict=True)) line for line where it matters:
  - interpolate(img, 0.5): F.interpolate(F.interpolate(img, scale_factor=0.5, mode='nearest',
    recompute_scale_factor=True), scale_factor=2, mode='nearest', recompute_scale_factor=True)
  - NPR = x - interpolate(x, 0.5); conv1(NPR * 2.0 / 3.0) with conv1 = Conv2d(3, 64, 3, stride 2, padding 1,
    bias False), bn1, relu, maxpool = MaxPool2d(3, stride 2, padding 1)
  - layer1 = _make_layer(Bottleneck, 64, 3), layer2 = _make_layer(Bottleneck, 128, 4, stride=2) (resnet50's
    first two entries of [3, 4, 6, 3]; layers 3 and 4 are never built)
  - AdaptiveAvgPool2d(1), flatten, fc1 = Linear(512, num_classes=1)
The reference's width 64 is a parameter here (WIDTH) only so that the same code also gives the small variant.

Weights: make_parity_fixtures.py's recipe parity-1 on seeded_tensors.py (the same bits as the Java
ParityWeights), under the reference's state dict names; input: make_parity_fixtures.seeded_input (batch 2, the
second sample halved) at side SIZE, as the normalised tensor the network receives. The model runs in float64
(the reference logits) and float32 (PyTorch's own rounding error). Writes
src/test/resources/fixtures/parity/npr.json and npr_small.json in make_parity_fixtures.py's format. Run from
genimage-detectors/ (a few seconds):
  /usr/bin/python3 src/test/python/make_npr_fixtures.py
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_parity_fixtures as parity  # noqa: E402  (recipe parity-1, seeded input, output format)


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv1x1(inplanes, planes)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = conv3x3(planes, planes, stride)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = conv1x1(planes, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class NPR(nn.Module):
    """The reference ResNet of networks/resnet.py with its stem width as WIDTH (64 in the reference)."""

    def __init__(self, layers, width=64, num_classes=1):
        super().__init__()
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, kernel_size=3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(Bottleneck, width, layers[0])
        self.layer2 = self._make_layer(Bottleneck, width * 2, layers[1], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc1 = nn.Linear(width * 8, num_classes)  # the reference: nn.Linear(512, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(conv1x1(self.inplanes, planes * block.expansion, stride),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes))
        return nn.Sequential(*layers)

    def interpolate(self, img, factor):
        return F.interpolate(F.interpolate(img, scale_factor=factor, mode='nearest', recompute_scale_factor=True),
                             scale_factor=1 / factor, mode='nearest', recompute_scale_factor=True)

    def forward(self, x):
        NPR = x - self.interpolate(x, 0.5)
        x = self.conv1(NPR * 2.0 / 3.0)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.avgpool(x)
        x = x.view(x.size(0), -1)
        return self.fc1(x)


# name: (layers, width, input side). 'npr' is the reference network (resnet50's [3, 4], width 64) on a small
# input; 'npr_small' is NprConfig.small's network.
MODELS = {'npr': ([3, 4], 64, 64), 'npr_small': ([1, 1], 8, 32)}


def main():
    torch.set_num_threads(2)
    os.makedirs(parity.OUT, exist_ok=True)
    for key, (layers, width, size) in MODELS.items():
        model, names = parity.seeded(NPR(layers, width))
        model.eval()
        x = parity.seeded_input(size)
        with torch.no_grad():
            # the residual itself, checked in the script: each pixel minus the top-left pixel of its 2x2 cell
            cell = x[:, :, 0::2, 0::2].repeat_interleave(2, dim=2).repeat_interleave(2, dim=3)
            assert torch.equal(x - model.interpolate(x, 0.5), x - cell)
            logits32 = model(x).double().numpy()
            logits64 = model.double()(x.double()).numpy()
        largest = float(np.abs(logits64).max())
        torch_err = float(np.abs(logits32 - logits64).max()) / largest
        fixture = {
            'model': key, 'recipe': parity.RECIPE, 'seed': parity.SEED, 'input_seed': parity.INPUT_SEED,
            'input_name': 'input', 'batch': parity.BATCH, 'amplitudes': list(parity.AMPLITUDES), 'size': size,
            'torch': torch.__version__, 'logits_f64': logits64.tolist(), 'logits_f32': logits32.tolist(),
            'torch_f32_relative_error': torch_err, 'tensors': names,
        }
        with open(os.path.join(parity.OUT, key + '.json'), 'w') as f:
            json.dump(fixture, f, indent=None, separators=(',', ':'))
            f.write('\n')
        print(f'{key}: {len(names)} tensors, logits {logits64.tolist()}, PyTorch float32 relative error '
              f'{torch_err:.3g}', flush=True)


if __name__ == '__main__':
    main()
