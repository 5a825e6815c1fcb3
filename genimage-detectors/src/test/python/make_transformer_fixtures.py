#!/usr/bin/python3
"""Writes the DeiT / Swin parity fixtures for org.genimage.detectors.transformer.

Reference: Debian python3-torch 1.13 / python3-torchvision 0.14. Small variants of torchvision's
VisionTransformer (configured like DeiT-S) and SwinTransformer (as swin_t) get seeded random weights;
the script writes, per variant, into src/test/resources/fixtures/transformer/:

  <variant>.weights.safetensors       state dict under torchvision names (float32; Swin's int64
                                      relative_position_index buffers included, as real checkpoints have)
  <variant>.timm06.safetensors        the same tensors under timm 0.6 names (deit_small_patch16_224 /
                                      swin_tiny_patch4_window7_224 module names; downsample at stage end)
  <variant>.timm09.safetensors        Swin only: timm >= 0.9 names (downsample at stage start, head.fc)
  <variant>.io.safetensors            "input" [B,3,H,W], every block's output, "logits"

plus deit_tiny.interp*.io.safetensors: the DeiT weights run at other image sizes with the position
embedding resampled as timm's resample_abs_pos_embed does (bicubic, align_corners=False, with and
without antialias).

  make_transformer_fixtures.py                 regenerate the committed small fixtures (byte for byte)
  make_transformer_fixtures.py --full DIR      also write full DeiT-S and Swin-T (random weights) to DIR
                                               for the on-demand full-size parity test
The safetensors files are written by hand (the safetensors package is not in Debian): 8-byte little-
endian header length, JSON header with sorted keys padded with spaces to a multiple of 8, raw data.
"""
import argparse
import json
import os
import struct
from functools import partial

import torch
import torch.nn.functional as F
from torchvision.models.swin_transformer import SwinTransformer
from torchvision.models.vision_transformer import VisionTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures", "transformer")

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, tensors, metadata=None):
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def randomise(model, seed):
    """Every parameter gets a random value of a sensible scale, so no block is trivially zero."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            leaf = name.rsplit(".", 1)[-1]
            is_norm = any(k in name for k in ("norm", "ln_", ".ln.", "features.0.2"))
            if is_norm and leaf == "weight":
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=g))
            elif leaf == "bias" or leaf.endswith("_bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif "relative_position_bias_table" in name or "class_token" in name or "pos_embedding" in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            else:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) / fan_in ** 0.5)
    model.eval()
    return model


def deit(image_size, patch, depth, width, heads, mlp, classes=2):
    return VisionTransformer(image_size=image_size, patch_size=patch, num_layers=depth, num_heads=heads,
                             hidden_dim=width, mlp_dim=mlp, num_classes=classes)


def swin(patch, embed, depths, heads, window, classes=2):
    return SwinTransformer(patch_size=[patch, patch], embed_dim=embed, depths=depths, num_heads=heads,
                           window_size=[window, window], stochastic_depth_prob=0.0, num_classes=classes)


def deit_io(model, x):
    acts = {"input": x}
    hooks = [model.encoder.layers.register_forward_pre_hook(
        lambda m, inp: acts.__setitem__("embed", inp[0].clone()))]
    for i, layer in enumerate(model.encoder.layers):
        hooks.append(layer.register_forward_hook(
            lambda m, inp, out, i=i: acts.__setitem__(f"block{i}", out.clone())))
    hooks.append(model.encoder.ln.register_forward_hook(
        lambda m, inp, out: acts.__setitem__("norm", out.clone())))
    with torch.no_grad():
        acts["logits"] = model(x)
    for h in hooks:
        h.remove()
    return acts


def swin_io(model, x):
    acts = {"input": x}
    hooks = [model.features[0].register_forward_hook(
        lambda m, inp, out: acts.__setitem__("embed", out.clone()))]
    stage = 0
    for k in range(1, len(model.features)):
        f = model.features[k]
        if k % 2 == 1:
            for b, block in enumerate(f):
                hooks.append(block.register_forward_hook(
                    lambda m, inp, out, s=stage, b=b: acts.__setitem__(f"stage{s}.block{b}", out.clone())))
        else:
            hooks.append(f.register_forward_hook(
                lambda m, inp, out, s=stage: acts.__setitem__(f"merge{s}", out.clone())))
            stage += 1
    hooks.append(model.norm.register_forward_hook(
        lambda m, inp, out: acts.__setitem__("norm", out.clone())))
    with torch.no_grad():
        acts["logits"] = model(x)
    for h in hooks:
        h.remove()
    return acts


def deit_to_timm(sd):
    out = {}
    for k, v in sd.items():
        n = k
        n = n.replace("conv_proj.", "patch_embed.proj.")
        n = n.replace("class_token", "cls_token")
        n = n.replace("encoder.pos_embedding", "pos_embed")
        n = n.replace("encoder.layers.encoder_layer_", "blocks.")
        n = n.replace(".ln_1.", ".norm1.").replace(".ln_2.", ".norm2.")
        n = n.replace(".self_attention.in_proj_weight", ".attn.qkv.weight")
        n = n.replace(".self_attention.in_proj_bias", ".attn.qkv.bias")
        n = n.replace(".self_attention.out_proj.", ".attn.proj.")
        n = n.replace(".mlp.0.", ".mlp.fc1.").replace(".mlp.3.", ".mlp.fc2.")
        n = n.replace("encoder.ln.", "norm.")
        n = n.replace("heads.head.", "head.")
        out[n] = v
    return out


def swin_to_timm(sd, version):
    out = {}
    for k, v in sd.items():
        parts = k.split(".")
        if parts[0] == "features":
            f = int(parts[1])
            rest = parts[2:]
            if f == 0:
                sub = {"0": "proj", "2": "norm"}[rest[0]]
                n = "patch_embed." + sub + "." + ".".join(rest[1:])
            elif f % 2 == 1:
                stage = (f - 1) // 2
                rest = [{"0": "fc1", "3": "fc2"}.get(r, r) if i == 2 and rest[1] == "mlp" else r
                        for i, r in enumerate(rest)]
                n = f"layers.{stage}.blocks." + ".".join(rest)
            else:
                stage = f // 2 - 1 if version == "06" else f // 2
                n = f"layers.{stage}.downsample." + ".".join(rest)
        elif parts[0] == "head" and version == "09":
            n = "head.fc." + parts[1]
        else:
            n = k
        out[n] = v
    if version == "06":
        # timm 0.6 also stores the shifted blocks' attention masks as buffers; importers must skip them
        out["layers.0.blocks.1.attn_mask"] = torch.zeros(4, 4, 4)
    return out


def resample_pos(pos, old, new, antialias):
    prefix, grid = pos[:, :1], pos[:, 1:]
    grid = grid.reshape(1, old, old, -1).permute(0, 3, 1, 2)
    grid = F.interpolate(grid, size=(new, new), mode="bicubic", align_corners=False, antialias=antialias)
    grid = grid.permute(0, 2, 3, 1).reshape(1, new * new, -1)
    return torch.cat([prefix, grid], dim=1)


def small(out):
    torch.manual_seed(0)
    # DeiT: 32 px, patch 8 -> 4x4 grid + class token, width 48, 3 heads
    m = randomise(deit(32, 8, 2, 48, 3, 96), seed=1)
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(11))
    sd = m.state_dict()
    write_safetensors(os.path.join(out, "deit_tiny.weights.safetensors"), sd, {"arch": "deit"})
    write_safetensors(os.path.join(out, "deit_tiny.timm06.safetensors"), deit_to_timm(sd))
    write_safetensors(os.path.join(out, "deit_tiny.io.safetensors"), deit_io(m, x))
    for size, aa in ((48, False), (48, True), (24, False), (24, True)):
        m2 = deit(size, 8, 2, 48, 3, 96)
        sd2 = dict(sd)
        sd2["encoder.pos_embedding"] = resample_pos(sd["encoder.pos_embedding"], 4, size // 8, aa)
        m2.load_state_dict(sd2)
        m2.eval()
        x2 = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(size))
        with torch.no_grad():
            io = {"input": x2, "pos_embedding": sd2["encoder.pos_embedding"], "logits": m2(x2)}
        write_safetensors(os.path.join(out, f"deit_tiny.interp{size}{'aa' if aa else ''}.io.safetensors"), io)

    # Swin, window 7: 112 px, patch 4 -> 28, 14, 7; shifted windows with the mask in stages 0 and 1
    m = randomise(swin(4, 16, [2, 2, 2], [1, 2, 4], 7), seed=2)
    x = torch.randn(2, 3, 112, 112, generator=torch.Generator().manual_seed(12))
    sd = m.state_dict()
    write_safetensors(os.path.join(out, "swin_w7.weights.safetensors"), sd, {"arch": "swin"})
    write_safetensors(os.path.join(out, "swin_w7.io.safetensors"), swin_io(m, x))

    # Swin, window 4: 64 px, patch 4 -> 16, 8; both timm naming schemes
    m = randomise(swin(4, 16, [2, 2], [2, 4], 4), seed=3)
    x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(13))
    sd = m.state_dict()
    write_safetensors(os.path.join(out, "swin_w4.weights.safetensors"), sd, {"arch": "swin"})
    write_safetensors(os.path.join(out, "swin_w4.timm06.safetensors"), swin_to_timm(sd, "06"))
    write_safetensors(os.path.join(out, "swin_w4.timm09.safetensors"), swin_to_timm(sd, "09"))
    write_safetensors(os.path.join(out, "swin_w4.io.safetensors"), swin_io(m, x))


def full(out):
    os.makedirs(out, exist_ok=True)
    m = randomise(deit(224, 16, 12, 384, 6, 1536), seed=4)
    x = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(14))
    write_safetensors(os.path.join(out, "deit_s.weights.safetensors"), m.state_dict())
    write_safetensors(os.path.join(out, "deit_s.io.safetensors"), deit_io(m, x))
    m = randomise(swin(4, 96, [2, 2, 6, 2], [3, 6, 12, 24], 7), seed=5)
    write_safetensors(os.path.join(out, "swin_t.weights.safetensors"), m.state_dict())
    write_safetensors(os.path.join(out, "swin_t.io.safetensors"), swin_io(m, x))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--full", metavar="DIR", help="also write full-size DeiT-S and Swin-T fixtures to DIR")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    small(OUT)
    if args.full:
        full(args.full)
