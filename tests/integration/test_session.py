"""The case session: one queue, operations in order off the GUI thread, callbacks on it,
``changed`` after writes, and a close that waits only for writes."""

import threading
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
