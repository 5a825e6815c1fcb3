"""Makes the decoder fixtures with Pillow 9.4 (Debian python3-pil): small images in the formats and
variants ImageNet and GenImage contain, plus Pillow's own RGB decode of each for comparison.
Run: /usr/bin/python3 src/test/python/make_decode_fixtures.py (from genimage-dataset/)."""
import io, os, struct
import numpy as np
from PIL import Image

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "decode")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(5)
y, x = np.mgrid[0:48, 0:40]
base = np.stack([(x * 6) % 256, (y * 5) % 256, ((x + y) * 3) % 256], -1).astype(np.float64)
base += rng.normal(0, 8, base.shape)
rgb = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")

def save(name, img, **kw):
    img.save(os.path.join(OUT, name), **kw)

save("q96.jpg", rgb, quality=96)
save("q75.jpg", rgb, quality=75)
save("q30.jpg", rgb, quality=30)
save("rgb.png", rgb)
save("rgb.webp", rgb, lossless=True)
save("rgb.bmp", rgb)
save("gray.png", rgb.convert("L"))
save("palette.png", rgb.convert("P"))
save("rgba.png", rgb.convert("RGBA"))
save("cmyk.jpg", rgb.convert("CMYK"), quality=95)
# A JPEG with a garbage ICC profile (APP2 ICC_PROFILE segment of random bytes), as some ImageNet files.
buf = io.BytesIO(); rgb.save(buf, "JPEG", quality=90); b = buf.getvalue()
icc = b"ICC_PROFILE\x00\x01\x01" + bytes(rng.integers(0, 256, 200, dtype=np.uint8))
seg = b"\xff\xe2" + struct.pack(">H", len(icc) + 2) + icc
open(os.path.join(OUT, "bad_icc.jpg"), "wb").write(b[:2] + seg + b[2:])
# Pillow's decoded pixels of the lossless files and of q96.jpg, raw RGB bytes.
for name in ["rgb.png", "rgb.webp", "rgb.bmp", "gray.png", "palette.png", "rgba.png", "q96.jpg"]:
    arr = np.asarray(Image.open(os.path.join(OUT, name)).convert("RGB"))
    open(os.path.join(OUT, name + ".rgb"), "wb").write(arr.tobytes())
