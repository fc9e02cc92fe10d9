"""Slow work off the UI thread: a QThreadPool of QRunnables whose results come back
as signals on the GUI thread (like Anki's QueryOp: the op, then success/failure
callbacks). No widget is touched inside a job."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from tbcase.domain.errors import CancelledError


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
        self.setAutoDelete(False)
        self.fn = fn
        self.release = release  # closes this worker thread's database connections
        self.signals = JobSignals()  # created on the GUI thread: emits are queued to it
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, what: str = "") -> None:
        self.signals.progress.emit(done, total, what)

    def run(self) -> None:  # worker thread
        try:
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
    """Owns the pool and keeps jobs alive until they finish."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
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
        self.pool.start(job)
        return job

    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
