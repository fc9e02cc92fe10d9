"""A case file from elsewhere, copied into a fresh file: only what is understood, checked.

``import`` never adopts a foreign file as it is. The sender's file (and a WAL beside it)
is copied into a private temporary folder; the copy is opened read-only with the guards
of ``schema.guard`` and a deadline on every query; only our own tables (never a view or
a virtual table) and our own columns are read; every value is checked (enums, ISO
times, exhibit numbers, SHA-256 against the bytes); and the rows that pass are written
into a new file made by the app's own DDL, with its own triggers. What was left out,
and why, is returned. The history kept is chained afresh in the new file; whether the
sender's chain verified is written into the import entry (``_source_chain``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from tbcase import __version__
from tbcase.domain.errors import KnownError
from tbcase.domain.model import now, to_iso
from tbcase.storage import chain, inputs
from tbcase.storage.fileformat import foreign_wal
from tbcase.storage.leftout import RepairReport
from tbcase.storage.private import make_private
from tbcase.storage.schema import guard, query_deadline
from tbcase.storage.understood import CHECKS, BadValue, read_understood

__all__ = ["CHECKS", "BadValue", "RepairReport", "import_copy", "read_understood", "repair_into"]


def _write_fresh(target: Path, data: dict[str, list[dict[str, Any]]], source_name: str,
                 report: RepairReport, source: sqlite3.Connection) -> None:
    """A new case file at ``target`` made by the app's own DDL, holding ``data``."""
    from peewee import SqliteDatabase

    from tbcase.storage.models import APPLICATION_ID, HISTORY_TRIGGERS, MODELS, SCHEMA_VERSION
    from tbcase.storage.private import create_private

    create_private(target)
    db = SqliteDatabase(str(target), pragmas={"foreign_keys": 1})
    with db.bind_ctx(MODELS):
        db.connect()
        with db.atomic():
            db.create_tables(MODELS)
            for sql in HISTORY_TRIGGERS:
                db.execute_sql(sql)  # type: ignore[no-untyped-call]
        db.close()
    con = sqlite3.connect(target, isolation_level=None)
    try:
        guard(con, readonly=False)
        con.execute("BEGIN IMMEDIATE")
        for table, rows in data.items():
            if table == "evidence_blob":
                report.copied[table] = _copy_blobs(source, con, rows)
                continue
            if not rows:
                continue
            if table == "history":  # a fresh chain over the entries kept, in their order
                for r in rows:
                    chain.append(con.execute, r["at"], r["what"], r["old"], r["new"],
                                 chain.kept_detail(r))
                report.copied[table] = len(rows)
                continue
            cols = list(rows[0])
            q = '"' + table + '"'
            marks = ", ".join("?" * len(cols))
            con.executemany(f"INSERT INTO {q} ({', '.join(cols)}) VALUES ({marks})",
                            [tuple(r[c] for c in cols) for r in rows])
            report.copied[table] = len(rows)
        stamp = to_iso(now())
        chain.append(con.execute, stamp, "case.imported", None, source_name,
                     {"new": source_name, "tbcase": __version__, "left_out": len(report.left_out),
                      **(report.source_chain or chain.SourceChain("unreadable")).detail()})
        chain.record_uncovered(con.execute, stamp)  # originals no kept entry names
        con.execute("UPDATE \"case\" SET updated = ?", (stamp,))
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        con.execute("COMMIT")
    finally:
        con.close()


def _copy_blobs(source: sqlite3.Connection, con: sqlite3.Connection, rows: list[dict[str, Any]]) -> int:
    """The originals, one at a time (a case may hold hundreds of MB), hashed again."""
    done = 0
    for r in rows:
        got = source.execute('SELECT data FROM "evidence_blob" WHERE evidence_id = ?',
                             (r["evidence_id"],)).fetchone()
        if got is None or not isinstance(got[0], bytes) or hashlib.sha256(got[0]).hexdigest() != r["sha256"]:
            raise KnownError("case_damaged", path="")  # changed under us: nothing is kept
        con.execute('INSERT INTO "evidence_blob" (evidence_id, data) VALUES (?, ?)',
                    (r["evidence_id"], got[0]))
        done += 1
    return done


def _refuse_too_many(con: sqlite3.Connection, source: Path) -> None:
    """A file holding more steps, countdowns or tracking numbers than a case is read with
    (``models.MAX_CASE_ROWS``; the list would show the new case only as
    ``case_too_many_rows``) is refused, KnownError ``import_too_many_rows``, before anything
    is written. Keeping some of them would state a case the file does not support: the
    deadlines are counted from all of them. Counting stops one row past the limit."""
    from tbcase.storage.models import MAX_CASE_ROWS

    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("step", "countdown", "tracking"):
        if table in tables and con.execute(
                f'SELECT count(*) FROM (SELECT 1 FROM "{table}" LIMIT {MAX_CASE_ROWS + 1})'
                ).fetchone()[0] > MAX_CASE_ROWS:
            raise KnownError("import_too_many_rows", path=str(source), limit=MAX_CASE_ROWS)


def repair_into(source: Path, target: Path) -> RepairReport:
    """Copy what is understood of the case file ``source`` into a new file ``target``.

    ``source`` is never opened for writing: it (and a WAL beside it) is copied into a
    private temporary folder first. KnownError when it is not a case file at all.
    """
    from tbcase.storage.models import APPLICATION_ID, SCHEMA_VERSION

    source, target = Path(source), Path(target)
    report = RepairReport()
    work = Path(tempfile.mkdtemp(prefix=".tbcase-import-", dir=target.parent))
    try:
        make_private(work, 0o700)
        copy = work / "source.tbcase"
        inputs.copy_regular(source, copy)  # not /dev/zero, a FIFO …
        with open(copy, "rb") as fh:
            if foreign_wal(source, fh.read(100)):
                raise KnownError("case_foreign_wal", path=str(source), wal=str(source) + "-wal")
        wal = Path(str(source) + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(str(copy) + "-wal"))
        con = sqlite3.connect(copy, timeout=5)  # our private copy: a WAL in it may be replayed
        try:
            guard(con)
            with query_deadline(con, 600):
                if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    raise KnownError("not_a_case", path=str(source))
                version = con.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise KnownError("case_too_new", path=str(source), version=version,
                                     supported=SCHEMA_VERSION)
                _refuse_too_many(con, source)
                report.source_chain = chain.describe_source(con)
                data = read_understood(con, report)
                _write_fresh(target, data, source.name, report, con)
                report.name(con.execute)  # its exhibits named while the sender's file is open
        except KnownError as exc:
            if exc.code == "case_damaged":
                raise KnownError("case_damaged", path=str(source)) from None
            raise
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise KnownError("case_query_aborted", path=str(source)) from None
            raise KnownError("case_damaged", path=str(source)) from None
        except sqlite3.DatabaseError:
            raise KnownError("case_damaged", path=str(source)) from None
        finally:
            con.close()
        return report
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def import_copy(source: Path, folder: Path, suffix: str = ".tbcase") -> tuple[Path, RepairReport]:
    """``import``: the case file ``source`` repaired into a new file in ``folder``.

    The new file's name is the source's (a name already taken gets `` (2)``, never
    overwritten); it is made under a unique temporary name (a killed import leaves
    nothing another import could pick up) and linked into place when complete.
    """
    import secrets

    from tbcase.storage.inputs import file_name

    source = Path(source)
    name = Path(file_name(source))
    stem = name.stem if name.suffix == suffix else name.name
    stem = stem.replace("/", "_").replace("\x00", "") or "case"
    tmp = folder / f".{stem[:60]}.{secrets.token_hex(6)}.importing"
    try:
        report = repair_into(source, tmp)
        n = 1
        while True:
            target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem} ({n}){suffix}")
            try:
                os.link(tmp, target)  # never replaces a file that is there
                break
            except FileExistsError:
                n += 1
            except OSError:  # no hard links on this file system
                if target.exists():
                    n += 1
                    continue
                os.replace(tmp, target)
                break
        return target, report
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
