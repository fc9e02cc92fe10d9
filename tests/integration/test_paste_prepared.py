"""A pasted picture prepared in the worker process (``intake.prepare_paste``) and stored by
the session (``EvidenceStore.add_prepared``); big originals written a chunk at a time."""

import hashlib
import io
import os
import random
import stat
from dataclasses import replace

import pytest
from PIL import Image

from tbcase.domain.errors import KnownError
from tbcase.storage import imaging, intake
from tbcase.storage.evidence import BLOB_CHUNK
from tests.helpers import make_png

# one pixel per layout, as the bytes lie in memory, and the RGB(A) it is
PIXELS = {
    "BGRX": (bytes([30, 20, 10, 0]), (10, 20, 30)),
    "BGRA": (bytes([30, 20, 10, 128]), (10, 20, 30, 128)),
    "BGRa": (bytes([15, 10, 5, 128]), (9, 19, 9, 128)),  # premultiplied: the colour divided back
    "XRGB": (bytes([0, 10, 20, 30]), (10, 20, 30)),
    "ARGB": (bytes([128, 10, 20, 30]), (10, 20, 30, 128)),
    "RGB": (bytes([10, 20, 30]), (10, 20, 30)),
    "BGR": (bytes([30, 20, 10]), (10, 20, 30)),
    "RGBX": (bytes([10, 20, 30, 99]), (10, 20, 30)),
    "RGBA": (bytes([10, 20, 30, 128]), (10, 20, 30, 128)),
    "L": (bytes([77]), 77),
}


@pytest.mark.parametrize("layout", sorted(PIXELS))
def test_pixels_in_each_layout_become_a_png_of_the_same_colours(layout):
    pixel, colour = PIXELS[layout]
    stride = len(pixel) * 3 + 4  # rows padded, as QImage pads them
    row = pixel * 3 + bytes(4)
    png = imaging.encode_pixels(row * 2, 3, 2, stride, layout)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (3, 2)
    got = img.getpixel((2, 1))
    if layout == "BGRa":  # rounding of the un-premultiplication
        assert all(abs(a - b) <= 3 for a, b in zip(got, (10, 20, 30, 128), strict=True)), got
    else:
        assert got == colour


def test_a_buffer_shorter_than_it_says_is_refused():
    with pytest.raises(KnownError) as e:
        imaging.encode_pixels(bytes(10), 3, 2, 12, "BGRX")
    assert e.value.code == "image_corrupt"
    with pytest.raises(KnownError) as e:
        imaging.encode_pixels(bytes(100), 3, 2, 12, "CMYK")
    assert e.value.code == "not_an_image"


def test_prepared_paste_writes_its_bytes_to_a_private_file_and_leaves_them_out(tmp_path):
    pixels = random.Random(3).randbytes(64 * 48 * 4)
    out = tmp_path / "pasted"
    item = intake.prepare_paste(str(out), "粘贴的截图", (64, 48, 256, "BGRA"), payload=pixels)
    data = out.read_bytes()
    assert item.data == b"" and item.sha256 == hashlib.sha256(data).hexdigest()
    assert (item.kind, item.title, item.via, item.media_type) == ("screenshot", "粘贴的截图", "paste", "image/png")
    assert item.image is not None and item.image.thumb is not None
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):  # never written through a file planted there
        intake.prepare_paste(str(out), "x", (64, 48, 256, "BGRA"), payload=pixels)


def test_a_big_original_is_stored_whole_and_a_changed_one_is_refused(new_case, tmp_path):
    """An original over BLOB_CHUNK goes in through incremental blob writes: read back equal.
    Bytes that are not the ones prepared (their hash differs) are refused, nothing added."""
    case = new_case()
    png = make_png(1500, 2600, seed=4)
    noise = Image.frombytes("RGB", (900, 900), random.Random(5).randbytes(900 * 900 * 3))
    buf = io.BytesIO()
    noise.save(buf, "PNG")
    big = buf.getvalue()
    assert len(big) > 2 * BLOB_CHUNK
    item = intake.prepare(big, "", kind=intake.EvidenceKind.SCREENSHOT, title="粘贴的截图")
    added = case.evidence.add_prepared(item)
    assert case.evidence.original(added.id) == big and not added.duplicate
    again = case.evidence.add_prepared(item)
    assert again.duplicate and again.id == added.id
    other = intake.prepare(png, "")
    with pytest.raises(KnownError) as e:
        case.evidence.add_prepared(replace(other, data=png[:-1] + b"\x00"))
    assert e.value.code == "image_corrupt" and case.evidence.count() == 1
    assert case.findings() == []  # the chain and every original hold


def _zlib_level_flag(png: bytes) -> int:
    """The compression level a PNG's first IDAT says it was written with (zlib's FLEVEL:
    0 fastest, 2 default)."""
    start = png.index(b"IDAT") + 4
    return png[start + 1] >> 6


def test_a_big_pasted_picture_is_stored_with_the_fast_zlib_level_and_exactly_its_pixels():
    """A 24-megapixel pasted photo took 5-16 s to appear, most of it PNG encoding: a picture
    over 4 megapixels is written at zlib level 1 (lossless all the same: the same pixels
    come back), a screenshot-sized one at the default, where it is much smaller."""
    width, height = 2400, 1800  # 4.3 megapixels
    pixels = random.Random(3).randbytes(width * height * 4)
    png = imaging.encode_pixels(pixels, width, height, width * 4, "BGRX")
    assert _zlib_level_flag(png) == 0
    back = Image.open(io.BytesIO(png))
    assert back.size == (width, height)
    want = Image.frombuffer("RGB", (width, height), pixels, "raw", "BGRX", width * 4, 1)
    assert back.tobytes() == want.tobytes()
    small = imaging.encode_pixels(pixels[:1170 * 2532 * 4], 1170, 2532, 1170 * 4, "BGRX")
    assert _zlib_level_flag(small) == 2


def test_a_prepared_paste_reports_its_two_steps(tmp_path):
    """The window's progress for a big pasted picture: two steps, the last (1 of 2) when its
    pixels are encoded and it is being read."""
    seen = []
    intake.prepare_paste(str(tmp_path / "pasted"), "粘贴的截图", (64, 48, 256, "BGRA"),
                         payload=bytes(64 * 48 * 4), report=lambda *step: seen.append(step))
    assert seen[-1] == (1, 2, "") and {total for _, total, _ in seen} == {2}


def test_a_pasted_buffer_is_taken_exactly_up_to_its_bounds():
    """Rows of at least width × bytes per pixel, a buffer of at least stride × height, a size
    above zero and at most the decode limit: each bound taken exactly, one past it refused with
    its own reason (a bomb names its pixels)."""
    assert Image.open(io.BytesIO(imaging.encode_pixels(bytes(12 * 2), 3, 2, 12, "BGRX"))).size == (3, 2)
    assert Image.open(io.BytesIO(imaging.encode_pixels(bytes(6), 3, 2, 3, "L"))).size == (3, 2)
    for args, code in (((bytes(11 * 2), 3, 2, 11, "BGRX"), "image_corrupt"),
                       ((bytes(12 * 2 - 1), 3, 2, 12, "BGRX"), "image_corrupt"),
                       ((bytes(8), 3, 2, 3, "RGB"), "image_corrupt"),
                       ((bytes(12), 0, 2, 12, "BGRX"), "not_an_image"), ((bytes(12), 3, 0, 12, "BGRX"), "not_an_image"),
                       ((bytes(12), -3, -2, 12, "BGRX"), "not_an_image")):
        with pytest.raises(KnownError) as info:
            imaging.encode_pixels(*args)
        assert info.value.code == code, args
    width = imaging.OTHER_DECODE_PIXELS // 1000
    with pytest.raises(KnownError) as info:
        imaging.encode_pixels(b"", width, 1001, width, "L")
    assert (info.value.code, info.value.params) == ("image_bomb", {"pixels": width * 1001})


def test_an_item_stored_again_by_a_second_writer_is_the_same_exhibit_said_to_be_a_duplicate(new_case):
    """Two writers prepared the same bytes (a phone upload and a drop): the second store finds the
    first inside its transaction and returns it, marked a duplicate; one exhibit, one entry."""
    case = new_case()
    item = intake.prepare(make_png(300, 400, seed=9), "同一张.png")
    first = case.evidence.store(item)
    second = case.evidence.store(item)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert (second.id, second.exhibit, second.sha256, second.title) == (first.id, 1, first.sha256, "同一张")
    assert case.evidence.count() == 1 and [h.what for h in case.history()].count("evidence.added") == 1


def test_a_pasted_picture_of_a_deleted_exhibit_brings_that_exhibit_back(new_case):
    """The user deleted an exhibit, then pastes the same picture again: the exhibit comes back
    (its number, its history), as when the file is added again; no second copy is stored."""
    case = new_case()
    item = intake.prepare(make_png(300, 500, seed=9), "", kind=intake.EvidenceKind.SCREENSHOT, title="粘贴的截图")
    first = case.evidence.add_prepared(item)
    case.evidence.delete(first.id)
    assert case.evidence.all() == []
    again = case.evidence.add_prepared(item)
    assert (again.id, again.duplicate) == (first.id, True)
    assert [e.id for e in case.evidence.all()] == [first.id] and case.findings() == []
