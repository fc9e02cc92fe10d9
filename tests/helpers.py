"""Real test data made on the fly: screenshots, photos with EXIF."""

import io
import random
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ORDER = "4528716093384027715"


def make_png(width=1170, height=2532, seed=0, text_lines=40) -> bytes:
    """A phone-screenshot-like PNG: white page, rows of dark 'text' blocks."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, width, 160], fill=(255, 80, 0))
    y = 200
    for _ in range(text_lines):
        x = 40
        while x < width - 120:
            w = rnd.randint(20, 90)
            draw.rectangle([x, y, x + w, y + 28], fill=(rnd.randint(0, 80),) * 3)
            x += w + rnd.randint(8, 20)
        y += 56
        if y > height - 60:
            break
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def make_jpeg(width=400, height=300, orientation=None, when=None, seed=1) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (width, height), (seed * 40 % 255, 120, 200))
    img.paste((255, 0, 0), (0, 0, width // 4, height // 4))  # a red corner to see rotation
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if when:
        exif.get_ifd(0x8769)[0x9003] = when
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()
