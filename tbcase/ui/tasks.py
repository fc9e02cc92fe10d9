"""Slow work off the UI thread: a QThreadPool of QRunnables whose results come back
as signals on the GUI thread (like Anki's QueryOp: the op, then success/failure
callbacks). No widget is touched inside a job."""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from tbcase.domain.errors import CancelledError


# PySide6 6.12.0 drops one reference to True on every Signal.emit() made from Python, and
# one to None on every QTimer.singleShot(0, fn) and on calls of some Python slots (seen while
# benchmarking: the process aborts with "deallocating True or False" / "deallocating None"
# after a few hundred to a few thousand of them, when the count reaches zero). True, False
# and None are static objects that are never freed, so their counts are raised by a large
# margin whenever work starts; the references are never given back (a list holding them
# would give them back at exit and abort there). Python 3.12+ makes them immortal and
# ignores lost references; harmless on a fixed PySide6. Reproduce: emit any signal 100
# times and compare sys.getrefcount(True) before and after.
def keep_true_alive() -> None:
    if sys.version_info >= (3, 12):
        return
    for constant in (True, False, None):
        if sys.getrefcount(constant) < 1_000_000:
            ctypes.c_ssize_t.from_address(id(constant)).value += 10_000_000


keep_true_alive()

_FROZEN: set[str] = set()


def freeze_long_lived(reason: str) -> None:
    """Move what is alive now (modules, classes, the window) out of the garbage collector's
    reach, once per reason. A full collection walks every tracked object while holding the
    GIL, whichever thread triggers it: with Qt, peewee and Pillow loaded that took 70-100
    ms, a visible freeze. Objects frozen here live as long as the window anyway. Only the
    young generations are collected first (a full collection here was itself a 30-40 ms
    stall of the GUI thread); an old cycle of garbage frozen with the rest is a few bytes
    kept once."""
    if reason not in _FROZEN:
        _FROZEN.add(reason)
        gc.collect(1)
        gc.freeze()


MANY_YOUNG = 50_000  # objects made during deferred blocks above which they are frozen
_deferred = 0
_deferred_lock = threading.Lock()
_was_enabled = True


@contextmanager
def collections_deferred() -> Iterator[None]:
    """No garbage collection while the block runs (on any thread); it resumes after.

    A case operation that parses a 5 MB chat log makes some 200,000 objects that live until
    its write is done: the collector then ran full passes of 50 ms each over them, holding
    the GIL, and the window stalled with every pass. Those objects are freed by reference
    counting when the operation returns, so nothing is left for a deferred pass to walk.
    What does survive (a long log's lines read for the chat view: 100,000 records) would be
    walked by three passes as it ages, so when many objects were made the last block out
    freezes them (``gc.freeze``: they are still freed by reference counting when dropped;
    a cycle of garbage made meanwhile is kept, a few bytes). Nested and concurrent blocks
    are counted; the last one out resumes collection."""
    global _deferred, _was_enabled
    with _deferred_lock:
        if _deferred == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _deferred += 1
    try:
        yield
    finally:
        with _deferred_lock:
            _deferred -= 1
            if _deferred == 0:
                if gc.get_count()[0] > MANY_YOUNG:
                    gc.freeze()
                if _was_enabled:
                    gc.enable()


class JobSignals(QObject):
    """Signals:
        progress(int done, int total, str what)
        succeeded(object result)
        failed(object exception)
        cancelled()
        finished(): after any of the three above
    """

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()


class Job(QRunnable):
    """Runs ``fn(job)``; ``fn`` calls ``job.report(...)`` and checks ``job.is_cancelled()``."""

    def __init__(self, fn: Callable[[Job], Any], release: Callable[[], None] | None = None) -> None:
        super().__init__()
        keep_true_alive()
        self.setAutoDelete(False)
        self.fn = fn
        self.release = release  # closes this worker thread's database connections
        self.signals = JobSignals()  # created on the GUI thread: emits are queued to it
        self.cancellable = True  # whether closing may cancel it (a write in flight is waited for)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, what: str = "") -> None:
        self.signals.progress.emit(done, total, what)

    def run(self) -> None:  # worker thread
        try:
            if self.is_cancelled():  # cancelled while it waited in the queue: never started
                raise CancelledError
            result = self.fn(self)
        except CancelledError:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            if self.is_cancelled():
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)
        finally:
            if self.release is not None:
                try:
                    self.release()
                except Exception:  # noqa: BLE001 - closing a connection must not crash a worker
                    pass
            self.signals.finished.emit()


class JobRunner(QObject):
    """Owns the pools and keeps jobs alive until they finish.

    ``pool`` runs the window's work; ``background`` runs the slow work nobody waits for
    (text recognition): one job at a time, on a thread of the lowest priority (Windows and
    macOS honour it; Linux ignores thread priorities short of SCHED_IDLE, see the note in
    ``ui/ocr_queue.py``), so it never takes a thread the window's own work needs."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.background = QThreadPool(self)
        self.background.setMaxThreadCount(1)
        self.background.setThreadPriority(QThread.Priority.LowestPriority)
        self._jobs: set[Job] = set()

    def start(
        self,
        fn: Callable[[Job], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        release: Callable[[], None] | None = None,
        background: bool = False,
    ) -> Job:
        job = Job(fn, release)
        if on_success:
            job.signals.succeeded.connect(on_success)
        if on_failure:
            job.signals.failed.connect(on_failure)
        if on_progress:
            job.signals.progress.connect(on_progress)
        if on_cancel:
            job.signals.cancelled.connect(on_cancel)
        job.signals.finished.connect(lambda j=job: self._jobs.discard(j))
        self._jobs.add(job)
        (self.background if background else self.pool).start(job)
        return job

    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs) and self.background.waitForDone(msecs)
