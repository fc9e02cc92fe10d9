"""The case file format seen from outside: is this file a case file, of which schema
version; where a backup copy goes; which SQLite failures the user caused.

Nothing here opens a file for writing, and nothing imports the case file or the
migrations (both import this module).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from tbcase.domain.errors import KnownError
from tbcase.domain.model import now
from tbcase.storage import schema
from tbcase.storage.inputs import open_regular
from tbcase.storage.models import APPLICATION_ID, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"

# Primary result codes (the low byte of an extended code), https://sqlite.org/rescode.html
_FULL = {sqlite3.SQLITE_FULL}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def inspect_file(path: Path) -> int:
    """The schema version of a case file; raise KnownError if it is not one.

    Reads only: a non-SQLite, truncated or foreign file is never modified.
    """
    try:
        fd, _ = open_regular(path)  # a FIFO named x.tbcase made check and show wait for good
    except KnownError as exc:
        if exc.code == "file_missing":
            raise KnownError("case_not_found", path=str(path)) from None
        if exc.code == "not_a_regular_file" and not path.is_dir():  # a FIFO, a device
            raise KnownError("not_a_case", path=str(path)) from None
        detail = os.strerror(errno.EISDIR) if path.is_dir() else exc.params.get("detail", "")
        raise KnownError("case_unreadable", path=str(path), detail=detail) from None
    try:
        with open(fd, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise KnownError("case_unreadable", path=str(path), detail=exc.strerror or str(exc)) from None
    if len(head) == 0:
        raise KnownError("case_empty", path=str(path))
    if not head.startswith(SQLITE_MAGIC):
        raise KnownError("not_a_case", path=str(path))
    if len(head) < 100:
        raise KnownError("case_damaged", path=str(path))
    if foreign_wal(path, head):
        raise KnownError("case_foreign_wal", path=str(path), wal=str(path) + "-wal")
    # A file shorter than its header says was cut off (a partial copy or download). The
    # header's page count is only valid when its change counters agree (SQLite file format
    # 1.3.7), and a WAL beside the file may still hold pages: then SQLite is the judge.
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    pending = needs_recovery(path)
    if header_valid and not pending and page_size and pages and path.stat().st_size < page_size * pages:
        raise KnownError("case_damaged", path=str(path))
    # A read-only connection cannot finish what a process that died left behind (a WAL to
    # recover, a hot rollback journal to roll back: SQLITE_READONLY_RECOVERY/ROLLBACK), so
    # then a normal connection reads, and SQLite completes or undoes that last transaction.
    target = str(path) if pending else f"{path.resolve().as_uri()}?mode=ro"
    try:
        con = sqlite3.connect(target, uri=not pending, timeout=5)
        try:
            schema.guard(con, readonly=not pending)
            # one read transaction for every check: each statement alone took the file's lock
            # and looked for a journal again (some 40 times for the schema)
            con.execute("BEGIN")
            app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if app_id == APPLICATION_ID and 1 <= version <= SCHEMA_VERSION:
                # the file's schema is ours exactly (no trigger, view, column or clause of
                # someone else's), before any query touches its tables
                schema.check_schema(con, version, str(path))
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if set(sqlite_codes(exc)) & _BUSY:
            raise KnownError("case_busy", path=str(path)) from None
        raise KnownError("case_damaged", path=str(path)) from None
    if app_id != APPLICATION_ID:
        raise KnownError("not_a_case", path=str(path))
    if version > SCHEMA_VERSION:
        raise KnownError("case_too_new", path=str(path), version=version, supported=SCHEMA_VERSION)
    if version < 1:
        raise KnownError("case_damaged", path=str(path))
    return version


def foreign_wal(path: Path, head: bytes) -> bool:
    """A WAL with frames beside a file in rollback mode (header bytes 18-19 are 1): not its
    own. tbcase writes a WAL only while the file is in WAL mode (they are 2 then) and puts
    the file back to rollback mode when it closes it. SQLite replays any WAL it finds
    beside a file whatever its header says: one from another case made this case read as
    that one (hidden from the list) and, checkpointed, overwrote it."""
    try:
        size = Path(str(path) + "-wal").stat().st_size
    except OSError:
        return False
    return head[18:20] == b"\x01\x01" and size > 32  # 32: the WAL header alone, no frame


def needs_recovery(path: Path) -> bool:
    """A WAL or a rollback journal beside the file: a writer may have died mid-way."""
    return any(Path(str(path) + suffix).exists() for suffix in ("-wal", "-journal"))


def backup_path(path: Path, version: int) -> Path:
    """Where a file of schema ``version`` is copied before it is migrated."""
    stamp = now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.v{version}-{stamp}.bak")


def sqlite_codes(exc: BaseException) -> list[int]:
    """The primary SQLite result codes behind ``exc``: its own, those of the sqlite3 error
    peewee wrapped, and those of the errors it was raised while handling (after
    SQLITE_FULL, SQLite has already rolled back, so the rollback that follows fails with
    a plain SQLITE_ERROR whose context is the real cause)."""
    codes: list[int] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        code = getattr(e, "sqlite_errorcode", None)
        if isinstance(code, int):
            codes.append(code & 0xFF)
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        todo.extend((e.__cause__, e.__context__))
    return codes


def undecodable(exc: BaseException, path: Path) -> KnownError | None:
    """``case_values_bad`` naming the column, for a text that is not UTF-8 (Python's sqlite3
    cannot read it; a file from elsewhere holds one: ``tbcase history`` and ``check``
    crashed on it); else None. ``import`` reads such a value as ``understood.Undecodable``."""
    said = str(exc)
    if not said.startswith("Could not decode to UTF-8 "):
        return None
    return KnownError("case_values_bad", path=str(path),
                      detail="not UTF-8: " + said[len("Could not decode to UTF-8 "):].split(" with text ")[0][:100])


def known_error(exc: BaseException, path: Path) -> KnownError | None:
    """The user-facing error for a SQLite failure, or None when it is a bug."""
    codes = set(sqlite_codes(exc))
    if codes & _FULL:
        return KnownError("disk_full", path=str(path))
    if codes & _BUSY:
        return KnownError("case_busy", path=str(path))
    if codes & _DAMAGED:
        return KnownError("case_damaged", path=str(path))
    if sqlite3.SQLITE_READONLY in codes:  # a disc, a read-only share, a file without write permission:
        return KnownError("case_read_only", path=str(path))  # it opens and reads; its first write is refused
    if sqlite3.SQLITE_INTERRUPT in codes:  # the query deadline of schema.GuardedDatabase
        return KnownError("case_query_aborted", path=str(path))
    return None
