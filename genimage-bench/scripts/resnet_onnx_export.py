#!/usr/bin/python3
"""Exports the PyTorch peer's ResNet-50 to ONNX for the optional ONNX Runtime Java rows of resnet_peer.sh.

Builds the model exactly as resnet_peer.py does (its build(): torch.manual_seed(0), then torchvision
resnet50(num_classes=2).eval(), then torch.randn(batch, 3, size, size), then the calibration batches), so the ONNX
weights and the input are the ones PyTorch times. Writes, into --out (default genimage-bench/target/onnx,
git-ignored):

    resnet50_b<batch>_s<size>.onnx          opset 17, fixed batch and size, input "input", output "logits"
    resnet50_b<batch>_s<size>.input.f32     the input, float32 little-endian, NCHW
    resnet50_b<batch>_s<size>.logits.f32    PyTorch's logits for that input (eval, no_grad), float32 LE

With --int8 also resnet50_b<batch>_s<size>_int8.onnx (with the same .input.f32 and .logits.f32 beside it under
the _int8 stem: the reference stays PyTorch's fp32 logits): PyTorch's own int8 model (resnet_peer.quantize_int8:
FX, onednn qconfig, --calib batches) exported as QDQ (QuantizeLinear/DequantizeLinear around fp32 Conv, Add,
MaxPool, Gemm; weights int8 per output channel, activations uint8 per tensor), which ONNX Runtime's graph
optimiser fuses into QLinearConv and friends. So ONNX Runtime runs the same quantised model, same scales, as the
pytorch-int8-fx-onednn row. The exporter wraps every QuantizeLinear output in a Cast to its own type and writes
scales and zero points as Constant nodes; tidy() removes those casts and turns the constants into initializers, so
ORT's QDQ fusion sees its patterns. (Python onnxruntime's quantize_static is not used: no onnxruntime wheel can be
installed here, see genimage-bench/README.md.)

OrtForward.java reads the three files and reports the difference of its logits against PyTorch's fp32 ones.

    /usr/bin/python3 genimage-bench/scripts/resnet_onnx_export.py --batch 8 --size 224 [--int8 --calib 4]
"""
import argparse
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper

import resnet_peer


def tidy(model):
    """Removes the exporter's no-op Casts after QuantizeLinear and turns Constant nodes (and the constant
    ConstantOfShape->Cast zero points of the biases) into initializers; returns the model and the casts removed."""
    g = model.graph
    consts = {}
    for n in g.node:
        if n.op_type == 'Constant' and len(n.attribute) == 1 and n.attribute[0].name == 'value':
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    q_type = {}
    for n in g.node:
        if n.op_type == 'QuantizeLinear':
            zp = n.input[2] if len(n.input) > 2 else None
            q_type[n.output[0]] = consts[zp].dtype if zp in consts else np.dtype(np.uint8)
    to_np = {onnx.TensorProto.UINT8: np.dtype(np.uint8), onnx.TensorProto.INT8: np.dtype(np.int8),
             onnx.TensorProto.INT32: np.dtype(np.int32)}
    rename = {}
    keep = []
    removed = 0
    for n in g.node:
        to = next((a.i for a in n.attribute if a.name == 'to'), None) if n.op_type == 'Cast' else None
        if n.op_type == 'Cast' and n.input[0] in q_type and to_np.get(to) == q_type[n.input[0]]:
            rename[n.output[0]] = n.input[0]
            removed += 1
            continue
        if n.op_type == 'ConstantOfShape' and n.input[0] in consts:
            v = numpy_helper.to_array(n.attribute[0].t) if n.attribute else np.zeros(1, np.float32)
            consts[n.output[0]] = np.full(consts[n.input[0]].astype(np.int64), v.ravel()[0], v.dtype)
            continue
        if n.op_type == 'Cast' and n.input[0] in consts and to in to_np:
            consts[n.output[0]] = consts[n.input[0]].astype(to_np[to])
            continue
        if n.op_type == 'Constant':
            continue
        keep.append(n)
    for n in keep:
        for i, name in enumerate(n.input):
            n.input[i] = rename.get(name, name)
    used = {i for n in keep for i in n.input} | {o.name for o in g.output}
    del g.node[:]
    g.node.extend(keep)
    g.initializer.extend(numpy_helper.from_array(np.asarray(v), k) for k, v in consts.items() if k in used)
    onnx.checker.check_model(model)
    return model, removed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--opset', type=int, default=17)
    ap.add_argument('--out', default='genimage-bench/target/onnx')
    ap.add_argument('--int8', action='store_true', help='also write the int8 (QDQ) model')
    ap.add_argument('--calib', type=int, default=4, help='int8: calibration batches, as resnet_peer.py --calib')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    stem = os.path.join(a.out, 'resnet50_b%d_s%d' % (a.batch, a.size))
    model, x, calib = resnet_peer.build(a.batch, a.size, a.calib if a.int8 else 0)
    with torch.no_grad():
        logits = model(x)
    torch.onnx.export(model, x, stem + '.onnx', opset_version=a.opset, input_names=['input'],
                      output_names=['logits'], do_constant_folding=True)
    print('wrote %s.onnx (opset %d, torch %s), input %s, logits %s' % (
        stem, a.opset, torch.__version__, tuple(x.shape), tuple(logits.shape)))
    stems = [stem]
    if a.int8:
        q = resnet_peer.quantize_int8(model, x, calib)
        with torch.no_grad():
            d = (q(x) - logits).abs().max().item()
        torch.onnx.export(q, x, stem + '_int8.onnx', opset_version=a.opset, input_names=['input'],
                          output_names=['logits'], do_constant_folding=True)
        m, removed = tidy(onnx.load(stem + '_int8.onnx'))
        onnx.save(m, stem + '_int8.onnx')
        ops = {}
        for n in m.graph.node:
            ops[n.op_type] = ops.get(n.op_type, 0) + 1
        print('wrote %s_int8.onnx (QDQ from PyTorch FX int8, %d calibration batches, %d casts removed; %s); '
              'PyTorch int8 vs fp32 on the input: max abs %.3g, relative to the largest logit %.3g' % (
                  stem, a.calib, removed, ', '.join('%s %d' % kv for kv in sorted(ops.items())), d,
                  d / logits.abs().max().item()))
        stems.append(stem + '_int8')
    for s in stems:
        x.numpy().astype('<f4').tofile(s + '.input.f32')
        logits.numpy().astype('<f4').tofile(s + '.logits.f32')


if __name__ == '__main__':
    main()
