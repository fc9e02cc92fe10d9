"""The open case, as the window sees it: a ``CaseSession`` owns the case file, the undo
stack and one single-thread database queue.

Every read and write of the case is an operation handed to the session with callbacks
that run back on the GUI thread, as Anki's ``QueryOp``/``CollectionOp`` do: ``query(op)``
for reads, ``write(op, Change.X)`` for writes. Operations run one after another, in the
order they were given, on the session's own thread (so the case file's connection lives
on that thread only). After a write the session emits ``changed`` with what changed; each
tab refreshes only on the changes it shows. No widget is touched inside an operation.

Closing drops the reads still waiting, cancels a running import at its next file and waits
for the write in flight (and writes already queued, which are short) before the file is
checkpointed and closed on the queue's thread.

Images stored before their thumbnails (phone uploads, files from schema 1) are looked for
once the reads that follow the opening are done and their frame is painted (looked for
beside it, the window waited for the interpreter lock), and get them from the session's
``renditions`` queue: decoded on its own thread, written through ``write``
(``changed`` follows, and the grid swaps its placeholder for the thumbnail). Closing
cancels it; what it had not done is found again when the case next opens.
"""

from __future__ import annotations

import enum
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QUndoStack

from tbcase.receive.renditions import Operation, Renditions
from tbcase.ui.tasks import Job, collections_deferred

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.engine import DeadlineEngine


# the images stored before their renditions are looked for (see ``CaseSession._finished``)
_FIND_RENDITIONS = QEvent.Type(QEvent.registerEventType())


class Change(enum.Flag):
    """What a write changed (tabs refresh on the parts they show)."""

    FIELDS = enum.auto()    # the case row: order facts, complaint, status, complainant
    EVIDENCE = enum.auto()  # exhibits added, removed, reordered or edited (chat logs too)
    STEPS = enum.auto()     # steps and countdowns: the timeline and the next step
    TRACKING = enum.auto()
    LETTERS = enum.auto()
    HISTORY = enum.auto()   # every write adds to the history
    OCR = enum.auto()       # text read in images: suggestions, chat screenshots
    ALL = FIELDS | EVIDENCE | STEPS | TRACKING | LETTERS | HISTORY | OCR


class CaseSession(QObject):
    """One open case file.

    Signals:
        opened(): the file is open (migrated first if it was old); operations may follow
        open_failed(object exception): the file could not be opened
        changed(Change what): a write finished; ``what`` says which parts of the case changed
        busy_changed(bool busy): operations started or all finished
    """

    opened = Signal()
    open_failed = Signal(object)
    changed = Signal(object)
    busy_changed = Signal(bool)
    _rendition_made = Signal(object)  # an Operation, from the renditions thread
    _original_wanted = Signal(object)  # (evidence id, Future), from the renditions thread

    def __init__(self, path: Path, engine: DeadlineEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.engine = engine
        self.undo = QUndoStack(self)
        self.is_open = False
        self._case: CaseFile | None = None
        self._closed = False
        self._renditions_due = False
        # the one database queue: operations in order on one Python thread, which keeps the
        # case file's connection for the session's life (a QThreadPool thread gets a fresh
        # Python thread state per run, so peewee's per-thread connection would be lost and
        # leaked each time, holding locks)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name=f"case {self.path.name}", daemon=True)
        self._thread.start()
        self._jobs: dict[Job, bool] = {}  # job -> is a write (waited for on close)
        self.renditions = Renditions(self._emitter(self._rendition_made), self._load_original)
        self._rendition_made.connect(self._on_rendition_made)
        self._original_wanted.connect(self._on_original_wanted)

    # ------------------------------------------------------------ opening and closing

    def open(self) -> None:
        """Open (and migrate) the file on the queue; ``opened`` or ``open_failed`` follows."""
        from tbcase.storage.casefile import CaseFile  # peewee loads with the first case opened

        def op(_job: Job) -> None:
            self._case = CaseFile.open(self.path)

        def done(_result: object) -> None:
            self.is_open = True
            self._renditions_due = True  # looked for once the first reads are shown (``_finished``)
            self.opened.emit()

        self._start(op, True, done, self.open_failed.emit)

    def close(self) -> None:
        """Drop waiting reads, cancel an import, wait for the write in flight, close the file."""
        if self._closed:
            return
        self._closed = True
        self.renditions.cancel()
        for job, is_write in list(self._jobs.items()):
            if not is_write or job.cancellable:
                job.cancel()

        def close_file(_job: Job) -> None:
            if self._case is not None:
                self._case.close()

        self._queue.put(Job(close_file))
        self._queue.put(None)
        self._thread.join()

    def busy(self) -> bool:
        return bool(self._jobs)

    @property
    def closed(self) -> bool:
        """Closing has begun: nothing more will run against the file."""
        return self._closed

    def _serve(self) -> None:  # the queue's thread
        while True:
            job = self._queue.get()
            if job is None:
                return
            with collections_deferred():  # see there: the operation's objects die with it
                job.run()

    # ------------------------------------------------------------ operations

    def query(self, op: Callable[[CaseFile], Any], on_success: Callable[[Any], None] | None = None,
              on_failure: Callable[[BaseException], None] | None = None) -> Job:
        """Read: ``op(case)`` on the queue, ``on_success(result)`` on the GUI thread."""
        return self._start(lambda job: op(self._require()), False, on_success, on_failure)

    def long_query(self, op: Callable[[CaseFile, Job], Any], *,
                   on_success: Callable[[Any], None] | None = None,
                   on_failure: Callable[[BaseException], None] | None = None,
                   on_progress: Callable[[int, int, str], None] | None = None,
                   on_cancel: Callable[[], None] | None = None) -> Job:
        """A read with progress that may be cancelled (checking a case): ``op(case, job)``
        calls ``job.report(done, total, what)`` and raises ``CancelledError`` when
        ``job.is_cancelled()``."""
        job = self._start(lambda j: op(self._require(), j), False, on_success, on_failure,
                          on_progress=on_progress, on_cancel=on_cancel)
        job.cancellable = True
        return job

    def write(self, op: Callable[[CaseFile], Any], changes: Change,
              on_success: Callable[[Any], None] | None = None,
              on_failure: Callable[[BaseException], None] | None = None) -> Job:
        """Write: ``op(case)`` on the queue; then ``on_success(result)`` and ``changed``."""
        return self._start(lambda job: op(self._require()), True, on_success, on_failure,
                           changes=changes)

    def long_write(self, op: Callable[[CaseFile, Job], Any], changes: Change, *,
                   on_success: Callable[[Any], None] | None = None,
                   on_failure: Callable[[BaseException], None] | None = None,
                   on_progress: Callable[[int, int, str], None] | None = None,
                   on_cancel: Callable[[], None] | None = None) -> Job:
        """A write with progress that may be cancelled (an import): ``op(case, job)`` calls
        ``job.report(done, total, what)`` and stops when ``job.is_cancelled()``; what was
        written before stays (``changed`` is emitted on cancel too)."""
        job = self._start(lambda j: op(self._require(), j), True, on_success, on_failure,
                          changes=changes, on_progress=on_progress, on_cancel=on_cancel)
        job.cancellable = True
        return job

    # ------------------------------------------------------------ renditions

    def _queue_renditions(self, evidence_ids: list[int]) -> None:
        for eid in evidence_ids:
            self.renditions.put(eid)

    @staticmethod
    def _emitter(signal: Any) -> Callable[[object], None]:
        def emit(value: object) -> None:
            try:
                signal.emit(value)
            except RuntimeError:  # the session is gone: the case closed
                pass

        return emit

    def _load_original(self, evidence_id: int) -> bytes | None:
        """The renditions thread: an original read on the queue (None when closing)."""
        future: Future[bytes] = Future()
        self._emitter(self._original_wanted)((evidence_id, future))
        while not self.renditions.cancelled:
            try:
                return future.result(timeout=0.25)
            except FutureTimeout:
                continue
            except Exception:  # noqa: BLE001 - gone meanwhile: nothing to derive
                return None
        return None

    def _on_original_wanted(self, request: tuple[int, Future[bytes]]) -> None:
        eid, future = request
        self.query(lambda case: case.evidence.original(eid), future.set_result, future.set_exception)

    def _on_rendition_made(self, op: Operation) -> None:
        if not self._closed:  # a failed write leaves the original whole; found again on opening
            self.write(op, Change.EVIDENCE, on_failure=lambda _exc: None)

    def _require(self) -> CaseFile:
        if self._case is None:
            from tbcase.domain.errors import KnownError

            raise KnownError("case_damaged", path=str(self.path))
        return self._case

    def _start(self, fn: Callable[[Job], Any], is_write: bool, on_success, on_failure, *,
               changes: Change | None = None, on_progress=None, on_cancel=None) -> Job:
        job = Job(fn)
        job.cancellable = False
        live = self._alive

        def succeeded(result: object) -> None:
            if live(on_success):
                on_success(result)
            if changes is not None and not self._closed:
                self.changed.emit(changes | Change.HISTORY)

        def failed(exc: BaseException) -> None:
            if on_failure is None and not self._closed:
                raise exc  # a bug, not a user error: let the crash handler see it
            if live(on_failure):
                on_failure(exc)

        def cancelled() -> None:
            if live(on_cancel):
                on_cancel()
            if changes is not None and not self._closed:
                self.changed.emit(changes | Change.HISTORY)

        job.signals.succeeded.connect(succeeded)
        job.signals.failed.connect(failed)
        job.signals.cancelled.connect(cancelled)
        if on_progress is not None:
            job.signals.progress.connect(lambda d, t, w: live(on_progress) and on_progress(d, t, w))
        job.signals.finished.connect(lambda j=job: self._finished(j))
        if not self._jobs:
            self.busy_changed.emit(True)
        self._jobs[job] = is_write
        if self._closed:  # nothing runs against a closed file
            job.cancel()
            job.run()  # reports it cancelled
            return job
        self._queue.put(job)
        return job

    def _alive(self, callback) -> bool:
        """Callbacks of a closed session are dropped: their widgets may be gone."""
        return callback is not None and not self._closed

    def _finished(self, job: Job) -> None:
        self._jobs.pop(job, None)
        if not self._jobs:
            self.busy_changed.emit(False)
            if self._renditions_due:
                self._renditions_due = False
                # posted behind the window's paint of what was just read (Qt posts it at
                # low priority too): the images' check runs after that frame, not beside it
                QCoreApplication.postEvent(self, QEvent(_FIND_RENDITIONS), Qt.EventPriority.LowEventPriority.value)

    def event(self, event: QEvent) -> bool:
        if event.type() == _FIND_RENDITIONS:
            if not self._closed:
                self.query(lambda case: case.evidence.missing_renditions() + case.evidence.stale_renditions(),
                           self._queue_renditions)
            return True
        return super().event(event)
