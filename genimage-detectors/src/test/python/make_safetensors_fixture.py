"""Writes fixtures/safetensors/mixed.safetensors (one tensor per dtype) and mixed.json (expected floats).

Run from genimage-detectors/:  /usr/bin/python3 src/test/python/make_safetensors_fixture.py
Deterministic: regenerating reproduces the committed files byte for byte.
"""
import json
import os

import numpy as np

import safetensors_np

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'fixtures', 'safetensors')


def main():
    rng = np.random.default_rng(1234)
    f32 = rng.standard_normal((2, 3)).astype('<f4')
    f16 = np.array([0.0, -2.5, 65504.0, 6.1035156e-05, 5.9604645e-08, 1.0 / 3], dtype='<f2')
    f64 = rng.standard_normal(4).astype('<f8')
    i64 = np.array([[7, -3], [0, 16777216]], dtype='<i8')
    bf_src = np.array([1.0, -0.15625, 3.140625, 1e20], dtype='<f4')
    bf_bits = (bf_src.view('<u4') >> 16).astype('<u2')  # truncation: exact for these values' top halves
    bf_vals = (bf_bits.astype('<u4') << 16).view('<f4')
    safetensors_np.write(os.path.join(OUT, 'mixed.safetensors'),
                         {'a.f32': f32, 'b.f16': f16, 'c.f64': f64, 'd.i64': i64, 'scalar': np.float32(2.5)},
                         metadata={'format': 'pt', 'note': 'fixture'},
                         raw={'e.bf16': ('BF16', [4], bf_bits.tobytes())})
    expected = {
        'a.f32': {'shape': [2, 3], 'values': [float(x) for x in f32.ravel()]},
        'b.f16': {'shape': [6], 'values': [float(x) for x in f16.astype('<f4')]},
        'c.f64': {'shape': [4], 'values': [float(np.float32(x)) for x in f64]},
        'd.i64': {'shape': [2, 2], 'values': [float(x) for x in i64.ravel()]},
        'scalar': {'shape': [], 'values': [2.5]},
        'e.bf16': {'shape': [4], 'values': [float(x) for x in bf_vals]},
    }
    with open(os.path.join(OUT, 'mixed.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
