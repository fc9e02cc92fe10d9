"""The image viewer's redaction mode, driven with real mouse events (pytest-qt, offscreen):
drag a box over the phone number, save, and the case holds a copy with those pixels black,
made on the session's queue (the UI-thread guard is on), the original unchanged."""

import io

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt

from tbcase.domain.ocrfields import TextBox
from tbcase.storage.library import Library
from tests.helpers import ADDRESS_LINE, ORDER, PHONE_LINE, make_phone_screenshot, window_on_case

pytestmark = pytest.mark.gui


@pytest.fixture
def shot_app(qtbot, qapp, tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    data, where = make_phone_screenshot()
    case = Library(folder).create(order_no=ORDER, complaint_type="quality", shop="青禾家居旗舰店")
    shot = case.evidence.add(data, "订单截图.png")
    case.ocr.save(shot.id, "test", "1", [TextBox(PHONE_LINE, where["name"], 0.99),
                                         TextBox(ADDRESS_LINE, where["address"], 0.98)])
    case.close()
    app = window_on_case(qapp, qtbot, monkeypatch, folder)
    w = app.window
    qtbot.waitUntil(lambda: len(w.page.tab("evidence").model.items) == 1, timeout=5000)
    yield app, shot, data, where
    app.close()


def _read(page, qtbot, op):
    out = []
    page.session.query(op, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10000)
    return out[0]


def _open_viewer(page, qtbot):
    """The evidence tab's viewer on its exhibit, once the picture is shown: (viewer, canvas)."""
    viewer = page.tab("evidence").make_viewer()
    qtbot.addWidget(viewer)
    viewer.show()
    canvas = viewer.label
    qtbot.waitUntil(lambda: viewer.shown is not None and canvas.pixmap() is not None
                    and not canvas.pixmap().isNull(), timeout=10000)
    return viewer, canvas


def test_drag_a_box_save_and_the_copy_is_burned(shot_app, qtbot):
    app, shot, data, where = shot_app
    page = app.window.page
    viewer, canvas = _open_viewer(page, qtbot)
    assert viewer.state.text() == "没有遮挡副本"
    assert len(canvas.offers) == 2 and viewer.offers_b.isEnabled()  # phone and address, from OCR
    assert not viewer.save_b.isEnabled()
    qtbot.mouseClick(viewer.redact_b, Qt.MouseButton.LeftButton)
    assert canvas.drawing
    # drag over the phone number line, as the user sees it (whatever the zoom)
    left, top, right, bottom = where["name"]
    from tbcase.domain.redact import Box

    on_screen = canvas.to_label(Box(left - 6, top - 6, right - left + 12, bottom - top + 12))
    start, end = on_screen.topLeft(), on_screen.bottomRight() + QPoint(1, 1)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, pos=start + QPoint(20, 5))
    qtbot.mouseMove(canvas, pos=end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert len(canvas.boxes) == 1
    box = canvas.boxes[0]
    assert box.x <= left and box.y <= top and box.right >= right and box.bottom >= bottom
    assert viewer.save_b.isEnabled() and "1" in viewer.state.text()
    qtbot.mouseClick(viewer.save_b, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.shown is not None and viewer.shown.redacted is not None, timeout=10000)
    copy = _read(page, qtbot, lambda case: case.redactions.data(shot.id))
    img = Image.open(io.BytesIO(copy)).convert("RGB")
    assert img.crop(where["name"]).getextrema() == ((0, 0), (0, 0), (0, 0))
    assert img.crop(where["address"]).getextrema() != ((0, 0), (0, 0), (0, 0))
    original = _read(page, qtbot, lambda case: (case.evidence.original(shot.id), case.evidence.get(shot.id)))
    assert original[0] == data and original[1].sha256 == shot.sha256
    assert _read(page, qtbot, lambda case: case.check()) == []
    assert "遮挡副本" in viewer.state.text() and viewer.original_b.isEnabled()
    # the original at a click, and back
    qtbot.mouseClick(viewer.original_b, Qt.MouseButton.LeftButton)
    assert viewer.state.text() == "显示原件"
    qtbot.mouseClick(viewer.original_b, Qt.MouseButton.LeftButton)
    # the offered boxes, taken, replace the copy with both details hidden
    qtbot.mouseClick(viewer.take_b, Qt.MouseButton.LeftButton)
    assert canvas.drawing and len(canvas.boxes) == 2
    qtbot.mouseClick(viewer.save_b, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.session.busy() and not canvas.drawing, timeout=10000)
    copy = _read(page, qtbot, lambda case: case.redactions.data(shot.id))
    img = Image.open(io.BytesIO(copy)).convert("RGB")
    a_left, a_top, a_right, a_bottom = where["address"]
    assert img.crop((a_left + 10, a_top + 5, a_right - 10, a_bottom - 5)).getextrema() == ((0, 0),) * 3
    history = _read(page, qtbot, lambda case: [h.what for h in case.history()])
    assert history.count("evidence.redacted") == 2
    viewer.close()


def _drag(qtbot, canvas, box):
    on_screen = canvas.to_label(box)
    start, end = on_screen.topLeft(), on_screen.bottomRight() + QPoint(1, 1)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, pos=start + QPoint(20, 5))
    qtbot.mouseMove(canvas, pos=end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def test_a_box_drawn_later_adds_to_the_copy_and_the_first_stays_black(shot_app, qtbot):
    """Redacting again (the address forgotten the first time) used to replace the copy with
    one made from the original and the new box only: the phone number reappeared in the
    copy the letter and the public export use. The boxes already burned in are drawn
    opaque while drawing and kept."""
    from tbcase.domain.redact import Box

    app, shot, data, where = shot_app
    page = app.window.page
    viewer, canvas = _open_viewer(page, qtbot)

    def pad(key):
        left, top, right, bottom = where[key]
        return Box(left - 6, top - 6, right - left + 12, bottom - top + 12)

    for count, key in enumerate(("name", "address"), 1):
        qtbot.mouseClick(viewer.redact_b, Qt.MouseButton.LeftButton)
        _drag(qtbot, canvas, pad(key))
        qtbot.mouseClick(viewer.save_b, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.session.busy() and not canvas.drawing
                        and viewer.shown is not None and viewer.shown.redacted is not None, timeout=10000)
        qtbot.waitUntil(lambda n=count: len(canvas.kept) == n, timeout=10000)
    copy = _read(page, qtbot, lambda case: case.redactions.data(shot.id))
    img = Image.open(io.BytesIO(copy)).convert("RGB")
    for key in ("name", "address"):
        assert img.crop(where[key]).getextrema() == ((0, 0), (0, 0), (0, 0)), key
    # while drawing again, what is already hidden shows black on the original
    qtbot.mouseClick(viewer.redact_b, Qt.MouseButton.LeftButton)
    shot_img = canvas.grab().toImage()
    inside = canvas.to_label(pad("name")).center()
    assert shot_img.pixelColor(inside).lightness() < 10
    viewer.close()


def test_a_box_on_a_long_screenshot_lands_where_it_was_drawn(qtbot):
    """The canvas turned screen pixels into image pixels with the horizontal factor for both
    axes. A long scrolled screenshot (1170 x 25,000) shown fitted is a pixmap about 33 px
    wide whose width is rounded: a box drawn over the middle landed hundreds of pixels
    away in the image, and the phone number under it stayed in the copy."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPixmap

    from tbcase.ui.redact_view import BoxCanvas

    canvas = BoxCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 760)
    width, height = 1170, 25_000
    canvas.image_size = (width, height)
    canvas.setPixmap(QPixmap(33, 700))  # 1170 x 25,000 fitted to 700 px high: 32.76 wide, rounded
    ox, oy = (300 - 33) // 2, (760 - 700) // 2
    box = canvas.to_image(QRect(ox, oy + 350, 33, 10))  # the middle of the picture, full width
    assert box is not None
    per_pixel = height / 700
    assert abs(box.y - height / 2) <= per_pixel + 1, box
    assert abs(box.h - 10 * per_pixel) <= per_pixel + 1, box
    assert box.x == 0 and box.w == width
    back = canvas.to_label(box)
    assert abs(back.top() - (oy + 350)) <= 1 and abs(back.height() - 10) <= 1
