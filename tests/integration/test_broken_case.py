"""One broken case never hides the others (issue 12): a case that fails to read, because
of damage or of a bug in tbcase, is listed with its error, every other case is listed,
and a bug in the window is a crash report (exception, version, a copy button)."""

import json

import pytest

from tbcase.cli import main
from tbcase.storage.casefile import CaseFile
from tbcase.storage.library import Library

ORDERS = ["4528716093384027715", "3917264508812093546", "2086417735260918804"]


@pytest.fixture
def library(library_dir):
    lib = Library(library_dir)
    for order in ORDERS:
        lib.create(order_no=order, complaint_type="quality", shop="店").close()
    (library_dir / "damaged.tbcase").write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    return lib


@pytest.fixture
def bug_in_one_case(monkeypatch):
    """A bug that strikes while reading one case only (as issue 12's TypeError did)."""
    real = CaseFile.summary

    def summary(self):
        if self.path.stem == ORDERS[1]:
            raise TypeError("fromisoformat: argument must be str")
        return real(self)

    monkeypatch.setattr(CaseFile, "summary", summary)


def test_list_shows_every_case_and_marks_the_broken_ones(library, library_dir, bug_in_one_case, capsys):
    assert main(["--library", str(library_dir), "list", "--json"]) == 0
    rows = {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(capsys.readouterr().out)}
    assert len(rows) == 4
    assert {rows[f"{o}.tbcase"].get("order_no") for o in (ORDERS[0], ORDERS[2])} == {ORDERS[0], ORDERS[2]}
    bug = rows[f"{ORDERS[1]}.tbcase"]["error"]
    assert "程序缺陷" in bug and "TypeError: fromisoformat" in bug
    assert "已损坏" in rows["damaged.tbcase"]["error"]
    assert main(["--library", str(library_dir), "list"]) == 0
    text = capsys.readouterr().out
    assert text.count("!  ") == 2 and ORDERS[0] in text and ORDERS[2] in text


def test_a_symbolic_link_loop_named_like_a_case_hides_nothing(library, library_dir, capsys):
    """A link to itself named ``x.tbcase`` in the library folder (or one whose target became a
    loop when the library was moved) made `list`, `due`, `check --all` and the window's scan
    fail whole with an internal error (ELOOP from the folder listing): no case was shown."""
    (library_dir / "loop.tbcase").symlink_to("loop.tbcase")
    assert {e.path.stem for e in library.entries()} == {*ORDERS, "damaged"}
    assert main(["--library", str(library_dir), "list"]) == 0
    out = capsys.readouterr().out
    assert all(o in out for o in ORDERS), out


def test_a_bug_is_not_remembered_by_the_index(library, library_dir, bug_in_one_case, monkeypatch):
    assert [e.bug for e in library.entries()].count(True) == 1
    monkeypatch.undo()  # the next version of tbcase has the bug fixed
    entries = {e.path.stem: e for e in library.entries()}
    assert entries[ORDERS[1]].summary is not None and entries[ORDERS[1]].error is None
    assert entries["damaged"].error == "case_damaged"  # a damaged file stays listed as damaged


def test_due_names_the_broken_cases_and_lists_the_rest(library, library_dir, bug_in_one_case, capsys):
    assert main(["--library", str(library_dir), "due", "--json"]) == 0
    out = capsys.readouterr()
    json.loads(out.out)
    assert "程序缺陷" in out.err and "已损坏" in out.err


@pytest.mark.gui
def test_window_lists_every_case_and_marks_the_broken_one(library, library_dir, bug_in_one_case, qtbot, qapp):
    from tbcase.ui.app import TbcaseApp, make_settings

    app = TbcaseApp(qapp, library_dir, make_settings())
    try:
        w = app.window
        with qtbot.waitSignal(w.library_loaded, timeout=10000):
            w.load_library()
        rows = {r.path.rsplit("/", 1)[-1]: r for r in w.model.rows}
        assert len(rows) == 4
        assert rows[f"{ORDERS[0]}.tbcase"].summary is not None
        assert rows[f"{ORDERS[2]}.tbcase"].summary is not None
        broken = rows[f"{ORDERS[1]}.tbcase"]
        assert broken.summary is None and "TypeError" in broken.error
        index = w.model.index(w.model.row_of(broken.path), w.model.ITEM)
        assert "程序缺陷" in w.model.data(index)  # the row says what is wrong
        assert "TypeError" not in w.statusBar().currentMessage()
    finally:
        app.close()


@pytest.mark.gui
def test_a_bug_in_an_action_is_a_crash_report_with_a_copy_button(library, library_dir, qtbot, qapp,
                                                                  monkeypatch, tmp_path):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QFileDialog

    from tbcase import __version__
    from tbcase.ui.app import TbcaseApp, make_settings
    from tbcase.ui.case_commands import CaseCommands
    from tbcase.ui.crash import CrashDialog

    # the export runs in a worker process: a bug there comes back as a WorkerError naming it
    monkeypatch.setattr(CaseCommands, "WRITERS", {False: "tests.process_targets:broken_export"})
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    app = TbcaseApp(qapp, library_dir, make_settings())
    try:
        w = app.window
        with qtbot.waitSignal(w.library_loaded, timeout=10000):
            w.load_library()
        w.select_path(str(library_dir / f"{ORDERS[0]}.tbcase"))
        qtbot.waitUntil(lambda: w.page is not None)
        w.commands.export_case()

        def crash_dialogs():
            return [d for d in QApplication.topLevelWidgets() if isinstance(d, CrashDialog) and d.isVisible()]

        qtbot.waitUntil(lambda: len(crash_dialogs()) == 1, timeout=10000)
        dialog = crash_dialogs()[0]
        assert "RuntimeError: boom while exporting" in dialog.report
        assert f"tbcase {__version__}" in dialog.report and "Traceback" in dialog.report
        assert "RuntimeError" not in w.statusBar().currentMessage() or "report" in w.statusBar().currentMessage()
        dialog.copy_button.click()
        assert QGuiApplication.clipboard().text() == dialog.report
        dialog.close()
    finally:
        app.close()


@pytest.mark.parametrize("where", ["missing", "a-file"])
def test_list_and_due_say_when_the_library_folder_is_not_there(tmp_path, capsys, where):
    """A --library mistyped, or a drive not mounted: `list` and `due` printed nothing, exit 0,
    as if every case were gone. They still list nothing, and say why."""
    folder = tmp_path / where
    if where == "a-file":
        folder.write_text("x")
    for command in ("list", "due"):
        assert main(["--library", str(folder), command]) == 0
        captured = capsys.readouterr()
        assert "不存在或不是文件夹" in captured.err and str(folder) in captured.err and captured.out == ""


def test_a_bug_is_named_by_its_exception_its_words_and_the_file_and_line_it_happened_at():
    """What the list and the worker process say of a bug: one line, at most 500 characters."""
    import inspect

    from tbcase.storage.library import bug_text

    def fails():
        raise ValueError("日期 不对")

    try:
        fails()
    except ValueError as exc:
        line = inspect.getsourcelines(fails)[1] + 1
        assert bug_text(exc) == f"ValueError: 日期 不对 (test_broken_case.py:{line})"
    assert bug_text(KeyError("x")) == "KeyError: 'x'"  # never raised: no place to name
    assert bug_text(RuntimeError("长" * 600)) == "RuntimeError: " + "长" * 486
