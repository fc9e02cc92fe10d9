"""One case = one SQLite file (``*.tbcase``).

Opening checks the file is a case file without ever writing to anything that is not
one; an older schema is migrated inside a transaction after a backup copy; a newer
one is refused. While open the file uses WAL; ``close()`` checkpoints and returns it
to a single self-contained file. Every write is one transaction, and every change
is appended to the case's history.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from peewee import DatabaseError, OperationalError, SqliteDatabase, fn

from tbcase import __version__
from tbcase.domain import chat as chatmod
from tbcase.domain.errors import CancelledError, KnownError
from tbcase.domain.ladder import CaseFacts, Countdown, StepEvent
from tbcase.domain.model import (
    CaseStatus,
    ComplaintType,
    Direction,
    EvidenceKind,
    Outcome,
    Platform,
    StepKind,
    format_amount,
    from_iso,
    normalise_order_number,
    now,
    parse_amount,
    parse_datetime,
    to_iso,
)
from tbcase.domain.tracking import carrier_by_name, normalise_tracking_number, recognise
from tbcase.storage import migrations
from tbcase.storage.models import (
    APPLICATION_ID,
    HISTORY_TRIGGERS,
    MODELS,
    SCHEMA_VERSION,
    CaseRow,
    ChatMessage,
    Derived,
    Evidence,
    EvidenceBlob,
    History,
    Letter,
    MetaEntry,
    Step,
    Tracking,
)
from tbcase.storage.models import Countdown as CountdownRow
from tbcase.storage.records import CaseSummary, EvidenceInfo

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
MAX_EVIDENCE_BYTES = 512 * 1024 * 1024


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- checking a file


def inspect_file(path: Path) -> int:
    """The schema version of a case file; raise KnownError if it is not one.

    Reads only: a non-SQLite, truncated or foreign file is never modified.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise KnownError("case_not_found", path=str(path)) from None
    except OSError as exc:
        raise KnownError("case_unreadable", path=str(path), detail=exc.strerror or str(exc)) from None
    if len(head) == 0:
        raise KnownError("case_empty", path=str(path))
    if not head.startswith(SQLITE_MAGIC):
        raise KnownError("not_a_case", path=str(path))
    if len(head) < 100:
        raise KnownError("case_damaged", path=str(path))
    # A file shorter than its header says was cut off (a partial copy or download). The
    # header's page count is only valid when its change counters agree (SQLite file format
    # 1.3.7), and a WAL beside the file may still hold pages: then SQLite is the judge.
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    pending = _needs_recovery(path)
    if header_valid and not pending and page_size and pages and path.stat().st_size < page_size * pages:
        raise KnownError("case_damaged", path=str(path))
    # A read-only connection cannot finish what a process that died left behind (a WAL to
    # recover, a hot rollback journal to roll back: SQLITE_READONLY_RECOVERY/ROLLBACK), so
    # then a normal connection reads, and SQLite completes or undoes that last transaction.
    target = str(path) if pending else f"{path.resolve().as_uri()}?mode=ro"
    try:
        con = sqlite3.connect(target, uri=not pending, timeout=5)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise KnownError("case_damaged", path=str(path)) from None
    if app_id != APPLICATION_ID:
        raise KnownError("not_a_case", path=str(path))
    if version > SCHEMA_VERSION:
        raise KnownError("case_too_new", path=str(path), version=version, supported=SCHEMA_VERSION)
    if version < 1:
        raise KnownError("case_damaged", path=str(path))
    return version


def _needs_recovery(path: Path) -> bool:
    """A WAL or a rollback journal beside the file: a writer may have died mid-way."""
    return any(Path(str(path) + suffix).exists() for suffix in ("-wal", "-journal"))


def _is_busy(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


# ---------------------------------------------------------------- the case file


class CaseFile:
    """An open case file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path, db: SqliteDatabase, readonly: bool = False) -> None:
        self.path = path
        self.db = db
        self.readonly = readonly

    # -- opening and closing

    @staticmethod
    def _database(path: Path, readonly: bool = False) -> SqliteDatabase:
        if readonly and not _needs_recovery(path):  # see inspect_file
            return SqliteDatabase(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                  pragmas={"busy_timeout": BUSY_TIMEOUT_MS},
                                  check_same_thread=False)
        return SqliteDatabase(
            str(path),
            pragmas={
                "journal_mode": "wal",
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
        except (DatabaseError, OperationalError) as exc:
            db.close()
            if _is_busy(exc):
                raise KnownError("case_busy", path=str(path)) from None
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
        complainant: dict[str, str] | None = None,
    ) -> CaseFile:
        path = Path(path)
        order_no = normalise_order_number(order_no)
        if not order_no:
            raise KnownError("order_empty")
        _check_enum(ComplaintType, complaint_type, "type")
        _check_enum(Outcome, outcome, "outcome")
        _check_enum(Platform, platform, "platform")
        amount_fen = parse_amount(amount) if amount not in (None, "") else None
        ordered_at = to_iso(parse_datetime(ordered)) if ordered else None
        signed_at = to_iso(parse_datetime(signed)) if signed else None
        if path.exists():
            raise KnownError("case_exists", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".creating")
        tmp.unlink(missing_ok=True)
        db = SqliteDatabase(str(tmp), pragmas={"foreign_keys": 1})
        stamp = to_iso(now())
        with db.bind_ctx(MODELS):
            db.connect()
            with db.atomic():
                db.create_tables(MODELS)
                for sql in HISTORY_TRIGGERS:
                    db.execute_sql(sql)
                MetaEntry.create(key="created_by", value=f"tbcase {__version__}")
                c = complainant or {}
                CaseRow.create(
                    order_no=order_no, platform=platform, shop=shop, item=item,
                    amount_fen=amount_fen, ordered_at=ordered_at, signed_at=signed_at,
                    complaint_type=complaint_type, outcome=outcome, status=CaseStatus.OPEN,
                    complainant_name=c.get("name", ""), complainant_phone=c.get("phone", ""),
                    complainant_account=c.get("account", ""),
                    complainant_address=c.get("address", ""),
                    created=stamp, updated=stamp,
                )
                History.create(at=stamp, what="case.created", old=None, new=order_no)
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
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
            self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.execute_sql("PRAGMA journal_mode=DELETE")
        except (DatabaseError, OperationalError):
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

    @contextmanager
    def _bound(self) -> Iterator[None]:
        """Bind the models to this file for the current thread (each thread has its own
        connection and binding, so a worker can write while the window reads)."""
        with self.db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
            if self.db.is_closed():
                self.db.connect()
            yield

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction; a writer elsewhere holding the file too long, or a full
        disk, becomes a clear KnownError (the transaction is rolled back whole)."""
        with self._bound():
            try:
                with self.db.atomic():
                    yield
            except (OperationalError, DatabaseError) as exc:
                # after SQLITE_FULL SQLite has already rolled back, so peewee's own rollback
                # fails with "no transaction is active": the real cause is its context
                cause: BaseException = exc
                while "no transaction is active" in str(cause) and cause.__context__ is not None:
                    cause = cause.__context__
                text = str(cause).lower()
                if "full" in text:
                    raise KnownError("disk_full", path=str(self.path)) from None
                if _is_busy(cause):
                    raise KnownError("case_busy", path=str(self.path)) from None
                raise

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._bound():
            yield

    def _log(self, what: str, old: object = None, new: object = None) -> None:
        stamp = to_iso(now())
        History.create(at=stamp, what=what, old=_text(old), new=_text(new))
        CaseRow.update(updated=stamp).execute()

    # -- the case

    def case(self) -> CaseRow:
        with self._bound():
            return CaseRow.get()

    def schema_version(self) -> int:
        with self._bound():
            return self.db.execute_sql("PRAGMA user_version").fetchone()[0]

    SETTABLE = {
        "order": "order_no", "platform": "platform", "shop": "shop",
        "seller_entity": "seller_entity", "item": "item", "amount": "amount_fen",
        "ordered": "ordered_at", "signed": "signed_at", "type": "complaint_type",
        "outcome": "outcome", "status": "status", "facts": "facts", "demands": "demands",
        "notes": "notes", "buyer_nick": "buyer_nick",
        "complainant.name": "complainant_name", "complainant.phone": "complainant_phone",
        "complainant.account": "complainant_account",
        "complainant.address": "complainant_address",
    }

    def set_field(self, name: str, value: str) -> None:
        column = self.SETTABLE.get(name)
        if column is None:
            raise KnownError("unknown_field", field=name, fields=", ".join(self.SETTABLE))
        stored: object = value
        if name == "order":
            stored = normalise_order_number(value)
            if not stored:
                raise KnownError("order_empty")
        elif name == "amount":
            stored = parse_amount(value) if value else None
        elif name in ("ordered", "signed"):
            stored = to_iso(parse_datetime(value)) if value else None
        elif name == "type":
            _check_enum(ComplaintType, value, "type")
        elif name == "outcome":
            _check_enum(Outcome, value, "outcome")
        elif name == "status":
            _check_enum(CaseStatus, value, "status")
        elif name == "platform":
            _check_enum(Platform, value, "platform")
        with self._write():
            row = CaseRow.get()
            old = getattr(row, column)
            if old == stored:
                return
            CaseRow.update({getattr(CaseRow, column): stored}).execute()
            shown_old = format_amount(old) if name == "amount" and old is not None else old
            shown_new = format_amount(stored) if name == "amount" and stored is not None else stored
            self._log(f"case.{name}", shown_old, shown_new)
            if name == "buyer_nick":
                self._reassign_roles(str(stored))

    # -- evidence

    def add_evidence(
        self,
        data: bytes,
        original_name: str = "",
        *,
        kind: str | None = None,
        title: str | None = None,
        file_time: datetime | None = None,
    ) -> EvidenceInfo:
        """Add one item: images and chat logs are understood, anything else kept whole.

        All the slow work (hashing, decoding, thumbnails, parsing) happens before the
        write transaction; bad input raises KnownError and changes nothing.
        """
        from tbcase.storage import imaging  # Pillow loads when evidence arrives, not at start-up

        if kind is not None:
            _check_enum(EvidenceKind, kind, "kind")
        if not data:
            raise KnownError("empty_file", name=original_name)
        if len(data) > MAX_EVIDENCE_BYTES:
            raise KnownError("file_too_large", name=original_name,
                             mb=MAX_EVIDENCE_BYTES // (1024 * 1024))
        digest = sha256_hex(data)
        existing = self._find_by_hash(digest)
        if existing is not None:
            return existing
        suffix = Path(original_name).suffix.lower()
        image_media = imaging.sniff_image(data)
        info = None
        chat = None
        chat_text = None
        wants_image = kind in (EvidenceKind.SCREENSHOT, EvidenceKind.PHOTO) or (
            kind is None and suffix in imaging.IMAGE_SUFFIXES)
        if kind != EvidenceKind.DOCUMENT and kind != EvidenceKind.CHAT and (
                image_media or wants_image):
            try:
                info = imaging.analyse_image(data)
            except KnownError as exc:
                exc.params.setdefault("name", original_name)
                raise
            media_type = info.media_type
            if kind is None:
                kind = _guess_image_kind(info, original_name)
        else:
            if kind == EvidenceKind.CHAT:
                try:
                    chat_text = chatmod.decode_text(data)
                except KnownError as exc:
                    exc.params.setdefault("name", original_name)
                    raise
            elif kind is None and suffix in (".txt", ".log", ""):
                chat_text = chatmod.text_or_none(data)  # decoded once: it is also the check
            if chat_text is not None:
                row = self.case()
                chat = chatmod.parse_chat(chat_text, shop=row.shop, buyer=row.buyer_nick)
                media_type = "text/plain; charset=utf-8"
                kind = EvidenceKind.CHAT
            else:
                media_type = _media_type_by_suffix(suffix)
                kind = kind or (EvidenceKind.RECEIPT if suffix == ".pdf" else EvidenceKind.DOCUMENT)
        captured, captured_source = None, ""
        if info is not None and info.captured is not None:
            captured, captured_source = to_iso(info.captured), "exif"
        elif chat is not None and chat.messages and chat.messages[0].at is not None:
            captured, captured_source = to_iso(chat.messages[0].at), "chat"
        elif file_time is not None:
            captured, captured_source = to_iso(file_time), "file"
        stamp = to_iso(now())
        with self._write():
            # a second writer may have added the same bytes meanwhile
            dup = Evidence.get_or_none(Evidence.sha256 == digest)
            if dup is not None:
                return self._info(dup, duplicate=True)
            exhibit = (Evidence.select(fn.MAX(Evidence.exhibit))
                       .where(Evidence.deleted.is_null()).scalar() or 0) + 1
            ev = Evidence.create(
                sha256=digest, original_name=original_name, media_type=media_type,
                size=len(data), kind=kind, title=title or _default_title(original_name, kind),
                exhibit=exhibit, captured=captured, captured_source=captured_source,
                width=info.width if info else None, height=info.height if info else None,
                added=stamp,
            )
            EvidenceBlob.create(evidence=ev, data=data)
            if info is not None:
                for kind_name, r in (("thumb", info.thumb), ("display", info.display)):
                    Derived.create(evidence=ev, kind=kind_name, media_type=r.media_type,
                                   width=r.width, height=r.height, data=r.data)
            if chat is not None:
                rows = [
                    {"evidence": ev.id, "seq": i, "at": to_iso(m.at), "speaker": m.speaker,
                     "role": m.role, "text": m.text, "status": m.status}
                    for i, m in enumerate(chat.messages)
                ]
                for start in range(0, len(rows), 500):
                    ChatMessage.insert_many(rows[start:start + 500]).execute()
                row = CaseRow.get()
                if chat.buyer and not row.buyer_nick:
                    CaseRow.update(buyer_nick=chat.buyer).execute()
            self._log("evidence.added", None, f"证据{exhibit} {ev.title} sha256:{digest[:16]}")
            return self._info(ev)

    def _find_by_hash(self, digest: str) -> EvidenceInfo | None:
        with self._bound():
            ev = Evidence.get_or_none(Evidence.sha256 == digest)
            if ev is None:
                return None
        if ev.deleted is not None:
            self.restore_evidence(ev.id)
            with self._bound():
                ev = Evidence.get_by_id(ev.id)
        return self._info(ev, duplicate=True)

    def import_files(
        self,
        paths: Iterable[Path],
        *,
        kind: str | None = None,
        title: str | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> tuple[list[EvidenceInfo], list[tuple[Path, KnownError]]]:
        """Add many files, one transaction each, one file in memory at a time.

        Returns what was added and what was refused (with why). Cancel stops between
        files: every item is either whole or absent.
        """
        paths = list(paths)
        added: list[EvidenceInfo] = []
        failed: list[tuple[Path, KnownError]] = []
        for i, path in enumerate(paths):
            if cancelled is not None and cancelled():
                raise CancelledError(len(added))
            if progress is not None:
                progress(i, len(paths), path.name)
            try:
                data = path.read_bytes()
                mtime = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
                added.append(self.add_evidence(data, path.name, kind=kind, title=title,
                                               file_time=mtime))
            except KnownError as exc:
                if exc.code in ("case_busy", "disk_full"):
                    raise
                failed.append((path, exc))
            except FileNotFoundError:
                failed.append((path, KnownError("file_missing", name=str(path))))
            except IsADirectoryError:
                failed.append((path, KnownError("file_is_folder", name=str(path))))
            except PermissionError:
                failed.append((path, KnownError("file_unreadable", name=str(path))))
        if progress is not None:
            progress(len(paths), len(paths), "")
        return added, failed

    def _info(self, ev: Evidence, duplicate: bool = False) -> EvidenceInfo:
        return EvidenceInfo(
            id=ev.id, exhibit=ev.exhibit, kind=ev.kind, title=ev.title, note=ev.note,
            sha256=ev.sha256, size=ev.size, media_type=ev.media_type,
            original_name=ev.original_name, captured=ev.captured,
            captured_source=ev.captured_source, width=ev.width, height=ev.height,
            added=ev.added, duplicate=duplicate,
        )

    _INFO_FIELDS = ("id", "exhibit", "kind", "title", "note", "sha256", "size", "media_type",
                    "original_name", "captured", "captured_source", "width", "height", "added")

    def evidence(self, *, with_messages: bool = False, deleted: bool = False) -> list[EvidenceInfo]:
        with self._bound():
            columns = [getattr(Evidence, f) for f in self._INFO_FIELDS]
            query = Evidence.select(*columns).order_by(Evidence.exhibit, Evidence.id)
            query = query.where(Evidence.deleted.is_null(False) if deleted
                                else Evidence.deleted.is_null())
            out = [EvidenceInfo(**dict(zip(self._INFO_FIELDS, row, strict=True))) for row in query.tuples()]
            if with_messages:
                for info in out:
                    if info.kind == EvidenceKind.CHAT:
                        info.messages = self.messages(info.id)
            return out

    def messages(self, evidence_id: int) -> list[dict]:
        with self._bound():
            q = (ChatMessage.select().where(ChatMessage.evidence == evidence_id)
                 .order_by(ChatMessage.seq))
            return [{"at": m.at, "speaker": m.speaker, "role": m.role, "text": m.text,
                     "status": m.status} for m in q]

    def evidence_bytes(self, evidence_id: int) -> bytes:
        with self._bound():
            return bytes(EvidenceBlob.get_by_id(evidence_id).data)

    def derived(self, evidence_id: int, kind: str = "thumb") -> bytes | None:
        with self._bound():
            row = Derived.get_or_none((Derived.evidence == evidence_id) & (Derived.kind == kind))
            return bytes(row.data) if row is not None else None

    def thumbnails(self) -> dict[int, bytes]:
        """Every thumbnail in one query (opening a case never decodes originals)."""
        with self._bound():
            q = (Derived.select(Derived.evidence, Derived.data)
                 .join(Evidence).where((Derived.kind == "thumb") & Evidence.deleted.is_null())
                 .tuples())
            return {eid: bytes(data) for eid, data in q}

    def ensure_derived(self) -> int:
        """Derive missing renditions (files migrated from schema 1); returns how many."""
        from tbcase.storage import imaging

        with self._bound():
            missing = [ev.id for ev in Evidence.select(Evidence.id, Evidence.media_type)
                       .where(Evidence.media_type.startswith("image/")
                              & ~fn.EXISTS(Derived.select().where(Derived.evidence == Evidence.id)))]
        done = 0
        for eid in missing:
            try:
                info = imaging.analyse_image(self.evidence_bytes(eid))
            except KnownError:
                continue
            with self._write():
                for kind_name, r in (("thumb", info.thumb), ("display", info.display)):
                    Derived.insert(evidence=eid, kind=kind_name, media_type=r.media_type,
                                   width=r.width, height=r.height,
                                   data=r.data).on_conflict_ignore().execute()
                Evidence.update(width=info.width, height=info.height).where(
                    Evidence.id == eid).execute()
                if info.captured is not None:
                    Evidence.update(captured=to_iso(info.captured), captured_source="exif").where(
                        (Evidence.id == eid) & Evidence.captured.is_null()).execute()
            done += 1
        return done

    def update_evidence(self, evidence_id: int, *, title: str | None = None,
                        note: str | None = None, captured: str | None = None,
                        kind: str | None = None) -> None:
        if kind is not None:
            _check_enum(EvidenceKind, kind, "kind")
        captured_iso = to_iso(parse_datetime(captured)) if captured else None
        with self._write():
            ev = Evidence.get_by_id(evidence_id)
            changes = {"title": title, "note": note, "kind": kind}
            for name, value in changes.items():
                if value is not None and getattr(ev, name) != value:
                    self._log(f"evidence.{name}", f"证据{ev.exhibit} {getattr(ev, name)}", value)
                    setattr(ev, name, value)
            if captured_iso is not None and captured_iso != ev.captured:
                self._log("evidence.captured", ev.captured, captured_iso)
                ev.captured, ev.captured_source = captured_iso, "user"
            ev.save()

    def move_evidence(self, evidence_id: int, position: int) -> None:
        """Move an exhibit to ``position`` (1-based); the others keep their order."""
        with self._write():
            ids = [e.id for e in Evidence.select(Evidence.id).where(Evidence.deleted.is_null())
                   .order_by(Evidence.exhibit, Evidence.id)]
            if evidence_id not in ids:
                raise KnownError("evidence_not_found", id=evidence_id)
            old = ids.index(evidence_id) + 1
            ids.remove(evidence_id)
            position = max(1, min(position, len(ids) + 1))
            ids.insert(position - 1, evidence_id)
            self._renumber(ids)
            if old != position:
                self._log("evidence.moved", f"证据{old}", f"证据{position}")

    def _renumber(self, ids: list[int]) -> None:
        # two passes so the numbers never collide mid-update
        for n, eid in enumerate(ids, 1):
            Evidence.update(exhibit=-n).where(Evidence.id == eid).execute()
        Evidence.update(exhibit=Evidence.exhibit * -1).where(Evidence.exhibit < 0).execute()

    def delete_evidence(self, evidence_id: int) -> None:
        """Soft delete: the bytes stay in the file until purged, so undo is exact."""
        with self._write():
            ev = Evidence.get_by_id(evidence_id)
            if ev.deleted is not None:
                return
            Evidence.update(deleted=to_iso(now()), exhibit=None).where(
                Evidence.id == evidence_id).execute()
            self._renumber([e.id for e in Evidence.select(Evidence.id)
                            .where(Evidence.deleted.is_null())
                            .order_by(Evidence.exhibit, Evidence.id)])
            self._log("evidence.deleted", f"证据{ev.exhibit} {ev.title}", None)

    def restore_evidence(self, evidence_id: int, position: int | None = None) -> None:
        with self._write():
            ev = Evidence.get_by_id(evidence_id)
            if ev.deleted is None:
                return
            ids = [e.id for e in Evidence.select(Evidence.id).where(Evidence.deleted.is_null())
                   .order_by(Evidence.exhibit, Evidence.id)]
            pos = len(ids) + 1 if position is None else max(1, min(position, len(ids) + 1))
            ids.insert(pos - 1, evidence_id)
            Evidence.update(deleted=None).where(Evidence.id == evidence_id).execute()
            self._renumber(ids)
            self._log("evidence.restored", None, f"证据{pos} {ev.title}")

    def purge_deleted(self) -> int:
        """Really remove soft-deleted evidence (its bytes leave the file)."""
        with self._write():
            gone = list(Evidence.select().where(Evidence.deleted.is_null(False)))
            for ev in gone:
                self._log("evidence.purged", f"{ev.title} sha256:{ev.sha256[:16]}", None)
                ev.delete_instance(recursive=True)
        if gone:
            with self._bound():
                self.db.execute_sql("VACUUM")
        return len(gone)

    def _reassign_roles(self, buyer: str) -> None:
        shop = CaseRow.get().shop
        for m in ChatMessage.select().where(ChatMessage.speaker != ""):
            role = chatmod.role_of(m.speaker, buyer, shop)
            if role != m.role:
                ChatMessage.update(role=role).where(ChatMessage.id == m.id).execute()

    # -- tracking numbers

    def add_tracking(self, number: str, *, carrier: str | None = None,
                     direction: str = Direction.OUT, signed: str | None = None,
                     note: str = "") -> dict:
        number = normalise_tracking_number(number)
        if not number:
            raise KnownError("tracking_empty")
        _check_enum(Direction, direction, "direction")
        code = carrier_by_name(carrier).code if carrier else recognise(number).code
        if carrier and code == "unknown":
            code = carrier.strip()  # the user's own name for a carrier we do not know
        signed_iso = to_iso(parse_datetime(signed)) if signed else None
        with self._write():
            row = Tracking.get_or_none(Tracking.number == number)
            if row is None:
                row = Tracking.create(number=number, carrier=code, direction=direction,
                                      signed_at=signed_iso, note=note, added=to_iso(now()))
                self._log("tracking.added", None, f"{number} {code} {direction}")
            else:
                old = f"{row.carrier} {row.direction} {row.signed_at or ''}".strip()
                row.carrier, row.direction = code, direction
                if signed_iso:
                    row.signed_at = signed_iso
                if note:
                    row.note = note
                row.save()
                self._log("tracking.changed", f"{number} {old}",
                          f"{number} {code} {direction} {row.signed_at or ''}".strip())
            return _tracking_dict(row)

    def tracking(self) -> list[dict]:
        with self._bound():
            return [_tracking_dict(t) for t in Tracking.select().order_by(Tracking.added)]

    # -- steps and countdowns

    def add_step(self, kind: str, *, at: str | datetime | None = None, ref: str = "",
                 note: str = "") -> dict:
        _check_enum(StepKind, kind, "step")
        when = at if isinstance(at, datetime) else (parse_datetime(at) if at else now())
        with self._write():
            step = Step.create(kind=kind, at=to_iso(when), ref=ref, note=note,
                               created=to_iso(now()))
            self._log("step.added", None, f"{kind} {to_iso(when)} {ref}".strip())
            if kind in (StepKind.RESOLVED, StepKind.CLOSED):
                row = CaseRow.get()
                new_status = CaseStatus.RESOLVED if kind == StepKind.RESOLVED else CaseStatus.CLOSED
                if row.status != new_status:
                    CaseRow.update(status=new_status).execute()
                    self._log("case.status", row.status, new_status)
            return _step_dict(step)

    def steps(self) -> list[dict]:
        with self._bound():
            return [_step_dict(s) for s in Step.select().order_by(Step.at, Step.id)]

    def add_countdown(self, label: str, due: str | datetime) -> None:
        when = due if isinstance(due, datetime) else parse_datetime(due)
        with self._write():
            CountdownRow.create(label=label, due=to_iso(when), created=to_iso(now()))
            self._log("countdown.added", None, f"{label} {to_iso(when)}")

    def facts(self) -> CaseFacts:
        with self._bound():
            return _facts(CaseRow.get(), Step.select(), Tracking.select(), CountdownRow.select())

    # -- letters and history

    def add_letter(self, pdf: bytes, sent: str | None = None) -> dict:
        digest = sha256_hex(pdf)
        with self._write():
            row = Letter.create(created=to_iso(now()), sent=sent, sha256=digest, size=len(pdf),
                                pdf=pdf)
            self._log("letter.generated", None, f"#{row.id} {sent or ''} sha256:{digest[:16]}")
            return {"id": row.id, "created": row.created, "sent": sent, "sha256": digest,
                    "size": len(pdf)}

    def letters(self) -> list[dict]:
        with self._bound():
            return [{"id": r.id, "created": r.created, "sent": r.sent, "sha256": r.sha256,
                     "size": r.size} for r in
                    Letter.select(Letter.id, Letter.created, Letter.sent, Letter.sha256,
                                  Letter.size).order_by(Letter.id)]

    def letter_bytes(self, letter_id: int) -> bytes:
        with self._bound():
            return bytes(Letter.get_by_id(letter_id).pdf)

    def history(self) -> list[dict]:
        with self._bound():
            return [{"at": h.at, "what": h.what, "old": h.old, "new": h.new}
                    for h in History.select().order_by(History.id)]

    # -- summary, check, export

    def summary(self) -> CaseSummary:
        with self._bound():
            row = CaseRow.get()
            count = Evidence.select().where(Evidence.deleted.is_null()).count()
            # the list's search keeps 20,000 characters: a huge chat log is not read whole
            chat_text = " ".join(t for (t,) in ChatMessage.select(ChatMessage.text)
                                 .order_by(ChatMessage.id).limit(1000).tuples())
            facts = _facts(row, Step.select(), Tracking.select(), CountdownRow.select())
        search = " ".join([row.order_no, row.shop, row.item, row.notes, row.facts, chat_text])
        return CaseSummary(
            path=str(self.path), order_no=row.order_no, shop=row.shop, item=row.item,
            complaint_type=row.complaint_type, status=row.status,
            amount=format_amount(row.amount_fen), updated=row.updated, evidence_count=count,
            search_text=search[:20000], facts=facts,
        )

    def check(self) -> list[str]:
        """Integrity check and re-hash of every evidence blob; problem codes as text."""
        problems: list[str] = []
        with self._bound():
            result = [r[0] for r in self.db.execute_sql("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                problems.extend(f"integrity: {r}" for r in result)
            fk = self.db.execute_sql("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"foreign keys: {len(fk)} broken references")
            cursor = self.db.execute_sql(
                "SELECT e.id, e.exhibit, e.sha256, e.size, b.data FROM evidence e "
                "LEFT JOIN evidence_blob b ON b.evidence_id = e.id")
            for eid, exhibit, digest, size, data in cursor:
                label = f"证据{exhibit}" if exhibit else f"#{eid}"
                if data is None:
                    problems.append(f"hash: {label} has no stored bytes")
                elif sha256_hex(bytes(data)) != digest or len(data) != size:
                    problems.append(f"hash: {label} does not match its SHA-256 {digest[:16]}")
        return problems

    def export(self, target: Path) -> Path:
        """The case as plain files: originals by exhibit number and a manifest.json."""
        target = Path(target)
        target.mkdir(parents=True, exist_ok=True)
        row = self.case()
        items = []
        for info in self.evidence():
            stem = f"{info.exhibit:03d}_{_safe(info.title)}"
            suffix = Path(info.original_name).suffix.lower() or _suffix_for(info.media_type)
            name = f"{stem}{suffix}"
            data = self.evidence_bytes(info.id)
            (target / name).write_bytes(data)
            item = {k: v for k, v in asdict(info).items() if k not in ("duplicate", "messages")}
            item["file"] = name
            items.append(item)
        manifest = {
            "format": "tbcase-export", "version": 1, "app": f"tbcase {__version__}",
            "exported": to_iso(now()),
            "case": {k: getattr(row, k) for k in CaseRow._meta.sorted_field_names if k != "id"},
            "evidence": items, "tracking": self.tracking(), "steps": self.steps(),
            "history": self.history(),
        }
        (target / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        return target / "manifest.json"


# ---------------------------------------------------------------- helpers


def _check_enum(enum: type, value: str, what: str) -> None:
    try:
        enum(value)
    except ValueError:
        raise KnownError("bad_choice", what=what, value=value,
                         choices=", ".join(e.value for e in enum)) from None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _safe(title: str) -> str:
    from tbcase.domain.model import safe_file_stem

    return safe_file_stem(title)[:40]


_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
             "image/heic": ".heic", "image/bmp": ".bmp", "image/tiff": ".tif",
             "application/pdf": ".pdf", "text/plain; charset=utf-8": ".txt"}


def _suffix_for(media_type: str) -> str:
    return _SUFFIXES.get(media_type, ".bin")


def _media_type_by_suffix(suffix: str) -> str:
    for media, suf in _SUFFIXES.items():
        if suf == suffix:
            return media
    return {".mp4": "video/mp4", ".mov": "video/quicktime", ".jpeg": "image/jpeg"}.get(
        suffix, "application/octet-stream")


def _guess_image_kind(info, name: str) -> str:
    lowered = name.lower()
    if "screenshot" in lowered or "截图" in name or "截屏" in name or "screen" in lowered:
        return EvidenceKind.SCREENSHOT
    if info.captured is not None or info.media_type in ("image/heic",):
        return EvidenceKind.PHOTO  # cameras write EXIF; phone screenshots usually do not
    ratio = max(info.width, info.height) / max(1, min(info.width, info.height))
    return EvidenceKind.SCREENSHOT if ratio >= 1.9 or info.media_type == "image/png" else EvidenceKind.PHOTO


def _default_title(name: str, kind: str) -> str:
    return Path(name).stem if name else kind


def _tracking_dict(t: Tracking) -> dict:
    from tbcase.domain.tracking import BY_CODE

    carrier = BY_CODE.get(t.carrier)
    return {"number": t.number, "carrier": t.carrier,
            "carrier_zh": carrier.name_zh if carrier else t.carrier,
            "carrier_en": carrier.name_en if carrier else t.carrier,
            "direction": t.direction, "signed": t.signed_at, "note": t.note}


def _step_dict(s: Step) -> dict:
    return {"id": s.id, "kind": s.kind, "at": s.at, "ref": s.ref, "note": s.note}


def _facts(row: CaseRow, steps: Iterable[Step], tracking: Iterable[Tracking],
           countdowns: Iterable[CountdownRow]) -> CaseFacts:
    # in time order (ties in the order recorded): the engine must never see insertion order
    events = [StepEvent(StepKind(s.kind), from_iso(s.at)) for s in sorted(steps, key=lambda s: (from_iso(s.at), s.id))]
    returns = [from_iso(s.at) for s in events if s.kind == StepKind.RETURN_SIGNED]
    returns += [from_iso(t.signed_at) for t in tracking
                if t.direction == Direction.RETURN and t.signed_at]
    outbound = [from_iso(t.signed_at) for t in tracking
                if t.direction == Direction.OUT and t.signed_at]
    signed = from_iso(row.signed_at) or (min(outbound) if outbound else None)
    return CaseFacts(
        signed_at=signed,
        steps=events,
        return_signed_at=min(returns) if returns else None,
        countdowns=[Countdown(c.label, from_iso(c.due), from_iso(c.created)) for c in countdowns],
        closed=row.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED),
    )


def backup_path(path: Path, version: int) -> Path:
    stamp = now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.v{version}-{stamp}.bak")


def copy_for_backup(path: Path, version: int) -> Path:
    target = backup_path(path, version)
    shutil.copy2(path, target)
    return target
