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
from tbcase.storage.deadline_cache import KeptDeadlines, from_seconds
from tbcase.storage.summary import CaseSummary

if TYPE_CHECKING:
    from tbcase.domain.ladder import Deadline

LISTING_SQL = "CREATE TABLE listing (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL, sig TEXT NOT NULL)"
FORMAT = 1  # raise when ``row_of`` writes something else
MAX_SNAPSHOT_BYTES = 256 * 2**20  # ~100,000 cases; a bigger one (an index from elsewhere) is not read


@dataclass
class LibraryEntry:
    path: Path
    summary: CaseSummary | None
    error: str | None = None  # a message code when the file cannot be read
    error_params: dict[str, str] | None = None
    bug: bool = False  # the error is a bug in tbcase, not something wrong with the file
    kept: KeptDeadlines | None = None  # its deadlines as computed once; with entries(engine=)

    @property
    def deadlines(self) -> list[Deadline] | None:
        """Every deadline as computed once (``restate`` brings them to now)."""
        return None if self.kept is None else self.kept.all()


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
    """[name, mtime, size, stamp (see library._file_key), summary, error, deadlines] as JSON values."""
    summary = None
    if entry.summary is not None:
        summary = asdict(entry.summary)
        del summary["path"]
        summary["facts"] = _facts_to_json(entry.summary.facts)
        summary["updated"] = _seconds(entry.summary.updated)
    error = [entry.error, entry.error_params] if entry.error else None
    return [name, *file_key, summary, error, deadlines]


def row_key(row: list[Any]) -> tuple[Any, ...]:
    return tuple(row[1:4])


def entry_of(path: Path, row: list[Any]) -> LibraryEntry:
    """The row checked into typed values; ``BadRow`` when it is not what ``row_of`` wrote."""
    summary, error = row[4], row[5]
    if error is not None:
        if summary is not None or type(error) is not list or len(error) != 2:
            raise BadRow("error")
        code, params = error
        if type(code) is not str or not (params is None or type(params) is dict
                                         and all(type(v) is str for v in params.values())):
            raise BadRow("error")
        return LibraryEntry(path, None, code, params)
    return LibraryEntry(path, _summary_from_dict(summary, path))


def _seconds(dt: datetime | None) -> int | None:
    return None if dt is None else int(dt.replace(microsecond=0).timestamp())


def _facts_to_json(f: CaseFacts | None) -> dict[str, Any] | None:
    """Times as whole seconds since the epoch (read back by ``from_seconds``, in Asia/Shanghai)."""
    if f is None:
        return None
    return {
        "signed_at": _seconds(f.signed_at),
        "steps": [[s.kind.value, _seconds(s.at)] for s in f.steps],
        "return_signed_at": _seconds(f.return_signed_at),
        "countdowns": [[c.label, _seconds(c.due), _seconds(c.created)] for c in f.countdowns],
        "closed": f.closed,
    }


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


_FACT_KEYS = {"signed_at", "steps", "return_signed_at", "countdowns", "closed"}
_STEP_KINDS = {k.value: k for k in StepKind}


def _facts_from_json(d: object) -> CaseFacts | None:
    if d is None:
        return None
    if type(d) is not dict or d.keys() != _FACT_KEYS or type(d["closed"]) is not bool:
        raise BadRow("facts")
    steps, countdowns = d["steps"], d["countdowns"]
    if type(steps) is not list or type(countdowns) is not list:
        raise BadRow("facts")
    try:
        return CaseFacts(
            signed_at=_time(d["signed_at"]),
            steps=[StepEvent(_STEP_KINDS[k], _time(at, True)) for k, at in steps],
            return_signed_at=_time(d["return_signed_at"]),
            countdowns=[Countdown(_str(lbl), _time(due, True), _time(cr, True)) for lbl, due, cr in countdowns],
            closed=d["closed"],
        )
    except (ValueError, TypeError, KeyError):  # a kind we do not know, not a list of pairs …
        raise BadRow("facts") from None


_SUMMARY_TYPES = {f.name: f.type for f in fields(CaseSummary) if f.name != "path"}
_INTS = [name for name, kind in _SUMMARY_TYPES.items() if kind == "int"]
_STRS = [name for name, kind in _SUMMARY_TYPES.items() if kind == "str"]


def _summary_from_dict(d: object, path: Path) -> CaseSummary:
    if type(d) is not dict or d.keys() != _SUMMARY_TYPES.keys():
        raise BadRow("summary")
    values = dict(d)
    for name in _INTS:
        if type(values[name]) is not int or values[name] < 0:
            raise BadRow(name)
    for name in _STRS:
        if type(values[name]) is not str:
            raise BadRow(name)
    values["facts"] = _facts_from_json(values["facts"])
    values["updated"] = _time(values["updated"], True)
    return CaseSummary(path=str(path), **values)
