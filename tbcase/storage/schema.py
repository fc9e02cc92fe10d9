"""The one definition of what a case file's schema may be, and the comparison of a file
against it.

A ``.tbcase`` from someone else is parsed like a network message (sqlite.org
``security.html``): before any query touches its tables, its ``sqlite_master`` is compared
with the schema this app would have made. The accepted shapes are not written out by
hand: they are built, in memory, from the same DDL the app runs — the peewee models (a
new file) and the migration chain from schema 1 (an old file brought forward) — so a
new column or migration is accepted by adding it where it is made, nowhere else.

Compared: tables and their columns (name, declared type, NOT NULL, default, primary
key, hidden/generated), indexes (name, uniqueness, columns, collation), foreign keys,
our two history triggers (their SQL), and that nothing else exists: no other table,
trigger or view. Table SQL is also searched for clauses our DDL never writes (CHECK,
COLLATE, GENERATED, ON CONFLICT …), which the pragmas do not show.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from tbcase.domain.errors import KnownError

ColumnShape = tuple[str, str, int, str | None, int, int]  # name, type, notnull, default, pk, hidden
IndexShape = tuple[str, int, tuple[tuple[str | None, str | None], ...]]  # name, unique, (col, coll)
ForeignKey = tuple[str, str, str | None, str, str]  # from, table, to, on_update, on_delete

# Clauses our DDL never writes: their effect is invisible in the pragmas (a CHECK that
# refuses writes, ON CONFLICT REPLACE that deletes rows, a COLLATE that merges values).
_FOREIGN_CLAUSES = re.compile(
    r"\b(CHECK|COLLATE|GENERATED|CONSTRAINT|CONFLICT|AUTOINCREMENT|STRICT|WITHOUT|AS)\b")
_QUOTED = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'|`[^`]*`|\[[^\]]*\]')
_SPACE = re.compile(r"\s+")

QUERY_SECONDS = 60.0  # a statement still running after this is aborted (SQLITE_INTERRUPT)
# whole-file work that may take long on a big file, and is not steered by the file's schema
_UNBOUNDED = ("VACUUM", "PRAGMA INTEGRITY_CHECK", "PRAGMA WAL_CHECKPOINT", "PRAGMA JOURNAL_MODE")


@dataclass
class Shape:
    """What ``sqlite_master`` and the pragmas say about a database, comparable."""

    tables: dict[str, frozenset[ColumnShape]] = field(default_factory=dict)
    table_sql: dict[str, str] = field(default_factory=dict)
    indexes: dict[str, frozenset[IndexShape]] = field(default_factory=dict)
    foreign_keys: dict[str, frozenset[ForeignKey]] = field(default_factory=dict)
    triggers: dict[str, str] = field(default_factory=dict)  # name -> normalised SQL
    other: list[str] = field(default_factory=list)  # views, unknown kinds


@dataclass(frozen=True)
class Accepted:
    """The union of what our own DDL makes at one schema version."""

    columns: dict[str, dict[str, frozenset[ColumnShape]]]  # table -> column -> shapes
    required_indexes: dict[str, frozenset[str]]  # table -> index names every shape has
    indexes: dict[str, frozenset[IndexShape]]  # table -> every index shape we make
    foreign_keys: dict[str, frozenset[frozenset[ForeignKey]]]
    triggers: dict[str, str]


def _normal_sql(sql: str | None) -> str:
    text = _SPACE.sub(" ", (sql or "").strip())
    return text.replace("IF NOT EXISTS ", "")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


MasterRows = tuple[tuple[str, str, str, str | None], ...]


def master_rows(con: sqlite3.Connection) -> MasterRows:
    """``sqlite_master`` as it reads (type, name, table, SQL), in its order."""
    return tuple(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())


def read_shape(con: sqlite3.Connection, rows: MasterRows | None = None) -> Shape:
    """The shape of the database behind ``con``; reads only the schema (pragmas and
    ``sqlite_master``, or ``rows`` already read from it), never a table's rows."""
    shape = Shape()
    if rows is None:
        rows = master_rows(con)
    for kind, name, _table, sql in rows:
        if kind == "table":
            if name.startswith("sqlite_"):
                shape.other.append(f"table {name}")  # sqlite_sequence, sqlite_stat1 …: not ours
                continue
            q = _ident(name)
            cols = con.execute(f"PRAGMA table_xinfo({q})").fetchall()
            shape.tables[name] = frozenset(
                (c[1], (c[2] or "").upper(), int(c[3]), c[4], int(c[5]), int(c[6])) for c in cols)
            shape.table_sql[name] = sql or ""
            idx: set[IndexShape] = set()
            for il in con.execute(f"PRAGMA index_list({q})").fetchall():
                info = con.execute(f"PRAGMA index_xinfo({_ident(il[1])})").fetchall()
                key = tuple((i[2], i[4]) for i in info if i[5])  # key columns and collation
                idx.add((il[1], int(il[2]), key))
            shape.indexes[name] = frozenset(idx)
            shape.foreign_keys[name] = frozenset(
                (f[3], f[2], f[4], f[5], f[6]) for f in con.execute(f"PRAGMA foreign_key_list({q})"))
        elif kind == "index":
            continue  # read through index_list of its table (a partial index shows in sql below)
        elif kind == "trigger":
            shape.triggers[name] = _normal_sql(sql)
        else:
            shape.other.append(f"{kind} {name}")
    for kind, name, _table, sql in rows:  # an index with a WHERE clause or on expressions
        if kind == "index" and sql and re.search(r"\bWHERE\b|\(\s*[^\"\w]", sql, re.I):
            shape.other.append(f"index {name}")
    return shape


def _build(statements: list[str]) -> Shape:
    con = sqlite3.connect(":memory:")
    try:
        for sql in statements:
            con.execute(sql)
        return read_shape(con)
    finally:
        con.close()


def _fresh() -> Shape:
    """The shape ``CaseFile.create`` makes: peewee's tables and indexes for the models,
    then the history triggers."""
    from peewee import SqliteDatabase

    from tbcase.storage.models import HISTORY_TRIGGERS, MODELS

    db = SqliteDatabase(":memory:")
    with db.bind_ctx(MODELS):
        db.connect()
        try:
            db.create_tables(MODELS)
            for sql in HISTORY_TRIGGERS:
                db.execute_sql(sql)  # type: ignore[no-untyped-call]
            return read_shape(db.connection())  # type: ignore[no-untyped-call]
        finally:
            db.close()


def _fresh_at(chain: Shape) -> Shape:
    """The shape ``CaseFile.create`` made when an older version was current: today's fresh
    shape without what later migrations added. (Migrations after 2 only add columns or tables, so a
    file created at version 2 is today's fresh file less those; ``chain`` is the
    migration chain's shape at that version and says which tables and columns it had.)"""
    fresh = _fresh()
    shape = Shape(triggers=dict(fresh.triggers))
    for table, cols in chain.tables.items():
        names = {c[0] for c in cols}
        shape.tables[table] = frozenset(c for c in fresh.tables[table] if c[0] in names)
        shape.table_sql[table] = fresh.table_sql[table]
        shape.indexes[table] = frozenset(i for i in fresh.indexes[table]
                                         if all(col in names for col, _ in i[2]))
        shape.foreign_keys[table] = fresh.foreign_keys[table]
    return shape


@cache
def accepted(version: int) -> Accepted:
    """Every shape our own DDL gives a file at ``version``: new files (current version)
    and files brought forward by the migration chain."""
    from tbcase.storage.migrations import SCHEMA_1, STEPS
    from tbcase.storage.models import SCHEMA_VERSION

    shapes: list[Shape] = []
    chain = list(SCHEMA_1)
    for v in range(2, version + 1):
        chain += STEPS[v]
    shapes.append(_build(chain))
    if version == SCHEMA_VERSION:
        shapes.append(_fresh())
    elif version >= 2:  # a file tbcase created new while ``version`` was current
        shapes.append(_fresh_at(shapes[0]))
    tables = set(shapes[0].tables)
    columns: dict[str, dict[str, set[ColumnShape]]] = {t: {} for t in tables}
    indexes: dict[str, set[IndexShape]] = {t: set() for t in tables}
    required: dict[str, set[str]] = {}
    fks: dict[str, set[frozenset[ForeignKey]]] = {t: set() for t in tables}
    for s in shapes:
        if set(s.tables) != tables:
            raise AssertionError(f"schema {version}: the DDL paths make different tables")
        for t, cols in s.tables.items():
            for c in cols:
                columns[t].setdefault(c[0], set()).add(c)
            indexes[t] |= s.indexes[t]
            names = {i[0] for i in s.indexes[t]}
            required[t] = names if t not in required else required[t] & names
            fks[t].add(s.foreign_keys[t])
    return Accepted(
        columns={t: {c: frozenset(v) for c, v in cols.items()} for t, cols in columns.items()},
        required_indexes={t: frozenset(v) for t, v in required.items()},
        indexes={t: frozenset(v) for t, v in indexes.items()},
        foreign_keys={t: frozenset(v) for t, v in fks.items()},
        triggers=dict(shapes[0].triggers) if version >= 2 else {},
    )


def differences(shape: Shape, version: int) -> list[str]:
    """How ``shape`` differs from what our DDL makes at ``version`` (empty: it does not)."""
    try:
        want = accepted(version)
    except KeyError:
        return [f"schema version {version} is not one this app knows"]
    out = [f"not ours: {o}" for o in shape.other]
    for t in sorted(set(shape.tables) - set(want.columns)):
        out.append(f"extra table {t}")
    for t in sorted(set(want.columns) - set(shape.tables)):
        out.append(f"missing table {t}")
    for t in sorted(set(shape.tables) & set(want.columns)):
        have = {c[0]: c for c in shape.tables[t]}
        for name in sorted(set(have) - set(want.columns[t])):
            out.append(f"extra column {t}.{name}")
        for name in sorted(set(want.columns[t]) - set(have)):
            out.append(f"missing column {t}.{name}")
        for name in sorted(set(have) & set(want.columns[t])):
            if have[name] not in want.columns[t][name]:
                out.append(f"column {t}.{name} differs")
        stripped = _QUOTED.sub('""', shape.table_sql.get(t, "")).upper()
        clause = _FOREIGN_CLAUSES.search(stripped)
        if clause:
            out.append(f"table {t} has a {clause.group(1)} clause")
        for extra in sorted(shape.indexes[t] - want.indexes[t]):
            out.append(f"index {extra[0]} on {t} is not ours")
        names = {i[0] for i in shape.indexes[t]}
        for missing in sorted(want.required_indexes[t] - names):
            out.append(f"missing index {missing}")
        if shape.foreign_keys[t] not in want.foreign_keys[t]:
            out.append(f"foreign keys of {t} differ")
    for name in sorted(set(shape.triggers) - set(want.triggers)):
        out.append(f"trigger {name} is not ours")
    for name in sorted(want.triggers):
        if name not in shape.triggers:
            out.append(f"missing trigger {name}")
        elif shape.triggers[name] != want.triggers[name]:
            out.append(f"trigger {name} differs")
    return out


# ---------------------------------------------------------------- reading untrusted files


@contextmanager
def query_deadline(con: sqlite3.Connection, seconds: float = QUERY_SECONDS) -> Iterator[None]:
    """Abort any statement on ``con`` that is still running ``seconds`` from now (SQLite
    calls the progress handler every few thousand VM steps; a non-zero answer interrupts
    the statement with ``sqlite3.OperationalError: interrupted``)."""
    deadline = time.monotonic() + seconds
    con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
    try:
        yield
    finally:
        con.set_progress_handler(None, 0)


def guard(con: sqlite3.Connection, readonly: bool = True) -> None:
    """The pragmas sqlite.org advises for a database from elsewhere: functions and
    virtual tables in its schema are not trusted, cells are checked as they are read,
    and a reading connection cannot write."""
    con.execute("PRAGMA trusted_schema = OFF")
    con.execute("PRAGMA cell_size_check = ON")
    if readonly:
        con.execute("PRAGMA query_only = ON")


def open_untrusted(path: str) -> sqlite3.Connection:
    """A read-only connection to a file from elsewhere, guarded (see ``guard``)."""
    from pathlib import Path

    con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    guard(con)
    return con


# Schemas found ours, as (version, sqlite_master's rows). Every pragma ``read_shape`` asks
# is answered by SQLite from the schema's SQL alone, so the same rows give the same shape:
# a file whose rows were accepted before is accepted without asking them again (~40
# statements, a millisecond at every opening of a case). Bounded: cleared when full.
_ACCEPTED: set[tuple[int, MasterRows]] = set()
ACCEPTED_KEPT = 32


def check_schema(con: sqlite3.Connection, version: int, path: str) -> None:
    """Refuse (KnownError ``case_schema_differs``) a file whose schema is not ours."""
    try:
        with query_deadline(con):
            rows = master_rows(con)
            if (version, rows) in _ACCEPTED:
                return
            shape = read_shape(con, rows)
    except sqlite3.DatabaseError:
        raise KnownError("case_damaged", path=path) from None
    problems = differences(shape, version)
    if problems:
        raise KnownError("case_schema_differs", path=path, detail="; ".join(problems[:5]))
    if len(_ACCEPTED) >= ACCEPTED_KEPT:
        _ACCEPTED.clear()
    _ACCEPTED.add((version, rows))


def _peewee_sqlite() -> type:
    from peewee import SqliteDatabase

    return SqliteDatabase


class GuardedDatabase(_peewee_sqlite()):  # type: ignore[misc]
    """peewee's SqliteDatabase with the guards on every connection it opens (each thread
    has its own): ``trusted_schema=OFF``, ``cell_size_check=ON``, and a progress handler
    that aborts a statement running longer than ``QUERY_SECONDS`` (a recursive view or a
    huge join must not hang the list, ``show`` or the window)."""

    def __init__(self, *args: object, query_seconds: float = QUERY_SECONDS, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.query_seconds = query_seconds
        self._deadline = threading.local()

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        guard(conn, readonly=False)
        super()._add_conn_hooks(conn)
        conn.set_progress_handler(self._over_time, 10_000)

    def _over_time(self) -> int:
        at = getattr(self._deadline, "at", None)
        return 1 if at is not None and time.monotonic() > at else 0

    def execute_sql(self, sql: str, params: object = None):  # type: ignore[no-untyped-def]
        head = sql.lstrip()[:24].upper()
        self._deadline.at = None if head.startswith(_UNBOUNDED) else time.monotonic() + self.query_seconds
        return super().execute_sql(sql, params)
