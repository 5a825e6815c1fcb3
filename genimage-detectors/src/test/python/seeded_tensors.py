"""The seeded tensors of org.genimage.detectors.SeededTensors (Java), to the same bits.

Element i of tensor `name`: u = 2 * ((splitmix64_mix(base + (i + 1) * golden) >> 11) * 2^-53) - 1 with
base = splitmix64_mix(seed ^ fnv1a64(name)), then scale * u + offset by the rule on name and shape, cast to
float32. Full-size training fixtures are made from these weights so that only inputs' seeds and expected
gradients are committed.
"""
import numpy as np

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
M64 = (1 << 64) - 1


def mix(z):
    """SplitMix64's output function on a uint64 numpy array (wrapping arithmetic)."""
    z = z.astype(np.uint64)
    with np.errstate(over='ignore'):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def fnv1a(name):
    h = 0xCBF29CE484222325
    for b in name.encode('utf-8'):
        h ^= b
        h = (h * 0x100000001B3) & M64
    return h


def uniform(seed, name, count):
    base = mix(np.array([(seed ^ fnv1a(name)) & M64], dtype=np.uint64))[0]
    idx = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over='ignore'):
        x = mix(base + idx * GOLDEN)
    return 2.0 * ((x >> np.uint64(11)).astype(np.float64) * 2.0 ** -53) - 1.0


def rule(name, shape):
    if 'pos_embedding' in name or 'class_token' in name or 'relative_position' in name:
        return 0.02, 0.0
    if len(shape) >= 2:
        return float(np.sqrt(3.0 / int(np.prod(shape[1:])))), 0.0
    if name.endswith('running_var') or name.endswith('weight'):
        return 0.1, 1.0
    return 0.1, 0.0


def tensor(seed, name, shape):
    u = uniform(seed, name, int(np.prod(shape)) if len(shape) else 1)
    scale, offset = rule(name, list(shape))
    return (u * scale + offset).astype(np.float32).reshape(shape)
