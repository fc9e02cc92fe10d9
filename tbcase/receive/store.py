"""Writing a received file into the case: the evidence store's own ``store`` (the write
half of a dropped file's path), plus the history line that says it came from the phone,
in one transaction."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from tbcase.receive.renditions import Operation, Renditions
from tbcase.storage.intake import PreparedItem
from tbcase.storage.records import Exhibit

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile

HISTORY_WHAT = "evidence.received"


def store_received(case: CaseFile, item: PreparedItem, user_agent: str) -> Exhibit:
    """One transaction: the exhibit (or the one it duplicates; a deleted one is brought back,
    as adding the same bytes by hand does) and the history entry with the phone's user-agent."""
    with case.writing():
        exhibit = case.evidence.store(item)
        if exhibit.duplicate and exhibit.exhibit is None:
            case.evidence.restore(exhibit.id)
            exhibit = replace(case.evidence.get(exhibit.id), duplicate=True)
        if not exhibit.duplicate:
            case.log(HISTORY_WHAT, exhibit=exhibit.exhibit, title=exhibit.title,
                     device=user_agent or "?")
    return exhibit


class SerialWriter:
    """The command line's writer: every received file is stored on one thread (which keeps
    the case file's connection), one transaction at a time, while the uploads themselves
    are read and prepared in parallel. Renditions of the images stored are made in the
    background (``renditions``) and written on the same thread."""

    def __init__(self, case: CaseFile) -> None:
        self.case = case
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tbcase writer")
        self._lock = threading.Lock()
        self._closed = False
        self.renditions = Renditions(self._write_rendition)

    def __call__(self, item: PreparedItem, user_agent: str) -> Exhibit:
        with self._lock:
            if self._closed:
                from tbcase.domain.errors import KnownError

                raise KnownError("receive_stopped")
            future = self._pool.submit(store_received, self.case, item, user_agent)
        exhibit = future.result()
        if item.renditions_pending and not exhibit.duplicate:
            self.renditions.put(exhibit.id, item.data)
        return exhibit

    def _write_rendition(self, op: Operation) -> None:
        self._pool.submit(op, self.case)

    def close(self) -> None:
        """Refuse new files, make the renditions still queued (and any an earlier session
        left undone), then checkpoint and close the file on the writer thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.renditions.close()
        self._pool.submit(self.case.evidence.ensure_derived).result()
        self._pool.submit(self.case.close).result()
        self._pool.shutdown(wait=True)
