"""Reference fixtures from timm itself, for genimage's timm weight-name mapping and parity tests.

timm is not a Debian package, so this script runs where timm is installed (it was run on the GPU
device machine lent to one session, CPU only, timm version recorded in meta.json). It downloads
nothing: models are built with random weights (pretrained=False), seeded, then perturbed so biases and
norms are not at their trivial initial values.

Writes into OUT_DIR (default: ./timm-fixtures):
  keys_deit_small_patch16_224.json, keys_swin_tiny_patch4_window7_224.json
      every state-dict tensor name and shape of the full models with a 2-class head
  vit_small_weights.safetensors, vit_small_io.safetensors
      a small timm VisionTransformer (img 32, patch 8, width 48, depth 2, heads 3), input and logits
  vit_small_resized_io.safetensors
      the same weights loaded into an img-48 model through timm's checkpoint filter (position
      embeddings resampled as timm does), its resampled pos_embed, an input and logits
  swin_small_weights.safetensors, swin_small_io.safetensors
      a small timm SwinTransformer (img 56, patch 4, window 7, width 24, depths 2-2, heads 2-4: the
      first stage's shifted blocks use the attention mask), input and logits
  meta.json   versions and the model settings above
"""
import json
import os
import sys

import timm
import torch
from safetensors.torch import save_file
from timm.models.swin_transformer import SwinTransformer
from timm.models.vision_transformer import VisionTransformer, checkpoint_filter_fn

out = sys.argv[1] if len(sys.argv) > 1 else "timm-fixtures"
os.makedirs(out, exist_ok=True)
torch.set_num_threads(4)


def keys(name):
    model = timm.create_model(name, pretrained=False, num_classes=2)
    sd = model.state_dict()
    with open(os.path.join(out, f"keys_{name}.json"), "w") as f:
        json.dump({k: list(v.shape) for k, v in sd.items()}, f, indent=1)


def perturb(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=g) * 0.05)
    return model.eval()


def contiguous(sd):
    return {k: v.detach().contiguous().clone() for k, v in sd.items()}


keys("deit_small_patch16_224")
keys("swin_tiny_patch4_window7_224")

vit_cfg = dict(patch_size=8, num_classes=2, embed_dim=48, depth=2, num_heads=3, mlp_ratio=4.0,
               qkv_bias=True)
torch.manual_seed(0)
vit = perturb(VisionTransformer(img_size=32, **vit_cfg), 1)
x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(2))
with torch.no_grad():
    y = vit(x)
save_file(contiguous(vit.state_dict()), os.path.join(out, "vit_small_weights.safetensors"))
save_file({"input": x, "logits": y}, os.path.join(out, "vit_small_io.safetensors"))

vit48 = VisionTransformer(img_size=48, **vit_cfg).eval()
vit48.load_state_dict(checkpoint_filter_fn(vit.state_dict(), vit48))
x48 = torch.randn(2, 3, 48, 48, generator=torch.Generator().manual_seed(3))
with torch.no_grad():
    y48 = vit48(x48)
save_file({"input": x48, "logits": y48, "pos_embed": vit48.pos_embed.detach().contiguous()},
          os.path.join(out, "vit_small_resized_io.safetensors"))

swin_cfg = dict(img_size=56, patch_size=4, num_classes=2, embed_dim=24, depths=(2, 2),
                num_heads=(2, 4), window_size=7)
torch.manual_seed(0)
swin = perturb(SwinTransformer(**swin_cfg), 4)
xs = torch.randn(2, 3, 56, 56, generator=torch.Generator().manual_seed(5))
with torch.no_grad():
    ys = swin(xs)
save_file(contiguous(swin.state_dict()), os.path.join(out, "swin_small_weights.safetensors"))
save_file({"input": xs, "logits": ys}, os.path.join(out, "swin_small_io.safetensors"))

with open(os.path.join(out, "meta.json"), "w") as f:
    json.dump({"timm": timm.__version__, "torch": torch.__version__, "vit_small": vit_cfg,
               "vit_small_img": 32, "vit_resized_img": 48, "swin_small": swin_cfg,
               "perturbation_std": 0.05}, f, indent=1, default=list)
print("wrote", sorted(os.listdir(out)))
