"""PyTorch .pth fixtures for genimage-detectors' TorchCheckpoint reader and the `genimage import` command.

Run from genimage-detectors/ with Debian's torch 1.13 / torchvision 0.14:
    /usr/bin/python3 src/test/python/make_pth_fixtures.py
writes src/test/resources/fixtures/pth/:
  small_plain.pth         torch.save(model.state_dict())                 (torchvision names)
  small_cnndetection.pth  {'model': state_dict, 'optimizer': ..., 'total_steps': 3}  (CNNDetection's layout)
  small_dataparallel.pth  nn.DataParallel(model).state_dict()            ('module.' prefixes)
  small_fp16.pth          model.half().state_dict()                      (HalfStorage)
  small.io.safetensors    three 64x64 RGB crops (uint8 values as F32, [3, 64, 64, 3]) and PyTorch's P(fake)
                          for the float32 model ('prob') and for the float16 one computed in float32 ('prob_fp16')
  tensors.pth             storages of every float dtype, views (transposed, sliced with an offset, expanded,
                          a 0-d scalar, an empty tensor, two tensors sharing one storage), a timm-style wrapper
                          with an argparse.Namespace
  tensors.expected.safetensors  the same tensors made contiguous float32, by name
  legacy.pth              torch.save(..., _use_new_zipfile_serialization=False) (the pre-1.6 format)
  malicious.pth           a zip checkpoint whose pickle calls os.system (checked below: Python's own unpickler
                          does run it)
Regenerating reproduces every file byte for byte except legacy.pth (the legacy format stores random keys).
The model is torchvision's bottleneck ResNet with stem width 4, one block per stage and one logit (the
CNNSpot head), seeded random weights with random batch-norm statistics. Deterministic.
"""
import argparse
import collections
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_np  # noqa: E402
from make_resnet_fixtures import SmallResNet, randomise_bn  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'pth')
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def probabilities(model, crops):
    """P(fake) of uint8 HWC crops, preprocessed as genimage does: /255, ImageNet mean/std, no resize."""
    x = (crops.astype(np.float32) / 255.0 - MEAN) / STD
    x = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    with torch.no_grad():
        return torch.sigmoid(model(x))[:, 0].numpy().astype('<f4')


class Evil:
    """Its unpickling runs a shell command (what a malicious checkpoint does)."""

    def __init__(self, command):
        self.command = command

    def __reduce__(self):
        return os.system, (self.command,)


def check_malicious(path, marker):
    """Proves the fixture is really malicious: PyTorch's own torch.load (unrestricted) runs its command."""
    if os.path.exists(marker):
        os.remove(marker)
    torch.load(path)
    assert os.path.exists(marker), 'the malicious fixture did not run its command'
    os.remove(marker)


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20)
    gen = torch.Generator().manual_seed(21)
    model = SmallResNet(4, [1, 1, 1, 1], 1)
    randomise_bn(model, gen)
    model.eval()
    crops = torch.randint(0, 256, (3, 64, 64, 3), generator=gen, dtype=torch.uint8).numpy()

    sd = model.state_dict()
    torch.save(sd, os.path.join(OUT, 'small_plain.pth'))
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    torch.save({'model': sd, 'optimizer': opt.state_dict(), 'total_steps': 3},
               os.path.join(OUT, 'small_cnndetection.pth'))
    torch.save(nn.DataParallel(model).state_dict(), os.path.join(OUT, 'small_dataparallel.pth'))
    half = SmallResNet(4, [1, 1, 1, 1], 1)
    half.load_state_dict(sd)
    half = half.half()
    torch.save(half.state_dict(), os.path.join(OUT, 'small_fp16.pth'))
    widened = half.float().eval()
    safetensors_np.write(os.path.join(OUT, 'small.io.safetensors'), collections.OrderedDict([
        ('crops', crops.astype('<f4')),
        ('prob', probabilities(model, crops)),
        ('prob_fp16', probabilities(widened, crops)),
    ]), metadata={'torch': torch.__version__, 'width': '4', 'blocks': '1,1,1,1', 'crop': '64'})

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 7 - 1.5
    shared = torch.arange(10, dtype=torch.float32) * 0.25
    tensors = collections.OrderedDict([
        ('f32', base),
        ('f16', (base / 3).half()),
        ('bf16', (base * 5).bfloat16()),
        ('f64', base.double() / 11),
        ('i64', torch.tensor([3, -2, 7], dtype=torch.int64)),
        ('transposed', base.t()),
        ('sliced', base[1:3, 2:5]),
        ('expanded', torch.tensor([1.5, -2.5, 4.0]).unsqueeze(0).expand(2, 3)),
        ('scalar', torch.tensor(2.75)),
        ('empty', torch.zeros(0, 3)),
        ('shared_head', shared[:4]),
        ('shared_tail', shared[6:].view(2, 2)),
    ])
    wrapper = {'epoch': 3, 'arch': 'resnet50', 'state_dict': tensors,
               'args': argparse.Namespace(model='resnet50', lr=0.05, sched=('cosine', 3))}
    torch.save(wrapper, os.path.join(OUT, 'tensors.pth'))
    safetensors_np.write(os.path.join(OUT, 'tensors.expected.safetensors'), collections.OrderedDict(
        (k, np.array(v.float().numpy(), dtype='<f4', order='C')) for k, v in tensors.items()))

    torch.save({'w': torch.ones(2)}, os.path.join(OUT, 'legacy.pth'), _use_new_zipfile_serialization=False)

    marker = '/tmp/genimage-pth-fixture-was-run'
    path = os.path.join(OUT, 'malicious.pth')
    torch.save({'conv.weight': torch.ones(1), 'payload': Evil('touch ' + marker)}, path)
    check_malicious(path, marker)


if __name__ == '__main__':
    main()
