"""The window, driven as a user would (offscreen): pytest-qt."""

import time

import pytest
from PySide6.QtCore import QMimeData, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QImage

from tbcase.storage.casefile import CaseFile
from tbcase.storage.demo import build_demo_library
from tbcase.storage.models import SCHEMA_VERSION
from tests.helpers import FIXTURES, make_png, pdf_text, window_on_library

pytestmark = pytest.mark.gui
DEMO_ORDER = "4528716093384027715"


@pytest.fixture
def demo_dir(tmp_path):
    folder = tmp_path / "demo"
    build_demo_library(folder)
    return folder


@pytest.fixture
def tbapp(qtbot, qapp, demo_dir, monkeypatch):
    app = window_on_library(qapp, qtbot, monkeypatch, demo_dir)  # app.close() below closes its window
    yield app
    app.close()


def open_demo(app, qtbot, tab="evidence"):
    """Open the demo case (off the UI thread) on a tab; on the evidence tab, wait until its
    thumbnails are shown."""
    w = app.window
    with qtbot.waitSignal(w.case_opened, timeout=10000):
        w.select_path(str(app.ctx.library.folder / f"{DEMO_ORDER}.tbcase"))
    w.page.show_tab(tab)
    if tab == "evidence":
        qtbot.waitUntil(lambda: len(evidence(w.page).thumbs) == 3, timeout=5000)
    return w.page


def evidence(page):
    return page.tab("evidence").model


def read(page, qtbot, op):
    """What the case holds now: ``op(case)`` on the session's queue, after writes before it."""
    out = []
    page.session.query(op, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10000)
    return out[0]


def settle(page, qtbot):
    """Wait until the session's queue is empty and the refreshes it caused are shown."""
    qtbot.waitUntil(lambda: not page.session.busy(), timeout=20000)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not page.session.busy(), timeout=20000)


def test_models_pass_qt_model_tester(tbapp, qtbot, qtmodeltester):
    w = tbapp.window
    assert w.model.rowCount() == 3
    qtmodeltester.check(w.model)
    qtmodeltester.check(w.proxy)
    page = open_demo(tbapp, qtbot)
    for name in ("chat", "tracking", "history"):
        page.show_tab(name)
    settle(page, qtbot)
    qtmodeltester.check(evidence(page))
    qtmodeltester.check(page.tab("chat").model)
    qtmodeltester.check(page.tab("tracking").model)
    qtmodeltester.check(page.tab("history").model)
    assert page.tab("history").model.rowCount() > 3


def test_list_shows_overdue_and_reminder(tbapp):
    w = tbapp.window
    row = w.model.rows[w.model.row_of(str(tbapp.ctx.library.folder / f"{DEMO_ORDER}.tbcase"))]
    assert row.deadline.rule == "written_reply" and row.deadline.state == "overdue"
    text = w.model.data(w.model.index(w.model.row_of(row.path), w.model.DEADLINE))
    assert text.startswith("逾期")
    assert w.reminder.isVisible() and "逾期" in w.reminder.text()


def test_search_filters_as_you_type(tbapp, qtbot):
    w = tbapp.window
    w.search.setText("蓝牙")  # (QtTest types ASCII only; an IME commits text whole)
    assert w.proxy.rowCount() == 1
    w.search.clear()
    w.search.setText("补发")  # only in the demo chat log and facts
    assert w.proxy.rowCount() == 1
    w.search.clear()
    assert w.proxy.rowCount() == 3
    w.due_only.setChecked(True)
    assert w.proxy.rowCount() == 1


def test_create_case_with_dialog(tbapp, qtbot, monkeypatch):
    from tbcase.ui.dialogs import NewCaseDialog

    w = tbapp.window

    def fill_and_accept(dialog):
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.order.edit, "12ab")
        assert dialog.order.error.isVisibleTo(dialog) and "数字" in dialog.order.error.text()
        dialog.order.edit.clear()
        qtbot.keyClicks(dialog.order.edit, "1234567890123456789")
        dialog.shop.setText("测试店铺")
        dialog.item.setText("测试商品")
        qtbot.keyClicks(dialog.amount.edit, "12.345")
        assert not dialog.ok_button.isEnabled()
        dialog.amount.edit.setText("12.34")
        assert dialog.ok_button.isEnabled()
        dialog.accept()  # the file is created off the UI thread; the dialog closes then
        qtbot.waitUntil(lambda: dialog.created_path is not None, timeout=10000)
        return NewCaseDialog.DialogCode.Accepted

    monkeypatch.setattr(NewCaseDialog, "exec", fill_and_accept)
    with qtbot.waitSignal(w.case_opened, timeout=10000):
        w.new_case()
    path = tbapp.ctx.library.folder / "1234567890123456789.tbcase"
    assert path.exists() and w.model.row_of(str(path)) >= 0
    assert w.page.path == path and read(w.page, qtbot, lambda c: c.case().amount_fen) == 1234


def test_add_evidence_by_drop_and_paste_and_see_thumbnail(tbapp, qtbot, tmp_path):
    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    shot = tmp_path / "new.png"
    shot.write_bytes(make_png(400, 860, seed=42))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(shot))])
    model.dropMimeData(mime, 0, -1, -1, model.index(-1))
    qtbot.waitUntil(lambda: len(model.items) == 5 and len(model.thumbs) == 4, timeout=10000)
    image = QImage(320, 640, QImage.Format.Format_RGB32)
    image.fill(0x3366AA)
    QGuiApplication.clipboard().setImage(image)
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: len(model.items) == 6 and len(model.thumbs) == 5, timeout=10000)
    last = model.items[-1]
    assert last.kind == "screenshot" and (last.width, last.height) == (320, 640)
    assert model.data(model.index(5)).startswith("证据6")


def test_record_step_changes_timeline(tbapp, qtbot):
    page = open_demo(tbapp, qtbot, tab="overview")
    overview = page.tab("overview")
    settle(page, qtbot)
    page.show_tab("timeline")
    timeline = page.tab("timeline").timeline
    settle(page, qtbot)
    before = {d.rule: d.state for d in timeline.deadlines}
    assert before["written_reply"] == "overdue"
    assert "阿里巴巴" in overview.next_button.text()
    page.record_step("written_reply", ask=False)
    settle(page, qtbot)
    after = {d.rule: d.state for d in timeline.deadlines}
    assert after["written_reply"] == "met"
    page.show_tab("overview")
    settle(page, qtbot)
    assert "已解决" in overview.next_button.text() and overview.escalate_button.isVisibleTo(overview)
    assert any(h.what == "step.added" for h in read(page, qtbot, lambda c: c.history()))
    # the met deadline is drawn in the "met" colour; red only if some other deadline is overdue
    from tbcase.ui.timeline import STATE_COLOURS

    page.show_tab("timeline")
    settle(page, qtbot)
    img = timeline.grab().toImage()
    colours = {img.pixel(x, y) & 0xFFFFFF for y in range(0, img.height(), 2) for x in range(img.width())}
    assert STATE_COLOURS["met"].rgb() & 0xFFFFFF in colours
    overdue = any(d.state == "overdue" for d in timeline.deadlines)
    assert (STATE_COLOURS["overdue"].rgb() & 0xFFFFFF in colours) == overdue


def test_delete_and_undo(tbapp, qtbot):
    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    page.evidence_view().setCurrentIndex(page.evidence_view().model().index(1, 0))
    removed = page.tab("evidence").selected()
    page.delete_selected(confirm=False)
    qtbot.waitUntil(lambda: len(model.items) == 3, timeout=10000)
    assert [e.id for e in model.items].count(removed.id) == 0
    tbapp.window.commands.undo()
    qtbot.waitUntil(lambda: len(model.items) == 4, timeout=10000)
    assert [e.id for e in model.items][1] == removed.id
    assert read(page, qtbot, lambda c: c.check()) == []


def test_user_text_is_never_rich_text(tbapp, qtbot):
    from tbcase.ui.session import Change

    page = open_demo(tbapp, qtbot, tab="overview")
    title = page.tab("overview").title
    page.session.write(lambda c: c.set_field("shop", "<img src=x><b>店</b>"), Change.FIELDS)
    qtbot.waitUntil(lambda: title.text().startswith(f"{DEMO_ORDER} · <img src=x><b>店</b>"), timeout=10000)
    from PySide6.QtCore import Qt

    assert title.textFormat() == Qt.TextFormat.PlainText
    added = []
    page.session.write(lambda c: c.evidence.add(b"tb1 2026-1-1 10:00:00\n<img src=http://x/y.png>\n", "c.txt"),
                       Change.EVIDENCE, added.append)
    qtbot.waitUntil(lambda: bool(added), timeout=10000)
    page.show_tab("chat")
    chat = page.tab("chat")
    qtbot.waitUntil(lambda: chat.logs.findData(added[0].id) >= 0, timeout=10000)
    chat.logs.setCurrentIndex(chat.logs.findData(added[0].id))
    qtbot.waitUntil(lambda: bool(chat.model.messages) and chat.model.messages[0].text == "<img src=http://x/y.png>",
                    timeout=10000)


def test_bidi_controls_in_user_text_are_shown_neutralised(tbapp, qtbot):
    """A shop name with U+202E displayed reversed ('gnp.exe' read as 'exe.png'): every
    place the window shows user text shows the control as a visible mark instead."""
    from PySide6.QtCore import Qt

    from tbcase.ui.session import Change

    page = open_demo(tbapp, qtbot, tab="overview")
    spoof = "店铺\u202egnp.exe\u2066x\u200f"
    added = []
    page.session.write(lambda c: c.set_field("shop", spoof), Change.FIELDS)
    page.session.write(lambda c: c.evidence.add(f"tb1 2026-1-1 10:00:00\n{spoof}\n".encode(), f"{spoof}.txt"),
                       Change.EVIDENCE, added.append)
    title = page.tab("overview").title
    qtbot.waitUntil(lambda: "店铺\ufffdgnp.exe\ufffdx\ufffd" in title.text(), timeout=10000)
    assert "\u202e" not in title.text()
    page.show_tab("chat")
    chat = page.tab("chat")
    qtbot.waitUntil(lambda: bool(added) and chat.logs.findData(added[0].id) >= 0, timeout=10000)
    chat.logs.setCurrentIndex(chat.logs.findData(added[0].id))
    qtbot.waitUntil(lambda: chat.model.rowCount() > 0 and chat.model.messages[0].text == spoof, timeout=10000)
    assert chat.model.data(chat.model.index(0)) == "店铺\ufffdgnp.exe\ufffdx\ufffd"
    assert chat.model.messages[0].text == spoof  # the stored text is unchanged
    page.show_tab("evidence")
    model = evidence(page)
    qtbot.waitUntil(lambda: any(e.id == added[0].id for e in model.items), timeout=10000)
    row = next(i for i, e in enumerate(model.items) if e.id == added[0].id)
    shown = model.data(model.index(row), Qt.ItemDataRole.DisplayRole)
    assert "\u202e" not in shown and "\u2066" not in shown
    w = tbapp.window
    with qtbot.waitSignal(w.library_loaded, timeout=10000):
        w.load_library()
    shops = [w.model.data(w.model.index(r, w.model.SHOP)) for r in range(w.model.rowCount())]
    assert "店铺\ufffdgnp.exe\ufffdx\ufffd" in shops
    assert not any("\u202e" in s for s in shops)


def test_oversized_stored_pictures_are_not_decoded(qapp):
    import io

    from PIL import Image

    from tbcase.ui.models import DISPLAY_MAX_PIXELS, qimage_from_bytes

    out = io.BytesIO()
    Image.new("L", (20000, 20000)).save(out, "PNG")
    assert qimage_from_bytes(out.getvalue(), DISPLAY_MAX_PIXELS).isNull()
    assert qimage_from_bytes(make_png(300, 300), DISPLAY_MAX_PIXELS).width() == 300
    assert qimage_from_bytes(make_png(2000, 2000)).isNull()  # above a thumbnail's size
    assert qimage_from_bytes(b"not a picture").isNull()


def test_stored_pictures_in_formats_we_never_write_are_not_decoded(qapp):
    """A thumbnail planted in a .tbcase from elsewhere is decoded in the grid's data(), on the
    UI thread: Qt's reader, left to guess, also reads SVG, PDF, ICO, XPM … An SVG of nine
    levels of ten <use> each (3 KB) kept the window frozen for good. Only the formats a
    stored copy is written in are read."""
    import io

    from PIL import Image

    from tbcase.ui.models import DISPLAY_MAX_PIXELS, qimage_from_bytes

    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
           b'<rect width="100" height="100" fill="red"/></svg>')
    xpm = b'/* XPM */\nstatic char *x[] = {"2 1 1 1", ". c #FF0000", ".."};\n'
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, "ICO")
    for data in (svg, xpm, out.getvalue()):
        assert qimage_from_bytes(data, DISPLAY_MAX_PIXELS).isNull()
    for fmt in ("JPEG", "PNG", "GIF", "BMP", "WEBP"):  # what the app may have stored
        out = io.BytesIO()
        Image.new("RGB", (30, 20), "red").save(out, fmt)
        assert qimage_from_bytes(out.getvalue()).width() == 30, fmt


def test_generate_letter_preview_and_save(tbapp, qtbot, tmp_path):
    page = open_demo(tbapp, qtbot)
    tbapp.ctx.settings.setValue("profile/name", "李四")  # the profile, as set in Settings
    dialog = tbapp.window.commands.letter()
    assert read(page, qtbot, lambda c: c.case().complainant.name) == "李四"  # copied into the case
    with qtbot.waitSignal(dialog.document.statusChanged, timeout=20000):
        pass
    qtbot.waitUntil(lambda: dialog.document.pageCount() > 2, timeout=20000)
    assert dialog.save_button.isEnabled() and dialog.hints.model().rowCount() >= 1
    out = dialog.save_letter(str(tmp_path / "letter.pdf"))
    text = pdf_text(out.read_bytes())
    assert "书面投诉书" in text and DEMO_ORDER in text and "李四" in text
    assert len(read(page, qtbot, lambda c: c.letters.all())) == 1
    dialog.close()


def test_switch_language(tbapp, qtbot):
    assert tbapp.window.windowTitle().startswith("tbcase — 订单纠纷案件")
    tbapp.switch_language("en")
    # the new window loads its list on a worker; the signal comes through the event loop, so it
    # cannot have fired before this block (the old bare waitSignal(...) call waited for nothing)
    with qtbot.waitSignal(tbapp.window.library_loaded, timeout=10000):
        pass
    assert tbapp.window.model.rowCount() == 3
    assert tbapp.window.windowTitle() == "tbcase — order dispute cases"
    from PySide6.QtCore import Qt

    assert tbapp.window.model.headerData(0, Qt.Orientation.Horizontal) == "Order no."
    tbapp.switch_language("zh")
    assert tbapp.window.windowTitle().startswith("tbcase — 订单纠纷案件")


def test_ui_thread_not_blocked_during_import_of_100_images(tbapp, qtbot, tmp_path):
    page = open_demo(tbapp, qtbot)
    files = []
    for i in range(100):
        f = tmp_path / f"shot{i:03d}.png"
        f.write_bytes(make_png(500, 1080, seed=100 + i, text_lines=12))
        files.append(f)
    ticks = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    page.import_paths(files, "drop")
    qtbot.waitUntil(lambda: page.tab("evidence").import_job is None, timeout=120000)
    elapsed = time.perf_counter() - start
    timer.stop()
    qtbot.waitUntil(lambda: len(evidence(page).items) == 104, timeout=10000)
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > elapsed / 0.02 * 0.5, (len(ticks), elapsed)  # the timer kept firing
    assert max(gaps) < 0.5, max(gaps)


def test_open_case_file_given_on_command_line(tbapp, qtbot, tmp_path):
    import shutil

    other = tmp_path / "elsewhere.tbcase"
    shutil.copyfile(FIXTURES / "case_v1.tbcase", other)
    with qtbot.waitSignal(tbapp.window.case_opened, timeout=10000):
        tbapp.window.open_path(other)  # migrated to the current schema off the UI thread
    assert tbapp.window.page is not None and tbapp.window.page.path == other
    tbapp.window.close_case()
    with CaseFile.open(other) as case:
        assert case.schema_version() == SCHEMA_VERSION  # v1 -> 2 -> 3 -> 4


def test_screenshot_mode_writes_png(tmp_path, monkeypatch):
    import subprocess
    import sys

    out = tmp_path / "shot.png"
    r = subprocess.run([sys.executable, "-m", "tbcase", "gui", "--demo", "--screenshot", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert img.width() >= 800 and img.height() >= 500


def test_english_plurals(tbapp, qtbot):
    tbapp.switch_language("en")
    with qtbot.waitSignal(tbapp.window.library_loaded, timeout=10000):
        pass
    assert tbapp.window.reminder.text() == "⚠ 1 case overdue"
    assert tbapp.window.statusBar().currentMessage().startswith("3 cases · folder ")


def test_reorder_exhibits_by_drag(tbapp, qtbot):
    from tbcase.ui.models import EVIDENCE_MIME

    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    ids = [e.id for e in model.items]
    mime = model.mimeData([model.index(3)])  # drag the chat log (exhibit 4) …
    assert bytes(mime.data(EVIDENCE_MIME)).decode() == str(ids[3])
    model.dropMimeData(mime, 0, -1, -1, model.index(0))  # … onto exhibit 1
    qtbot.waitUntil(lambda: [e.id for e in model.items] == [ids[3], ids[0], ids[1], ids[2]], timeout=10000)
    assert [e.exhibit for e in model.items] == [1, 2, 3, 4]
    assert any(h.what == "evidence.moved" for h in read(page, qtbot, lambda c: c.history()))


def test_print_letter_to_a_pdf_printer(tbapp, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    page = open_demo(tbapp, qtbot)
    dialog = tbapp.window.commands.letter()
    qtbot.waitUntil(lambda: dialog.document.pageCount() > 2, timeout=20000)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert dialog.print_letter(printer)
    from pypdf import PdfReader

    assert len(PdfReader(out).pages) == dialog.document.pageCount()
    assert len(read(page, qtbot, lambda c: c.letters.all())) == 1  # what was printed is kept in the case
    dialog.close()


def test_tooltips_and_message_boxes_show_user_text_literally(tbapp, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from tbcase.ui.session import Change

    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    first = model.items[0]
    page.session.write(lambda c: c.evidence.update(first.id, title="<img src='/etc/x.png'><b>标题</b>"),
                       Change.EVIDENCE)
    qtbot.waitUntil(lambda: model.items[0].title.startswith("<img"), timeout=10000)
    tip = model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=&#x27;/etc/x.png&#x27;&gt;&lt;b&gt;标题" in tip and "<img" not in tip
    seen = {}

    def fake_exec(box):
        seen["format"], seen["text"] = box.textFormat(), box.text()
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    page.evidence_view().setCurrentIndex(page.evidence_view().model().index(0, 0))
    page.delete_selected()
    assert seen["format"] == Qt.TextFormat.PlainText and "<img src='/etc/x.png'>" in seen["text"]
    qtbot.waitUntil(lambda: len(model.items) == 3, timeout=10000)


def test_countdown_from_the_order_page(tbapp, qtbot):
    from tbcase.ui.case_page.common import add_countdown
    from tbcase.ui.dialogs import CountdownDialog

    page = open_demo(tbapp, qtbot, tab="timeline")
    dialog = CountdownDialog(tbapp.ctx, page)
    dialog.when.edit.setText("明天")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "2天23时" in dialog.when.error.text()
    dialog.when.edit.setText("卖家还剩 0天5时 处理")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    timeline = page.tab("timeline")
    assert add_countdown(timeline, "卖家处理退款", "0天5时")
    qtbot.waitUntil(lambda: any(d.rule == "countdown" for d in timeline.timeline.deadlines), timeout=10000)
    countdown = next(d for d in timeline.timeline.deadlines if d.rule == "countdown")
    assert countdown.label_zh == "卖家处理退款" and countdown.state == "due_soon"


def test_reminder_timer_recomputes_states_as_time_passes(tbapp, qtbot, monkeypatch):
    from datetime import timedelta

    from tbcase.ui import models

    w = tbapp.window
    from tbcase.ui.session import Change

    fresh = str(tbapp.ctx.library.folder / "3917264508812093546.tbcase")
    with qtbot.waitSignal(w.case_opened, timeout=10000):
        w.select_path(fresh)
    # the platform should answer within 24 hours; the list row is re-read after the write
    w.page.session.write(lambda c: c.steps.add("complaint"), Change.STEPS)
    qtbot.waitUntil(lambda: w.model.rows[w.model.row_of(fresh)].deadline is not None
                    and w.model.rows[w.model.row_of(fresh)].deadline.rule == "app_reply", timeout=10000)
    row = w.model.rows[w.model.row_of(fresh)]
    assert row.deadline.rule == "app_reply" and row.deadline.state == "due_soon"
    later = models.now() + timedelta(days=2)
    monkeypatch.setattr(models, "now", lambda: later)
    w._on_reminder_timer()
    row = w.model.rows[w.model.row_of(fresh)]
    assert row.deadline.state == "overdue"
    assert "2" in w.reminder.text()  # both cases now overdue


def test_overview_saves_only_what_was_edited_and_follows_the_case(tbapp, qtbot):
    from tbcase.ui.session import Change

    page = open_demo(tbapp, qtbot, tab="overview")
    overview = page.tab("overview")
    settle(page, qtbot)
    before = len(read(page, qtbot, lambda c: c.history()))
    overview.save()  # nothing edited: nothing written (times with seconds stay as they are)
    settle(page, qtbot)
    assert len(read(page, qtbot, lambda c: c.history())) == before
    page.record_step("resolved", ask=False)  # a step changes the status …
    qtbot.waitUntil(lambda: overview.f_status.currentData() == "resolved", timeout=10000)  # … the form shows it
    overview.f_shop.setText("新店名")
    # something else changes while the user is typing
    page.session.write(lambda c: c.tracking.add("SF1234567890123"), Change.TRACKING)
    settle(page, qtbot)
    assert overview.f_shop.text() == "新店名"  # the typing is kept
    overview.save()
    row = read(page, qtbot, lambda c: c.case())
    assert (row.shop, row.status) == ("新店名", "resolved")


def test_return_signed_keeps_every_case_listed(tbapp, qtbot):
    """Issue 12: after a `return_signed` step the window's whole case list went empty
    (the summary parsed a datetime twice) and the status bar showed the exception."""
    from tbcase.ui.case_page import TAB_NAMES

    w = tbapp.window
    page = open_demo(tbapp, qtbot)
    page.record_step("return_signed", ask=False)
    settle(page, qtbot)
    for name in TAB_NAMES:  # every tab renders the case after the step
        page.show_tab(name)
        settle(page, qtbot)
    assert any(s.kind == "return_signed" for s in page.tab("timeline").timeline.steps)
    with qtbot.waitSignal(w.library_loaded, timeout=10000):
        w.load_library()
    assert w.model.rowCount() == 3
    assert all(r.summary is not None and r.error is None for r in w.model.rows)
    assert "Error" not in w.statusBar().currentMessage()
