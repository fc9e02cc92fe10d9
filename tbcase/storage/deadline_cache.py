"""A case's computed deadlines as the library index keeps them.

Opening the window computes every case's next deadline; for 1,000 cases that was a third
of the start-up. The index keeps each case's deadlines beside its summary, under the
version of the rules and of the working-day calendar they were computed with
(``engine_version``): a case whose file changed is read again (its summary's key), and
when the rules or the calendar change every list is computed again from the cached facts.
Only an open deadline's state depends on the time, so a cached list is brought to the
present with ``restate`` (``tbcase/domain/ladder.py``), never trusted as of when it was
written. Parsing is strict: anything that is not what ``deadlines_to_json`` writes raises
``ValueError`` and the deadlines are computed again.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase import __version__
from tbcase.domain.ladder import (
    COUNTDOWN_SOURCE,
    DUE_SOON,
    OPEN_STATES,
    Basis,
    Deadline,
    DeadlineState,
    Rule,
    StateBasis,
    headline,
    restate,
)
from tbcase.domain.model import SHANGHAI

if TYPE_CHECKING:
    from collections.abc import Callable

    from tbcase.domain.ladder import CaseFacts
    from tbcase.storage.engine import DeadlineEngine

# A deadline is kept as what the case made of its rule: [rule id, starts, due, state,
# estimated, legal_due, legal_estimated, met_at, state_basis, label] with times as whole
# seconds since the epoch; the rule's own words (labels, sources, notes, basis, who) come
# from the rules of the same version, a platform countdown keeps its label. Reading 3,500
# of them back must cost less than computing them again.
FIELDS = ("rule", "starts", "due", "state", "estimated", "legal_due", "legal_estimated", "met_at",
          "state_basis", "label")
_STATES = {e.value: e for e in DeadlineState}
_BASES = {e.value: e for e in StateBasis}
_EARLIEST = int(datetime(2, 1, 1, tzinfo=UTC).timestamp())  # years 1 and 9999 overflow in views
_LATEST = int(datetime(9998, 1, 1, tzinfo=UTC).timestamp())
COUNTDOWN = "countdown"  # compute_deadlines' id for a countdown from the order page


LOGIC = 2  # raise when compute_deadlines changes what it makes of the same rules and facts


def engine_version(engine: DeadlineEngine) -> str:
    """What the computed deadlines depend on besides a case's facts: the rules in force
    (shipped and the user's overrides), the calendar's years (official and entered), and
    the code that computes them (tbcase's version and ``LOGIC``). Taken from the files they
    are read from, as bytes: nothing is parsed, so the window lists its cases without
    loading the rules or the calendar. Where the official calendar is not a file of its
    own (a frozen build), the loaded years stand in for it."""
    digest = hashlib.sha256(json.dumps([__version__, LOGIC]).encode("utf-8"))
    official = _official_calendar_file()
    for path in (*engine.rules_files, engine.holidays_file, official):
        try:
            data = path.read_bytes() if path is not None else None
        except OSError:  # a user's file that is not there (or not readable, which loading reports)
            data = None
        digest.update(b"-" if data is None else hashlib.sha256(data).digest())
    if official is None:
        years = [(y, sorted(d.isoformat() for d in data.holidays),
                  sorted(d.isoformat() for d in data.workdays), data.source)
                 for y, data in sorted(engine.calendar.years.items())]
        digest.update(json.dumps(years).encode("utf-8"))
    return digest.hexdigest()


def _official_calendar_file() -> Path | None:
    """The ``chinesecalendar`` package's data file, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("chinese_calendar")
    folders = spec.submodule_search_locations if spec is not None else None
    path = Path(folders[0]) / "constants.py" if folders else None
    return path if path is not None and path.is_file() else None


def _seconds(dt: datetime | None) -> int | None:
    if dt is None:
        return None
    if dt.microsecond:
        raise ValueError("not whole seconds")
    return int(dt.timestamp())


def deadlines_to_rows(deadlines: list[Deadline]) -> list[list[object]] | None:
    """The list as the index keeps it (JSON values); None when it cannot be kept exactly."""
    try:
        return [[d.rule, _seconds(d.starts), _seconds(d.due), d.state.value, d.estimated,
                 _seconds(d.legal_due), d.legal_estimated, _seconds(d.met_at), d.state_basis.value,
                 d.label_zh if d.rule == COUNTDOWN else None] for d in deadlines]
    except ValueError:
        return None


def deadlines_to_json(deadlines: list[Deadline]) -> str | None:
    """``deadlines_to_rows`` as JSON text."""
    rows = deadlines_to_rows(deadlines)
    return None if rows is None else json.dumps(rows, ensure_ascii=False)


def kept_time(value: object) -> bool:
    """``value`` is a time the index keeps: whole seconds since the epoch, within years 2–9997."""
    return type(value) is int and _EARLIEST <= value <= _LATEST


def from_seconds(value: object) -> datetime:
    """A time the index keeps (``kept_time``); anything else raises ``ValueError``."""
    if type(value) is not int or not _EARLIEST <= value <= _LATEST:
        raise ValueError("time")
    return datetime.fromtimestamp(value, SHANGHAI)


def _optional_time(value: object) -> datetime | None:
    return None if value is None else from_seconds(value)


def deadlines_from_json(text: object, rules: dict[str, Rule]) -> list[Deadline]:
    """What ``deadlines_to_json`` wrote under ``rules`` (by id), checked field by field;
    anything else raises ``ValueError``."""
    if not isinstance(text, str):
        raise ValueError("deadlines")
    try:
        rows = json.loads(text)
    except RecursionError:  # "[[[[…"
        raise ValueError("deadlines") from None
    return deadlines_from_rows(rows, rules)


def deadlines_from_rows(rows: object, rules: dict[str, Rule]) -> list[Deadline]:
    """What ``deadlines_to_rows`` made under ``rules`` (by id), checked field by field;
    anything else raises ``ValueError``."""
    return [_deadline(row, rules) for row in _checked(rows, rules)]


def _checked(rows: object, rules: dict[str, Rule]) -> list[list[Any]]:
    """``rows`` when each is what ``deadlines_to_rows`` makes under ``rules`` (nothing is
    built yet: ``_deadline`` cannot fail on them); else ``ValueError``."""
    if type(rows) is not list:
        raise ValueError("deadlines")
    for row in rows:  # (one pass of plain tests: a list of 1,000 cases checks 3,500 of these)
        if type(row) is not list or len(row) != len(FIELDS):
            raise ValueError("deadline")
        rule_id, starts, due, state, estimated, legal_due, legal_estimated, met_at, basis, label = row
        if type(estimated) is not bool or type(legal_estimated) is not bool:
            raise ValueError("flag")
        if type(state) is not str or state not in _STATES or type(basis) is not str or basis not in _BASES:
            raise ValueError("state")
        if not (type(starts) is int and _EARLIEST <= starts <= _LATEST and type(due) is int
                and _EARLIEST <= due <= _LATEST
                and (legal_due is None or type(legal_due) is int and _EARLIEST <= legal_due <= _LATEST)
                and (met_at is None or type(met_at) is int and _EARLIEST <= met_at <= _LATEST)):
            raise ValueError("time")
        if rule_id == COUNTDOWN:
            if type(label) is not str or legal_due is not None or met_at is not None:
                raise ValueError("countdown")
        elif type(rule_id) is not str or rule_id not in rules or label is not None:
            raise ValueError("rule")
    return rows


def _deadline(row: list[Any], rules: dict[str, Rule]) -> Deadline:
    rule_id, starts, due, state, estimated, legal_due, legal_estimated, met_at, basis, label = row
    starts_at, due_at = from_seconds(starts), from_seconds(due)
    if rule_id == COUNTDOWN:
        return Deadline(COUNTDOWN, label, label, "seller", starts_at, due_at, _STATES[state], estimated,
                        Basis.PLATFORM, COUNTDOWN_SOURCE[0], COUNTDOWN_SOURCE[1], state_basis=_BASES[basis])
    rule = rules[rule_id]
    return Deadline(rule.id, rule.label_zh, rule.label_en, rule.who, starts_at, due_at, _STATES[state],
                    estimated, rule.basis, rule.source_zh, rule.source_en, _optional_time(legal_due),
                    legal_estimated, _optional_time(met_at), _BASES[basis], rule.note_zh, rule.note_en)


_OPEN = {s.value for s in OPEN_STATES}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_DUE_SOON_US = DUE_SOON // _MICROSECOND


_last_at: tuple[datetime, int] | None = None


def _microseconds(at: datetime) -> int:
    """``at`` as whole microseconds since the epoch: compared exactly, as datetimes are. A
    list's 1,000 rows are stated as of one moment: the last one asked is remembered (the
    tuple holds it, so no other datetime can be that object)."""
    global _last_at
    last = _last_at
    if last is not None and last[0] is at:
        return last[1]
    value = (at - _EPOCH) // _MICROSECOND
    _last_at = (at, value)
    return value


class KeptDeadlines:
    """A case's deadlines as computed once (``restate`` brings them to a later moment).
    Kept in the index, they are checked when read but made into ``Deadline`` records only
    when asked for (``all``): the one deadline a case list shows (``headline``) is found
    from the kept times alone, so listing 1,000 cases builds 1,000 records, not 3,500."""

    __slots__ = ("_rows", "_rules", "_all")

    def __init__(self, rows: list[list[Any]] | None, rules: dict[str, Rule],
                 typed: list[Deadline] | None = None) -> None:
        self._rows, self._rules, self._all = rows, rules, typed

    @classmethod
    def kept(cls, rows: object, rules: dict[str, Rule]) -> KeptDeadlines:
        """What ``deadlines_to_rows`` made under ``rules``; else ``ValueError``."""
        return cls(_checked(rows, rules), rules)

    @classmethod
    def computed(cls, deadlines: list[Deadline]) -> KeptDeadlines:
        return cls(None, {}, deadlines)

    def all(self) -> list[Deadline]:
        if self._all is None:
            self._all = [_deadline(row, self._rules) for row in self._rows or []]
        return self._all

    def headline(self, now: datetime) -> Deadline | None:
        """``headline(restate(self.all(), now))``: the earliest deadline still actionable at
        ``now`` (open, and not a window of the buyer's own that has closed)."""
        if self._rows is None or self._all is not None:
            return headline(restate(self.all(), now))
        best = self._headline_row(_microseconds(now))
        return None if best is None else restate([_deadline(best[0], self._rules)], now)[0]

    def headline_key(self, now: datetime) -> tuple[float, DeadlineState] | None:
        """``headline(now)``'s due time (seconds since the epoch) and state, found from the
        kept values alone (no record is built): what a case list sorts, filters and counts
        its rows by; the record itself is made for the rows shown."""
        if self._rows is None or self._all is not None:
            first = self.headline(now)
            return None if first is None else (first.due.timestamp(), first.state)
        best = self._headline_row(_microseconds(now))
        return None if best is None else (best[0][2], best[1])

    def _headline_row(self, at: int) -> tuple[list[Any], DeadlineState] | None:
        """The kept row of the headline at ``at`` (microseconds since the epoch) and its
        state then (``ladder._state`` against its decisive date)."""
        best: list[Any] | None = None
        best_decisive = 0
        for row in self._rows or []:
            if row[3] not in _OPEN:
                continue
            decisive = (row[5] if row[8] == StateBasis.LEGAL_DUE and row[5] is not None else row[2]) * 1_000_000
            who = "seller" if row[0] == COUNTDOWN else self._rules[row[0]].who
            if at > decisive and who == "buyer":
                continue
            if best is None or row[2] < best[2]:
                best, best_decisive = row, decisive
        if best is None:
            return None
        if at > best_decisive:
            return best, DeadlineState.OVERDUE
        return best, DeadlineState.DUE_SOON if best_decisive - at <= _DUE_SOON_US else DeadlineState.UPCOMING


def kept_or_computed(has_facts: bool, facts: Callable[[], CaseFacts | None], engine: DeadlineEngine,
                     rules: dict[str, Rule], version: str | None, dkey: object, cached: object
                     ) -> tuple[KeptDeadlines | None, bool]:
    """A case's deadlines (none when it has no facts): the kept ones (``deadlines_to_rows``)
    when they were computed under ``version`` and read back whole, else computed now from
    ``facts()`` (then True: the index keeps them). The facts are typed only to compute."""
    if not has_facts:
        return None, False
    if dkey == version and cached is not None:
        try:
            return KeptDeadlines.kept(cached, rules), False
        except ValueError:
            pass
    computed = facts()
    if computed is None:
        return None, False
    return KeptDeadlines.computed(engine.deadlines(computed)), True
