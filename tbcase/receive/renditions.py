"""Thumbnails and display copies made after the original is stored (issue 15).

A phone's upload is answered as soon as its original is in the case (hashed, checked from
its header and structure, stored in one transaction); decoding the picture and drawing
its renditions, which is most of the work, follows here: one background thread, one image
at a time, in the order they arrived, at a lower CPU priority than the uploads (Linux). The
results are handed to ``write`` as one operation on the case (``EvidenceStore.save_renditions``
for each, in one short transaction) whenever the queue runs dry or ``batch`` are ready: a
burst of uploads is not slowed by a transaction per thumbnail. A full decode that fails
gives a mark that the exhibit stays an original-only file.

Cancelling drops what waits and the result being made; nothing stored is touched, and
``EvidenceStore.missing_renditions`` finds those images again when the case next opens.

No Qt: the window gives a ``write`` that queues to its case session, the command line one
that queues to its writer thread.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tbcase.domain.errors import KnownError

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.imaging import ImageInfo

Operation = Callable[["CaseFile"], bool]
WriteFn = Callable[[Operation], None]
LoadFn = Callable[[int], "bytes | None"]  # an exhibit's original (None: gone or cancelled)


def derive(data: bytes) -> ImageInfo | KnownError:
    """The full decode and the renditions, or why the picture does not decode."""
    from tbcase.storage import imaging

    try:
        return imaging.analyse_image(data)
    except KnownError as exc:
        return exc


class Renditions:
    """The background queue of one open case.

    ``put(evidence_id, data)`` queues an image whose original was just stored (``data``:
    its bytes, or None to have ``load`` read them); ``close()`` finishes what is queued;
    ``cancel()`` drops it. ``on_saved(evidence_id)`` is called on the queue's thread after
    each result is handed to ``write``.
    """

    def __init__(self, write: WriteFn, load: LoadFn | None = None,
                 on_saved: Callable[[int], None] | None = None, batch: int = 8) -> None:
        self._write = write
        self.batch = batch
        self._load = load
        self._on_saved = on_saved
        self._queue: queue.Queue[tuple[int, bytes | None] | None] = queue.Queue()
        self._cancelled = threading.Event()
        self._closed = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.made = 0  # results handed to write (renditions or undecodable marks)

    def put(self, evidence_id: int, data: bytes | None = None) -> None:
        with self._lock:
            if self._closed or self._cancelled.is_set():
                return  # found again by missing_renditions when the case next opens
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="tbcase renditions", daemon=True)
                self._thread.start()
            self._queue.put((evidence_id, data))

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def pending(self) -> int:
        return self._queue.qsize()

    def cancel(self) -> None:
        """Drop what waits and the result being made (the case is closing)."""
        with self._lock:
            self._cancelled.set()
            self._closed = True
            with contextlib.suppress(queue.Empty):
                while True:
                    self._queue.get_nowait()
            self._queue.put(None)

    def close(self, timeout: float | None = None) -> bool:
        """Make and hand over everything queued, then end; True when done in time."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._queue.put(None)
            thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        with contextlib.suppress(AttributeError, OSError):  # the uploads come first (Linux: per thread)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        ready: list[tuple[int, ImageInfo | KnownError]] = []
        while True:
            entry = self._queue.get()
            if self._cancelled.is_set():
                return
            if entry is None:
                self._flush(ready)
                return
            evidence_id, data = entry
            if data is None and self._load is not None:
                data = self._load(evidence_id)
            if data is None:
                continue
            ready.append((evidence_id, derive(data)))
            del data
            if self._cancelled.is_set():
                return
            if len(ready) >= self.batch or self._queue.empty():
                self._flush(ready)

    def _flush(self, ready: list[tuple[int, ImageInfo | KnownError]]) -> None:
        if not ready:
            return
        done = list(ready)
        ready.clear()

        def op(case: CaseFile) -> bool:
            with case.writing():
                for eid, info in done:
                    case.evidence.save_renditions(eid, info)
            return True

        self._write(op)
        self.made += len(done)
        if self._on_saved is not None:
            for eid, _info in done:
                self._on_saved(eid)
