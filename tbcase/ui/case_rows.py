"""The case list's rows: what each case shows (its next deadline or next step, its
summary) as of a moment, made from the library's entries off the UI thread."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tbcase.domain.ladder import Action, Deadline, DeadlineState, next_step, restate
from tbcase.storage.deadline_cache import KeptDeadlines

if TYPE_CHECKING:
    from tbcase.storage.listing import LibraryEntry
    from tbcase.storage.records import CaseSummary
    from tbcase.ui.context import UiContext


class CaseRowData:
    """One row of the case list: a case's summary and next deadline (or, when none runs,
    what to do next), or the error its file gave.

    A row of a case whose deadlines are kept (every row of a library scan) is sorted,
    filtered and counted by its headline deadline's due time and state (``due_key``,
    ``state``: found from the kept values); that deadline, its summary (typed from the
    library index's snapshot), the words searched and the next step are made when first
    asked for: for the rows shown, or for all of them once the list is searched."""

    __slots__ = ("path", "error", "due_key", "state", "kept", "_deadline", "_deadline_at", "_summary", "_entry",
                 "_search", "_next", "_next_at")

    def __init__(self, path: str, summary: CaseSummary | None, error: str | None, deadline: Deadline | None,
                 search: str, next_action: Action | None = None, kept: KeptDeadlines | None = None) -> None:
        self.path = path
        self.error = error
        self.due_key: float | None = None  # the next deadline's due time, seconds since the epoch
        self.state: DeadlineState | None = None  # and its state
        self._deadline_at: datetime | None = None  # when set, the next deadline is made as of then, when asked for
        self.deadline = deadline
        self.kept = kept  # all its deadlines, as computed once (the library index keeps them)
        self._summary = summary
        self._entry: LibraryEntry | None = None
        self._search: str | None = search
        self._next = next_action  # shown when no deadline is running
        self._next_at: datetime | None = None  # when set, the next step is found as of then, when asked for

    @classmethod
    def of_kept(cls, entry: LibraryEntry, kept: KeptDeadlines, at: datetime) -> CaseRowData:
        """A case with facts and kept deadlines as of ``at`` (what ``headline_of`` gives, the
        next step found when asked for)."""
        row = cls.__new__(cls)  # (every slot is set here: __init__ would set most twice, 1,000 rows at start-up)
        row.path, row.error, row.kept, row._entry = str(entry.path), None, kept, entry
        row._summary = row._search = row._deadline = row._next = None
        row._headline_as_of(at)
        return row

    def _headline_as_of(self, at: datetime) -> None:
        """The kept deadlines' headline at ``at`` (made when asked for), or the next step then."""
        assert self.kept is not None
        key = self.kept.headline_key(at)
        self._deadline = None
        if key is None:
            self.due_key = self.state = self._deadline_at = None
        else:
            (self.due_key, self.state), self._deadline_at = key, at
        self._next, self._next_at = None, (at if key is None else None)

    @property
    def deadline(self) -> Deadline | None:
        """The next deadline (the one the list shows), or None when none is running."""
        if self._deadline_at is not None:
            assert self.kept is not None
            self._deadline, self._deadline_at = self.kept.headline(self._deadline_at), None
        return self._deadline

    @deadline.setter
    def deadline(self, value: Deadline | None) -> None:
        self._deadline, self._deadline_at = value, None
        self.due_key, self.state = (None, None) if value is None else (value.due.timestamp(), value.state)

    @property
    def summary(self) -> CaseSummary | None:
        return self._entry.summary if self._entry is not None else self._summary

    @property
    def listed(self) -> bool:
        """The case has a summary (the row is not an error), known without typing it."""
        return self._entry is not None or self._summary is not None

    @property
    def search(self) -> str:
        """The words searched (lower case)."""
        if self._search is None:
            self._search = self._entry.search_text.lower() if self._entry is not None else ""
        return self._search

    @property
    def next_action(self) -> Action | None:
        if self._next_at is not None:
            facts = self.summary.facts if self.summary is not None else None
            if facts is not None and self.kept is not None:
                self._next = next_step(facts, restate(self.kept.all(), self._next_at)).action
            self._next_at = None
        return self._next

    @next_action.setter
    def next_action(self, action: Action | None) -> None:
        self._next, self._next_at = action, None

    def restate(self, at: datetime) -> bool:
        """Bring a row made by ``of_kept`` to ``at``; False for any other row."""
        if self._entry is None or self.kept is None:
            return False
        self._headline_as_of(at)
        return True


def headline_of(ctx: UiContext, summary: CaseSummary, kept: KeptDeadlines | None, at: datetime
                ) -> tuple[Deadline | None, Action | None]:
    """A case's next deadline at ``at``; when none is running, what the user should do next
    instead. ``kept``: its deadlines as computed earlier (the library index keeps them)."""
    if not summary.facts:
        return None, None
    kept = kept or KeptDeadlines.computed(ctx.engine.deadlines(summary.facts, at))
    first = kept.headline(at)
    return (first, None) if first else (None, next_step(summary.facts, restate(kept.all(), at)).action)


def case_row(ctx: UiContext, entry: LibraryEntry, at: datetime) -> CaseRowData:
    if not entry.listed:
        err = ctx.wording.error(entry.error or "", **(entry.error_params or {}))
        return CaseRowData(str(entry.path), None, err, None, entry.path.name.lower())
    if entry.kept is not None and entry.has_facts:  # the rest of the row when asked for
        return CaseRowData.of_kept(entry, entry.kept, at)
    s = entry.summary
    assert s is not None
    deadline, action = headline_of(ctx, s, entry.kept, at)
    return CaseRowData(s.path, s, None, deadline, s.search_text.lower(), action, entry.kept)


def case_rows(ctx: UiContext, entries: list[LibraryEntry], at: datetime) -> list[CaseRowData]:
    """The list's rows as of ``at``, sorted by next deadline, soonest first (sorting here in
    one pass is much cheaper than a proxy sort calling back into Python per comparison).
    Pure computation: the library scan runs it on its worker, not on the UI thread."""
    rows = [case_row(ctx, e, at) for e in entries]
    rows.sort(key=lambda r: (r.due_key is None, r.due_key if r.due_key is not None else 0, not r.listed, r.path))
    return rows
