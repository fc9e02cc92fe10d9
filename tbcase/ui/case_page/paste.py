"""A pasted picture made ready to store: its pixels handed to a worker process as they lie
in memory (``intake.prepare_paste`` encodes, decodes and makes the renditions there)."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication, QImage

from tbcase.storage.leftovers import PASTE_PREFIX, make_folder

# QImage formats whose bits Pillow reads as they are (little-endian names; see below)
_LAYOUTS = {QImage.Format.Format_RGB32: "BGRX", QImage.Format.Format_ARGB32: "BGRA",
            QImage.Format.Format_ARGB32_Premultiplied: "BGRa", QImage.Format.Format_RGB888: "RGB",
            QImage.Format.Format_BGR888: "BGR", QImage.Format.Format_RGBX8888: "RGBX",
            QImage.Format.Format_RGBA8888: "RGBA", QImage.Format.Format_RGBA8888_Premultiplied: "RGBa",
            QImage.Format.Format_Grayscale8: "L"}
_BIG_ENDIAN = {"BGRX": "XRGB", "BGRA": "ARGB"}  # 32-bit pixels read as bytes


def pixel_buffer(image: QImage) -> tuple[QImage, memoryview, tuple[int, int, int, str]]:
    """A pasted picture's pixels as they lie in memory (no copy: copying or converting
    100 MB in PySide holds the interpreter lock the window's thread needs), with their
    width, height, stride and layout (``imaging.PIXEL_LAYOUTS``). The image returned must
    be kept while the view is used. A rare format is converted first."""
    layout = _LAYOUTS.get(image.format())
    if layout is None:
        alpha = image.hasAlphaChannel()
        image = image.convertToFormat(QImage.Format.Format_ARGB32 if alpha else QImage.Format.Format_RGB32)
        layout = "BGRA" if alpha else "BGRX"
    if sys.byteorder == "big":
        layout = _BIG_ENDIAN.get(layout, layout)
    view = memoryview(image.constBits())
    return image, view, (image.width(), image.height(), image.bytesPerLine(), layout)


def largest_screen_pixels() -> int:
    """How many device pixels the largest screen of this computer has."""
    return max((round(s.size().width() * s.devicePixelRatio()) * round(s.size().height() * s.devicePixelRatio())
                for s in QGuiApplication.screens()), default=0)


def prepare_paste(job, title: str, image: QImage | None, encoded: QByteArray | None, screen_pixels: int = 0):
    """A pasted picture made ready to store by a worker process (``intake.prepare_paste``:
    PNG encoding, decoding, renditions), with its bytes read back from the private file the
    process wrote them to (a read that lets go of the interpreter lock)."""
    from tbcase.ui.process import run_in_process

    folder = make_folder(PASTE_PREFIX)  # private (0700), named for this process: see storage/leftovers.py
    try:
        out = folder / "pasted"
        if image is not None:
            image, view, shape = pixel_buffer(image)
            try:
                item = run_in_process(job, "tbcase.storage.intake:prepare_paste", str(out), title, shape,
                                      screen_pixels, payload=view)
            finally:
                view.release()  # before the image it shows goes
        else:
            item = run_in_process(job, "tbcase.storage.intake:prepare_paste", str(out), title,
                                  payload=memoryview(encoded))
        return replace(item, data=out.read_bytes())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
