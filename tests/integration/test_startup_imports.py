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
         "tbcase.storage.casefile", "tbcase.storage.records", "tbcase.ui.case_page"]

SCRIPT = r"""
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
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
                      "loaded": [m for m in json.loads(sys.argv[2]) if m in sys.modules]}))
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
