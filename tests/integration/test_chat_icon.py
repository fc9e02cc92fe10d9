"""A chat log in the evidence grid is drawn as a conversation: its first lines in bubbles
(the buyer's green on the right, the seller's white on the left), not the big generic
document icon every other file has. Checked by pixel on the grid's own icon."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.integration.test_window import demo_dir, evidence, open_demo, tbapp  # noqa: F401

pytestmark = pytest.mark.gui

GREEN = QColor("#dcf8c6")


def _near(colour: QColor, want: QColor) -> bool:
    return all(abs(a - b) <= 6 for a, b in ((colour.red(), want.red()), (colour.green(), want.green()),
                                            (colour.blue(), want.blue())))


def _columns(image, row_from, row_to, test):
    """The x of every pixel in these rows that passes ``test``."""
    return [x for y in range(row_from, row_to) for x in range(image.width()) if test(image.pixelColor(x, y))]


def test_a_chat_log_shows_its_first_lines_in_bubbles(tbapp, qtbot):  # noqa: F811
    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    row = next(i for i, e in enumerate(model.items) if e.kind == "chat")
    qtbot.waitUntil(lambda: bool(model._chat_icons), timeout=10000)
    icon = model.data(model.index(row), Qt.ItemDataRole.DecorationRole)
    image = icon.pixmap(128, 128).toImage()
    scale = image.width() / 128
    top = _columns(image, int(20 * scale), int(44 * scale), lambda c: _near(c, GREEN))
    assert len(top) > 500 * scale * scale and min(top) > 15 * scale  # the buyer's first line: green, right
    ink = _columns(image, int(20 * scale), int(44 * scale), lambda c: c.lightness() < 90)
    assert len(ink) > 40 * scale * scale, "no words in the first bubble"
    bottom = _columns(image, int(95 * scale), int(112 * scale), lambda c: _near(c, GREEN))
    assert not bottom  # the third line is the platform's, not the buyer's
    generic = page.style().standardIcon(page.style().StandardPixmap.SP_FileIcon).pixmap(128, 128).toImage()
    assert image != generic
