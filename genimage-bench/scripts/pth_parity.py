"""Full-size .pth parity, the PyTorch half (see pth_parity.sh).

  pth_parity.py make DIR    seeded torchvision ResNet-50 with one logit (CNNSpot), batch-norm statistics
                            calibrated so activations stay O(1), saved in the three published layouts:
                            DIR/plain.pth (state dict), DIR/cnndetection.pth ({'model': ..., 'optimizer': ...,
                            'total_steps'}), DIR/dataparallel.pth ('module.' prefixes); four random 224x224
                            RGB crops as DIR/crop_N.png and PyTorch's P(fake) for them in DIR/torch.json
  pth_parity.py compare DIR JSON...   the max |ours - PyTorch| over every crop of every `genimage detect
                            --json` output given
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'genimage-detectors',
                                'src', 'test', 'python'))
from make_resnet_fixtures import calibrate_bn  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def make(out):
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)
    torch.manual_seed(20)
    gen = torch.Generator().manual_seed(21)
    model = torchvision.models.resnet50(num_classes=1)
    calibrate_bn(model, gen)
    sd = model.state_dict()
    torch.save(sd, os.path.join(out, 'plain.pth'))
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    torch.save({'model': sd, 'optimizer': opt.state_dict(), 'total_steps': 1000},
               os.path.join(out, 'cnndetection.pth'))
    torch.save(nn.DataParallel(model).state_dict(), os.path.join(out, 'dataparallel.pth'))
    crops = torch.randint(0, 256, (4, 224, 224, 3), generator=gen, dtype=torch.uint8).numpy()
    probs = {}
    for i, c in enumerate(crops):
        path = os.path.join(out, 'crop_%d.png' % i)
        Image.fromarray(c).save(path)
        back = np.asarray(Image.open(path).convert('RGB'))
        x = (back.astype(np.float32) / 255.0 - MEAN) / STD
        x = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None]
        with torch.no_grad():
            probs[os.path.basename(path)] = float(torch.sigmoid(model(x))[0, 0])
    with open(os.path.join(out, 'torch.json'), 'w') as f:
        json.dump(probs, f, indent=1)


def compare(out, outputs):
    with open(os.path.join(out, 'torch.json')) as f:
        want = json.load(f)
    worst = 0.0
    for o in outputs:
        with open(o) as f:
            doc = json.load(f)
        rows = doc['images']
        assert len(rows) == len(want), (o, len(rows))
        d = max(abs(r['probability'] - want[os.path.basename(r['file'])]) for r in rows)
        print('%-28s max |ours - PyTorch| = %.3g over %d crops' % (os.path.basename(o), d, len(rows)))
        worst = max(worst, d)
    print('worst over all layouts: %.3g (PyTorch probabilities %s)' % (
        worst, ', '.join('%.4f' % v for v in want.values())))
    return worst


if __name__ == '__main__':
    if sys.argv[1] == 'make':
        make(sys.argv[2])
    else:
        sys.exit(0 if compare(sys.argv[2], sys.argv[3:]) < 1e-4 else 1)
