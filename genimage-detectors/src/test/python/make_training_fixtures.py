"""Full-size training fixtures: gradients of one step, parameters after one and after 10 steps of SGD and AdamW.

Reference: Debian python3-torch 1.13 / python3-torchvision 0.14, in float64 (so the fixtures hold the exact
values up to float64 rounding, and both PyTorch's and genimage's float32 errors show against them).

Models (torchvision, 2 classes): resnet50; DeiT-S as torchvision's VisionTransformer (224, patch 16, 12
layers, 6 heads, width 384, MLP 1536); swin_t with stochastic depth 0. Weights come from
seeded_tensors.py (seed 1; the Java test computes the same bits with SeededTensors), so no weights are
committed. Batch 2 at 224; the input of step k is 2 * uniform(seed 100 + k, "input"), labels [0, 1].

Per model writes src/test/resources/fixtures/training/<model>.safetensors with, for each step kind
(grad: the gradients of step 0; sgd1 / adamw1, sgd10 / adamw10: the change of every parameter and running
statistic over 1 or 10 steps, its value after them minus its seeded start, computed in float64; 10 steps for the
transformers only, see below):
  <kind>/<name>/values   the tensor at 64 seeded indices (all of it when smaller)
  <kind>/<name>/maxabs   its largest magnitude
  <kind>/<name>/torch32  PyTorch's own error in float32 on the same elements, over maxabs: the rounding floor
and grad/loss. PyTorch's float32 gradients of these random-weight networks are 1-15% off float64 on some
tensors: a ReLU input within rounding of zero flips, and in layer4 (98 positions per channel at batch 2) one
flip moves a whole weight gradient by a percent; the Java test therefore holds genimage to PyTorch's own
float32 error as well as to a fixed bound. ResNet-50's trajectory over 10 steps is chaotic at batch 2 on random
weights (PyTorch float32 on 1 thread and on 2 threads end a median 94% of the update apart), so it gets the
one-step checks only; the transformers' trajectories are smooth and get both. SGD: lr 1e-3, momentum 0.9, weight decay 1e-4 on every parameter (ResNet) or the decay group
(transformers: timm's no_weight_decay, as the architectures' noWeightDecay); AdamW: lr 1e-4, weight decay 0.05
on the same groups. Run from genimage-detectors/:  /usr/bin/python3 src/test/python/make_training_fixtures.py
[model ...]   (about 5 minutes on 2 cores)
"""
import os
import sys

import numpy as np
import torch
from torchvision.models import resnet50
from torchvision.models.swin_transformer import SwinTransformer
from torchvision.models.vision_transformer import VisionTransformer

import safetensors_np
import seeded_tensors

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'fixtures', 'training')
SEED = 1
BATCH = 2
SAMPLES = 64


def deit_s():
    return VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=6, hidden_dim=384,
                             mlp_dim=1536, num_classes=2)


MODELS = {
    'resnet50': (lambda: resnet50(num_classes=2), lambda n, p: False),
    'deit_s': (deit_s, lambda n, p: n in ('class_token', 'encoder.pos_embedding') or p.ndim <= 1),
    'swin_t': (lambda: SwinTransformer(patch_size=[4, 4], embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24],
                                       window_size=[7, 7], stochastic_depth_prob=0.0, num_classes=2),
               lambda n, p: n.endswith('relative_position_bias_table') or p.ndim <= 1),
}


def indices(name, count):
    if count <= SAMPLES:
        return np.arange(count)
    u = seeded_tensors.uniform(999, 'index.' + name, SAMPLES)
    return np.floor((u + 1.0) / 2.0 * count).astype(np.int64)


def batch(k):
    x = (seeded_tensors.uniform(100 + k, 'input', BATCH * 3 * 224 * 224) * 2.0).astype(np.float32)
    return torch.tensor(x.reshape(BATCH, 3, 224, 224).astype(np.float64)), torch.tensor([0, 1])


def seeded(model):
    state = {}
    for name, t in model.state_dict().items():
        if t.dtype.is_floating_point:
            state[name] = torch.tensor(seeded_tensors.tensor(SEED, name, list(t.shape)).astype(np.float64))
    model.load_state_dict(state, strict=False)
    return model


def record(out, kind, tensors, single):
    """The float64 tensors at the sampled indices, and PyTorch's own float32 error on them (same metric)."""
    for name, t in tensors.items():
        v = t.detach().numpy().ravel()
        idx = indices(name, v.size)
        maxabs = np.abs(v).max()
        out[f'{kind}/{name}/values'] = v[idx].astype(np.float64)
        out[f'{kind}/{name}/maxabs'] = np.array([maxabs], dtype=np.float64)
        v32 = single[name].detach().double().numpy().ravel()
        out[f'{kind}/{name}/torch32'] = np.array([np.abs(v32[idx] - v[idx]).max() / max(maxabs, 1e-12)])


def train(make, no_decay, optimizer, dtype, steps):
    model = seeded(make().double()).to(dtype)
    model.train()
    decay = [p for n, p in model.named_parameters() if not no_decay(n, p)]
    rest = [p for n, p in model.named_parameters() if no_decay(n, p)]
    if optimizer == 'sgd':
        groups = [{'params': decay, 'weight_decay': 1e-4}, {'params': rest, 'weight_decay': 0.0}]
        opt = torch.optim.SGD(groups, lr=1e-3, momentum=0.9)
    else:
        groups = [{'params': decay, 'weight_decay': 0.05}, {'params': rest, 'weight_decay': 0.0}]
        opt = torch.optim.AdamW(groups, lr=1e-4)
    start = {n: t.clone() for n, t in model.state_dict().items() if t.dtype.is_floating_point}
    for k in range(steps):
        x, y = batch(k)
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x.to(dtype)), y).backward()
        opt.step()
    return {n: t - start[n] for n, t in model.state_dict().items() if t.dtype.is_floating_point}


def main():
    torch.set_num_threads(2)
    os.makedirs(OUT, exist_ok=True)
    for key in sys.argv[1:] or list(MODELS):
        make, no_decay = MODELS[key]
        out = {}
        grads = {}
        for dtype in (torch.float64, torch.float32):
            model = seeded(make().double()).to(dtype)
            model.train()
            x, y = batch(0)
            loss = torch.nn.functional.cross_entropy(model(x.to(dtype)), y)
            loss.backward()
            grads[dtype] = {n: p.grad for n, p in model.named_parameters()}
            if dtype == torch.float64:
                out['grad/loss'] = np.array([loss.item()])
        record(out, 'grad', grads[torch.float64], grads[torch.float32])
        for steps in (1, 10) if key != 'resnet50' else (1,):
            for opt in ('sgd', 'adamw'):
                record(out, opt + str(steps), train(make, no_decay, opt, torch.float64, steps),
                       train(make, no_decay, opt, torch.float32, steps))
        safetensors_np.write(os.path.join(OUT, key + '.safetensors'), out,
                             {'torch': torch.__version__, 'seed': SEED, 'batch': BATCH})
        print(key, 'loss', loss.item(), len(out), 'tensors')


if __name__ == '__main__':
    main()
