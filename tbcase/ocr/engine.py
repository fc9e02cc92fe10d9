"""Offline text recognition of screenshots, behind one small interface.

``recognise(image_bytes) -> list[TextBox]`` is all the rest of tbcase sees; the engine
today is RapidOCR (PP-OCR models shipped inside its wheel, run on onnxruntime), an
optional extra: ``pip install "tbcase[ocr]"``. Without it, ``available()`` is False and
``recognise`` raises the KnownError ``ocr_missing``, whose message says how to enable it.

No Qt, no database. The engine is loaded once per process (a few hundred MB) and runs
one image at a time on one onnxruntime thread: OCR is background work and must leave
the machine's other cores to the window and the other programs.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from typing import Any

from tbcase.domain.errors import KnownError
from tbcase.domain.ocrfields import TextBox

__all__ = ["TextBox", "available", "engine_name", "engine_version", "recognise", "MAX_SIDE"]

ENGINE = "rapidocr"
# Screenshots are tall: RapidOCR scales the longest side down to this before detection.
# 2400 keeps a 1080x2400 phone screenshot at full size (small text stays readable).
MAX_SIDE = 2400
THREADS = 1

_lock = threading.Lock()
_engine: Any = None


def available() -> bool:
    """The ``ocr`` extra is installed (checked without importing it)."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


def engine_name() -> str:
    return ENGINE


def engine_version() -> str:
    """``rapidocr <version>``: stored beside every result so a newer engine can redo it."""
    if not available():
        return ""
    from importlib.metadata import version

    return f"{version('rapidocr')}+ort{version('onnxruntime')}"


def _load() -> Any:
    global _engine
    if _engine is None:
        if not available():
            raise KnownError("ocr_missing")
        import logging

        from rapidocr import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        _engine = RapidOCR(params={
            "Global.log_level": "error",
            "Global.use_cls": False,  # screenshots are upright
            "Global.max_side_len": MAX_SIDE,
            "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
            "EngineConfig.onnxruntime.inter_op_num_threads": THREADS,
        })
    return _engine


@dataclass(frozen=True)
class _Decoded:
    pixels: Any  # numpy array, BGR, as the engine wants
    width: int
    height: int


def _decode(image_bytes: bytes) -> _Decoded:
    """Decode with our bounded reader (pixel limits, EXIF orientation) into RGB, then
    hand the engine a BGR array: it never parses the file itself."""
    import numpy as np
    from PIL import ImageOps

    from tbcase.storage.imaging import open_bounded

    img = open_bounded(image_bytes)
    try:
        img = ImageOps.exif_transpose(img)
        rgb = img.convert("RGB")
    except (OSError, ValueError, SyntaxError):
        raise KnownError("image_corrupt") from None
    arr = np.asarray(rgb)[:, :, ::-1].copy()
    return _Decoded(arr, rgb.width, rgb.height)


def recognise(image_bytes: bytes) -> list[TextBox]:
    """The text lines of an image, top to bottom, each with its box and score."""
    engine = _load()
    decoded = _decode(image_bytes)
    with _lock:  # one image at a time per process
        result = engine(decoded.pixels)
    boxes = getattr(result, "boxes", None)
    if boxes is None:
        return []
    out: list[TextBox] = []
    for quad, text, score in zip(boxes, result.txts, result.scores, strict=True):
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        out.append(TextBox(str(text), (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))),
                           round(float(score), 4)))
    out.sort(key=lambda b: (b.box[1], b.box[0]))
    return out
