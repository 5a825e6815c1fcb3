#!/usr/bin/python3
"""Reference fixtures for the frequency/texture detectors (Spec, F3Net, GramNet) and the DCT.

Each block is written here from the papers' equations in plain PyTorch (torch 1.13, Debian), with small
configurations and seeded weights, and exported as safetensors (written by hand: the format is an 8-byte
little-endian header length, a JSON header, then the raw little-endian tensors) so that Java tests can
read weights, inputs and expected outputs.

  Spec    Zhang, Karaman, Chang 2019, "Detecting and Simulating Artifacts in GAN Fake Images" (AutoGAN code):
          per-channel log(|fft2(x/255)| + 1e-3) spectrum, 5/95 percentile normalisation, clip [-1, 1];
          a ResNet-34-style classifier (BasicBlocks) with 2 logits.
  GramNet Liu et al. 2020, "Global Texture Enhancement for Fake Face Detection in the Wild": ResNet-18-style
          backbone plus six Gram branches (input, conv1+bn+relu, maxpool, layer1, layer2, layer3).
  F3Net   Qian et al. 2020, "Thinking in Frequency": FAD head (full-image DCT, 4 band filters with learnable
          parts, inverse DCT), LFS head (10x10 sliding-window DCT statistics, 6 bands), two Xception streams
          fused by MixBlocks after middle block 4 (block 7) and after block 12.

Regenerate (byte for byte, fixed seeds):
  /usr/bin/python3 genimage-detectors/src/test/python/make_frequency_fixtures.py
Writes genimage-detectors/src/test/resources/fixtures/frequency/*.safetensors
"""
import json
import os
import struct

import numpy as np
import scipy.fft
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "frequency")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


# ----------------------------------------------------------------------------------------------------
# safetensors writer
_DTYPES = {np.dtype("float32"): "F32", np.dtype("float64"): "F64", np.dtype("uint8"): "U8",
           np.dtype("int64"): "I64"}


def save_safetensors(path, tensors):
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        if a.dtype not in _DTYPES:
            a = a.astype(np.float32)
        raw = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": _DTYPES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def state(module):
    return {k: v.detach().numpy().astype(np.float32) for k, v in module.state_dict().items()
            if not k.endswith("num_batches_tracked")}


def randomise_bn(module, gen):
    """Non-trivial BatchNorm statistics and affine parameters, so eval-mode BN is really exercised."""
    for m in module.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            with torch.no_grad():
                m.weight.copy_(1.0 + 0.2 * torch.randn(n, generator=gen))
                m.bias.copy_(0.1 * torch.randn(n, generator=gen))
                m.running_mean.copy_(0.1 * torch.randn(n, generator=gen))
                m.running_var.copy_(1.0 + 0.3 * torch.rand(n, generator=gen))


# ----------------------------------------------------------------------------------------------------
# DCT
def dct_fixture():
    rng = np.random.default_rng(7)
    out = {}
    for name, shape in (("a", (10, 10)), ("b", (13, 7)), ("c", (1, 5))):
        x = rng.standard_normal(shape)
        out[name + ".x"] = x
        out[name + ".dctn"] = scipy.fft.dctn(x, type=2, norm="ortho")
        out[name + ".idctn"] = scipy.fft.idctn(x, type=2, norm="ortho")
    save_safetensors(os.path.join(OUT, "dct.safetensors"), out)


# ----------------------------------------------------------------------------------------------------
# Spec input transform (AutoGAN): computed in float64 from the uint8 crop
def spec_spectrum(rgb_hwc_uint8):
    img = rgb_hwc_uint8.astype(np.float64) / 255.0
    out = np.empty((3,) + img.shape[:2])
    for c in range(3):
        f = np.log(np.abs(np.fft.fft2(img[:, :, c])) + 1e-3)
        lo = np.percentile(f, 5)
        hi = np.percentile(f, 95)
        f = ((f - lo) / (hi - lo) - 0.5) * 2.0
        out[c] = np.clip(f, -1.0, 1.0)
    return out


# ----------------------------------------------------------------------------------------------------
# ResNet with BasicBlocks (He et al. 2016; torchvision layout) with configurable widths and depths
class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = x if self.downsample is None else self.downsample(x)
        return F.relu(y + s)


class ResNetBasic(nn.Module):
    def __init__(self, widths, blocks, stem, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, stem, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        layers = []
        cin = stem
        for i, (w, n) in enumerate(zip(widths, blocks)):
            seq = []
            for j in range(n):
                seq.append(BasicBlock(cin, w, 2 if (j == 0 and i > 0) else 1))
                cin = w
            layers.append(nn.Sequential(*seq))
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.fc = nn.Linear(cin, classes) if classes else None

    def stages(self, x):
        """Returns the intermediate maps GramNet taps, and the pooled feature."""
        taps = [x]
        x = F.relu(self.bn1(self.conv1(x)))
        taps.append(x)
        x = F.max_pool2d(x, 3, 2, 1)
        taps.append(x)
        x = self.layer1(x)
        taps.append(x)
        x = self.layer2(x)
        taps.append(x)
        x = self.layer3(x)
        taps.append(x)
        x = self.layer4(x)
        return taps, x.mean(dim=(2, 3))

    def forward(self, x):
        _, f = self.stages(x)
        return self.fc(f)


def spec_fixture():
    gen = torch.Generator().manual_seed(11)
    rng = np.random.default_rng(11)
    # a smooth image plus a periodic pattern and noise, so the spectrum has structure
    h, w = 32, 40
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([
        128 + 60 * np.sin(xx / 5.0) + 30 * np.cos(yy / 3.0),
        100 + 80 * ((xx + yy) % 4 == 0),
        90 + 40 * np.cos((xx - yy) / 7.0)], axis=-1) + rng.normal(0, 8, (h, w, 3))
    img = np.clip(np.round(img), 0, 255).astype(np.uint8)
    spectrum = spec_spectrum(img)

    torch.manual_seed(12)
    net = ResNetBasic(widths=[8, 16, 24, 32], blocks=[1, 2, 1, 1], stem=8, classes=2)
    randomise_bn(net, gen)
    net.eval()
    x = torch.tensor(spectrum, dtype=torch.float32).unsqueeze(0)
    x2 = torch.flip(x, dims=[3])
    batch = torch.cat([x, x2], dim=0)
    with torch.no_grad():
        logits = net(batch)
    save_safetensors(os.path.join(OUT, "spec_weights.safetensors"), state(net))
    save_safetensors(os.path.join(OUT, "spec_io.safetensors"), {
        "image": img, "spectrum": spectrum, "input": batch.numpy(), "logits": logits.numpy()})


# ----------------------------------------------------------------------------------------------------
# GramNet
def gram(f):
    b, c, h, w = f.shape
    v = f.reshape(b, c, h * w)
    return torch.bmm(v, v.transpose(1, 2)).div(c * h * w).unsqueeze(1)


class GramBranch(nn.Module):
    def __init__(self, cin, g, c1, c2):
        super().__init__()
        self.conv = nn.Conv2d(cin, g, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(g)
        self.conv1 = nn.Conv2d(1, c1, 3, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c1)
        self.conv2 = nn.Conv2d(c1, c2, 3, 2, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c2)

    def forward(self, x):
        f = F.relu(self.bn(self.conv(x)))
        g = gram(f)
        g = F.relu(self.bn1(self.conv1(g)))
        g = F.relu(self.bn2(self.conv2(g)))
        return g.mean(dim=(2, 3))


class GramNet(nn.Module):
    def __init__(self, widths, blocks, stem, g, c1, c2, hidden):
        super().__init__()
        self.backbone = ResNetBasic(widths, blocks, stem, classes=0)
        tap_channels = [3, stem, stem, widths[0], widths[1], widths[2]]
        self.branches = nn.ModuleList([GramBranch(c, g, c1, c2) for c in tap_channels])
        self.gram_scale = nn.Parameter(torch.ones(1))
        self.fc1 = nn.Linear(widths[3] + 6 * c2, hidden)
        self.fc2 = nn.Linear(hidden, 2)

    def forward(self, x):
        taps, f = self.backbone.stages(x)
        feats = [f] + [self.gram_scale * b(t) for b, t in zip(self.branches, taps)]
        z = F.relu(self.fc1(torch.cat(feats, dim=1)))
        z = F.dropout(z, 0.5, self.training)
        return self.fc2(z)


def gramnet_fixture():
    gen = torch.Generator().manual_seed(21)
    torch.manual_seed(22)
    net = GramNet(widths=[8, 16, 24, 32], blocks=[1, 1, 1, 1], stem=8, g=8, c1=4, c2=8, hidden=16)
    with torch.no_grad():
        net.gram_scale.fill_(1.3)
    randomise_bn(net, gen)
    net.eval()
    x = torch.randn(2, 3, 48, 48, generator=gen)
    with torch.no_grad():
        logits = net(x)
    save_safetensors(os.path.join(OUT, "gramnet_weights.safetensors"), state(net))
    save_safetensors(os.path.join(OUT, "gramnet_io.safetensors"), {
        "input": x.numpy(), "logits": logits.numpy()})


# ----------------------------------------------------------------------------------------------------
# F3Net (re-implemented from the paper and the public reference implementation's equations)
def dct_mat(n):
    return np.array([[(np.sqrt(1.0 / n) if i == 0 else np.sqrt(2.0 / n)) * np.cos((j + 0.5) * np.pi * i / n)
                      for j in range(n)] for i in range(n)])


def band_mask(start, end, n):
    # 1 where start < i + j <= end (so the DC term (0, 0) is in no band whose start is 0, as in the reference)
    return np.array([[0.0 if (i + j > end or i + j <= start) else 1.0 for j in range(n)] for i in range(n)])


class BandFilter(nn.Module):
    def __init__(self, n, start, end, norm):
        super().__init__()
        self.register_buffer("base", torch.tensor(band_mask(start, end, n), dtype=torch.float32))
        self.learnable = nn.Parameter(torch.randn(n, n) * 0.1)
        self.norm = norm
        self.count = float(band_mask(start, end, n).sum())

    def forward(self, x):
        filt = self.base + (2.0 * torch.sigmoid(self.learnable) - 1.0)
        return x * filt / self.count if self.norm else x * filt


class FadHead(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.register_buffer("d", torch.tensor(dct_mat(n), dtype=torch.float32))
        self.filters = nn.ModuleList([BandFilter(n, 0, n // 16, False), BandFilter(n, n // 16, n // 8, False),
                                      BandFilter(n, n // 8, n, False), BandFilter(n, 0, n * 2, False)])

    def forward(self, x):
        freq = self.d @ x @ self.d.T
        return torch.cat([self.d.T @ f(freq) @ self.d for f in self.filters], dim=1)


class LfsHead(nn.Module):
    def __init__(self, window, bands):
        super().__init__()
        self.window = window
        self.register_buffer("d", torch.tensor(dct_mat(window), dtype=torch.float32))
        self.filters = nn.ModuleList([BandFilter(window, window * 2.0 / bands * i, window * 2.0 / bands * (i + 1), True)
                                      for i in range(bands)])

    def forward(self, x):
        gray = 0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]
        gray = (gray.unsqueeze(1) + 1.0) * 122.5
        n, _, h, w = gray.shape
        s = self.window
        grid = (h - s + 8) // 2 + 1
        cols = F.unfold(gray, kernel_size=s, stride=2, padding=4)  # [N, S*S, L]
        blocks = cols.transpose(1, 2).reshape(n, -1, 1, s, s)
        coef = self.d @ blocks @ self.d.T
        stat = torch.log10(torch.abs(coef) + 1e-15)
        out = [f(stat).sum(dim=(2, 3, 4)).reshape(n, 1, grid, grid) for f in self.filters]
        return torch.cat(out, dim=1)


class SepConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.dw = nn.Conv2d(cin, cin, 3, 1, 1, groups=cin, bias=False)
        self.pw = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return self.pw(self.dw(x))


class XBlock(nn.Module):
    """Xception block (Chollet 2017): [relu, sepconv, bn] x reps, max-pool 3/stride/1 if strided, 1x1 skip."""

    def __init__(self, cin, cout, reps, stride, start_with_relu, grow_first):
        super().__init__()
        chans = []
        c = cin
        if grow_first:
            chans.append((cin, cout))
            c = cout
        for _ in range(reps - 1):
            chans.append((c, c))
        if not grow_first:
            chans.append((cin, cout))
        self.seps = nn.ModuleList([SepConv(a, b) for a, b in chans])
        self.bns = nn.ModuleList([nn.BatchNorm2d(b) for _, b in chans])
        self.start_with_relu = start_with_relu
        self.stride = stride
        self.skip = None
        if cin != cout or stride != 1:
            self.skip = nn.Conv2d(cin, cout, 1, stride, bias=False)
            self.skipbn = nn.BatchNorm2d(cout)

    def forward(self, inp):
        x = inp
        for i, (sep, bn) in enumerate(zip(self.seps, self.bns)):
            if i > 0 or self.start_with_relu:
                x = F.relu(x)
            x = bn(sep(x))
        if self.stride != 1:
            x = F.max_pool2d(x, 3, self.stride, 1)
        s = inp if self.skip is None else self.skipbn(self.skip(inp))
        return x + s


class XceptionStream(nn.Module):
    def __init__(self, cin, conv1_stride, stem, entry, middle, exit_ch, tail):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, stem[0], 3, conv1_stride, 0, bias=False)
        self.bn1 = nn.BatchNorm2d(stem[0])
        self.conv2 = nn.Conv2d(stem[0], stem[1], 3, 1, 0, bias=False)
        self.bn2 = nn.BatchNorm2d(stem[1])
        blocks = [XBlock(stem[1], entry[0], 2, 2, False, True), XBlock(entry[0], entry[1], 2, 2, True, True),
                  XBlock(entry[1], entry[2], 2, 2, True, True)]
        blocks += [XBlock(entry[2], entry[2], 3, 1, True, True) for _ in range(middle)]
        blocks.append(XBlock(entry[2], exit_ch, 2, 2, True, False))
        self.blocks = nn.ModuleList(blocks)
        self.conv3 = SepConv(exit_ch, tail[0])
        self.bn3 = nn.BatchNorm2d(tail[0])
        self.conv4 = SepConv(tail[0], tail[1])
        self.bn4 = nn.BatchNorm2d(tail[1])

    def stem(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(x)))

    def tail(self, x):
        x = F.relu(self.bn3(self.conv3(x)))
        return self.bn4(self.conv4(x))


class MixBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.fad_query = nn.Conv2d(c, c, 1)
        self.lfs_query = nn.Conv2d(c, c, 1)
        self.fad_key = nn.Conv2d(c, c, 1)
        self.lfs_key = nn.Conv2d(c, c, 1)
        self.fad_gamma = nn.Parameter(torch.zeros(1))
        self.lfs_gamma = nn.Parameter(torch.zeros(1))
        self.fad_conv = nn.Conv2d(c, c, 1, groups=c)
        self.fad_bn = nn.BatchNorm2d(c)
        self.lfs_conv = nn.Conv2d(c, c, 1, groups=c)
        self.lfs_bn = nn.BatchNorm2d(c)

    def forward(self, x_fad, x_lfs):
        b, c, w, h = x_fad.shape
        q = torch.cat([self.fad_query(x_fad).view(-1, w, h), self.lfs_query(x_lfs).view(-1, w, h)], dim=2)
        k = torch.cat([self.fad_key(x_fad).view(-1, w, h).transpose(1, 2),
                       self.lfs_key(x_lfs).view(-1, w, h).transpose(1, 2)], dim=1)
        att = torch.softmax(torch.bmm(q, k), dim=-1).view(b, c, w, w)
        y_fad = x_fad + self.fad_bn(self.fad_conv(x_lfs * att * (torch.sigmoid(self.lfs_gamma) * 2.0 - 1.0)))
        y_lfs = x_lfs + self.lfs_bn(self.lfs_conv(x_fad * att * (torch.sigmoid(self.fad_gamma) * 2.0 - 1.0)))
        return y_fad, y_lfs


class F3Net(nn.Module):
    def __init__(self, size, stem, entry, middle, mix_after, exit_ch, tail, window=10, bands=6):
        super().__init__()
        self.fad = FadHead(size)
        self.lfs = LfsHead(window, bands)
        self.fad_stream = XceptionStream(12, 2, stem, entry, middle, exit_ch, tail)
        self.lfs_stream = XceptionStream(bands, 1, stem, entry, middle, exit_ch, tail)
        self.mix0 = MixBlock(entry[2])
        self.mix1 = MixBlock(exit_ch)
        self.mix_after = mix_after
        self.fc = nn.Linear(2 * tail[1], 2)

    def forward(self, x):
        a = self.fad_stream.stem(self.fad(x))
        b = self.lfs_stream.stem(self.lfs(x))
        nblocks = len(self.fad_stream.blocks)
        for i in range(nblocks):
            a = self.fad_stream.blocks[i](a)
            b = self.lfs_stream.blocks[i](b)
            if i == 2 + self.mix_after:
                a, b = self.mix0(a, b)
        a, b = self.mix1(a, b)
        a = self.fad_stream.tail(a)
        b = self.lfs_stream.tail(b)
        y = torch.cat([F.relu(a).mean(dim=(2, 3)), F.relu(b).mean(dim=(2, 3))], dim=1)
        y = F.dropout(y, 0.2, self.training)
        return self.fc(y)


def f3net_fixture():
    gen = torch.Generator().manual_seed(31)
    torch.manual_seed(32)
    size = 67  # odd sizes keep the two streams aligned, as 299 does: 67 -> 33 -> 16/15 -> 8 -> 4 -> 2
    net = F3Net(size, stem=(4, 8), entry=(8, 12, 16), middle=2, mix_after=1, exit_ch=20, tail=(24, 32))
    with torch.no_grad():
        # non-zero gammas so that the MixBlock attention really contributes
        net.mix0.fad_gamma.fill_(0.7)
        net.mix0.lfs_gamma.fill_(-0.4)
        net.mix1.fad_gamma.fill_(0.5)
        net.mix1.lfs_gamma.fill_(0.9)
    randomise_bn(net, gen)
    net.eval()
    x = torch.rand(1, 3, size, size, generator=gen) * 2.0 - 1.0
    with torch.no_grad():
        fad = net.fad(x)
        lfs = net.lfs(x)
        logits = net(x)
    weights = {k: v for k, v in state(net).items() if not k.endswith(".base") and k not in ("fad.d", "lfs.d")}
    save_safetensors(os.path.join(OUT, "f3net_weights.safetensors"), weights)
    save_safetensors(os.path.join(OUT, "f3net_io.safetensors"), {
        "input": x.numpy(), "fad": fad.numpy(), "lfs": lfs.numpy(), "logits": logits.numpy()})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    dct_fixture()
    spec_fixture()
    gramnet_fixture()
    f3net_fixture()
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)))
