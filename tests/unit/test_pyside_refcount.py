"""PySide6 6.12.0 loses a reference to True on each Signal.emit(); the window keeps spare
ones (tbcase/ui/tasks.py). Without them this test aborts the interpreter."""

import pytest

pytestmark = pytest.mark.gui


def test_thousands_of_emits_do_not_free_true(qapp):
    from PySide6.QtCore import QObject, Signal

    from tbcase.ui.tasks import Job

    class Source(QObject):
        ping = Signal(object)

    source = Source()
    got = []
    source.ping.connect(got.append)
    for i in range(3000):
        if i % 500 == 0:
            Job(lambda job: None)  # work starting tops the spare references up
        source.ping.emit(i)
    assert len(got) == 3000 and True is not False


def test_thousands_of_timer_calls_do_not_free_none(qapp, qtbot):
    from PySide6.QtCore import QTimer

    from tbcase.ui.tasks import Job

    calls = []
    for i in range(3000):
        if i % 500 == 0:
            Job(lambda job: None)
        QTimer.singleShot(0, lambda: calls.append(1))
    qtbot.waitUntil(lambda: len(calls) == 3000, timeout=10000)
