"""What a store may use of the case file it belongs to (and nothing else): where it
is, a read, one read transaction, the write transaction, the history log and its entries. ``CaseFile`` provides it;
stores depend on this small surface, not on the case file's module."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tbcase.storage.history import Value

if TYPE_CHECKING:
    from tbcase.storage.records import HistoryEntry


class CaseAccess(Protocol):
    @property
    def path(self) -> Path: ...

    def reading(self) -> AbstractContextManager[None]:
        """The models bound to this file for the current thread."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads that all see one state of the file (one read transaction)."""
        ...

    def writing(self) -> AbstractContextManager[None]:
        """One write transaction; SQLite failures the user caused become KnownError."""
        ...

    def log(self, what: str, old: Value = None, new: Value = None, **detail: Value) -> None:
        """Append to the history (inside ``writing()``): the values before and after, and
        what else the entry is about (``exhibit=3``) as data."""
        ...

    def history(self) -> list[HistoryEntry]:
        """Every entry, oldest first, with its detail as data."""
        ...

    def vacuum(self) -> None:
        """Rewrite the file so that deleted data leaves it (outside ``writing()``)."""
        ...
