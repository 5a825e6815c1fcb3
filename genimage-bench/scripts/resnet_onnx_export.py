#!/usr/bin/python3
"""Exports the PyTorch peer's ResNet-50 to ONNX for the optional ONNX Runtime Java column of resnet_peer.sh.

Builds the model exactly as resnet_peer.py does (torch.manual_seed(0), then torchvision
resnet50(num_classes=2).eval(), then torch.randn(batch, 3, size, size)), so the ONNX weights and the input
are the ones PyTorch times. Writes, into --out (default genimage-bench/target/onnx, git-ignored):

    resnet50_b<batch>_s<size>.onnx          opset 17, fixed batch and size, input "input", output "logits"
    resnet50_b<batch>_s<size>.input.f32     the input, float32 little-endian, NCHW
    resnet50_b<batch>_s<size>.logits.f32    PyTorch's logits for that input (eval, no_grad), float32 LE

OrtResNet.java reads all three and reports the max abs difference of its logits against PyTorch's.

    /usr/bin/python3 genimage-bench/scripts/resnet_onnx_export.py --batch 8 --size 224
"""
import argparse
import os

import torch
import torchvision


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--opset', type=int, default=17)
    ap.add_argument('--out', default='genimage-bench/target/onnx')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    stem = os.path.join(a.out, 'resnet50_b%d_s%d' % (a.batch, a.size))
    # Same order of random draws as resnet_peer.py: weights first, then the input.
    torch.manual_seed(0)
    model = torchvision.models.resnet50(num_classes=2).eval()
    x = torch.randn(a.batch, 3, a.size, a.size)
    with torch.no_grad():
        logits = model(x)
    torch.onnx.export(model, x, stem + '.onnx', opset_version=a.opset, input_names=['input'],
                      output_names=['logits'], do_constant_folding=True)
    x.numpy().astype('<f4').tofile(stem + '.input.f32')
    logits.numpy().astype('<f4').tofile(stem + '.logits.f32')
    print('wrote %s.onnx (opset %d, torch %s), input %s, logits %s' % (
        stem, a.opset, torch.__version__, tuple(x.shape), tuple(logits.shape)))


if __name__ == '__main__':
    main()
