"""A 16-bit greyscale PNG (bit depth 16, as scanners and some screenshot tools write) is
shown, thumbnailed, printed and redacted with its greys, not white: Pillow opens it as
``I;16`` and its own conversion to 8 bit clips every value above 255, so the viewer showed
a white page. ``imaging.eight_bit`` scales by 1/256. Checked by pixel."""

import io

import pytest
from PIL import Image

from tbcase.storage import imaging
from tbcase.storage.library import Library
from tests.helpers import ORDER, window_on_case

DARK, LIGHT = 16384, 49152  # 64 and 192 in 8 bit


def sixteen_bit_png(w=240, h=160):
    img = Image.new("I;16", (w, h), DARK)
    img.paste(Image.new("I;16", (w // 2, h), LIGHT), (w // 2, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).mode == "I;16" and data[24] == 16  # IHDR bit depth
    return data


def _grey(img, x, y):
    px = img.convert("RGB").getpixel((x, y))
    return sum(px) / 3


def test_renditions_print_copy_and_redaction_keep_the_greys():
    data = sixteen_bit_png()
    info = imaging.analyse_image(data)
    for rendition in (info.display, info.thumb):
        img = Image.open(io.BytesIO(rendition.data))
        w, h = img.size
        assert abs(_grey(img, w // 4, h // 2) - 64) <= 3
        assert abs(_grey(img, 3 * w // 4, h // 2) - 192) <= 3
    printed, _, _ = imaging.print_copy(data, 2000)
    img = Image.open(io.BytesIO(printed))
    assert abs(_grey(img, 60, 80) - 64) <= 3 and abs(_grey(img, 180, 80) - 192) <= 3
    shown, _ = imaging.decode_oriented(data)
    assert abs(_grey(shown, 60, 80) - 64) <= 1 and abs(_grey(shown, 180, 80) - 192) <= 1


@pytest.mark.gui
def test_the_viewer_shows_a_sixteen_bit_png_grey(qtbot, qapp, tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    case = Library(folder).create(order_no=ORDER, complaint_type="quality", shop="青禾家居旗舰店")
    case.evidence.add(sixteen_bit_png(), "scan16.png")
    case.close()
    app = window_on_case(qapp, qtbot, monkeypatch, folder)
    try:
        tab = app.window.page.tab("evidence")
        qtbot.waitUntil(lambda: len(tab.model.items) == 1, timeout=5000)
        viewer = tab.make_viewer()
        viewer.show()
        qtbot.waitUntil(lambda: viewer.pixmap is not None and not viewer.pixmap.isNull(), timeout=10000)
        image = viewer.pixmap.toImage()
        left = image.pixelColor(image.width() // 4, image.height() // 2)
        right = image.pixelColor(3 * image.width() // 4, image.height() // 2)
        assert abs(left.red() - 64) <= 3 and abs(left.green() - 64) <= 3, left.name()
        assert abs(right.red() - 192) <= 3, right.name()
        viewer.close()
    finally:
        app.close()


def _white_jpeg(w, h):
    out = io.BytesIO()
    Image.new("RGB", (w, h), "white").save(out, "JPEG")
    return out.getvalue()


def _stale_case(folder):
    """A case holding a real 16-bit PNG and, as an older tbcase made them, a white
    thumbnail and display copy (written over the good ones), plus an 8-bit white PNG."""
    import sqlite3

    case = Library(folder).create(order_no=ORDER, complaint_type="quality", shop="青禾家居旗舰店")
    scan = case.evidence.add(sixteen_bit_png(), "scan16.png")
    white = Image.new("RGB", (200, 300), "white")
    out = io.BytesIO()
    white.save(out, "PNG")
    blank = case.evidence.add(out.getvalue(), "blank.png")
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    for kind in ("thumb", "display"):
        con.execute("UPDATE derived SET data = ? WHERE evidence_id = ? AND kind = ?",
                    (_white_jpeg(240, 160), scan.id, kind))
    con.commit()
    con.close()
    return path, scan, blank


def _greys(rendition):
    img = Image.open(io.BytesIO(rendition))
    w, h = img.size
    return round(_grey(img, w // 4, h // 2)), round(_grey(img, 3 * w // 4, h // 2))


def test_white_renditions_of_a_sixteen_bit_png_are_made_again(tmp_path):
    """Renditions an older tbcase made of a 16-bit greyscale PNG are white: they are found
    (its PNG header says 16-bit grey, its thumbnail is all white) and made again with the
    greys; an 8-bit PNG that is white is left alone."""
    from tbcase.storage.casefile import CaseFile

    path, scan, blank = _stale_case(tmp_path / "lib")
    with CaseFile.open(path) as case:
        assert case.evidence.stale_renditions() == [scan.id]
        assert _greys(case.evidence.derived(scan.id, "display")) == (255, 255)
        assert case.evidence.ensure_derived() == 1
        for kind in ("thumb", "display"):
            low, high = _greys(case.evidence.derived(scan.id, kind))
            assert abs(low - 64) <= 3 and abs(high - 192) <= 3, kind
        assert case.evidence.stale_renditions() == [] and case.evidence.derived(blank.id) is not None
        assert case.check() == []


@pytest.mark.gui
def test_opening_a_case_remakes_white_sixteen_bit_renditions_off_the_ui_thread(qtbot, qapp, tmp_path, monkeypatch):
    """The window opens a case with the white renditions of an older tbcase: its renditions
    queue makes them again (the UI-thread guard watches), and the grid shows the greys."""
    folder = tmp_path / "lib"
    _path, scan, _blank = _stale_case(folder)
    app = window_on_case(qapp, qtbot, monkeypatch, folder)
    try:
        page = app.window.page
        done = []

        def display_grey():
            page.session.query(lambda case: case.evidence.derived(scan.id, "display"), done.append)
            return bool(done) and _greys(done[-1]) != (255, 255)

        qtbot.waitUntil(display_grey, timeout=30000)
        low, high = _greys(done[-1])
        assert abs(low - 64) <= 3 and abs(high - 192) <= 3
    finally:
        app.close()
