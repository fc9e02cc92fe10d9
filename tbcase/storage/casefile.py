"""One case = one SQLite file (``*.tbcase``).

Opening checks the file is a case file without ever writing to anything that is not
one (``fileformat``); an older schema is migrated inside a transaction after a backup
copy; a newer one is refused. From its first write the file uses WAL (a case only read is
left untouched); ``close()`` checkpoints and returns it to a single self-contained file.
Every write is one transaction, and every change is appended to the case's history.

The case file opens and closes the file, owns the write transaction and the history
log, and keeps the case's own fields. Everything else lives in small stores over that
surface (``CaseAccess``): ``case.evidence``, ``case.tracking``, ``case.steps``,
``case.letters``, ``case.ocr``, ``case.redactions``.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import DatabaseError, DoesNotExist, SqliteDatabase

from tbcase import __version__
from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    CaseStatus,
    Complainant,
    ComplaintType,
    Outcome,
    Platform,
    format_amount,
    normalise_order_number,
    now,
    parse_amount,
    parse_choice,
    parse_datetime,
    to_iso,
)
from tbcase.storage import chain, migrations, writeprobe
from tbcase.storage.evidence import EvidenceStore
from tbcase.storage.fileformat import inspect_file, known_error, needs_recovery, undecodable
from tbcase.storage.history import Value, entry_detail
from tbcase.storage.integrity import Finding
from tbcase.storage.letters import LetterStore
from tbcase.storage.models import (
    APPLICATION_ID,
    HISTORY_TRIGGERS,
    MODELS,
    SCHEMA_VERSION,
    CaseRow,
    History,
    MetaEntry,
    rows,
    sql_rows,
)
from tbcase.storage.ocr import OcrStore
from tbcase.storage.private import create_private, private_dir
from tbcase.storage.records import (
    CaseDetails,
    CaseSummary,
    HistoryEntry,
    optional_time,
    stored_amount,
    stored_choice,
    stored_time,
)
from tbcase.storage.redaction import RedactionStore
from tbcase.storage.schema import GuardedDatabase
from tbcase.storage.steps import StepStore, case_facts
from tbcase.storage.tracking import TrackingStore

BUSY_TIMEOUT_MS = 5000
SUMMARY_CHAT_MESSAGES = 1000  # the list's search keeps 20,000 characters: a huge log is not read whole
SUMMARY_SEARCH_CHARS = 20000


class CaseFile:
    """An open case file. Use as a context manager, or call ``close()``."""

    # the user's names for the case's fields, and their columns
    SETTABLE = {
        "order": "order_no", "platform": "platform", "shop": "shop",
        "seller_entity": "seller_entity", "seller_address": "seller_address",
        "item": "item", "amount": "amount_fen",
        "ordered": "ordered_at", "signed": "signed_at", "type": "complaint_type",
        "outcome": "outcome", "status": "status", "facts": "facts", "demands": "demands",
        "notes": "notes", "buyer_nick": "buyer_nick",
        "complainant.name": "complainant_name", "complainant.phone": "complainant_phone",
        "complainant.account": "complainant_account",
        "complainant.address": "complainant_address",
    }

    def __init__(self, path: Path, db: SqliteDatabase, readonly: bool = False) -> None:
        self._path = path
        self.db = db
        self.readonly = readonly
        self._wal = False  # the file is in WAL mode (set at the first write)
        self.evidence = EvidenceStore(self)
        self.tracking = TrackingStore(self)
        self.letters = LetterStore(self)
        self.steps = StepStore(self, self.tracking, self.letters)
        self.ocr = OcrStore(self)
        self.redactions = RedactionStore(self, self.ocr)

    @property
    def path(self) -> Path:
        return self._path

    # -- opening and closing

    @staticmethod
    def _database(path: Path, readonly: bool = False) -> SqliteDatabase:
        # GuardedDatabase: trusted_schema=OFF, cell_size_check, a deadline on every statement
        if readonly and not needs_recovery(path):  # see fileformat.inspect_file
            return GuardedDatabase(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   pragmas={"busy_timeout": BUSY_TIMEOUT_MS, "query_only": 1},
                                   check_same_thread=False)
        return GuardedDatabase(
            str(path),
            pragmas={  # WAL from the first write (``_write_ahead``)
                "foreign_keys": 1,
                "synchronous": 2,  # FULL: a committed item survives a crash
                "busy_timeout": BUSY_TIMEOUT_MS,
            },
            lock_type="IMMEDIATE",  # writers queue up front: no lost updates
            check_same_thread=False,
        )

    @classmethod
    def open(cls, path: Path | str, readonly: bool = False) -> CaseFile:
        """Open a case file; an older one is migrated first (after a backup)."""
        path = Path(path)
        version = inspect_file(path)
        if version < SCHEMA_VERSION:
            migrations.migrate(path, version)
        db = cls._database(path, readonly)
        try:
            db.connect()
        except DatabaseError as exc:
            db.close()
            known = known_error(exc, path)
            if known is not None and known.code == "case_busy":
                raise known from None
            raise KnownError("case_damaged", path=str(path)) from None
        return cls(path, db, readonly)

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        order_no: str,
        complaint_type: str,
        shop: str = "",
        item: str = "",
        platform: str = Platform.TAOBAO,
        amount: str | None = None,
        ordered: str | None = None,
        signed: str | None = None,
        outcome: str = Outcome.REFUND,
        complainant: Complainant | None = None,
    ) -> CaseFile:
        path = Path(path)
        order_no = normalise_order_number(order_no)
        if not order_no:
            raise KnownError("order_empty")
        parse_choice(ComplaintType, complaint_type, "type")
        parse_choice(Outcome, outcome, "outcome")
        parse_choice(Platform, platform, "platform")
        amount_fen = parse_amount(amount) if amount else None
        ordered_at = to_iso(parse_datetime(ordered)) if ordered else None
        signed_at = to_iso(parse_datetime(signed)) if signed else None
        if path.exists():
            raise KnownError("case_exists", path=str(path))
        private_dir(path.parent)
        # private from the first byte (0600 whatever the umask; SQLite gives the -wal and
        # -shm the file's mode), under a name no other create can be using
        tmp = path.with_name(f"{path.name}.{secrets.token_hex(6)}.creating")
        create_private(tmp)
        db = SqliteDatabase(str(tmp), pragmas={"foreign_keys": 1})
        stamp = to_iso(now())
        c = complainant or Complainant()
        with db.bind_ctx(MODELS):
            db.connect()
            with db.atomic():
                db.create_tables(MODELS)
                for sql in HISTORY_TRIGGERS:
                    sql_rows(db, sql)
                MetaEntry.create(key="created_by", value=f"tbcase {__version__}")
                CaseRow.create(
                    order_no=order_no, platform=platform, shop=shop, item=item,
                    amount_fen=amount_fen, ordered_at=ordered_at, signed_at=signed_at,
                    complaint_type=complaint_type, outcome=outcome, status=CaseStatus.OPEN,
                    complainant_name=c.name, complainant_phone=c.phone,
                    complainant_account=c.account, complainant_address=c.address,
                    created=stamp, updated=stamp,
                )
                chain.append(db.execute_sql, stamp, "case.created", None, order_no,
                             {"new": order_no})
            sql_rows(db, f"PRAGMA application_id = {APPLICATION_ID}")
            sql_rows(db, f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.close()
        try:
            os.link(tmp, path)  # atomic, and never replaces a file that appeared meanwhile
        except FileExistsError:
            tmp.unlink()
            raise KnownError("case_exists", path=str(path)) from None
        except OSError:  # no hard links on this file system (FAT, some shares)
            if path.exists():
                tmp.unlink()
                raise KnownError("case_exists", path=str(path)) from None
            tmp.replace(path)
        tmp.unlink(missing_ok=True)
        return cls.open(path)

    def close(self) -> None:
        """Checkpoint and leave one self-contained file (no -wal/-shm)."""
        if self.readonly:
            self.db.close()
            return
        if self.db.is_closed() and not Path(str(self.path) + "-wal").exists():
            return
        try:
            if self.db.is_closed():
                self.db.connect()
            sql_rows(self.db, "PRAGMA wal_checkpoint(TRUNCATE)")
            sql_rows(self.db, "PRAGMA journal_mode=DELETE")
        except DatabaseError:
            pass  # another process still has it open: the last one out tidies up
        finally:
            self.db.close()

    def release_thread(self) -> None:
        """Close this thread's connection (a worker thread calls it when its job ends)."""
        if not self.db.is_closed():
            self.db.close()

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the stores use (CaseAccess)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Bind the models to this file for the current thread (each thread has its own
        connection and binding, so a worker can write while the window reads)."""
        with self.db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
            if self.db.is_closed():
                self.db.connect()
            try:
                yield
            except (ValueError, OverflowError) as exc:
                # a stored value that does not parse into its record (a step kind
                # 'bogus', a date 'not-a-date'): this case shows an error, nothing else
                if isinstance(exc, KnownError):
                    raise
                raise KnownError("case_values_bad", path=str(self.path),
                                 detail=str(exc)[:200]) from exc
            except DoesNotExist as exc:  # the one case row is missing: a damaged file
                raise KnownError("case_values_bad", path=str(self.path),
                                 detail="the case row is missing") from exc
            except (DatabaseError, sqlite3.OperationalError) as exc:
                known = known_error(exc, self.path) or undecodable(exc, self.path)
                if known is not None and known.code in ("case_query_aborted", "case_values_bad"):
                    raise known from None
                raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one state of the file (one read transaction): a write another
        connection commits meanwhile (a phone upload during an export) is seen whole or not
        at all, never in the middle of what is being read. DEFERRED: it takes no write lock
        (in WAL mode writers go on meanwhile)."""
        with self.reading(), self.db.atomic(lock_type="DEFERRED"):
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction; a writer elsewhere holding the file too long, or a full
        disk, becomes a clear KnownError (the transaction is rolled back whole)."""
        with self.reading():
            try:
                self._write_ahead()
                with self.db.atomic():
                    writeprobe.opened()  # test hook (fault tests only): see writeprobe
                    yield
                    writeprobe.holding()
            except DatabaseError as exc:
                known = known_error(exc, self.path)
                if known is not None:
                    raise known from None
                raise
            finally:
                writeprobe.closed()

    def _write_ahead(self) -> None:
        """The file goes into WAL mode at its first write, not when it opens: a case only
        looked at is left as it was (the switch rewrote its header with four fsyncs on the
        way to the window's first frame, and its new time made the library read it again).
        Inside a transaction the mode cannot change: that write is made in the rollback
        journal's mode, as durable (synchronous FULL)."""
        if not self._wal and not self.readonly and self.db.transaction_depth() == 0:
            sql_rows(self.db, "PRAGMA journal_mode=wal")
            self._wal = True

    def log(self, what: str, old: Value = None, new: Value = None, **detail: Value) -> None:
        """Append an entry: ``old``/``new`` the plain values before and after, ``detail``
        what else it is about (``exhibit=3``, ``sha256=…``); stored as data (history.py)."""
        stamp = to_iso(now())
        chain.append(self.db.execute_sql, stamp, what, _text(old), _text(new),  # same transaction
                     {"old": old, "new": new, **detail})
        CaseRow.update(updated=stamp).execute()

    def vacuum(self) -> None:
        with self.reading():
            sql_rows(self.db, "VACUUM")

    # -- the case's own fields

    def case(self) -> CaseDetails:
        with self.reading():
            if any(r[0] for r in sql_rows(self.db, _TOO_LONG)):  # before the row is read
                raise KnownError("case_values_bad", path=str(self.path), detail="a text longer than tbcase reads")
            return _details(CaseRow.get())

    def schema_version(self) -> int:
        with self.reading():
            return int(sql_rows(self.db, "PRAGMA user_version")[0][0])

    def set_field(self, name: str, value: str) -> None:
        column = self.SETTABLE.get(name)
        if column is None:
            raise KnownError("unknown_field", field=name, fields=", ".join(self.SETTABLE))
        stored: Value = value
        if name == "order":
            stored = normalise_order_number(value)
            if not stored:
                raise KnownError("order_empty")
        elif name == "amount":
            stored = parse_amount(value) if value else None
        elif name in ("ordered", "signed"):
            stored = to_iso(parse_datetime(value)) if value else None
        elif name == "type":
            parse_choice(ComplaintType, value, "type")
        elif name == "outcome":
            parse_choice(Outcome, value, "outcome")
        elif name == "status":
            parse_choice(CaseStatus, value, "status")
        elif name == "platform":
            parse_choice(Platform, value, "platform")
        with self.writing():
            row = CaseRow.get()
            old = getattr(row, column)
            if old == stored:
                return
            CaseRow.update({getattr(CaseRow, column): stored}).execute()
            if name == "amount":
                old = format_amount(old) if old is not None else None
                stored = format_amount(stored) if isinstance(stored, int) else None
            self.log(f"case.{name}", old, stored)
            if name == "buyer_nick":
                self.evidence.reassign_roles(value)

    def history(self) -> list[HistoryEntry]:
        with self.reading():
            q = rows(History.select(History.id, History.at, History.what, History.old,
                                    History.new, History.hash, History.detail).order_by(History.id))
            return [HistoryEntry(int(i), stored_time(at), str(what), old, new, str(digest),
                                 entry_detail(str(what), old, new, detail))
                    for i, at, what, old, new, digest, detail in q]

    def verify_history(self) -> tuple[int, chain.ChainBreak | None]:
        """How many history entries the hash chain verifies, and the first that breaks it."""
        with self.reading():
            return chain.verify(self.db.execute_sql)

    # -- summary and check

    def summary(self) -> CaseSummary:
        row = self.case()
        chat_text = self.evidence.chat_text(SUMMARY_CHAT_MESSAGES)
        facts = case_facts(row.signed_at, row.status, self.steps.all(), self.tracking.all(),
                           self.steps.countdowns())
        image_text = " ".join(r.text.replace("\n", " ") for r in self.ocr.all())
        search = " ".join([row.order_no, row.shop, row.item, row.notes, row.facts, chat_text, image_text])
        return CaseSummary(
            path=str(self.path), order_no=row.order_no, shop=row.shop, item=row.item,
            complaint_type=row.complaint_type.value, status=row.status.value,
            amount=format_amount(row.amount_fen), updated=row.updated,
            evidence_count=self.evidence.count(), search_text=search[:SUMMARY_SEARCH_CHARS],
            facts=facts,
        )

    def check(self) -> list[str]:
        """Integrity check and re-hash of every evidence blob: the problems in English (the
        command line and the window word ``findings()`` in the user's language)."""
        from tbcase.wording import Wording

        return [Wording.for_language("en").finding(f) for f in self.findings()]

    def findings(self, progress: Callable[[int, int], None] | None = None) -> list[Finding]:
        """What ``check`` finds, as codes and values (``storage/integrity.py``, which says
        what ``progress`` is told)."""
        from tbcase.storage.integrity import findings

        return findings(self, progress)


def _text(value: object) -> str | None:
    return None if value is None else str(value)



# A text of the case row longer than import keeps (``understood.text``: 10,000,000
# characters, 4 bytes at most each) is this case's error, found before the row is read:
# read whole, a crafted 120 MB note took 336 MB to list and 1.5 GB to export.
_TOO_LONG = "SELECT " + " OR ".join(f'length(CAST("{c}" AS BLOB)) > 40000000' for c in (
    "order_no", "shop", "seller_entity", "seller_address", "item", "facts", "demands", "notes", "buyer_nick",
    "complainant_name", "complainant_phone", "complainant_account", "complainant_address")) + ' FROM "case"'


def _details(row: Any) -> CaseDetails:
    return CaseDetails(
        order_no=str(row.order_no), platform=stored_choice(Platform, row.platform), shop=str(row.shop),
        seller_entity=str(row.seller_entity), seller_address=str(row.seller_address),
        item=str(row.item),
        amount_fen=stored_amount(row.amount_fen),
        ordered_at=optional_time(row.ordered_at), signed_at=optional_time(row.signed_at),
        complaint_type=stored_choice(ComplaintType, row.complaint_type),
        outcome=stored_choice(Outcome, row.outcome),
        status=stored_choice(CaseStatus, row.status), facts=str(row.facts), demands=str(row.demands),
        notes=str(row.notes), buyer_nick=str(row.buyer_nick),
        complainant=Complainant(str(row.complainant_name), str(row.complainant_phone),
                                str(row.complainant_account), str(row.complainant_address)),
        created=stored_time(row.created), updated=stored_time(row.updated),
    )
