"""Starting the window loads only what its first screen needs (issue 14: start-up within
2.5× a bare window). The case file layer (peewee), images (Pillow), letters (reportlab),
text recognition, the rules file's parser (tomllib) and the official calendar load when a
case is opened or a deadline computed, not to show the list; a list kept in the library
index (one signed snapshot) is shown without reading the rules file or any case file."""

import json
import os
import subprocess
import sys

LATER = ["peewee", "PIL", "reportlab", "rapidocr", "onnxruntime", "segno", "tomllib", "chinese_calendar",
         "tbcase.storage.casefile", "tbcase.storage.records", "tbcase.ui.case_page", "tbcase.domain.tone",
         "tbcase.storage.leftovers"]

SCRIPT = r"""
import enum, json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
made = []  # the enum classes made while the window starts (PySide makes a type's enums when it is first used)
_create = enum.EnumType._create_
def _recorded(cls, name, names, **kw):
    made.append(_create(cls, name, names, **kw))  # PySide names it (Qt.AlignmentFlag) once made
    return made[-1]
enum.EnumType._create_ = _recorded
from pathlib import Path
from PySide6.QtWidgets import QApplication
from tbcase.ui.app import TbcaseApp, make_settings, register_font
app = QApplication([])
register_font(app)
tb = TbcaseApp(app, Path(sys.argv[1]), make_settings())
w = tb.window
def done():
    app.processEvents()
    rows = [w.model.index(r, 0).data() for r in range(w.model.rowCount())]
    deadlines = [w.model.index(r, 1).data() for r in range(w.model.rowCount())]
    print(json.dumps({"rows": rows, "deadlines": deadlines,
                      "loaded": [m for m in json.loads(sys.argv[2]) if m in sys.modules],
                      "enums": [e.__qualname__ for e in made]}))
    app.quit()
w.library_loaded.connect(done)
w.show(); w.load_library()
from PySide6.QtCore import QTimer
QTimer.singleShot(60000, lambda: app.exit(1))
sys.exit(app.exec())
"""


def _start(folder, config):
    env = dict(os.environ, TBCASE_LANG="zh", TBCASE_CONFIG=str(config))
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(folder), json.dumps(LATER)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_empty_window_loads_none_of_the_heavy_parts(tmp_path):
    (tmp_path / "lib").mkdir()
    shown = _start(tmp_path / "lib", tmp_path / "config")
    assert shown["rows"] == [] and shown["loaded"] == []


def test_the_first_screen_does_not_ask_the_style_for_anything(tmp_path):
    """The toolbar's icons are ours: asking the style for its standard icons made PySide
    build QStyle's 13 enum classes (some 580 members, ~7 ms) before the first frame."""
    (tmp_path / "lib").mkdir()
    made = _start(tmp_path / "lib", tmp_path / "config")["enums"]
    assert "Qt.AlignmentFlag" in made  # the test can fail: what the window makes is seen
    assert [name for name in made if name.startswith("QStyle.")] == []


def test_a_kept_list_shows_without_the_rules_file_or_any_case_file(tmp_path, new_case, library_dir):
    """The first start reads the files and computes the deadlines (loading what that needs);
    the next one shows the same rows and deadlines from the snapshot alone."""
    for n, order in enumerate(["1000000000000000001", "1000000000000000002"]):
        case = new_case(order=order, signed="2026-11-01 10:00")
        if n:
            case.steps.add("complaint", at="2026-11-20 10:00")
        case.close()
    first = _start(library_dir, tmp_path / "config")
    assert "tomllib" in first["loaded"] and "peewee" in first["loaded"]  # the test can fail
    again = _start(library_dir, tmp_path / "config")
    assert again["rows"] == first["rows"] == ["1000000000000000002", "1000000000000000001"]
    assert again["deadlines"] == first["deadlines"] and all(again["deadlines"])
    assert again["loaded"] == []


def test_pyside_is_told_what_its_own_check_would_find(monkeypatch):
    """PySide6 reads the source of every module imported after it (its ``__feature__``
    check); tbcase.ui tells it the answers beforehand. Each answer given is PySide's own
    for that module, except that a module of tbcase.ui may be marked as using PySide when
    it does not (which selects the same: no feature)."""
    import importlib
    import pkgutil

    import PySide6.QtCore  # noqa: F401 - PySide's check is there once Qt is

    import tbcase
    import tbcase.ui

    feature = sys.modules["PySide6.support.feature"]
    marks: dict[str, int] = {}
    monkeypatch.setattr(feature, "pyside_feature_dict", marks)
    tbcase.ui.tell_pyside_which_modules_use_it()
    assert marks["typing"] == marks["tbcase.storage.library"] == marks["tbcase.domain.ladder"] == -1
    assert marks["tbcase.ui.main_window"] == marks["tbcase.ui.case_page.evidence"] == 0
    ours = [m.name for m in pkgutil.walk_packages(tbcase.__path__, "tbcase.")
            if m.name.partition(".")[2].partition(".")[0] not in ("cli", "ocr", "pdf", "receive")]
    assert set(ours) <= set(marks)  # every module of the layers the window starts with is answered for
    checked = 0
    for name, mark in list(marks.items()):
        module = sys.modules.get(name) or (importlib.import_module(name) if name.startswith("tbcase") else None)
        if module is None:
            continue
        uses = 0 if feature._mod_uses_pyside(module) else -1
        assert mark == uses or (mark == 0 and name.startswith("tbcase.ui")), name
        checked += 1
    assert checked > 100
