"""The library's list as the index keeps it: one signed snapshot of every case's row.

Opening the window lists every case; reading 1,000 files for that takes seconds, so the
index (``library.py``) keeps what the list shows of each file — its summary, the error it
gave, its computed deadlines — under the file's size and modification time. All of it is
one JSON document signed once with this user's key (HMAC-SHA256): one signature to check
and one parse, instead of one per case. A snapshot whose signature does not hold (forged,
copied along with the folder, written by another user) is not used at all: every case is
read from its file again. A row whose file changed is read again from that file. A row
that does not read back as exactly what ``row_of`` writes (a bug of an older version; the
key vouches for the rest) is read again from its file too: the index never shows wrong
data or hides a case, at worst it is slow once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase.domain.errors import KnownError
from tbcase.domain.ladder import CaseFacts, Countdown, Rule, StepEvent, rule_from_dict, rule_to_dict
from tbcase.domain.model import StepKind
from tbcase.storage.deadline_cache import KeptDeadlines, from_seconds, kept_time
from tbcase.storage.summary import CaseSummary

if TYPE_CHECKING:
    from tbcase.domain.ladder import Deadline

LISTING_SQL = "CREATE TABLE listing (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL, sig TEXT NOT NULL)"
FORMAT = 2  # raise when ``row_of`` writes something else (2: summaries and facts as lists, not objects)
MAX_SNAPSHOT_BYTES = 256 * 2**20  # ~100,000 cases; a bigger one (an index from elsewhere) is not read


class LibraryEntry:
    """A case file of the library: its summary, or the error it gave (a message code and
    its words; ``bug``: the error is a bug in tbcase, not something wrong with the file),
    and with ``entries(engine=)`` its deadlines as computed once (``kept``).

    A summary kept in the index's snapshot is checked when the snapshot is read and typed
    when first asked for (``summary``): listing 1,000 cases types the ones the window
    shows, not all of them."""

    __slots__ = ("path", "_summary", "_unread", "error", "error_params", "bug", "kept")

    def __init__(self, path: Path, summary: CaseSummary | None, error: str | None = None,
                 error_params: dict[str, str] | None = None, bug: bool = False,
                 kept: KeptDeadlines | None = None) -> None:
        self.path = path
        self._summary = summary
        self._unread: list[Any] | None = None  # a checked summary of the snapshot, not typed yet
        self.error = error
        self.error_params = error_params
        self.bug = bug
        self.kept = kept

    @classmethod
    def checked(cls, path: Path, summary: list[Any]) -> LibraryEntry:
        """A summary of the snapshot that ``_checked_summary`` passed (its typing cannot fail)."""
        entry = cls(path, None)
        entry._unread = summary
        return entry

    @property
    def summary(self) -> CaseSummary | None:
        if self._unread is not None:
            self._summary, self._unread = _summary_from_json(self._unread, self.path), None
        return self._summary

    @summary.setter
    def summary(self, value: CaseSummary | None) -> None:
        self._summary, self._unread = value, None

    @property
    def listed(self) -> bool:
        """The file gave a summary (``summary`` is not None), known without typing it."""
        return self._unread is not None or self._summary is not None

    @property
    def has_facts(self) -> bool:
        """``summary.facts`` is not None, known without typing the summary."""
        if self._unread is not None:
            return self._unread[_FACTS] is not None
        return self._summary is not None and self._summary.facts is not None

    @property
    def search_text(self) -> str:
        """``summary.search_text`` (the summary is not typed for it); "" without a summary."""
        if self._unread is not None:
            text: str = self._unread[_SEARCH_TEXT]
            return text
        return self._summary.search_text if self._summary is not None else ""

    @property
    def deadlines(self) -> list[Deadline] | None:
        """Every deadline as computed once (``restate`` brings them to now)."""
        return None if self.kept is None else self.kept.all()

    def _key(self) -> tuple[Any, ...]:
        return self.path, self.summary, self.error, self.error_params, self.bug, self.kept

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LibraryEntry) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return (f"LibraryEntry(path={self.path!r}, summary={self.summary!r}, error={self.error!r}, "
                f"error_params={self.error_params!r}, bug={self.bug!r}, kept={self.kept!r})")


class BadRow(Exception):
    """A row (or a whole snapshot) that does not read as what ``row_of`` writes."""


@dataclass
class Snapshot:
    """The rows kept for each file name, the version of the rules and calendar their
    deadlines were computed under (``deadline_cache.engine_version``) and those rules (as
    ``rule_to_dict`` writes them: the kept deadlines read back without the rules file)."""

    version: str | None = None
    rows: dict[str, list[Any]] = field(default_factory=dict)
    rules: list[Any] | None = None


def sign(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def read_snapshot(con: sqlite3.Connection, key: bytes) -> Snapshot:
    """The snapshot in the index when its signature holds and its outline is ours; an
    empty one otherwise (then every case is read from its file)."""
    try:
        found = con.execute("SELECT body, sig FROM listing WHERE id = 1 AND length(body) <= ?",
                            (MAX_SNAPSHOT_BYTES,)).fetchone()
    except sqlite3.Error:
        return Snapshot()
    if found is None or not isinstance(found[0], bytes) or not isinstance(found[1], str):
        return Snapshot()
    body, sig = found
    if not hmac.compare_digest(sig, sign(key, body)):
        return Snapshot()
    try:
        doc = json.loads(body)
        if (type(doc) is not dict or doc.keys() != {"format", "version", "rules", "rows"}
                or doc["format"] != FORMAT or type(doc["rows"]) is not list
                or not (doc["version"] is None or type(doc["version"]) is str)
                or not (doc["rules"] is None or type(doc["rules"]) is list)):
            raise BadRow("outline")
        rows: dict[str, list[Any]] = {}
        for row in doc["rows"]:
            if type(row) is not list or len(row) != 7 or type(row[0]) is not str:
                raise BadRow("row")
            rows[row[0]] = row
    except (ValueError, RecursionError, BadRow):
        return Snapshot()
    return Snapshot(doc["version"], rows, doc["rules"])


def write_snapshot(con: sqlite3.Connection, key: bytes, version: str | None, rules: list[Any] | None,
                   rows: list[list[Any]]) -> None:
    """Replace the snapshot (inside the caller's transaction)."""
    body = json.dumps({"format": FORMAT, "version": version, "rules": rules, "rows": rows},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    con.execute("INSERT OR REPLACE INTO listing VALUES (1, ?, ?)", (body, sign(key, body)))


def rules_to_json(rules: list[Rule]) -> list[Any]:
    return [rule_to_dict(r) for r in rules]


_RULE_TEXTS = ("id", "who", "label_zh", "label_en", "starts", "source_zh", "source_en", "checked",
               "note_zh", "note_en")


def rules_from_json(raw: object) -> dict[str, Rule]:
    """The snapshot's rules by id: each must read back exactly as ``rule_to_dict`` wrote it."""
    if type(raw) is not list:
        raise BadRow("rules")
    rules: dict[str, Rule] = {}
    for item in raw:
        if type(item) is not dict:
            raise BadRow("rule")
        try:
            rule = rule_from_dict(item)
        except KnownError:
            raise BadRow("rule") from None
        if (rule_to_dict(rule) != item or any(type(getattr(rule, name)) is not str for name in _RULE_TEXTS)
                or any(type(k) is not str for k in rule.met_by + rule.ends)):
            raise BadRow("rule")
        rules[rule.id] = rule
    return rules


# ---------------------------------------------------------------- one row

def row_of(name: str, file_key: tuple[int, int, int], entry: LibraryEntry,
           deadlines: list[list[object]] | None) -> list[Any]:
    """[name, mtime, size, stamp (see library._file_key), summary, error, deadlines] as JSON
    values; the summary as the list of its fields' values (``_SUMMARY_FIELDS``: names are not
    repeated in every row, the snapshot of 1,000 cases parses in 60 % of the time)."""
    summary = None
    if entry.summary is not None:
        values = asdict(entry.summary)
        values["facts"] = _facts_to_json(entry.summary.facts)
        values["updated"] = _seconds(entry.summary.updated)
        summary = [values[name] for name in _SUMMARY_FIELDS]
    error = [entry.error, entry.error_params] if entry.error else None
    return [name, *file_key, summary, error, deadlines]


def row_key(row: list[Any]) -> tuple[Any, ...]:
    return tuple(row[1:4])


def entry_of(path: Path, row: list[Any]) -> LibraryEntry:
    """The row checked (``BadRow`` when it is not what ``row_of`` wrote); its summary is
    typed when first asked for."""
    summary, error = row[4], row[5]
    if error is not None:
        if summary is not None or type(error) is not list or len(error) != 2:
            raise BadRow("error")
        code, params = error
        if type(code) is not str or not (params is None or type(params) is dict
                                         and all(type(v) is str for v in params.values())):
            raise BadRow("error")
        return LibraryEntry(path, None, code, params)
    return LibraryEntry.checked(path, _checked_summary(summary))


def _seconds(dt: datetime | None) -> int | None:
    return None if dt is None else int(dt.replace(microsecond=0).timestamp())


def _facts_to_json(f: CaseFacts | None) -> list[Any] | None:
    """[signed_at, steps, return_signed_at, countdowns, closed]; times as whole seconds since
    the epoch (read back by ``from_seconds``, in Asia/Shanghai)."""
    if f is None:
        return None
    return [_seconds(f.signed_at), [[s.kind.value, _seconds(s.at)] for s in f.steps], _seconds(f.return_signed_at),
            [[c.label, _seconds(c.due), _seconds(c.created)] for c in f.countdowns], f.closed]


def _time(value: object, required: bool = False) -> Any:
    if value is None and not required:
        return None
    try:
        return from_seconds(value)
    except ValueError:
        raise BadRow("time") from None


def _str(value: object) -> str:
    if type(value) is not str:
        raise BadRow("str")
    return value


_STEP_KINDS = {k.value: k for k in StepKind}


def _facts_outline(d: object) -> list[Any]:
    """``d`` when it is a list of the five facts with ``closed`` a bool, steps and countdowns lists."""
    if type(d) is not list or len(d) != 5 or type(d[4]) is not bool or type(d[1]) is not list or type(d[3]) is not list:
        raise BadRow("facts")
    return d


def _facts_from_json(d: object) -> CaseFacts | None:
    if d is None:
        return None
    signed, steps, returned, countdowns, closed = _facts_outline(d)
    try:
        return CaseFacts(
            None if signed is None else from_seconds(signed),
            [StepEvent(_STEP_KINDS[k], from_seconds(at)) for k, at in steps],
            None if returned is None else from_seconds(returned),
            [Countdown(_str(lbl), from_seconds(due), from_seconds(cr)) for lbl, due, cr in countdowns] if countdowns
            else [],
            closed,
        )
    except (ValueError, TypeError, KeyError):  # a time out of range, a kind we do not know, not a pair …
        raise BadRow("facts") from None


_SUMMARY_FIELDS = [f.name for f in fields(CaseSummary) if f.name != "path"]  # a kept summary's values, in order
_SUMMARY_TYPES = {f.name: f.type for f in fields(CaseSummary) if f.name != "path"}
_INTS = [i for i, name in enumerate(_SUMMARY_FIELDS) if _SUMMARY_TYPES[name] == "int"]
_STRS = [i for i, name in enumerate(_SUMMARY_FIELDS) if _SUMMARY_TYPES[name] == "str"]
_UPDATED, _SEARCH_TEXT, _FACTS = (_SUMMARY_FIELDS.index(name) for name in ("updated", "search_text", "facts"))


def _checked_time(value: object) -> None:
    if not kept_time(value):
        raise BadRow("time")


def _checked_facts(d: object) -> None:
    """``_facts_from_json(d)`` would succeed (nothing is built)."""
    if d is None:
        return
    signed, steps, returned, countdowns, _closed = _facts_outline(d)
    for value in (signed, returned):
        if value is not None:
            _checked_time(value)
    for step in steps:
        if type(step) is not list or len(step) != 2 or type(step[0]) is not str or step[0] not in _STEP_KINDS:
            raise BadRow("step")
        _checked_time(step[1])
    for countdown in countdowns:
        if type(countdown) is not list or len(countdown) != 3 or type(countdown[0]) is not str:
            raise BadRow("countdown")
        _checked_time(countdown[1])
        _checked_time(countdown[2])


def _checked_fields(d: object) -> list[Any]:
    """``d`` when it is a list of the summary's values (``_SUMMARY_FIELDS``) and its numbers
    and texts are of their types (times and facts are checked by the caller); else ``BadRow``."""
    if type(d) is not list or len(d) != len(_SUMMARY_FIELDS):
        raise BadRow("summary")
    for i in _INTS:
        value = d[i]
        if type(value) is not int or value < 0:
            raise BadRow(_SUMMARY_FIELDS[i])
    for i in _STRS:
        if type(d[i]) is not str:
            raise BadRow(_SUMMARY_FIELDS[i])
    return d


def _checked_summary(d: object) -> list[Any]:
    """``d`` when ``_summary_from_json(d, path)`` would succeed (nothing is built); else ``BadRow``."""
    d = _checked_fields(d)
    _checked_time(d[_UPDATED])
    _checked_facts(d[_FACTS])
    return d


def _summary_from_json(d: object, path: Path) -> CaseSummary:
    d = _checked_fields(d)
    values = dict(zip(_SUMMARY_FIELDS, d, strict=True))
    values["facts"], values["updated"] = _facts_from_json(d[_FACTS]), _time(d[_UPDATED], True)
    return CaseSummary(path=str(path), **values)
