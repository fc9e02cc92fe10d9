"""Small lists of the window: the status line, the list's next-deadline cell when no
deadline runs, the evidence checklist and the letter's tone hints as item models."""

import pytest

from tbcase.storage.demo import build_demo_library
from tests.helpers import window_on_library

pytestmark = pytest.mark.gui
DEMO_ORDER = "4528716093384027715"


@pytest.fixture
def window(qtbot, qapp, tmp_path, monkeypatch):
    build_demo_library(tmp_path / "demo")
    app = window_on_library(qapp, qtbot, monkeypatch, tmp_path / "demo")
    yield app.window
    app.close()


def test_status_line_counts_cases_without_an_unfortunate_abbreviation(window):
    text = window.statusBar().currentMessage()
    assert text.startswith("共 3 个案件 · 文件夹 "), text
    assert "中共" not in text


def test_a_case_without_a_running_deadline_shows_its_next_step(window, new_case, qtbot):
    """A new case (no step yet) has no deadline: the cell tells what to do next instead."""
    from tbcase.ui.models import CaseListModel

    model = window.model
    for row in model.rows:
        text = model.data(model.index(model.row_of(row.path), CaseListModel.DEADLINE))
        assert text, row.path  # never an empty cell
        if row.deadline is None:
            assert row.next_action is not None
    case = new_case(order="1234567890123456789")
    path = str(case.path)
    case.close()
    with qtbot.waitSignal(window.library_loaded, timeout=10000):
        window.ctx.set_library(case.path.parent)
        window.load_library()
    text = model.data(model.index(model.row_of(path), CaseListModel.DEADLINE))
    assert text == "下一步：在App内提交投诉（我的订单 → 投诉）"


def test_checklist_is_an_item_model(window, qtbot, qtmodeltester):
    from tbcase.ui.list_models import ChecklistModel

    with qtbot.waitSignal(window.case_opened, timeout=10000):
        window.select_path(str(window.ctx.library.folder / f"{DEMO_ORDER}.tbcase"))
    window.page.show_tab("overview")
    model = window.page.tab("overview").checklist.model()
    qtbot.waitUntil(lambda: model.rowCount() >= 3, timeout=10000)
    assert isinstance(model, ChecklistModel) and model.rowCount() >= 3
    qtmodeltester.check(model)
    lines = [model.index(r).data() for r in range(model.rowCount())]
    assert all(line[0] in "✔✘" for line in lines), lines
    assert any(line.startswith("✔") for line in lines)


def test_tone_hints_are_an_item_model(qtmodeltester):
    from tbcase.ui.list_models import TextListModel

    model = TextListModel("没有建议")
    model.set_lines([])
    assert [model.index(r).data() for r in range(model.rowCount())] == ["没有建议"]
    model.set_lines(["语气过激", "缺少订单号"])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.index(1).data() == "缺少订单号"


def test_a_damaged_case_file_gives_a_message_and_the_empty_page(window, qtbot, tmp_path, monkeypatch):
    from tbcase.ui import main_window

    bad = tmp_path / "broken.tbcase"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    shown = []
    monkeypatch.setattr(main_window, "show_message", lambda *a, **k: shown.append(a[3]))
    window.open_path(bad)  # the page is shown at once and filled as the file opens
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert window.page is None and window.right.currentWidget() is window.empty
    assert "broken.tbcase" in shown[0], shown  # the message names the file


@pytest.mark.parametrize("source", ["demo", "schema 5"])
def test_switching_the_language_switches_the_history(qtbot, qapp, tmp_path, source):
    """History entries are shown in the window's language, old entries too: a schema-5
    file (whose entries said 证据N in Chinese text) is migrated as it opens, and its
    entries read Exhibit N in English, as new entries (stored as data) do."""
    import shutil

    from tbcase.ui.app import TbcaseApp, make_settings, register_font
    from tests.helpers import FIXTURES

    build_demo_library(tmp_path / "demo")
    if source == "schema 5":
        shutil.copyfile(FIXTURES / "case_v5.tbcase", tmp_path / "demo" / f"{DEMO_ORDER}.tbcase")
    register_font(qapp)
    app = TbcaseApp(qapp, tmp_path / "demo", make_settings())
    try:
        def history_rows():
            w = app.window
            with qtbot.waitSignal(w.case_opened, timeout=10000):
                w.select_path(str(w.ctx.library.folder / f"{DEMO_ORDER}.tbcase"))
            w.page.show_tab("history")
            model = w.page.tab("history").model
            qtbot.waitUntil(lambda: model.rowCount() > 5, timeout=10000)
            return [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]

        app.window.show()
        with qtbot.waitSignal(app.window.library_loaded, timeout=10000):
            app.window.load_library()
        zh = history_rows()
        assert any(row[1] == "添加证据" and row[3].startswith("证据1") for row in zh), zh
        app.switch_language("en")
        with qtbot.waitSignal(app.window.library_loaded, timeout=10000):
            pass
        en = history_rows()
        assert len(en) == len(zh)
        assert not any("证据" in cell for row in en for cell in row[1:]), en
        assert any(row[3].startswith("Exhibit 1") for row in en), en
        assert all(row[1] and not any("\u4e00" <= ch <= "\u9fff" for ch in row[1]) for row in en), en
        if source == "schema 5":  # newest first: the entries of the fixture, in both languages
            assert ["修改证据标题", "证据2 卖家 拒绝 退款", "卖家拒绝退款（聊天）"] in [r[1:] for r in zh]
            assert ["exhibit title changed", "Exhibit 2 卖家 拒绝 退款", "卖家拒绝退款（聊天）"] in [
                r[1:] for r in en]
            assert ["exhibit moved", "Exhibit 3", "Exhibit 1"] in [r[1:] for r in en]
            assert ["调整证据顺序", "证据3", "证据1"] in [r[1:] for r in zh]
            assert en[0][1:] == ["history stored as data from here", "", "22 earlier entries read from their text"]
            assert zh[0][1:] == ["历史记录自此按数据保存", "", "此前的 22 条记录从原文读出"]
    finally:
        app.close()


def test_a_message_of_millions_of_characters_is_shown_cut(qtbot, qapp):
    """A text file with one header and 2.4 million characters after it is one message (the
    parser has nowhere else to cut). The chat tab measured and drew it whole on the UI thread:
    8 s a million characters, for every size hint and repaint. The bubble shows its start."""
    from PySide6.QtWidgets import QListView, QStyleOptionViewItem

    from tbcase.domain.chat import parse_chat
    from tbcase.storage.records import ChatLine
    from tbcase.ui.case_page.chat import ChatDelegate
    from tbcase.ui.models import ChatModel

    text = parse_chat("tb1 2026-11-14 10:00:00\n" + "杯子碎了，请处理一下。\n" * 200_000).messages[0].text
    assert len(text) > 2_000_000
    view = QListView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    model = ChatModel(view)
    model.set_messages([ChatLine(0, None, "tb1", "buyer", text, "")])
    delegate = ChatDelegate(view)
    view.setModel(model)
    view.setItemDelegate(delegate)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    size = delegate.sizeHint(option, model.index(0))
    assert 0 < size.height() < 100_000  # not the ~900,000 px of the whole text


def test_a_bubble_shows_the_start_of_a_long_message():
    from tbcase.ui.case_page.chat import SHOWN_CHARS, shown_text

    text = "杯子碎了。" * 10_000
    assert shown_text(text) == text[:SHOWN_CHARS] + " ……"
    assert shown_text("短消息") == "短消息"


def test_the_deadline_cell_is_coloured_by_its_state(window, qtbot):
    """Red for an overdue case, grey for a next step (the colour is the cell's brush;
    the list gives it as a QColor, which the delegate paints as one). Seen by pixels too."""
    from PySide6.QtCore import Qt

    from tbcase.ui.models import MUTED, OVERDUE, CaseListModel

    model = window.model
    colours = {r.path.rsplit("/", 1)[-1]: model.data(model.index(model.row_of(r.path), CaseListModel.DEADLINE),
                                                   Qt.ItemDataRole.ForegroundRole) for r in model.rows}
    assert colours[f"{DEMO_ORDER}.tbcase"] == OVERDUE
    assert MUTED in colours.values()
    window.table.clearSelection()
    window.table.setCurrentIndex(window.proxy.index(-1, -1))
    row = window.proxy.mapFromSource(model.index(model.row_of(str(window.ctx.library.folder / f"{DEMO_ORDER}.tbcase")),
                                                 CaseListModel.DEADLINE))
    rect = window.table.visualRect(row)
    image = window.table.viewport().grab(rect).toImage()
    reds = [(x, y) for x in range(image.width()) for y in range(image.height())
            if (lambda c: c.red() > 150 and c.green() < 90 and c.blue() < 90)(image.pixelColor(x, y))]
    assert len(reds) > 20


def test_facts_longer_than_anybody_types_are_shown_cut_and_never_saved_cut(qtbot, qapp, tmp_path, monkeypatch):
    """A case file from elsewhere with 320,000 characters of facts in one paragraph: Qt laid
    it out on the UI thread (about 1 s a million characters, 212 s for ten million). The
    overview shows the start, read-only, and saving another field leaves the facts whole."""
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library
    from tbcase.ui.case_page.overview import LONG_TEXT
    from tests.helpers import ORDER, window_on_case

    folder = tmp_path / "lib"
    case = Library(folder).create(order_no=ORDER, complaint_type="quality", shop="青禾家居旗舰店")
    facts = "当日联系卖家客服，此后再无回复。" * 20_000
    case.set_field("facts", facts)
    case.set_field("demands", "退款")
    case.close()
    app = window_on_case(qapp, qtbot, monkeypatch, folder, tab="overview")
    try:
        page = app.window.page
        tab = page.tab("overview")
        qtbot.waitUntil(lambda: tab.f_facts.toPlainText() != "", timeout=10000)
        assert tab.f_facts.isReadOnly() and tab.f_facts.toPlainText() == facts[:LONG_TEXT]
        assert str(len(facts)) in tab.f_facts.toolTip()
        assert not tab.f_demands.isReadOnly() and tab.f_demands.toolTip() == ""
        tab.f_shop.setText("山野户外专营店")
        tab.save()
        qtbot.waitUntil(lambda: not page.session.busy(), timeout=10000)
    finally:
        app.close()
    with CaseFile.open(folder / f"{ORDER}.tbcase") as c:
        row = c.case()
        assert row.shop == "山野户外专营店" and row.facts == facts


def test_the_list_is_read_while_the_window_is_built(qtbot, qapp, library_dir, new_case):
    """TbcaseApp's window starts reading the library before its widgets are built; the first
    load_library is that scan (one scan, one library_loaded), a later one reads again."""
    from tbcase.ui.app import TbcaseApp, make_settings

    build_demo_library(library_dir)
    app = TbcaseApp(qapp, library_dir, make_settings())
    w = app.window
    try:
        assert w._scan_job is not None  # started in the constructor
        first = w._scan_job
        loaded: list[int] = []
        w.library_loaded.connect(lambda: loaded.append(w.model.rowCount()))
        w.show()
        w.load_library()
        assert w._scan_job is first  # claimed, not started again
        qtbot.waitUntil(lambda: loaded == [3], timeout=10000)
        case = new_case(order="1234567890123456789")
        case.close()
        with qtbot.waitSignal(w.library_loaded, timeout=10000):
            w.load_library()  # the next call reads the folder again: the new case is listed
        assert loaded == [3, 4] and w.model.row_of(str(case.path)) >= 0
        qtbot.wait(50)
        assert loaded == [3, 4]
    finally:
        app.close()


def test_the_toolbar_icons_are_ours_and_drawn(window):
    """Each toolbar button has its own icon from resources/icons, drawn (not blank) at the
    sizes a toolbar uses, also at a 1.75 scale."""
    from PySide6.QtWidgets import QToolBar

    bar = window.findChild(QToolBar, "main_toolbar")
    images = []
    for action in bar.actions():
        icon = action.icon()
        assert not icon.isNull(), action.text()
        for size in (16, 24, 42):
            image = icon.pixmap(size, size).toImage()
            assert image.width() == size
            inked = sum(image.pixelColor(x, y).alpha() > 0 for x in range(size) for y in range(size))
            assert inked > size, (action.text(), size)  # strokes, not an empty square
        images.append(icon.pixmap(24, 24).toImage())
    assert len(images) == 5
    assert all(a != b for i, a in enumerate(images) for b in images[i + 1:])  # five different pictures



def test_the_open_case_stays_marked_in_the_list_after_a_refresh(window, qtbot):
    """Refresh (F5) reads the library again and resets the list: the open case's row was left
    unselected while its page stayed open, so the list and the page disagreed."""
    from tbcase.ui.models import ObjectRole

    with qtbot.waitSignal(window.case_opened, timeout=10000):
        window.select_path(str(window.ctx.library.folder / f"{DEMO_ORDER}.tbcase"))

    def marked():
        index = window.table.currentIndex()
        return (index.isValid() and index.data(ObjectRole).path.endswith(f"{DEMO_ORDER}.tbcase")
                and window.table.selectionModel().isRowSelected(index.row()))

    assert marked()
    page = window.page
    with qtbot.waitSignal(window.library_loaded, timeout=20000):
        window.act_refresh.trigger()
    assert marked() and window.page is page  # marked again, and the page not opened a second time
