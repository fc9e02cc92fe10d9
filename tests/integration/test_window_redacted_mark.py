"""The evidence grid marks exhibits that have a redacted copy (issue 17, left over): a dark
已遮挡 / Redacted badge on the thumbnail's lower left corner and a line in the tooltip, in
the user's language; it goes when the copy is removed. Checked by pixel on the icon the
view paints, with real thumbnails (offscreen Qt)."""

import pytest
from PySide6.QtCore import Qt

from tbcase.domain.redact import Box
from tbcase.storage.library import Library
from tbcase.ui.models import THUMB_SIZE
from tests.helpers import ORDER, make_phone_screenshot, make_png, window_on_case

pytestmark = pytest.mark.gui


@pytest.fixture
def marked_app(qtbot, qapp, tmp_path, monkeypatch):
    def start(lang):
        folder = tmp_path / lang
        data, where = make_phone_screenshot()
        case = Library(folder).create(order_no=ORDER, complaint_type="quality", shop="青禾家居旗舰店")
        shot = case.evidence.add(data, "订单截图.png")
        left, top, right, bottom = where["name"]
        case.redactions.redact_image(shot.id, [Box(left, top, right - left, bottom - top)])
        case.evidence.add(make_png(300, 400, seed=8), "plain.png")
        case.close()
        app = window_on_case(qapp, qtbot, monkeypatch, folder, lang)
        apps.append(app)
        w = app.window
        model = w.page.tab("evidence").model
        qtbot.waitUntil(lambda: len(model.items) == 2 and len(model.thumbs) == 2, timeout=10000)
        return w.page, model

    apps = []
    yield start
    for app in apps:
        app.close()


def _corner(model, row):
    """The share of dark pixels in the icon's lower left corner, where the badge sits."""
    image = model.data(model.index(row), Qt.ItemDataRole.DecorationRole).pixmap(THUMB_SIZE).toImage()
    h = image.height()
    px = [image.pixelColor(x, y) for x in range(4, 40) for y in range(h - 20, h - 4)]
    return sum(c.red() + c.green() + c.blue() < 180 for c in px) / len(px)


@pytest.mark.parametrize("lang, words", [("zh", "已遮挡"), ("en", "Redacted")])
def test_a_redacted_exhibit_is_marked_on_its_thumbnail_and_tooltip(marked_app, qtbot, lang, words):
    page, model = marked_app(lang)
    shot_row, plain_row = 0, 1
    assert model.items[shot_row].id in model.redacted and model.items[plain_row].id not in model.redacted
    tip = model.data(model.index(shot_row), Qt.ItemDataRole.ToolTipRole)
    assert words in tip and "订单截图" in tip
    assert words not in model.data(model.index(plain_row), Qt.ItemDataRole.ToolTipRole)
    assert _corner(model, shot_row) > 0.35  # the dark badge (the screenshot's corner is light)
    assert _corner(model, plain_row) < 0.1
    page.tab("evidence").grab().save(str(page.ctx.library.folder / f"grid-{lang}.png"))
    # the copy removed: the mark goes once the tab has read the case again
    page.session.write(lambda case: case.redactions.clear(model.items[shot_row].id),
                       __import__("tbcase.ui.session", fromlist=["Change"]).Change.EVIDENCE)
    qtbot.waitUntil(lambda: not model.redacted, timeout=10000)
    assert _corner(model, shot_row) < 0.1
    assert words not in model.data(model.index(shot_row), Qt.ItemDataRole.ToolTipRole)
