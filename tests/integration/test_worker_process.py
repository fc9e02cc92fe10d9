"""Work in a worker process (tbcase/ui/process.py): spawned, never forked; results,
progress, errors and cancel come back to the window's job."""

import os
import subprocess
import sys
import threading
import time

import pytest

from tbcase.domain.errors import KnownError
from tbcase.ui.process import WorkerError, run_in_process
from tbcase.ui.tasks import Job

pytestmark = pytest.mark.gui


def run(target, *args):
    """A job running ``target`` in a process, run here; what it emitted."""
    out = {"progress": [], "ok": [], "failed": [], "cancelled": []}
    job = Job(lambda j: run_in_process(j, target, *args))
    job.signals.progress.connect(lambda *a: out["progress"].append(a))
    job.signals.succeeded.connect(out["ok"].append)
    job.signals.failed.connect(out["failed"].append)
    job.signals.cancelled.connect(lambda: out["cancelled"].append(True))
    return job, out


def test_result_and_progress_come_back_from_another_process():
    job, out = run("tests.process_targets:count", 3)
    job.run()
    assert out["progress"] == [(0, 3, "step 0"), (1, 3, "step 1"), (2, 3, "step 2")]
    assert out["ok"][0]["n"] == 3 and out["ok"][0]["pid"] != os.getpid()


def test_a_known_error_comes_back_as_itself_and_a_bug_names_itself():
    job, out = run("tests.process_targets:refuse")
    job.run()
    exc = out["failed"][0]
    assert isinstance(exc, KnownError) and exc.code == "empty_file" and exc.params == {"name": "空.png"}
    job, out = run("tests.process_targets:bug")
    job.run()
    assert isinstance(out["failed"][0], WorkerError) and "KeyError" in str(out["failed"][0])
    assert "process_targets.py" in str(out["failed"][0])


def test_a_child_that_dies_is_an_error_not_a_hang():
    job, out = run("tests.process_targets:die")
    job.run()
    assert isinstance(out["failed"][0], WorkerError) and "exit code 3" in str(out["failed"][0])


def test_cancel_ends_the_child_process():
    job, out = run("tests.process_targets:sleep_forever")

    def cancel_when_started():
        while not out["progress"]:
            time.sleep(0.01)
        job.cancel()

    threading.Thread(target=cancel_when_started).start()
    t = time.perf_counter()
    job.run()
    assert out["cancelled"] and not out["ok"] and time.perf_counter() - t < 30
    pid = int(out["progress"][0][2])
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # terminated and reaped


LETTER_SCRIPT = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
from tbcase.ui.app import TbcaseApp, make_settings, register_font
folder = Path(sys.argv[1])
app = QApplication([])
register_font(app)
tb = TbcaseApp(app, folder, make_settings())
w = tb.window
def opened(_path):
    dialog = w.commands.letter()
    dialog.ready.connect(lambda: (print(dialog.document.pageCount(), "reportlab" in sys.modules,
                                        dialog.hints_model.rowCount()), app.quit()))
w.case_opened.connect(opened)
w.library_loaded.connect(lambda: w.select_path(str(folder / "4528716093384027715.tbcase")))
w.show(); w.load_library()
from PySide6.QtCore import QTimer
QTimer.singleShot(60000, lambda: app.exit(1))
sys.exit(app.exec())
"""


def test_the_window_lays_out_letters_in_another_process(tmp_path):
    """The letter dialog shows a letter, and reportlab never loaded in the window's process
    (its layout held the interpreter lock for 100-300 ms at a time: the window stalled)."""
    from tbcase.storage.demo import build_demo_library

    build_demo_library(tmp_path / "lib")
    env = dict(os.environ, TBCASE_LANG="zh", TBCASE_CONFIG=str(tmp_path / "config"))
    out = subprocess.run([sys.executable, "-c", LETTER_SCRIPT, str(tmp_path / "lib")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    pages, loaded, hints = out.stdout.split()
    assert int(pages) > 2 and loaded == "False" and int(hints) >= 1


def test_collection_is_deferred_during_case_operations_and_resumes_after():
    """A session operation runs with the collector off (its objects die with it: a 5 MB chat
    log made 50 ms full passes that stalled the window); nested or overlapping blocks keep it
    off until the last one ends."""
    import gc

    from tbcase.ui.tasks import collections_deferred

    assert gc.isenabled()
    seen = []
    with collections_deferred():
        with collections_deferred():
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    seen.append(gc.isenabled())
    assert seen == [False, False, True]


def test_a_cancelled_child_cleans_up_before_it_ends(tmp_path):
    """Cancel terminates the child; its ``with`` blocks still run (an export cancelled
    half-way leaves no hidden temporary folder beside the target)."""
    job, out = run("tests.process_targets:export_then_wait", str(tmp_path / "out"))

    def cancel_when_started():
        while not out["progress"]:
            time.sleep(0.01)
        assert any(p.name.startswith(".out.exporting-") for p in tmp_path.iterdir())
        job.cancel()

    threading.Thread(target=cancel_when_started).start()
    job.run()
    assert out["cancelled"] and not out["ok"]
    assert list(tmp_path.iterdir()) == []


def test_the_window_exports_in_another_process(qtbot, qapp, tmp_path, monkeypatch):
    """Export from the window writes the folder whole through a worker process: the bundle
    writer of the window's own process is never called (on the case's queue it held the
    interpreter lock: 67-216 ms stalls)."""
    import json

    from tbcase.storage import bundle
    from tbcase.storage.demo import build_demo_library
    from tbcase.ui.app import TbcaseApp, make_settings

    def not_here(*_args, **_kwargs):
        raise AssertionError("the bundle was written in the window's process")

    monkeypatch.setattr(bundle, "export_case", not_here)
    monkeypatch.setenv("TBCASE_LANG", "zh")
    build_demo_library(tmp_path / "lib")
    app = TbcaseApp(qapp, tmp_path / "lib", make_settings())
    try:
        w = app.window
        with qtbot.waitSignal(w.library_loaded, timeout=10000):
            w.load_library()
        with qtbot.waitSignal(w.case_opened, timeout=10000):
            w.select_path(str(tmp_path / "lib" / "4528716093384027715.tbcase"))
        w.commands.export_case(folder=str(tmp_path / "out"))
        manifest = tmp_path / "out" / "4528716093384027715" / "manifest.json"
        qtbot.waitUntil(lambda: manifest.exists() and not w.busy(), timeout=60000)
        files = json.loads(manifest.read_text(encoding="utf-8"))["evidence"]
        assert len(files) == 4 and all((manifest.parent / f["file"]).is_file() for f in files)
        assert "导出到" in w.statusBar().currentMessage() or "Exported" in w.statusBar().currentMessage()
    finally:
        app.close()


def test_a_big_payload_reaches_the_child_whole():
    """A pasted photo's pixels go to the child from their buffer (a memoryview, not copied
    into a pickle): 24 MB arrive byte for byte."""
    import hashlib

    data = bytearray(os.urandom(24 * 1024 * 1024))
    job = Job(lambda j: run_in_process(j, "tests.process_targets:digest", "photo", payload=memoryview(data)))
    got = []
    job.signals.succeeded.connect(got.append)
    job.run()
    assert got == [("photo", len(data), hashlib.sha256(data).hexdigest())]



@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no SIGTERM handler to give back")
def test_a_child_that_answered_ends_by_default_when_terminated(tmp_path):
    """The window terminates a child as soon as it has answered (it does not wait for the
    child to wind down). Until it answers, SIGTERM unwinds it (its ``with`` blocks clean up);
    after, there is nothing left to clean up and SIGTERM ends it the default way. Before,
    the SIGTERM that came while the child was shutting down raised SystemExit inside
    ``threading._shutdown``: "Exception ignored … SystemExit: 1", then an AssertionError
    there, printed by the stall benchmark's chat step."""
    import multiprocessing

    from tbcase.ui import process

    marker = tmp_path / "marker"
    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    child = spawn.Process(target=process._child, args=(sender, "tests.process_targets:sigterm_on_exit", (str(marker),)))
    child.start()
    sender.close()
    assert receiver.recv() == ("ok", "done")
    child.join(30)
    assert child.exitcode == 0
    assert marker.read_text() == "default"
