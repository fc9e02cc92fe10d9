"""What a store may use of the case file it belongs to (and nothing else): where it
is, a read, the write transaction and the history log. ``CaseFile`` provides it;
stores depend on this small surface, not on the case file's module."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol


class CaseAccess(Protocol):
    @property
    def path(self) -> Path: ...

    def reading(self) -> AbstractContextManager[None]:
        """The models bound to this file for the current thread."""
        ...

    def writing(self) -> AbstractContextManager[None]:
        """One write transaction; SQLite failures the user caused become KnownError."""
        ...

    def log(self, what: str, old: object = None, new: object = None) -> None:
        """Append to the history (inside ``writing()``)."""
        ...

    def vacuum(self) -> None:
        """Rewrite the file so that deleted data leaves it (outside ``writing()``)."""
        ...
