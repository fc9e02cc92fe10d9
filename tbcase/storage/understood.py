"""What tbcase understands of a case file from elsewhere, read only: our tables and columns,
every value checked as the column holds it (enums, ISO times, exhibit numbers, SHA-256
against the bytes), and what was left out or changed, and why (``leftout.RepairReport``).

``import`` (``repair``) writes what passes into a fresh file; ``check`` (``integrity``)
reads a case the same way and names what import would leave out. Nothing here writes.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import Any

from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    MAX_AMOUNT_FEN,
    CaseStatus,
    ComplaintType,
    Direction,
    EvidenceKind,
    Outcome,
    Platform,
    StepKind,
    from_iso,
    normalise_order_number,
    now,
    to_iso,
)
from tbcase.storage.leftout import RepairReport
from tbcase.storage.ocr import understood_rows

_HEX64 = re.compile(r"[0-9a-f]{64}")
_MEDIA = re.compile(r"[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*(; ?[a-z0-9-]+=[a-z0-9._-]+)?")


class BadValue(ValueError):
    """A value that is not what the column holds."""


class Undecodable:
    """A text value whose bytes are not UTF-8 (Python's sqlite3 raised on reading it: the
    whole import failed, ``check`` crashed): read as this, which no check takes."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def __repr__(self) -> str:
        return f"Undecodable({self.raw[:20]!r})"


def _text_or_undecodable(raw: bytes) -> str | Undecodable:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Undecodable(raw)


# ---------------------------------------------------------------- value checks


def text(value: object, limit: int = 10_000_000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise BadValue("text")
    return value.replace("\x00", "")


def opt_text(value: object) -> str | None:
    return None if value is None else text(value)


def iso(value: object) -> str:
    """An ISO 8601 time that reads, and stays in range in any time zone."""
    if not isinstance(value, str) or len(value) > 40:
        raise BadValue("time")
    try:
        dt = from_iso(value)
        if dt is None:
            raise BadValue("time")
        dt.astimezone(UTC)
        if not 1990 <= dt.year <= 2200:
            raise BadValue("time")
    except (ValueError, OverflowError):
        raise BadValue("time") from None
    return to_iso(dt) or ""


def opt_iso(value: object) -> str | None:
    return None if value is None else iso(value)


def date_text(value: object) -> str | None:
    """A day (``2026-11-02``) or a time."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            day = datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            raise BadValue("date") from None
        if not 1990 <= day.year <= 2200:
            raise BadValue("date")
        return day.isoformat()
    return iso(value)


_CHOICES: dict[Callable[[object], str], tuple[str, ...]] = {}  # the values each check takes


def enum(cls: type[StrEnum]) -> Callable[[object], str]:
    def check(value: object) -> str:
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return cls(value).value
        except ValueError:
            raise BadValue(cls.__name__) from None
    _CHOICES[check] = tuple(m.value for m in cls)
    return check


def one_of(*values: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in values:
            raise BadValue("choice")
        return str(value)
    _CHOICES[check] = values
    return check


def count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**53:
        raise BadValue("number")
    return value


def opt_count(value: object) -> int | None:
    return None if value is None else count(value)


def opt_amount(value: object) -> int | None:
    """An order's amount in fen: 0 to 1亿元, as ``tbcase set amount`` takes (10^15 fen was read as is)."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                              or not 0 <= value <= MAX_AMOUNT_FEN):
        raise BadValue("amount")
    return value


def blob(value: object) -> bytes:
    if not isinstance(value, bytes):
        raise BadValue("bytes")
    return value


def sha(value: object) -> str:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise BadValue("sha256")
    return value


def media(value: object) -> str:
    if not isinstance(value, str) or len(value) > 100 or not _MEDIA.fullmatch(value):
        raise BadValue("media type")
    return value


def derived_media(value: object) -> str:
    """A derived row's media type; empty for the mark of an image that does not decode."""
    return "" if value == "" else media(value)


# table -> column -> check; the columns every version of the schema has (a column the
# file lacks takes the check's value for None, or the row is left out)
CHECKS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "meta_entry": {"key": text, "value": text},
    "case": {
        "order_no": text, "platform": enum(Platform), "shop": text, "seller_entity": text,
        "seller_address": text, "item": text, "amount_fen": opt_amount, "ordered_at": opt_iso, "signed_at": opt_iso,
        "complaint_type": enum(ComplaintType), "outcome": enum(Outcome),
        "status": enum(CaseStatus), "facts": text, "demands": text, "notes": text,
        "buyer_nick": text, "complainant_name": text, "complainant_phone": text,
        "complainant_account": text, "complainant_address": text, "created": iso,
        "updated": iso,
    },
    "evidence": {
        "id": count, "sha256": sha, "original_name": text, "media_type": media, "size": count,
        "kind": enum(EvidenceKind), "title": text, "note": text, "exhibit": opt_count,
        "captured": opt_iso, "captured_source": one_of("", "exif", "file", "user", "chat"),
        "width": opt_count, "height": opt_count, "added": iso, "deleted": opt_iso,
    },
    "evidence_blob": {"evidence_id": count, "data": blob},
    "derived": {"evidence_id": count, "kind": one_of("thumb", "display", "redacted", "none"),
                "media_type": derived_media,
                "width": count, "height": count, "data": blob},
    "chat_message": {"evidence_id": count, "seq": count, "at": opt_iso, "speaker": text,
                     "role": one_of("buyer", "seller", "system", "unknown"), "text": text,
                     "status": text},
    "ocr_text": {"evidence_id": count, "engine": partial(text, limit=200),
                 "version": partial(text, limit=200), "created": iso, "boxes": text},
    "tracking": {"number": text, "carrier": text, "direction": enum(Direction),
                 "signed_at": opt_iso, "note": text, "added": iso},
    "step": {"kind": enum(StepKind), "at": iso, "ref": text, "note": text, "created": iso},
    "countdown": {"label": text, "due": iso, "created": iso},
    "letter": {"created": iso, "sent": date_text, "sha256": sha, "size": count, "pdf": blob},
    "history": {"id": count, "at": iso, "what": text, "old": opt_text, "new": opt_text,
                "detail": opt_text, "prev_hash": opt_text, "hash": opt_text},
}
# the one case row is kept whatever it holds: a value that does not read becomes this
_CASE_FALLBACK: dict[str, Callable[[], object]] = {
    "platform": lambda: Platform.TAOBAO.value, "outcome": lambda: Outcome.REFUND.value,
    "status": lambda: CaseStatus.OPEN.value, "complaint_type": lambda: ComplaintType.QUALITY.value,
    "created": lambda: to_iso(now()), "updated": lambda: to_iso(now()),
    **{c: lambda: "" for c in ("shop", "seller_entity", "seller_address", "item", "facts", "demands", "notes",
                              "buyer_nick", "complainant_name", "complainant_phone", "complainant_account",
                              "complainant_address")},
}
# what a column missing from an older or damaged file becomes: text empty, optional
# values unknown; a missing required value (a time, a kind, bytes) leaves the row out
_DEFAULTS: dict[Callable[[Any], Any], object] = {text: "", opt_text: None, opt_iso: None,
                                                  opt_count: None, opt_amount: None, date_text: None}


Numbered = Callable[[str, list[str]], Iterable[tuple[int, tuple[Any, ...]]] | None]


def _rows(con: sqlite3.Connection, table: str, tables: dict[str, str]
          ) -> tuple[list[str], Iterable[tuple[Any, ...]]]:
    """Our columns of ``table`` that the file has, and its rows (only a real table)."""
    sql = tables.get(table)
    if sql is None or sql.lstrip().upper().startswith("CREATE VIRTUAL"):
        return [], []
    q = '"' + table.replace('"', '""') + '"'
    have = {r[1] for r in con.execute(f"PRAGMA table_xinfo({q})") if r[6] == 0}
    cols = [c for c in CHECKS[table] if c in have]
    if not cols:
        return [], []
    select = ", ".join('"' + c + '"' for c in cols)
    order = ' ORDER BY "id"' if "id" in have else ""
    return cols, con.execute(f"SELECT {select} FROM {q}{order}")  # one row at a time


def _checked(table: str, cols: list[str], row: tuple[Any, ...], report: RepairReport,
             n: int) -> dict[str, Any] | None:
    values = dict(zip(cols, row, strict=True))
    out: dict[str, Any] = {}
    for col, check in CHECKS[table].items():
        if col not in values:
            if check in _DEFAULTS:
                out[col] = _DEFAULTS[check]
                continue
            if col == "captured_source" or (table == "chat_message" and col == "status"):
                out[col] = ""
                continue
            report.leave("missing", table=table, row=n, column=col)
            return None
        try:
            out[col] = check(values[col])
        except BadValue as exc:
            fallback = _CASE_FALLBACK.get(col) if table == "case" else None
            if check in _DEFAULTS and check is not text or fallback is not None:
                out[col] = _DEFAULTS[check] if fallback is None else fallback()
                report.leave("replaced", table=table, row=n, column=col, kind=exc, now=repr(out[col]))
                continue
            report.leave("invalid", table=table, row=n, column=col, kind=exc)
            return None
    return out


def read_understood(con: sqlite3.Connection, report: RepairReport,
                    numbered: Numbered | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row of ours that passes its checks, by table; cross-row checks included
    (hashes against bytes, one case row, unique exhibit numbers). ``numbered(table, cols)``
    may give a table's rows to check as (number, row), or None for all of them. A text
    that is not UTF-8 is read as ``Undecodable``: its row is left out, not the file."""
    try:  # for doubtful_rows; before any statement of ours (none may be active)
        con.create_function("tbcase_utf8", 1, _utf8, deterministic=True)
    except sqlite3.OperationalError:  # one of the caller's is: every row is read
        pass
    factory = con.text_factory
    con.text_factory = _text_or_undecodable
    try:
        return _read_understood(con, report, numbered)
    finally:
        con.text_factory = factory


def _read_understood(con: sqlite3.Connection, report: RepairReport,
                     numbered: Numbered | None) -> dict[str, list[dict[str, Any]]]:
    tables = {name: sql or "" for name, sql in con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
    data: dict[str, list[dict[str, Any]]] = {}
    for table in CHECKS:
        cols, rows = _rows(con, table, tables)
        some = numbered(table, cols) if numbered is not None else None
        kept = []
        for n, row in enumerate(rows, 1) if some is None else some:
            checked = _checked(table, cols, row, report, n)
            if checked is not None:
                if table == "evidence_blob":  # the bytes are copied later, one at a time
                    stored = checked.pop("data")
                    checked["sha256"] = hashlib.sha256(stored).hexdigest()
                    checked["size"] = len(stored)
                kept.append(checked)
        data[table] = kept
    if len(data["case"]) != 1:
        raise KnownError("case_damaged", path="")
    case = data["case"][0]
    case["order_no"] = normalise_order_number(case["order_no"])
    if not case["order_no"]:
        raise KnownError("case_damaged", path="")
    blobs = {b["evidence_id"]: b for b in data["evidence_blob"]}
    evidence, seen_hash, seen_exhibit = [], set(), set()
    for e in data["evidence"]:
        stored = blobs.get(e["id"])
        if stored is None or stored["sha256"] != e["sha256"]:
            report.leave("bytes", id=e["id"])
            continue
        if e["sha256"] in seen_hash:
            report.leave("duplicate", id=e["id"])
            continue
        seen_hash.add(e["sha256"])
        e["size"] = stored["size"]
        if e["deleted"] is None and (e["exhibit"] is None or e["exhibit"] < 1 or e["exhibit"] in seen_exhibit):
            e["exhibit"] = None  # numbered after the others below
        if e["exhibit"] is not None:
            seen_exhibit.add(e["exhibit"])
        evidence.append(e)
    nxt = max(seen_exhibit, default=0)
    for e in evidence:
        if e["deleted"] is None and e["exhibit"] is None:
            nxt += 1
            e["exhibit"] = nxt
            report.leave("renumbered", id=e["id"], exhibit=nxt)
    data["evidence"] = evidence
    kept_ids = {e["id"] for e in evidence}
    images = {e["id"] for e in evidence if e["media_type"].startswith("image/")}
    data["ocr_text"] = understood_rows(data["ocr_text"], images, report.leave)
    for table in ("evidence_blob", "derived", "chat_message"):
        before = len(data[table])
        data[table] = [r for r in data[table] if r["evidence_id"] in kept_ids]
        if len(data[table]) < before:
            report.leave("rows", table=table, count=before - len(data[table]))
    data["meta_entry"] = list({m["key"]: m for m in data["meta_entry"]}.values())
    numbers = set()
    tracking = []
    for t in data["tracking"]:
        if t["number"] and t["number"] not in numbers:
            numbers.add(t["number"])
            tracking.append(t)
    data["tracking"] = tracking
    letters = []
    for letter in data["letter"]:
        if hashlib.sha256(letter["pdf"]).hexdigest() != letter["sha256"]:
            report.leave("letter")
            continue
        letter["size"] = len(letter["pdf"])
        letters.append(letter)
    data["letter"] = letters
    derived_keys = set()
    derived = []
    for d in data["derived"]:
        if (d["evidence_id"], d["kind"]) not in derived_keys:
            derived_keys.add((d["evidence_id"], d["kind"]))
            derived.append(d)
    data["derived"] = derived
    return data


# ---------------------------------------------------------------- the same checks in SQL
# ``doubtful_rows`` gives only the rows of a table some check might refuse, in one pass of
# SQL: a row is passed over only when every check of ``CHECKS`` passes it (a time as tbcase
# writes it, +08:00, on a day and time that exist: SQLite's datetime(), made to normalise by
# a modifier, gives back the same text; years 1990-2200; text counted in bytes, since
# SQL's length() stops at a NUL, and UTF-8). A check with no SQL form (media types) leaves
# the table to be read row by row. tests/integration/test_check_big_tables.py compares both.
_ISO = ("typeof({c}) = 'text' AND {c} GLOB "
        "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+08:00' "
        "AND substr({c}, 1, 4) BETWEEN '1990' AND '2200' "
        "AND datetime(substr({c}, 1, 19), '+0 seconds') IS replace(substr({c}, 1, 19), 'T', ' ')")
_TEXT = "typeof({c}) = 'text' AND length(CAST({c} AS BLOB)) <= {limit} AND tbcase_utf8(CAST({c} AS BLOB))"
_COUNT = "typeof({c}) = 'integer' AND {c} BETWEEN 0 AND 9007199254740991"
_SQL: dict[Callable[[Any], Any], str] = {
    text: _TEXT.format(c="{c}", limit=10_000_000), iso: _ISO, count: _COUNT,
    blob: "typeof({c}) = 'blob'",
    sha: "typeof({c}) = 'text' AND length({c}) = 64 AND {c} NOT GLOB '*[^0-9a-f]*'",
    opt_amount: f"typeof({{c}}) = 'integer' AND {{c}} BETWEEN 0 AND {MAX_AMOUNT_FEN}",
}
_OPTIONAL = {opt_text: text, opt_iso: iso, opt_count: count, date_text: iso}  # date_text: a day is checked in Python


def _fine_sql(check: Callable[[Any], Any], c: str) -> str | None:
    """SQL true only for a value ``check`` takes (None: no SQL form)."""
    if check in _OPTIONAL:
        return f"{c} IS NULL OR {_fine_sql(_OPTIONAL[check], c)}"
    if isinstance(check, partial) and check.func is text and set(check.keywords) == {"limit"}:
        return _TEXT.format(c=c, limit=int(check.keywords["limit"]))
    if check in _CHOICES:
        return f"typeof({c}) = 'text' AND {c} IN ({', '.join(_quoted(v) for v in _CHOICES[check])})"
    form = _SQL.get(check)
    return None if form is None else form.format(c=c)


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _utf8(raw: object) -> int:
    if not isinstance(raw, bytes):
        return 0
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return 1


def doubtful_rows(con: sqlite3.Connection, table: str, cols: list[str]
                  ) -> Iterable[tuple[int, tuple[Any, ...]]] | None:
    """The rows of ``table`` some check might refuse, as (number, row) as ``read_understood``
    numbers them; None when it must read them all (a column missing or without SQL form,
    no ``id`` to number the rows by). Called from ``read_understood``'s ``numbered``."""
    have = {r[1] for r in con.execute(f'PRAGMA table_xinfo("{table}")') if r[6] == 0}
    if cols != list(CHECKS[table]) or "id" not in have:
        return None
    fine = [_fine_sql(check, f'"{col}"') for col, check in CHECKS[table].items()]
    if any(f is None for f in fine):
        return None
    try:
        con.execute("SELECT tbcase_utf8(x'')").fetchall()
    except sqlite3.OperationalError:  # not registered by read_understood
        return None
    every = " AND ".join(f"({f})" for f in fine)
    doubtful = [r[0] for r in con.execute(f'SELECT rowid FROM "{table}" WHERE ({every}) IS NOT 1')]
    if not doubtful:  # the usual case: one pass, no numbering
        return []
    names = ", ".join(f't."{c}"' for c in cols)
    return ((n, tuple(row)) for n, *row in con.execute(
        f'SELECT w.n, {names} FROM (SELECT rowid AS r, row_number() OVER (ORDER BY "id") AS n FROM "{table}") w '
        f'JOIN "{table}" t ON t.rowid = w.r WHERE w.r IN (SELECT value FROM json_each(?)) ORDER BY w.n',
        (json.dumps(doubtful),)))
