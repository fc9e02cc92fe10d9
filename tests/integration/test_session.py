"""The case session: one queue, operations in order off the GUI thread, callbacks on it,
``changed`` after writes, and a close that waits only for writes."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tbcase.storage.engine import DeadlineEngine
from tbcase.ui.session import CaseSession, Change

pytestmark = pytest.mark.gui


@pytest.fixture
def session(qtbot, new_case):
    case = new_case()
    path = case.path
    case.close()
    s = CaseSession(path, DeadlineEngine())
    with qtbot.waitSignal(s.opened, timeout=10000):
        s.open()
    yield s
    s.close()


def test_operations_run_in_order_on_one_worker_thread_with_callbacks_on_the_gui_thread(session, qtbot):
    seen, threads, callback_threads = [], set(), set()

    def op(n):
        def run(case):
            threads.add(threading.get_ident())
            seen.append(n)
            return n
        return run

    results = []
    for n in range(20):
        session.query(op(n), lambda r: (results.append(r), callback_threads.add(threading.get_ident())))
    qtbot.waitUntil(lambda: len(results) == 20, timeout=10000)
    assert seen == list(range(20)) and results == list(range(20))
    assert len(threads) == 1 and threading.main_thread().ident not in threads
    assert callback_threads == {threading.main_thread().ident}


def test_a_write_says_what_changed_and_a_failure_reaches_its_callback(session, qtbot):
    with qtbot.waitSignal(session.changed, timeout=10000) as blocker:
        session.write(lambda case: case.steps.add("complaint"), Change.STEPS)
    assert blocker.args[0] & Change.STEPS and blocker.args[0] & Change.HISTORY
    assert not blocker.args[0] & Change.EVIDENCE
    failures = []
    with qtbot.assertNotEmitted(session.changed, wait=200):
        session.write(lambda case: case.steps.add("no_such_step"), Change.STEPS, on_failure=failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert failures[0].code == "bad_choice"


def test_close_drops_waiting_reads_but_finishes_queued_writes(session, qtbot):
    gate = threading.Event()
    session.query(lambda case: gate.wait(10))  # holds the queue
    read_results, written = [], []
    session.query(lambda case: case.case().order_no, read_results.append)
    session.write(lambda case: case.steps.add("complaint"), Change.STEPS)
    threading.Timer(0.2, gate.set).start()
    session.close()  # waits for the one in flight and the queued write, not the read
    qtbot.wait(50)
    assert read_results == []
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(session.path) as case:
        written = [s for s in case.steps.all()]
    assert len(written) == 1
    assert not Path(str(session.path) + "-wal").exists()  # closed and checkpointed


def test_a_file_that_is_not_a_case_fails_to_open_with_a_clear_error(qtbot, tmp_path):
    bad = tmp_path / "x.tbcase"
    bad.write_bytes(b"not a database at all" * 100)
    s = CaseSession(bad, DeadlineEngine())
    with qtbot.waitSignal(s.open_failed, timeout=10000) as blocker:
        s.open()
    from tbcase.domain.errors import KnownError

    assert isinstance(blocker.args[0], KnownError)
    s.close()


def test_images_without_renditions_are_looked_for_after_the_first_reads_are_painted(qtbot, new_case, monkeypatch):
    """Opening a case looks for images stored before their renditions (phone uploads,
    white 16-bit thumbnails) once what the page first read is shown and painted, not
    beside that frame (both held the interpreter lock: the window waited); found, they are
    made as before."""
    from PySide6.QtWidgets import QWidget

    from tbcase.storage.evidence import EvidenceStore
    from tests.helpers import make_png

    case = new_case()
    eid = case.evidence.add(make_png(40, 30), "a.png").id
    case.evidence.add(make_png(30, 40), "b.png")
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute("DELETE FROM derived WHERE evidence_id = ?", (eid,))  # stored before its renditions
    con.commit()
    con.close()
    order = []
    real = EvidenceStore.missing_renditions
    monkeypatch.setattr(EvidenceStore, "missing_renditions", lambda self: order.append("check") or real(self))

    class Painted(QWidget):
        def paintEvent(self, event):  # noqa: N802
            order.append("painted")
            time.sleep(0.1)  # a slow frame: the check waits for it

    widget = Painted()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    order.clear()

    def shown(_result):
        time.sleep(0.2)  # the window takes its time with what was read
        order.append("shown")
        widget.update()

    s = CaseSession(path, DeadlineEngine())
    try:
        s.open()
        s.query(lambda case: order.append("read") or case.evidence.all(), shown)
        qtbot.waitUntil(lambda: "check" in order, timeout=10000)
        after = order[order.index("shown"):]  # (the widget may be painted before too)
        assert order.index("read") < order.index("shown") and "check" not in order[:order.index("shown")]
        assert "painted" in after and after.index("painted") < after.index("check")
        qtbot.waitUntil(lambda: s.renditions.made == 1 and not s.busy(), timeout=10000)
    finally:
        s.close()
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(path, readonly=True) as reader:
        assert reader.evidence.derived(eid, "thumb") is not None


def test_a_write_to_a_file_that_cannot_be_written_says_so(session, qtbot):
    """A case on a disc or a read-only share opens and reads (nothing is written to open
    it); SQLite refuses its first write (SQLITE_READONLY, as with ``query_only`` here):
    the failure is this case's clear message, in either language, not a crash report."""
    from tbcase.wording import Wording

    session.query(lambda case: case.db.execute_sql("PRAGMA query_only = ON"))
    failures = []
    session.write(lambda case: case.set_field("notes", "改"), Change.FIELDS, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert getattr(failures[0], "code", None) == "case_read_only", failures
    assert str(session.path) in Wording.for_language("zh").error_of(failures[0])
    assert "read-only" in Wording.for_language("en").error_of(failures[0])
    notes = []
    session.query(lambda case: case.case().notes, notes.append)
    qtbot.waitUntil(lambda: bool(notes), timeout=10000)
    assert notes == [""]
