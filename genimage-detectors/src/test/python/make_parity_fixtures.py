#!/usr/bin/python3
"""Full-size forward parity fixtures with no committed weights: the logits of the six paper-size networks on
seeded weights and a seeded input, checked in CI by org.genimage.detectors.FullSizeForwardParityTest.

Weights: every tensor of the reference model's state dict, under the reference's own (torchvision) names, from
the counter-based generator of seeded_tensors.py (splitmix64 of seed ^ fnv1a64(name) and the element index, to
the same bits as org.genimage.detectors.SeededTensors) scaled by RECIPE below (ParityWeights.java computes the
same), cast to float32. Input: seeded_tensors.uniform(INPUT_SEED, "input", 2 * 3 * S * S) in [-1, 1), the
second sample halved, as float32, batch 2 at the paper's input side S. Both sides therefore start from
bit-identical float32 values.

Recipe "parity-1" (by name, then shape), chosen so that activations stay of order one at full depth:
  name has pos_embedding / class_token / relative_position   0.02 u       (small, as trained embeddings are)
  2 or more dimensions (conv / linear weights, F3Net filters)  sqrt(3 / fan_in) u  (variance 1 / fan_in)
  ends with running_var                                       1 + 0.5 u    (in [0.5, 1.5])
  ends with running_mean                                      0.1 u
  ends with weight (batch / layer norm scales), gram_scale    1 + 0.1 u
  ends with _gamma (F3Net MixBlock gates)                     1 + 0.5 u    (so the cross-attention contributes)
  anything else (biases)                                      0.1 u
where u in [-1, 1) is the generator's value for that element.

Models (2 classes, eval mode): resnet50 (torchvision), deit_s (torchvision VisionTransformer at DeiT-S size:
224, patch 16, 12 layers, 6 heads, width 384, MLP 1536), swin_t (torchvision), spec (torchvision resnet34 on the
224 spectrum-shaped input), gramnet (make_frequency_fixtures.GramNet at the paper's size: ResNet-18, input 512,
branches 32/16/32, hidden 512) and f3net (make_frequency_fixtures.F3Net at 299: full Xception streams, MixBlocks
after blocks 7 and 12). Each runs once in float64 (the reference) and once in float32 (PyTorch's own rounding
error, the scale against which the Java tolerance is justified).

Writes src/test/resources/fixtures/parity/<model>.json (a few KB): the seed, recipe and input seed, the state
dict's names, shapes and whether each is a float tensor (integer buffers such as num_batches_tracked are not
weights: the Java side writes them as zeros and the importer must skip them), the float64 logits, the float32
logits and max|f32 - f64| / max|f64|. Run from genimage-detectors/ (about 2 minutes on 2 cores):
  /usr/bin/python3 src/test/python/make_parity_fixtures.py [model ...]
"""
import json
import os
import sys

import numpy as np
import torch
from torchvision.models import resnet34, resnet50
from torchvision.models.swin_transformer import SwinTransformer
from torchvision.models.vision_transformer import VisionTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_frequency_fixtures as freq  # noqa: E402  (reference F3Net and GramNet modules)
import seeded_tensors  # noqa: E402

OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'parity')
RECIPE = 'parity-1'
SEED = 18
INPUT_SEED = 19
BATCH = 2
AMPLITUDES = (1.0, 0.5)


def rule(name, shape):
    """(scale, offset) of recipe parity-1; ParityWeights.rule in Java must agree."""
    if 'pos_embedding' in name or 'class_token' in name or 'relative_position' in name:
        return 0.02, 0.0
    if len(shape) >= 2:
        return float(np.sqrt(3.0 / int(np.prod(shape[1:])))), 0.0
    if name.endswith('running_var'):
        return 0.5, 1.0
    if name.endswith('running_mean'):
        return 0.1, 0.0
    if name.endswith('weight') or name.endswith('gram_scale'):
        return 0.1, 1.0
    if name.endswith('_gamma'):
        return 0.5, 1.0
    return 0.1, 0.0


def tensor(name, shape):
    u = seeded_tensors.uniform(SEED, name, int(np.prod(shape)) if len(shape) else 1)
    scale, offset = rule(name, list(shape))
    return (u * scale + offset).astype(np.float32).reshape(shape)


def gramnet():
    return freq.GramNet(widths=[64, 128, 256, 512], blocks=[2, 2, 2, 2], stem=64, g=32, c1=16, c2=32, hidden=512)


def f3net():
    return freq.F3Net(299, stem=(32, 64), entry=(128, 256, 728), middle=8, mix_after=4, exit_ch=1024,
                      tail=(1536, 2048))


MODELS = {
    'resnet50': (lambda: resnet50(num_classes=2), 224),
    'deit_s': (lambda: VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=6, hidden_dim=384,
                                         mlp_dim=1536, num_classes=2), 224),
    'swin_t': (lambda: SwinTransformer(patch_size=[4, 4], embed_dim=96, depths=[2, 2, 6, 2],
                                       num_heads=[3, 6, 12, 24], window_size=[7, 7], num_classes=2), 224),
    'spec': (lambda: resnet34(num_classes=2), 224),
    'gramnet': (gramnet, 512),
    'f3net': (f3net, 299),
}

# Constant buffers that the reference derives from its configuration (F3Net's DCT matrices and band masks):
# they are part of the architecture, not weights, and neither side's weight files carry them.
DERIVED = ('.base', 'fad.d', 'lfs.d')


def seeded(model):
    state = model.state_dict()
    names = []
    for name, t in state.items():
        if name.endswith(DERIVED):
            continue
        floating = t.dtype.is_floating_point
        names.append([name, list(t.shape), floating])
        if floating:
            state[name] = torch.tensor(tensor(name, list(t.shape)))
    model.load_state_dict(state)
    return model, names


def seeded_input(size):
    u = seeded_tensors.uniform(INPUT_SEED, 'input', BATCH * 3 * size * size).reshape(BATCH, 3, size, size)
    # Sample b is scaled by AMPLITUDES[b]: iid noise of one scale pools to nearly the same features in every
    # sample, which would hide a batch mix-up.
    x = (u * np.array(AMPLITUDES).reshape(BATCH, 1, 1, 1)).astype(np.float32)
    return torch.tensor(x)


def main():
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(False)
    os.makedirs(OUT, exist_ok=True)
    for key in sys.argv[1:] or list(MODELS):
        make, size = MODELS[key]
        model, names = seeded(make())
        model.eval()
        x = seeded_input(size)
        with torch.no_grad():
            logits32 = model(x).double().numpy()
            logits64 = model.double()(x.double()).numpy()
        largest = float(np.abs(logits64).max())
        torch_err = float(np.abs(logits32 - logits64).max()) / largest
        fixture = {
            'model': key, 'recipe': RECIPE, 'seed': SEED, 'input_seed': INPUT_SEED, 'input_name': 'input',
            'batch': BATCH, 'amplitudes': list(AMPLITUDES), 'size': size, 'torch': torch.__version__,
            'logits_f64': logits64.tolist(), 'logits_f32': logits32.tolist(),
            'torch_f32_relative_error': torch_err, 'tensors': names,
        }
        with open(os.path.join(OUT, key + '.json'), 'w') as f:
            json.dump(fixture, f, indent=None, separators=(',', ':'))
            f.write('\n')
        print(f'{key}: {len(names)} tensors, logits {logits64.tolist()}, PyTorch float32 relative error '
              f'{torch_err:.3g}', flush=True)


if __name__ == '__main__':
    main()
