"""Opening a case on its evidence tab: the first frame shows the grid; the exhibit form and
the OCR strip (nothing in that frame) are built after it, and work as before."""

import contextlib
import sqlite3

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QPushButton

from tbcase.storage.demo import build_demo_library
from tests.helpers import make_png, window_on_library

pytestmark = pytest.mark.gui
DEMO_ORDER = "4528716093384027715"


@pytest.fixture
def window(qtbot, qapp, tmp_path, monkeypatch):
    def sized_on_thumbnails(app):
        app.ctx.settings.setValue("last_tab", "evidence")  # the case opens on its thumbnails
        app.window.resize(1366, 768)

    build_demo_library(tmp_path / "demo")
    app = window_on_library(qapp, qtbot, monkeypatch, tmp_path / "demo", before_show=sized_on_thumbnails)
    yield app.window
    app.close()


class PaintLog(QObject):
    """What a widget looked like each time it was painted: ``probe()`` just before."""

    def __init__(self, widget, probe) -> None:
        super().__init__()
        self.seen = []
        self.probe = probe
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.seen.append(self.probe())
        return False


def open_demo(window, qtbot):
    path = window.ctx.library.folder / f"{DEMO_ORDER}.tbcase"
    window.open_path(path)
    return window.page, window.page.tab("evidence")


def test_the_exhibit_form_follows_the_first_frame_without_moving_the_grid(window, qtbot):
    page, tab = open_demo(window, qtbot)
    assert tab.details is None  # the page is shown at once; the file is still opening
    grid = tab.grid
    log = PaintLog(grid.viewport(), lambda: (len(tab.model.items), tab.details is not None,
                                            grid.viewport().width()))
    qtbot.waitUntil(lambda: tab.details is not None, timeout=10000)
    painted = [s for s in log.seen if s[0]]
    assert painted and not painted[0][1], log.seen  # the grid's first frame came before the form
    qtbot.waitUntil(lambda: tab.details.isVisible(), timeout=5000)
    qtbot.wait(50)
    assert grid.viewport().width() == painted[0][2]  # the form took its place: the grid kept its width
    assert not tab.details.isEnabled() and tab.d_title.text() == ""  # nothing chosen yet
    assert page.ocr.running is False and page._ocr_strip is None  # nothing to say: not built


def test_keys_right_after_opening_choose_an_exhibit_and_its_form_shows_it(window, qtbot):
    page, tab = open_demo(window, qtbot)
    qtbot.waitUntil(lambda: len(tab.model.items) == 4, timeout=10000)
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, Qt.Key.Key_Home)  # before or after the form was built: the same
    qtbot.keyClick(tab.grid, Qt.Key.Key_Right)
    chosen = tab.model.items[1]
    assert tab.selected() == chosen
    assert tab.details is not None and tab.details.isEnabled()
    assert tab.d_title.text() == chosen.title and chosen.sha256[:16] in tab.d_hash.text()
    tab.d_title.setText("改过的标题")
    save = next(b for b in tab.details.findChildren(QPushButton) if b.text() == "保存")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.items[1].title == "改过的标题", timeout=10000)
    assert tab.selected().id == chosen.id and tab.d_title.text() == "改过的标题"


def test_the_ocr_strip_is_made_when_it_has_something_to_say(window, qtbot, monkeypatch):
    from tbcase.ui import ocr_queue

    page, tab = open_demo(window, qtbot)
    qtbot.waitUntil(lambda: tab.details is not None, timeout=10000)
    assert page._ocr_strip is None
    monkeypatch.setattr(ocr_queue, "ocr_available", lambda: True)
    tab.images_added.emit()  # as after an import: the strip offers to read the new images
    qtbot.waitUntil(lambda: page._ocr_strip is not None and page.ocr_strip.isVisible(), timeout=10000)
    assert page.ocr_strip.parent() is page and "图片" in page.ocr_strip.text.text()
    assert page.ocr_strip.button.text() == "识别图片文字"


def test_a_case_with_a_value_it_cannot_read_says_so_on_the_evidence_tab(window, qtbot, monkeypatch):
    """A file from elsewhere with an exhibit of an unknown kind: the grid's read fails with
    this case's clear message (in the user's language), not an error in a terminal."""
    from tbcase.ui import context

    path = window.ctx.library.folder / f"{DEMO_ORDER}.tbcase"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("UPDATE evidence SET kind = 'malware' WHERE id = 1")
    con.close()
    shown = []
    monkeypatch.setattr(context, "show_message", lambda *a, **k: shown.append(a[3]))
    monkeypatch.setattr("tbcase.ui.case_page.common.show_message", lambda *a, **k: shown.append(a[3]))
    page, tab = open_demo(window, qtbot)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "malware" in shown[0] and tab.model.items == [], shown


def test_thumbnails_are_decoded_at_the_size_the_grid_shows(qapp):
    """Stored thumbnails are 256 px on their long side; the grid shows them at 128 px (at a
    device pixel ratio of 1). A JPEG is decoded at half its size while it is read (libjpeg
    scales as it decodes: a third of the time of a full decode, and no scaling when
    painted), never below the size asked for; other formats are read whole."""
    from tbcase.ui.models import qimage_from_bytes
    from tests.helpers import make_jpeg

    tall = make_jpeg(118, 256)
    assert qimage_from_bytes(tall).size().toTuple() == (118, 256)
    assert qimage_from_bytes(tall, fit=128).size().toTuple() == (59, 128)
    assert qimage_from_bytes(tall, fit=64).size().toTuple() == (30, 64)
    assert qimage_from_bytes(tall, fit=129).size().toTuple() == (118, 256)  # half would be too small
    assert qimage_from_bytes(make_jpeg(256, 256), fit=224).size().toTuple() == (256, 256)  # scale 1.75
    assert qimage_from_bytes(make_png(118, 256), fit=64).size().toTuple() == (118, 256)


@contextlib.contextmanager
def evidence_tab(qapp, lib, path):
    """The case page of ``path`` opened on its evidence tab at 760×640, shown; closed after."""
    from tbcase.storage.engine import DeadlineEngine
    from tbcase.ui.app import make_settings
    from tbcase.ui.case_page import CasePage
    from tbcase.ui.context import UiContext
    from tbcase.ui.session import CaseSession
    from tbcase.ui.tasks import JobRunner

    ctx = UiContext(lib, DeadlineEngine(), JobRunner(qapp), make_settings(), "zh")
    session = CaseSession(path, ctx.engine)
    session.open()
    page = CasePage(ctx, session, tab="evidence")
    try:
        page.resize(760, 640)
        page.show()
        yield page.tab("evidence")
    finally:
        page.shutdown()
        page.close()


def test_opening_reads_only_the_thumbnails_the_first_screen_shows(qapp, qtbot, tmp_path, monkeypatch):
    """Qt sizes a grid of uniform cells by its last one: its picture was asked for (one
    more read from the case and a decode) before the grid's first frame. The cells take
    the grid's size without asking; only what the first screen shows is read."""
    from tbcase.storage.library import Library
    from tbcase.ui.case_page import evidence, grid
    from tests.helpers import make_jpeg

    lib = Library(tmp_path / "lib")
    with lib.create(order_no="4528716093384000001", complaint_type="quality") as case:
        for i in range(grid.FIRST_SCREEN + 8):
            case.evidence.add(make_jpeg(60, 120, seed=i), f"shot{i}.jpg")
        path = case.path
    read = []
    real = grid.read_thumbnails

    def counted(case, ids):
        read.append(list(ids))
        return real(case, ids)

    monkeypatch.setattr(grid, "read_thumbnails", counted)  # the first screen's, with the list
    monkeypatch.setattr(evidence, "read_thumbnails", counted)  # cells' as they are shown
    with evidence_tab(qapp, lib, path) as tab:
        qtbot.waitUntil(lambda: tab.details is not None, timeout=10000)
        qtbot.wait(100)
        assert len(read) == 1 and len(read[0]) == grid.FIRST_SCREEN, read
        assert [e.id for e in tab.model.items][-1] not in read[0]
        tab.grid.scrollToBottom()  # further down: the rest is read when shown
        qtbot.waitUntil(lambda: len(read) == 2, timeout=10000)
        assert [e.id for e in tab.model.items][-1] in read[1]


def test_the_grid_lays_out_its_cells_without_asking_the_model_for_each(qapp, qtbot, tmp_path, monkeypatch):
    """Qt's list view asks for an index of every item twice at each layout, and each index
    asked the model's row count in Python (~600 calls for 300 exhibits, each taking the
    interpreter lock). The grid shows the model through a proxy that keeps the count: a
    layout of 40 exhibits asks the model a few times; every exhibit is still shown, in its
    place, and an exhibit dragged and dropped through the view is moved."""
    from PySide6.QtCore import QModelIndex

    from tbcase.storage.library import Library
    from tbcase.ui import models

    lib = Library(tmp_path / "lib")
    with lib.create(order_no="4528716093384000002", complaint_type="quality") as case:
        for i in range(40):
            case.evidence.add(make_png(20 + i, 30), f"shot{i}.png")
        path = case.path
    asked = []
    real = models.EvidenceModel.rowCount
    monkeypatch.setattr(models.EvidenceModel, "rowCount", lambda self, *a: asked.append(1) or real(self, *a))
    with evidence_tab(qapp, lib, path) as tab:
        qtbot.waitUntil(lambda: len(tab.model.items) == 40, timeout=10000)
        asked.clear()
        tab.grid.doItemsLayout()
        assert len(asked) < 10, len(asked)
        shown = tab.grid.model()
        ids = [e.id for e in tab.model.items]
        assert [shown.index(r, 0).data(models.ObjectRole).id for r in range(shown.rowCount())] == ids
        assert tab.grid.visualRect(shown.index(39, 0)).top() > tab.grid.visualRect(shown.index(0, 0)).top()
        mime = shown.mimeData([shown.index(5, 0)])  # what the view does when the 6th is dragged …
        with qtbot.waitSignal(tab.model.move_requested, timeout=5000) as moved:
            shown.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex())  # … between the 1st and 2nd
        assert moved.args == [ids[5], 2]
        qtbot.waitUntil(lambda: [e.id for e in tab.model.items][1] == ids[5], timeout=10000)
