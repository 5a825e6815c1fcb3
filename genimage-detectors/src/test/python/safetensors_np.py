"""Minimal safetensors writer/reader with numpy only (the `safetensors` package is not in Debian).

Layout: 8-byte little-endian header length N, N bytes of JSON
{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}, padded with spaces
to a multiple of 8, then the raw little-endian tensor bytes. Used by the fixture scripts beside it.
"""
import json
import struct

import numpy as np

_DTYPES = {np.dtype('<f4'): 'F32', np.dtype('<f2'): 'F16', np.dtype('<f8'): 'F64',
           np.dtype('<i8'): 'I64', np.dtype('<i4'): 'I32'}


def write(path, tensors, metadata=None, raw=None):
    """tensors: ordered dict name -> numpy array; raw: name -> (dtype string, shape, bytes) for BF16."""
    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    items = [(k, _DTYPES[np.asarray(v).dtype.newbyteorder('<')], list(np.asarray(v).shape),
              np.ascontiguousarray(v).astype(np.asarray(v).dtype.newbyteorder('<')).tobytes())
             for k, v in tensors.items()]
    for k, (dt, shape, b) in (raw or {}).items():
        items.append((k, dt, list(shape), b))
    for name, dt, shape, b in items:
        header[name] = {'dtype': dt, 'shape': shape, 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_f32(path):
    """Reads an F32-only safetensors file into name -> numpy array (for checking Java-written files)."""
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        b, e = v['data_offsets']
        out[k] = np.frombuffer(data[b:e], dtype='<f4').reshape(v['shape'])
    return out
