"""Text recognition in the window, driven as a user would (offscreen, pytest-qt).

Real screenshots from the corpus generator and, where the engine is needed, the real
engine: three images in all (an order page, a logistics page, a chat page; the smallest
of the corpus), a few seconds each. Everything else uses what the engine read before
(stored results), so the window's parts are tested without it.
"""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tbcase.domain.ocrfields import TextBox
from tbcase.storage.casefile import CaseFile
from tbcase.ui.models import ObjectRole
from tbcase.ui.session import Change
from tests.helpers import FIXTURES, window_on_library
from tests.integration.test_window import DEMO_ORDER, open_demo, read, settle
from tests.ocr.corpus import logistics_page, page

pytestmark = pytest.mark.gui
TRACKING = "78011223344556"  # a ZTO number the demo case does not hold


def fixture_boxes(name):
    return [TextBox(t, tuple(b), s) for t, b, s in json.loads((FIXTURES / "ocr_boxes.json").read_text())[name]]


@pytest.fixture
def tbapp(qtbot, qapp, tmp_path, monkeypatch):
    """The window over a library holding the demo cases."""
    from tbcase.storage.demo import build_demo_library

    folder = tmp_path / "demo"
    build_demo_library(folder)
    app = window_on_library(qapp, qtbot, monkeypatch, folder)
    yield app
    app.close()


def test_new_case_from_an_order_screenshot(tbapp, qtbot, tmp_path):
    """新建案件 → 从订单截图: read in the background, each field shown with the region it
    was read from and editable; the case is made only on 创建, with the screenshot as
    exhibit 1 and the corrected value kept."""
    from tbcase.ui.screenshot_dialog import ScreenshotCaseDialog

    data, truth = page(12)  # an order page, 720 px
    shot = tmp_path / "订单详情.jpg"
    shot.write_bytes(data)
    dialog = ScreenshotCaseDialog(tbapp.ctx, shot, tbapp.window)
    dialog.show()
    assert not dialog.ok_button.isEnabled()  # nothing to create before the reading ends
    qtbot.waitUntil(lambda: dialog.reading is not None, timeout=60000)
    assert dialog.order.text() == truth.order_no
    assert dialog.amount.text() == truth.amount
    assert dialog.shop.text() == truth.shop
    assert dialog.ordered.text() == truth.ordered
    regions = [dialog.grid.itemAtPosition(r, 2).widget() for r in range(4)]
    assert all(isinstance(w, QLabel) and not w.pixmap().isNull() for w in regions)  # order, amount, shop, item
    assert 20 < regions[0].pixmap().height() <= 96
    assert list(tbapp.ctx.library.folder.glob(f"{truth.order_no}*")) == []  # nothing written yet
    dialog.amount.edit.setText("12.30")  # the user corrects a value
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        dialog.ok_button.click()
    with CaseFile.open(dialog.created_path) as case:
        row = case.case()
        assert (row.order_no, row.amount_fen, row.shop) == (truth.order_no, 1230, truth.shop)
        [exhibit] = case.evidence.all()
        assert exhibit.exhibit == 1 and case.evidence.original(exhibit.id) == data
        assert case.ocr.pending() == []  # read once: the queue will not read it again


def test_the_queue_reads_a_cases_images_and_its_suggestions_are_accepted_by_a_click(tbapp, qtbot):
    """案件 → 识别图片文字: the images without text are read one at a time in the
    background with progress; a chat screenshot becomes a conversation in the chat tab;
    the tracking number a logistics screenshot shows is offered, written only when the
    user clicks 采纳."""
    pg = open_demo(tbapp, qtbot, "overview")
    data, _ = logistics_page(TRACKING, "中通快递", width=720)
    chat, truth = page(26)  # a chat page, 828 px, dark
    for name, blob in (("物流.jpg", data), ("聊天.jpg", chat)):
        pg.session.write(lambda case, b=blob, n=name: case.evidence.add(b, n), Change.EVIDENCE)
    settle(pg, qtbot)
    already = read(pg, qtbot, lambda case: case.ocr.pending())
    # the demo's own screenshots are given a stored reading: only the two new images are read
    for eid in already[:-2]:
        read(pg, qtbot, lambda case, e=eid: case.ocr.save(e, "rapidocr", "test", []))
    progress = []
    pg.ocr.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(pg.ocr.finished, timeout=120000) as finished:
        assert tbapp.window.act_ocr.isEnabled()
        tbapp.window.act_ocr.trigger()
        assert pg.ocr_strip.isVisible() and pg.ocr_strip.button.text() == "取消"
    read_now, failed, cancelled, lines = finished.args
    assert (read_now, failed, cancelled) == (2, 0, False) and lines == 5
    assert progress[0] == (0, 2) and progress[-1] == (2, 2)
    assert read(pg, qtbot, lambda case: case.ocr.pending()) == []
    # the chat screenshot, as a conversation
    pg.show_tab("chat")
    settle(pg, qtbot)
    tab = pg.tab("chat")
    assert "截图" in tab.logs.itemText(tab.logs.count() - 1)
    tab.logs.setCurrentIndex(tab.logs.count() - 1)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5, timeout=5000)
    sides = [(m.role, m.text) for m in tab.model.messages]
    assert sides[0] == ("buyer", "你好，我买的杯子收到就是裂的") and sides[1][0] == "seller"
    assert sides[2] == ("buyer", f"订单号{truth.order_no}")
    # the suggestion, accepted with one click
    pg.show_tab("overview")
    box = pg.tab("overview").suggestions
    qtbot.waitUntil(lambda: any(s.value == TRACKING for s in box.suggestions), timeout=10000)
    assert box.isVisible()
    assert TRACKING not in [t.number for t in read(pg, qtbot, lambda case: case.tracking.all())]
    n = [s.value for s in box.suggestions].index(TRACKING)
    box.buttons[n].click()
    settle(pg, qtbot)
    assert TRACKING in [t.number for t in read(pg, qtbot, lambda case: case.tracking.all())]
    qtbot.waitUntil(lambda: TRACKING not in [s.value for s in box.suggestions], timeout=5000)


def test_without_the_extra_the_actions_say_how_to_enable_it(tbapp, qtbot, monkeypatch):
    from tbcase.ocr import engine
    from tbcase.ui import context
    from tbcase.ui.screenshot_dialog import ScreenshotCaseDialog

    said = []
    monkeypatch.setattr(engine, "available", lambda: False)
    monkeypatch.setattr(context, "show_message", lambda parent, kind, title, text, buttons=None: said.append(text))
    monkeypatch.setattr("tbcase.ui.screenshot_dialog.show_message",
                        lambda parent, kind, title, text, buttons=None: said.append(text))
    pg = open_demo(tbapp, qtbot, "evidence")
    assert pg.read_images() is False
    assert ScreenshotCaseDialog.pick(tbapp.ctx, tbapp.window) is None
    assert len(said) == 2 and all('pip install "tbcase[ocr]"' in s for s in said)
    assert not pg.ocr.running and not pg.ocr_strip.isVisible()
    pg.ocr_strip.offer()  # after an import: no offer without the engine
    settle(pg, qtbot)
    assert not pg.ocr_strip.isVisible()


def test_library_search_finds_image_text_and_the_viewer_marks_it(tbapp, qtbot):
    """The search field also searches the text read in images (the library's search
    index); choosing the place found opens the case and the viewer with the words marked."""
    w = tbapp.window
    path = tbapp.ctx.library.folder / f"{DEMO_ORDER}.tbcase"
    with CaseFile.open(path) as case:
        shot = next(e for e in case.evidence.all() if e.media_type.startswith("image/"))
        case.ocr.save(shot.id, "rapidocr", "test", [
            TextBox("物流详情", (10, 10, 200, 40), 0.99),
            TextBox(f"运单号：{TRACKING}", (10, 60, 300, 90), 0.99)])
    with qtbot.waitSignal(w.library_loaded, timeout=10000):
        w.load_library()
    assert w.case_list.hits is None  # the list of places found is made with the first ones found
    w.search.setText(TRACKING[2:])  # not in any case's fields: only the image holds it
    qtbot.waitUntil(lambda: w.case_list.hits_model.rowCount() == 1, timeout=10000)
    assert w.proxy.rowCount() == 1
    hits, layout = w.case_list.hits, w.case_list.layout()
    assert hits is not None and hits.isVisible() and layout.indexOf(hits) == layout.indexOf(w.table) + 1
    assert 0 < hits.height() < w.table.height()  # as tall as its one row, under the case list
    hit = w.case_list.hits_model.item(0).data(ObjectRole)
    assert (hit.kind, hit.evidence_id, hit.path) == ("ocr", shot.id, path)
    with qtbot.waitSignal(w.case_list.hit_activated) as chosen:  # the place found is clicked
        qtbot.mouseClick(hits.viewport(), Qt.MouseButton.LeftButton,
                         pos=hits.visualRect(w.case_list.hits_model.index(0, 0)).center())
    assert chosen.args == [hit]
    tab = w.page.tab("evidence")
    qtbot.waitUntil(lambda: tab.viewer is not None and tab.viewer.text is not None
                    and not tab.viewer.pixmap.isNull(), timeout=10000)
    viewer = tab.viewer
    assert viewer.find.text() == TRACKING[2:]
    [mark] = viewer.highlights()
    sx = viewer.pixmap.width() * viewer.zoom / shot.width
    assert abs(mark.left() - (10 * sx - 3)) < 1 and abs(mark.width() - (290 * sx + 6)) < 1
    assert viewer.found.text() == "1 处匹配"
    viewer.find.setText("没有这几个字")
    assert viewer.highlights() == [] and viewer.found.text() == "0 处匹配"
    viewer.close()
    w.search.clear()  # nothing searched: no places found shown
    qtbot.waitUntil(lambda: w.case_list.hits_model.rowCount() == 0 and not hits.isVisible(), timeout=10000)
