"""ResNet parity fixtures from torchvision 0.14 / torch 1.13 (Debian python3-torch, python3-torchvision).

Small variant (committed, run from genimage-detectors/):
    /usr/bin/python3 src/test/python/make_resnet_fixtures.py
  writes src/test/resources/fixtures/resnet/small_{2class,1logit}.{weights,io}.safetensors:
  torchvision Bottleneck blocks built by torchvision's own ResNet._make_layer, stem width 8, one block per
  stage, 64x64 input; seeded random weights with random batch-norm statistics (so folding is exercised);
  io holds the input and the expected stem/layer1..4/pooled activations and logits.

Full ResNet-50 (not committed, ~100 MB):
    /usr/bin/python3 src/test/python/make_resnet_fixtures.py --full /tmp/resnet50-parity
    cd /work/main && mvn -B -o -Pfast -pl genimage-detectors test -Dtest=ResNetParityTest \
        -Dgenimage.fullParityDir=/tmp/resnet50-parity
  torchvision.models.resnet50(num_classes=2) with seeded random weights, batch 2 at 224.
Deterministic: regenerating reproduces the committed files byte for byte.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision
from torchvision.models.resnet import Bottleneck, ResNet

import safetensors_np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'resnet')


class SmallResNet(ResNet):
    """torchvision's ResNet with the stem width as a knob (torchvision hard-codes 64)."""

    def __init__(self, width, layers, num_classes):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = width
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(Bottleneck, width, layers[0])
        self.layer2 = self._make_layer(Bottleneck, width * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(Bottleneck, width * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(Bottleneck, width * 8, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(width * 8 * Bottleneck.expansion, num_classes)


def randomise_bn(model, gen):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)
                m.num_batches_tracked.fill_(7)


def calibrate_bn(model, gen):
    """Sets batch-norm statistics from a few random batches so activations stay O(1), as in a trained
    network (with default statistics a random ResNet-50's activations grow to thousands)."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = None
            with torch.no_grad():
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(4, 3, 224, 224, generator=gen))
    model.eval()


def activations(model, x):
    acts = {}
    with torch.no_grad():
        h = model.maxpool(model.relu(model.bn1(model.conv1(x))))
        acts['stem'] = h
        for i in range(1, 5):
            h = getattr(model, 'layer%d' % i)(h)
            acts['layer%d' % i] = h
        h = torch.flatten(model.avgpool(h), 1)
        acts['pooled'] = h
        acts['logits'] = model.fc(h)
        assert torch.allclose(acts['logits'], model(x), atol=0, rtol=0)
    return acts


def export(model, x, prefix, metadata, with_f64=False):
    model.eval()
    state = {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}
    safetensors_np.write(prefix + '.weights.safetensors', state, metadata=metadata)
    io = {'input': x.numpy()}
    io.update({k: v.numpy() for k, v in activations(model, x).items()})
    if with_f64:
        # The float64 forward pass, to put float32 rounding (PyTorch's and ours) in context.
        import copy
        a64 = activations(copy.deepcopy(model).double(), x.double())
        io.update({k + '.f64': v.numpy().astype('<f4') for k, v in a64.items()})
    safetensors_np.write(prefix + '.io.safetensors', io, metadata=metadata)


def main():
    torch.set_num_threads(1)
    meta = {'torch': torch.__version__, 'torchvision': torchvision.__version__}
    if len(sys.argv) == 3 and sys.argv[1] == '--full':
        os.makedirs(sys.argv[2], exist_ok=True)
        torch.manual_seed(50)
        gen = torch.Generator().manual_seed(51)
        model = torchvision.models.resnet50(num_classes=2)
        calibrate_bn(model, gen)
        x = torch.randn(2, 3, 224, 224, generator=gen)
        export(model, x, os.path.join(sys.argv[2], 'resnet50_2class'), dict(meta, width='64', blocks='3,4,6,3'),
               with_f64=True)
        print('wrote', sys.argv[2])
        return
    os.makedirs(OUT, exist_ok=True)
    for name, classes, seed in (('small_2class', 2, 1), ('small_1logit', 1, 2)):
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed + 100)
        model = SmallResNet(8, [1, 1, 1, 1], classes)
        randomise_bn(model, gen)
        x = torch.randn(2, 3, 64, 64, generator=gen)
        export(model, x, os.path.join(OUT, name), dict(meta, width='8', blocks='1,1,1,1'))


if __name__ == '__main__':
    main()
