"""The case's history as a hash chain.

Every history entry stores ``hash``: the SHA-256 of its own content (number, time, what,
old and new value) together with ``prev_hash``, the previous entry's ``hash`` (the first
entry's ``prev_hash`` is 64 zeros). An entry is appended inside the same write
transaction as the change it records, so a crash leaves both or neither.

What this proves, and what not: the triggers already refuse UPDATE and DELETE, but
anyone can drop them. After that, changing, removing or inserting an entry breaks the
chain at that entry unless every later entry is recomputed too. The chain has no secret,
so a rewrite of the whole tail is only detectable against a hash kept elsewhere (an
exported bundle, a printed letter). ``verify`` names the first entry that does not fit.

The entry that adds an exhibit (or a letter) carries the original's full SHA-256, so
the evidence rows are covered too: ``uncovered`` lists stored originals whose hash no
history entry holds (their row and bytes were both replaced).

From schema 6 an entry also stores ``detail``, the entry as data (``history.py``), and
its hash covers that too. Entries written before kept their hash; the migration gave them
the detail read from their text, which ``verify`` checks is still exactly that (see
``migrations.structure_history``), so no part of any entry can change unnoticed.

Both plain ``sqlite3`` connections (migrations, repair) and peewee's ``execute_sql``
append through the same function: ``Execute`` is either's ``execute``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from json.encoder import encode_basestring as _quoted
from typing import Any

from tbcase.domain.model import from_iso, to_iso
from tbcase.storage import history

GENESIS = "0" * 64
CHAIN_WHAT = "chain.began"  # the entry a migration appends after chaining old entries

Execute = Callable[..., Any]  # (sql, params) -> cursor


def entry_hash(prev: str, number: int, at: str, what: str, old: str | None, new: str | None,
               detail: str | None = None) -> str:
    """SHA-256 of one entry's content and the previous entry's hash (canonical JSON); an
    entry without ``detail`` (schema < 6) hashes as it always did."""
    fields: list[object] = [prev, number, at, what, old, new]
    if detail is not None:
        fields.append(detail)
    return hashlib.sha256(_canonical(fields).encode("utf-8")).hexdigest()


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _canonical(fields: list[object]) -> str:
    """``json.dumps(fields, ensure_ascii=False, separators=(",", ":"))``, written directly
    for a list of texts, ints and None (each as json writes it: ``encode_basestring``,
    ``int.__repr__``, ``null``): verifying 1,000,000 entries spent a third of its time
    building an encoder for each."""
    parts = []
    for value in fields:
        if type(value) is str:
            parts.append(_quoted(value))
        elif value is None:
            parts.append("null")
        elif type(value) is int:
            parts.append(int.__repr__(value))
        else:
            return _ENCODE(fields)
    return "[" + ",".join(parts) + "]"


def append(execute: Execute, at: str | None, what: str, old: str | None, new: str | None,
           detail: Mapping[str, history.Value] | None = None) -> int:
    """Append one chained entry (call inside the write transaction); its number. Without
    ``detail`` the entry is written as schema 5 wrote it (a migration step before 6)."""
    if not at:  # to_iso's None: a bug, never a stored entry without a time
        raise ValueError("a history entry needs its time")
    last = execute('SELECT "id", "hash" FROM "history" ORDER BY "id" DESC LIMIT 1').fetchone()
    number = 1 if last is None else int(last[0]) + 1
    prev = GENESIS if last is None else str(last[1])
    if detail is None:
        digest = entry_hash(prev, number, at, what, old, new)
        execute('INSERT INTO "history" ("id", "at", "what", "old", "new", "prev_hash", "hash") '
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (number, at, what, old, new, prev, digest))
        return number
    text = history.detail_text(detail)
    digest = entry_hash(prev, number, at, what, old, new, text)
    execute('INSERT INTO "history" ("id", "at", "what", "old", "new", "detail", "prev_hash", '
            '"hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            (number, at, what, old, new, text, prev, digest))
    return number


def has_detail(execute: Execute) -> bool:
    """Whether this file's history has the ``detail`` column (schema 6 on)."""
    return any(r[1] == "detail" for r in execute('PRAGMA table_xinfo("history")').fetchall())


def chain_existing(execute: Execute) -> int:
    """Give every entry of an unchained history its hashes, in order (a migration, with
    the append-only triggers dropped for it); how many entries were chained."""
    prev = GENESIS
    rows = execute('SELECT "id", "at", "what", "old", "new" FROM "history" ORDER BY "id"').fetchall()
    for number, at, what, old, new in rows:
        digest = entry_hash(prev, int(number), str(at), str(what), old, new)
        execute('UPDATE "history" SET "prev_hash" = ?, "hash" = ? WHERE "id" = ?',
                (prev, digest, number))
        prev = digest
    return len(rows)


@dataclass(frozen=True)
class ChainBreak:
    """The first entry that does not fit the chain."""

    number: int
    at: str
    why: str  # "content" (its hash is not its content's) | "link" (prev_hash is not the previous)


TICK = 10_000  # entries between two calls of ``verify``'s ``tick``


def verify_rows(rows: Iterable[tuple[Any, ...]], tick: Callable[[int], None] | None = None
                ) -> tuple[int, ChainBreak | None]:
    """Walk ``(id, at, what, old, new, prev_hash, hash[, detail])`` rows in order: how many
    entries verified, and the first break (None: the whole chain holds).

    An entry's hash covers its detail; an entry from before schema 6 has a hash without
    it, and then its detail must be exactly what ``history.legacy_detail`` reads from its
    text (or none, in a file not yet migrated). ``tick(n)`` is told every ``TICK`` entries."""
    prev = GENESIS
    n = 0
    for number, at, what, old, new, prev_hash, digest, *rest in rows:
        detail = rest[0] if rest else None
        num = number if isinstance(number, int) else 0
        when = at if isinstance(at, str) else "?"
        if prev_hash != prev:
            return n, ChainBreak(num, when, "link")
        if not isinstance(number, int) or not isinstance(at, str) or not isinstance(what, str) \
                or not all(v is None or isinstance(v, str) for v in (old, new, detail)):
            return n, ChainBreak(num, when, "content")
        if not _fits(prev, number, at, what, old, new, detail, digest):
            return n, ChainBreak(number, at, "content")
        prev = str(digest)
        n += 1
        if tick is not None and n % TICK == 0:
            tick(n)  # may raise (a cancelled check)
    return n, None


def _fits(prev: str, number: int, at: str, what: str, old: str | None, new: str | None,
          detail: str | None, digest: object) -> bool:
    if detail is not None and digest == entry_hash(prev, number, at, what, old, new, detail):
        return True
    if digest != entry_hash(prev, number, at, what, old, new):
        return False
    return detail is None or detail == history.detail_text(history.legacy_detail(what, old, new))


def kept_detail(row: Mapping[str, Any]) -> history.Detail:
    """The detail an imported entry keeps (``repair``): the sender's, when the entry's own
    hash covers it (or it is what the entry's text reads as); else read from the text."""
    stored = history.read_detail(row["detail"])
    prev, digest = row["prev_hash"], row["hash"]
    if stored is not None and isinstance(prev, str) and _fits(
            prev, row["id"], row["at"], row["what"], row["old"], row["new"], row["detail"], digest):
        return stored
    return history.legacy_detail(row["what"], row["old"], row["new"])


def verify(execute: Execute, tick: Callable[[int], None] | None = None) -> tuple[int, ChainBreak | None]:
    """The chain of the history behind ``execute`` (see ``verify_rows``)."""
    detail = '"detail"' if has_detail(execute) else "NULL"
    cursor = execute(f'SELECT "id", "at", "what", "old", "new", "prev_hash", "hash", {detail} '
                     'FROM "history" ORDER BY "id"')
    return verify_rows(cursor, tick)  # one row at a time


def head(execute: Execute) -> str:
    """The last entry's hash (GENESIS for an empty history)."""
    last = execute('SELECT "hash" FROM "history" ORDER BY "id" DESC LIMIT 1').fetchone()
    return GENESIS if last is None else str(last[0])


def uncovered(execute: Execute) -> list[history.Detail]:
    """Stored originals and letters whose SHA-256 no history entry holds, as the detail of
    the entry that would cover each: which one (``which_exhibit``, or ``letter``) and
    ``sha256``.

    Entries written before the chain (schema < 5) carry only the first 16 hex digits;
    those match by that prefix."""
    return [detail for _, _, detail in _uncovered(execute)]


def which_exhibit(execute: Execute | None, eid: object, exhibit: object, title: object, deleted: object
                  ) -> history.Detail:
    """An exhibit as the user knows it, as data for the words: ``exhibit`` (its number in
    the list), or, for one without a number (a deleted one), ``evidence_id`` beside the
    number it had (``former_exhibit``, None when unknown or ``execute`` is None: the history
    is not read) and its ``title``. The internal id is never shown: ``tbcase.wording`` names
    such an exhibit by the others."""
    if isinstance(exhibit, int) and exhibit > 0:
        return {"exhibit": exhibit}
    return {"evidence_id": int(str(eid)),
            "former_exhibit": None if execute is None else former_number(execute, title, deleted),
            "title": title if isinstance(title, str) else ""}


def known_exhibit(execute: Execute, eid: object) -> history.Detail:
    """What the history knows of an exhibit whose row is gone, by its internal id: the
    number it had (``former_exhibit``) and its ``title``, from the last entry that names the
    id (one about it after its deletion: ``evidence.present``, ``evidence.redaction_cleared``).
    Empty when none does."""
    try:
        number = int(str(eid))
    except ValueError:
        return {}
    if not has_detail(execute):
        return {}
    rows = execute('SELECT "detail" FROM "history" WHERE "detail" LIKE ? OR "detail" LIKE ? '
                   'ORDER BY "id" DESC LIMIT 50', (f'%"evidence_id":{number},%', f'%"evidence_id":{number}}}%')
                   ).fetchall()
    for (stored,) in rows:
        detail = history.read_detail(stored)
        if detail is not None and detail.get("evidence_id") == number:
            return {k: detail[k] for k in ("former_exhibit", "title") if k in detail}
    return {}


def former_number(execute: Execute, title: object, deleted: object) -> int | None:
    """The number a deleted exhibit had (the one the user last saw it by), from the
    ``evidence.deleted`` entry its deletion logged: by its title, at the time of the deletion
    (``deleted``) or the second after (the row's time and the entry's are taken one after
    the other). None when no entry, or more than one, fits."""
    try:
        gone = from_iso(str(deleted or ""))
    except ValueError:  # a time that does not read (a file from elsewhere)
        return None
    if gone is None:
        return None
    detail = '"detail"' if has_detail(execute) else "NULL"
    numbers: set[int] = set()
    for what, old, new, stored in execute(
            f'SELECT "what", "old", "new", {detail} FROM "history" '
            'WHERE "what" = ? AND "at" IN (?, ?) LIMIT 50',
            ("evidence.deleted", to_iso(gone), to_iso(gone + timedelta(seconds=1)))).fetchall():
        entry = history.entry_detail(str(what), old, new, stored)
        number = entry.get("exhibit")
        if entry.get("title") == title and isinstance(number, int):
            numbers.add(number)
    return numbers.pop() if len(numbers) == 1 else None


def _uncovered(execute: Execute) -> list[tuple[str, str, history.Detail]]:
    texts: set[str] = set()
    # only the entries that can hold a hash are read: a text naming one says "sha256:"
    # (``_hashes_in``), a detail holding one has the key "sha256", spelt so unless JSON
    # escapes are used (a file from elsewhere): 1,000,000 details were all parsed
    for column in ("new", "old"):
        for (value,) in execute(f'SELECT "{column}" FROM "history" '
                                f"WHERE instr(\"{column}\", 'sha256:') > 0"):
            texts.update(_hashes_in(str(value)))
    if has_detail(execute):
        for (value,) in execute('SELECT "detail" FROM "history" '
                                "WHERE instr(\"detail\", 'sha256') > 0 OR instr(\"detail\", '\\u') > 0"):
            texts.update(history.hashes_in(history.read_detail(value) or {}))
    out: list[tuple[str, str, history.Detail]] = []
    for eid, exhibit, digest, title, deleted in execute(
            'SELECT "id", "exhibit", "sha256", "title", "deleted" FROM "evidence" ORDER BY "id"').fetchall():
        if not _covered(str(digest), texts):
            label = f"证据{exhibit}" if exhibit else f"#{eid}"  # the text of an entry before schema 6
            out.append((label, str(digest), {**which_exhibit(execute, eid, exhibit, title, deleted),
                                             "sha256": str(digest)}))
    for lid, digest in execute('SELECT "id", "sha256" FROM "letter" ORDER BY "id"').fetchall():
        if not _covered(str(digest), texts):
            out.append((f"letter #{lid}", str(digest), {"letter": int(lid), "sha256": str(digest)}))
    return out


PRESENT_WHAT = "evidence.present"  # an original that was there when the chain began


def record_uncovered(execute: Execute, stamp: str | None) -> int:
    """Append an entry with the full SHA-256 of every original and letter no entry holds
    yet (a file from before the chain, or imported): from here on they are covered. How
    many entries were appended."""
    missing = _uncovered(execute)
    structured = has_detail(execute)
    for label, digest, detail in missing:
        if structured:
            append(execute, stamp, PRESENT_WHAT, None, None, detail)
        else:
            append(execute, stamp, PRESENT_WHAT, None, f"{label} sha256:{digest}")
    return len(missing)


def _hashes_in(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    while True:
        i = text.find("sha256:", start)
        if i < 0:
            return out
        j = i + 7
        k = j
        while k < len(text) and k - j < 64 and text[k] in "0123456789abcdef":
            k += 1
        out.append(text[j:k])
        start = k


def _covered(digest: str, texts: set[str]) -> bool:
    return digest in texts or (len(digest) == 64 and digest[:16] in texts)


@dataclass(frozen=True)
class SourceChain:
    """What the sender's history chain was, found on import, as data for the
    ``case.imported`` entry (``detail()``; worded by ``Wording.history``) — not words.

    ``state``: ``none`` (made before tbcase chained its history), ``unreadable``,
    ``broken`` (at entry ``broken_at``, time ``broken_time``; ``verified`` entries before
    it held), ``cut`` (``verified`` entries held but the stated head is not the last one:
    entries were cut off) or ``verified`` (``verified`` entries, ``head`` the last hash)."""

    state: str
    verified: int = 0
    broken_at: int | None = None
    broken_time: str | None = None
    head: str | None = None
    where: str = "source"  # source (a case file) or bundle: said in ``text`` only

    @property
    def held(self) -> bool:
        return self.state in ("none", "verified")

    def detail(self) -> dict[str, history.Value]:
        return {"chain": self.state, "chain_entries": self.verified if self.state != "none" else None,
                "chain_broken_at": self.broken_at, "chain_broken_time": self.broken_time,
                "chain_head": self.head}

    def text(self) -> str:
        """In English, for a problem list and a repair report."""
        w = self.where
        return {
            "none": f"history chain: none in the {w} (made before tbcase chained its history)",
            "unreadable": f"history chain: unreadable in the {w}",
            "broken": f"history chain: broken in the {w} at entry {self.broken_at} ({self.broken_time}); "
                      f"{self.verified} entries before it verified",
            "cut": f"history chain: {self.verified} entries verified in the {w}, but its head is not the "
                   f"last entry listed (entries were cut off)",
        }.get(self.state, f"history chain: {self.verified} entries verified in the {w}, head {self.head}")


def describe_source(con: sqlite3.Connection) -> SourceChain:
    """Whether the sender's history chain held, for the import entry.

    An imported file never keeps the sender's hashes: entries may be left out or
    renumbered, so its history is chained afresh in the new file (``repair._write_fresh``).
    What the sender's chain said is kept in the ``case.imported`` entry, which the new
    chain then covers."""
    have = {r[1] for r in con.execute('PRAGMA table_xinfo("history")')}
    if not {"prev_hash", "hash"} <= have:
        return SourceChain("none")
    try:
        verified, broken = verify(con.execute)
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return SourceChain("unreadable")
    if broken is None:
        return SourceChain("verified", verified, head=head(con.execute))
    return SourceChain("broken", verified, broken.number, str(broken.at)[:40])
