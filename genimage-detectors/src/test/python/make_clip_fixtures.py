#!/usr/bin/python3
"""Writes the CLIP image-tower / UnivFD parity fixtures for org.genimage.detectors.clip.

Reference: Debian python3-torch 1.13. There is no `clip` or `open_clip` package here, so the classes below
reimplement OpenAI CLIP's clip/model.py (github.com/openai/CLIP) for the image tower exactly: LayerNorm
(PyTorch's, eps 1e-5), QuickGELU, ResidualAttentionBlock (nn.MultiheadAttention, mlp c_fc / gelu / c_proj),
Transformer (sequence-first, as CLIP permutes NLD -> LND) and VisionTransformer (conv1 without bias,
class_embedding, positional_embedding, ln_pre, transformer, ln_post on the class token, x @ proj). Module
names are CLIP's, so state_dict() gives OpenAI's names. UnivFD's head is CLIPModel.fc = nn.Linear(dim, 1)
on encode_image's output.

Small towers get seeded random weights (every tensor of a sensible scale, so no block is trivially zero);
per variant, into src/test/resources/fixtures/clip/:

  <variant>.weights.safetensors   a UnivFD-style state dict: visual.* (OpenAI names), fc.weight / fc.bias,
                                  plus two text-tower tensors (token_embedding.weight, logit_scale) that an
                                  import must skip
  <variant>.io.safetensors        "input" [B,3,H,W], "embed" (tokens + positional embedding), "ln_pre",
                                  every block's output "block<i>" ([B, L, D]), "embedding" (encode_image)
                                  and "logits" (fc(embedding))

Variants: clip_tiny (QuickGELU, as OpenAI's weights) and clip_tiny_gelu (nn.GELU, as open_clip's own
LAION towers). The safetensors writer is make_transformer_fixtures.write_safetensors.

  make_clip_fixtures.py        regenerate the committed fixtures (byte for byte)
"""
import os
from collections import OrderedDict

import torch
from torch import nn

from make_transformer_fixtures import write_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures", "clip")


class LayerNorm(nn.LayerNorm):
    """CLIP's: torch's LayerNorm computed in float32."""

    def forward(self, x):
        orig_type = x.dtype
        ret = super().forward(x.type(torch.float32))
        return ret.type(orig_type)


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, d_model, n_head, act):
        super().__init__()
        self.attn = nn.MultiheadAttention(d_model, n_head)
        self.ln_1 = LayerNorm(d_model)
        self.mlp = nn.Sequential(OrderedDict([
            ("c_fc", nn.Linear(d_model, d_model * 4)),
            ("gelu", act()),
            ("c_proj", nn.Linear(d_model * 4, d_model)),
        ]))
        self.ln_2 = LayerNorm(d_model)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x), self.ln_1(x), self.ln_1(x), need_weights=False)[0]
        x = x + self.mlp(self.ln_2(x))
        return x


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, act):
        super().__init__()
        self.resblocks = nn.Sequential(*[ResidualAttentionBlock(width, heads, act) for _ in range(layers)])

    def forward(self, x):
        return self.resblocks(x)


class VisionTransformer(nn.Module):
    def __init__(self, input_resolution, patch_size, width, layers, heads, output_dim, act):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch_size, stride=patch_size, bias=False)
        scale = width ** -0.5
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn((input_resolution // patch_size) ** 2 + 1, width))
        self.ln_pre = LayerNorm(width)
        self.transformer = Transformer(width, layers, heads, act)
        self.ln_post = LayerNorm(width)
        self.proj = nn.Parameter(scale * torch.randn(width, output_dim))

    def forward(self, x, acts=None):
        x = self.conv1(x)
        x = x.reshape(x.shape[0], x.shape[1], -1)
        x = x.permute(0, 2, 1)
        x = torch.cat([self.class_embedding.to(x.dtype)
                       + torch.zeros(x.shape[0], 1, x.shape[-1], dtype=x.dtype, device=x.device), x], dim=1)
        x = x + self.positional_embedding.to(x.dtype)
        if acts is not None:
            acts["embed"] = x.clone()
        x = self.ln_pre(x)
        if acts is not None:
            acts["ln_pre"] = x.clone()
        x = x.permute(1, 0, 2)  # NLD -> LND
        for i, block in enumerate(self.transformer.resblocks):
            x = block(x)
            if acts is not None:
                acts[f"block{i}"] = x.permute(1, 0, 2).clone()
        x = x.permute(1, 0, 2)  # LND -> NLD
        x = self.ln_post(x[:, 0, :])
        x = x @ self.proj
        return x


class UnivFd(nn.Module):
    """UnivFD's CLIPModel with the tower as `visual` (OpenAI's CLIP keeps it under that name)."""

    def __init__(self, visual, dim):
        super().__init__()
        self.visual = visual
        self.fc = nn.Linear(dim, 1)


def randomise(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            leaf = name.rsplit(".", 1)[-1]
            if "ln_" in name and leaf == "weight":
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=g))
            elif leaf == "bias" or leaf.endswith("_bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith("class_embedding") or name.endswith("positional_embedding"):
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            elif name.endswith("proj") and p.dim() == 2 and "attn" not in name and "mlp" not in name:
                p.copy_(torch.randn(p.shape, generator=g) / p.shape[0] ** 0.5)  # [width, out]: fan-in rows
            else:
                p.copy_(torch.randn(p.shape, generator=g) / p[0].numel() ** 0.5)
    model.eval()
    return model


def variant(name, act, seed):
    # 32 px, patch 8 -> 4x4 grid + class token (seq 17), width 48, 2 layers, 3 heads, embedding 24
    visual = VisionTransformer(32, 8, 48, 2, 3, 24, act)
    m = randomise(UnivFd(visual, 24), seed)
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(seed + 10))
    acts = {"input": x}
    with torch.no_grad():
        emb = m.visual(x, acts)
        acts["embedding"] = emb
        acts["logits"] = m.fc(emb)
    sd = OrderedDict(m.state_dict())
    g = torch.Generator().manual_seed(seed + 20)
    sd["token_embedding.weight"] = torch.randn(5, 8, generator=g)
    sd["logit_scale"] = torch.tensor(4.6052)
    write_safetensors(os.path.join(OUT, f"{name}.weights.safetensors"), sd, {"arch": "clip-vit"})
    write_safetensors(os.path.join(OUT, f"{name}.io.safetensors"), acts)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    variant("clip_tiny", QuickGELU, 1)
    variant("clip_tiny_gelu", nn.GELU, 2)


if __name__ == "__main__":
    main()
