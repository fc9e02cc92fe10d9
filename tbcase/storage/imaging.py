"""Understanding image evidence with Pillow: what it is, its size and capture time,
and the derived display copy and thumbnail (EXIF orientation applied).

The original bytes are never changed; everything here is derived from them.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image, ImageOps, UnidentifiedImageError

from tbcase.domain.errors import KnownError
from tbcase.domain.model import SHANGHAI

try:  # HEIC photos from iPhones, where the optional plug-in is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIC = True
except ImportError:  # pragma: no cover - optional
    HEIC = False

MAX_PIXELS = 80_000_000  # far above any phone photo; a bomb is refused
# Only JPEG decodes at a reduced scale (draft mode): every other format is decoded whole,
# several bytes a pixel and a few copies (a 38-byte WebP of 16383x4800 took 1.2 GB). Their
# limit keeps a decode to a few hundred MB: a 48 MP iPhone HEIC and a long screenshot
# (1170 x 25,000) pass.
MAX_DECODE_PIXELS = {"JPEG": MAX_PIXELS, "MPO": MAX_PIXELS, "HEIF": 50_000_000, "WEBP": 16_000_000}
OTHER_DECODE_PIXELS = 30_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Capture times outside this range are a wrong clock or a forged EXIF block (0001:01:01
# made the letter fail): the time is "unknown" and the file's own time is used instead.
EARLIEST_CAPTURE = datetime(1990, 1, 1, tzinfo=SHANGHAI)
THUMB_SIZE = 256
# The display copy is what the viewer and the printed letter use (its images are
# downsampled to 1200 px anyway). 1200 also lets a phone-size JPEG decode at half scale.
DISPLAY_SIZE = 1200

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".heif", ".tif",
                  ".tiff"}
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "BMP": "image/bmp",
            "WEBP": "image/webp", "HEIF": "image/heic", "TIFF": "image/tiff", "MPO": "image/jpeg"}
# the decoders Pillow may try on bytes from anywhere (its JPEG decoder also yields MPO)
_OPENED = [f for f in _FORMATS if f != "MPO" and (f != "HEIF" or HEIC)]


def sniff_image(data: bytes) -> str | None:
    """The image media type the bytes start with, or None."""
    for magic, media in _MAGIC:
        if data.startswith(magic):
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim"):
        return "image/heic"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    return None


@dataclass(frozen=True)
class Rendition:
    media_type: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class ImageInfo:
    """An image understood; ``thumb`` and ``display`` are None when only its header was
    read (``inspect_image``): the renditions follow later (``analyse_image``)."""

    media_type: str
    width: int
    height: int
    captured: datetime | None
    thumb: Rendition | None
    display: Rendition | None


def _exif_time(img: Image.Image) -> datetime | None:
    try:
        exif = img.getexif()
        sub = exif.get_ifd(0x8769)
        raw = sub.get(0x9003) or sub.get(0x9004) or exif.get(0x0132)  # Original, Digitized, DateTime
    except Exception:  # noqa: BLE001 - a broken EXIF block only loses the time
        return None
    if not raw:
        return None
    try:
        at = datetime.strptime(str(raw).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S").replace(tzinfo=SHANGHAI)
    except ValueError:
        return None
    return at if plausible_capture(at) else None


def plausible_capture(at: datetime) -> bool:
    """A capture time a camera could have written: from 1990 to a day from now."""
    return EARLIEST_CAPTURE <= at <= datetime.now(SHANGHAI) + timedelta(days=1)


def pixel_limit(fmt: str) -> int:
    return MAX_DECODE_PIXELS.get(fmt, OTHER_DECODE_PIXELS)


@contextmanager
def decoding() -> Iterator[None]:
    """Pillow at work on bytes from anywhere: its decompression-bomb warning is an error,
    and its failures become the clear KnownErrors (a KnownError raised inside passes)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except KnownError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise KnownError("image_bomb", pixels=0) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise KnownError("image_corrupt") from None


def open_bounded(data: bytes) -> Image.Image:
    """``Image.open`` for bytes from anywhere (an import, a stored blob): only the header
    is read here; a picture above the pixel limit of its format is refused before any
    decoding. KnownError for anything that is not a readable picture.

    Only the formats the app accepts are tried (``_FORMATS``): left to itself, Pillow also
    opens EPS, whose decoding runs Ghostscript on the bytes (a display copy planted in a
    ``.tbcase`` from elsewhere ran a PostScript loop forever, and wrote files), and a
    dozen rarely used decoders."""
    with decoding():
        img = Image.open(io.BytesIO(data), formats=_OPENED)
    pixels = img.width * img.height
    if pixels > pixel_limit(img.format or ""):
        img.close()
        raise KnownError("image_bomb", pixels=pixels)
    return img


def print_copy(data: bytes, max_px: int) -> tuple[bytes, int, int]:
    """A stored picture made fit for print: at most ``max_px`` on its long side, as JPEG
    unless it already fits. KnownError when the bytes are not a picture we may decode."""
    with open_bounded(data) as im, decoding():
        w, h = im.size
        if max(w, h) <= max_px and im.format in ("JPEG", "PNG") and im.mode not in _SIXTEEN_BIT:
            im.load()  # a truncated or corrupt blob fails here, not in reportlab
            return data, w, h
        if im.format == "JPEG":
            im.draft("RGB", _fit(im.size, max_px))
        im.thumbnail((max_px, max_px))
        out = io.BytesIO()
        _flatten(im).save(out, "JPEG", quality=80)
        return out.getvalue(), im.width, im.height


def _fit(size: tuple[int, int], box: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, box / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


_SIXTEEN_BIT = ("I;16", "I;16B", "I;16L", "I;16N", "I")


def eight_bit(img: Image.Image) -> Image.Image:
    """A 16-bit greyscale picture (a PNG of bit depth 16 opens as ``I;16``, some as ``I``)
    as 8-bit ``L``, its values scaled by 1/256: Pillow's own conversion clips every value
    above 255, so a mid-grey 32768 turned white (the viewer showed a white page)."""
    if img.mode not in _SIXTEEN_BIT:
        return img
    return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")


def sixteen_bit_grey(header: bytes) -> bool:
    """Whether a file's first 26 bytes are a PNG's of 16-bit greyscale (IHDR bit depth 16,
    colour type 0): what Pillow opens as ``I;16``, whose renditions ``eight_bit`` fixed."""
    return header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR" and header[24:26] == b"\x10\x00"


def all_white(rendition: bytes) -> bool:
    """Whether a stored rendition shows nothing but white: the thumbnail of a 16-bit
    greyscale PNG made before ``eight_bit`` (every grey above 255 clipped to white). An
    unreadable one counts as white: it is made again too."""
    try:
        with decoding(), open_bounded(rendition) as img:
            img.draft("L", (64, 64))
            darkest = eight_bit(img).convert("L").getextrema()[0]  # (darkest, lightest) of one band
    except KnownError:
        return True
    return isinstance(darkest, int | float) and darkest >= 250


def _flatten(img: Image.Image) -> Image.Image:
    """RGB on white for JPEG output (transparency becomes white, as on paper)."""
    img = eight_bit(img)
    if img.mode in ("RGB", "L"):
        return img
    rgba = img.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _render(img: Image.Image, box: int, quality: int) -> tuple[Image.Image, Rendition]:
    size = _fit(img.size, box)
    small = img if size == img.size else img.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    small = _flatten(small)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=quality)
    return small, Rendition("image/jpeg", small.width, small.height, out.getvalue())


def analyse_image(data: bytes) -> ImageInfo:
    """Decode an image fully and derive its renditions; a clear KnownError otherwise."""
    if not data:
        raise KnownError("empty_file")
    media = sniff_image(data)
    if media is None:
        raise KnownError("not_an_image")
    if media == "image/heic" and not HEIC:
        raise KnownError("heic_unsupported")
    with decoding(), open_bounded(data) as img:
        fmt = img.format or ""
        full_size = img.size
        if img.mode in ("P", "PA") and "transparency" in img.info:
            img = img.convert("RGBA")
        # JPEG draft mode decodes at a reduced scale (1/2, 1/4 …) when that still
        # leaves at least the display size: much less work for big photos
        if fmt == "JPEG":
            img.draft("RGB", _fit(full_size, DISPLAY_SIZE))
        img.load()
        captured = _exif_time(img)
        w, h = _oriented_size(img, full_size)
        oriented = ImageOps.exif_transpose(img) if _orientation(img) != 1 else img
        shown, display = _render(eight_bit(oriented), DISPLAY_SIZE, 82)
        _, thumb = _render(shown, THUMB_SIZE, 80)
    return ImageInfo(_FORMATS.get(fmt, media), w, h, captured, thumb, display)


# formats whose completeness is checked from their structure alone (what phones send)
INSPECTED = {"image/png", "image/jpeg"}


def inspect_image(data: bytes) -> ImageInfo:
    """What a PNG or JPEG is, from its header and structure, without decoding its pixels:
    the refusals that decide whether it may be added (not an image, a bomb, a truncated
    file) in a few milliseconds; the renditions are made later by ``analyse_image``.

    A truncated PNG lacks its IEND chunk inside the bytes; a truncated JPEG lacks the
    end-of-image marker after its first scan. Damage inside the compressed data (a file
    that is whole but does not decode) is found only by the full decode."""
    media = sniff_image(data)
    if media not in INSPECTED:
        raise KnownError("not_an_image")
    check_complete(data)
    with open_bounded(data) as img:
        fmt = img.format or ""
        if _FORMATS.get(fmt) != media:
            raise KnownError("image_corrupt")
        # a PNG's EXIF may follow its pixels: Pillow would decode them all to find it
        header_exif = fmt != "PNG" or "exif" in img.info
        captured = _exif_time(img) if header_exif else None
        w, h = _oriented_size(img, img.size) if header_exif else img.size
    return ImageInfo(media, w, h, captured, None, None)


def check_complete(data: bytes) -> None:
    """A PNG or JPEG whose end is missing (no IEND chunk, no end-of-image marker after its
    first scan) is refused as ``image_corrupt``, whichever way it came in: a file cut short
    is not a faithful copy of the original, even when what is left still decodes (Pillow
    shows a PNG without IEND). The phone's receiver and every other path (drop, paste,
    file dialog, import, the CLI) ask this one check. Other formats: nothing to say here."""
    media = sniff_image(data)
    if media == "image/png" and not _png_complete(data) or \
            media == "image/jpeg" and not _jpeg_complete(data):
        raise KnownError("image_corrupt")


def _png_complete(data: bytes) -> bool:
    """Every chunk's declared length lies inside the bytes, up to IEND."""
    pos, end = 8, len(data)
    while pos + 12 <= end:
        length = int.from_bytes(data[pos:pos + 4], "big")
        after = pos + 12 + length
        if after > end:
            return False
        if data[pos + 4:pos + 8] == b"IEND":
            return True
        pos = after
    return False


def _jpeg_complete(data: bytes) -> bool:
    """The marker segments up to the first scan lie inside the bytes, and an end-of-image
    marker follows the scan (0xFFD9 cannot occur inside entropy-coded data)."""
    pos, end = 2, len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if length < 2 or pos + 2 + length > end:
            return False
        if marker == 0xDA:  # start of scan
            return data.find(b"\xff\xd9", pos + 2 + length) != -1
        pos += 2 + length
    return False


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 - a broken EXIF block: show the image as stored
        return 1


def _oriented_size(img: Image.Image, full_size: tuple[int, int]) -> tuple[int, int]:
    """The original's full size after EXIF orientation (draft mode may have shrunk img)."""
    w, h = full_size
    return (h, w) if _orientation(img) in (5, 6, 7, 8) else (w, h)




def decode_oriented(data: bytes) -> tuple[Image.Image, str]:
    """The whole picture decoded at full size, turned as the app shows it (EXIF
    orientation applied, as ``analyse_image`` does), in RGB on white, carrying no
    metadata; and its format. KnownError when the bytes are not a picture we may decode."""
    with decoding(), open_bounded(data) as img:
        fmt = img.format or ""
        if img.mode in ("P", "PA") and "transparency" in img.info:
            img = img.convert("RGBA")
        img.load()
        oriented = ImageOps.exif_transpose(img) if _orientation(img) != 1 else img
        rgb = _flatten(oriented).convert("RGB")
        clean = Image.new("RGB", rgb.size, "white")
        clean.paste(rgb)
    return clean, fmt


# EXIF tags that can name or place a person or device (the rest say how the picture was
# taken); the GPS directory whole; XMP, comments and text chunks (free text)
_PRIVATE_TAGS = (0x010E, 0x013B, 0x8298, 0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F)
_PRIVATE_EXIF_TAGS = (0x927C, 0x9286, 0xA420, 0xA430, 0xA431, 0xA435)
_FREE_TEXT = ("xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")
_PNG_TEXT = (b"tEXt", b"zTXt", b"iTXt", b"eXIf")


def private_metadata(data: bytes) -> bool:
    """Whether a picture carries metadata that may tell who took it or where (GPS position,
    owner or artist, serial numbers, maker notes, descriptions, XMP, comments, text chunks):
    read from the header only. A picture whose metadata cannot be read counts as carrying
    some. KnownError when it is not a picture we may open."""
    with open_bounded(data) as img:
        try:
            exif = img.getexif()
            if any(tag in exif for tag in _PRIVATE_TAGS) or len(exif.get_ifd(0x8825)) > 0:
                return True
            if any(tag in exif.get_ifd(0x8769) for tag in _PRIVATE_EXIF_TAGS):
                return True
        except Exception:  # noqa: BLE001 - an EXIF block Pillow cannot read: assume the worst
            return True
        if img.format == "PNG" and _png_chunks(data) & set(_PNG_TEXT):
            return True  # text or EXIF after the pixels too, where the header does not look
        return any(key in img.info for key in _FREE_TEXT)


def _png_chunks(data: bytes) -> set[bytes]:
    """The chunk types of a PNG, walked by their lengths (no pixel is decoded)."""
    found: set[bytes] = set()
    pos, end = 8, len(data)
    while pos + 12 <= end:
        kind = data[pos + 4:pos + 8]
        found.add(kind)
        if kind == b"IEND":
            break
        pos += 12 + int.from_bytes(data[pos:pos + 4], "big")
    return found


def encode_shown(img: Image.Image, fmt: str) -> tuple[bytes, str]:
    """A decoded picture (from ``decode_oriented``) written without metadata: photos as JPEG,
    screenshots and the rest lossless as PNG; (bytes, media type)."""
    out = io.BytesIO()
    if fmt in ("JPEG", "MPO", "HEIF"):  # a full-size PNG of a 12 MP photo is ~20 MB
        img.save(out, "JPEG", quality=90, subsampling=0)
        return out.getvalue(), "image/jpeg"
    img.save(out, "PNG")
    return out.getvalue(), "image/png"


# How a window's pixel buffer is laid out: (Pillow mode, raw mode) by the name the window
# gives it (Qt's QImage formats on a little-endian machine, and their big-endian twins)
# A big pasted picture is a photo's pixels, which zlib hardly compresses at any level: level 1
# took 2.5 CPU-s for 24 megapixels where the default (6) took 3.3, and its PNG was smaller
# (56.8 MB, not 58.2). A screenshot is small and compresses well at 6 (20 KB, not 60) in
# a few milliseconds. Lossless either way.
FAST_PNG_PIXELS = 4_000_000
FAST_PNG_LEVEL = 1
PIXEL_LAYOUTS = {"BGRX": ("RGB", "BGRX"), "BGRA": ("RGBA", "BGRA"), "BGRa": ("RGBA", "BGRa"),
                 "XRGB": ("RGB", "XRGB"), "ARGB": ("RGBA", "ARGB"), "RGB": ("RGB", "RGB"),
                 "BGR": ("RGB", "BGR"), "RGBX": ("RGB", "RGBX"), "RGBA": ("RGBA", "RGBA"),
                 "RGBa": ("RGBA", "RGBa"), "L": ("L", "L")}


def encode_pixels(pixels: bytes, width: int, height: int, stride: int, layout: str) -> bytes:
    """A pasted picture's pixels (rows of ``stride`` bytes in ``layout``, a key of
    PIXEL_LAYOUTS) as PNG: lossless, as screenshots are mostly text. KnownError when the
    buffer is not the picture it says it is."""
    if layout not in PIXEL_LAYOUTS or width <= 0 or height <= 0:
        raise KnownError("not_an_image")
    if width * height > OTHER_DECODE_PIXELS:
        raise KnownError("image_bomb", pixels=width * height)
    mode, raw = PIXEL_LAYOUTS[layout]
    if stride < width * len(raw.replace("a", "A")) or len(pixels) < stride * height:
        raise KnownError("image_corrupt")
    img = Image.frombuffer(mode, (width, height), pixels, "raw", raw, stride, 1)
    if img.mode != mode:  # Pillow maps an RGBX buffer as it lies: drop the padding byte
        img = img.convert(mode)
    out = io.BytesIO()
    img.save(out, "PNG", compress_level=FAST_PNG_LEVEL if width * height > FAST_PNG_PIXELS else 6)
    return out.getvalue()

