"""The evidence of a case: exhibits in their numbered order, their original bytes,
derived renditions (thumbnail, display copy) and the lines of chat logs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee
from peewee import fn

from tbcase.domain import chat as chatmod
from tbcase.domain.errors import CancelledError, KnownError
from tbcase.domain.model import EvidenceKind, Via, now, parse_choice, parse_datetime, to_iso
from tbcase.storage import intake
from tbcase.storage.access import CaseAccess
from tbcase.storage.inputs import file_name, read_bounded
from tbcase.storage.models import CaseRow, ChatMessage, Derived, EvidenceBlob, blob, raw_rows, rows, stored_text
from tbcase.storage.models import Evidence as EvidenceRow
from tbcase.storage.records import ChatLine, Exhibit, optional_time, stored_choice, stored_time

if TYPE_CHECKING:
    from tbcase.storage.imaging import ImageInfo

UNDECODABLE = "none"  # the Derived row of an image whose full decode failed: an original only
_FIELDS = ("id", "exhibit", "kind", "title", "note", "sha256", "size", "media_type",
           "original_name", "captured", "captured_source", "width", "height", "added")


def _exhibit(values: tuple[Any, ...], duplicate: bool = False) -> Exhibit:
    (eid, number, kind, title, note, sha256, size, media_type, original_name, captured,
     captured_source, width, height, added) = values
    return Exhibit(
        id=int(eid), exhibit=None if number is None else int(number),
        kind=stored_choice(EvidenceKind, stored_text(kind)), title=stored_text(title), note=stored_text(note),
        sha256=stored_text(sha256), size=int(size), media_type=stored_text(media_type),
        original_name=stored_text(original_name), captured=optional_time(captured),
        captured_source=stored_text(captured_source),
        width=None if width is None else int(width), height=None if height is None else int(height),
        added=stored_time(added), duplicate=duplicate,
    )



BLOB_CHUNK = 1 << 20  # bigger originals are written a chunk at a time


def _store_original(evidence_id: int, data: bytes) -> None:
    """The original's row (inside the write transaction). A big one is written through
    SQLite's incremental blob I/O a megabyte at a time: binding 50 MB as a parameter copies
    it while holding the interpreter lock (~100 ms the window's thread waits); each chunk's
    write lets go of it."""
    if len(data) <= BLOB_CHUNK:
        EvidenceBlob.create(evidence=evidence_id, data=data)
        return
    EvidenceBlob.create(evidence=evidence_id, data=fn.zeroblob(len(data)))
    view = memoryview(data)
    # peewee's wrapper: sqlite3's errors (a full disk) become peewee's, which ``writing`` words
    sqlite_errors = peewee.__exception_wrapper__  # type: ignore[attr-defined]  # not in its stubs
    with sqlite_errors, EvidenceBlob._meta.database.connection().blobopen(
            EvidenceBlob._meta.table_name, "data", evidence_id) as blob:
        for start in range(0, len(data), BLOB_CHUNK):
            blob.write(view[start:start + BLOB_CHUNK])


def _store_messages(evidence_id: int, messages: Iterable[chatmod.Message]) -> None:
    """A chat log's lines (inside the write transaction), by one ``executemany``: its loop
    runs in C and lets go of the interpreter lock at each row's write; peewee's
    ``insert_many`` built the statement of every 500 rows in Python (a 5 MB log, 60,000
    lines: 4-6 s the window's thread had to share)."""
    table = ChatMessage._meta.table_name
    columns = [ChatMessage._meta.fields[f].column_name for f in ("evidence", "seq", "at", "speaker", "role",
                                                                 "text", "status")]
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{table}" ({names}) VALUES (?, ?, ?, ?, ?, ?, ?)'
    rows = ((evidence_id, i, to_iso(m.at), m.speaker, m.role, m.text, m.status) for i, m in enumerate(messages))
    sqlite_errors = peewee.__exception_wrapper__  # type: ignore[attr-defined]  # not in its stubs
    with sqlite_errors:
        ChatMessage._meta.database.connection().executemany(sql, rows)


def _row_values(ev: Any) -> tuple[Any, ...]:
    return tuple(getattr(ev, f) for f in _FIELDS)


class EvidenceStore:
    def __init__(self, case: CaseAccess) -> None:
        self._case = case

    # -- reading

    def all(self, *, with_messages: bool = False, deleted: bool = False) -> list[Exhibit]:
        """The exhibits in their order (or the deleted ones, which have no number)."""
        with self._case.reading():
            columns = [getattr(EvidenceRow, f) for f in _FIELDS]
            query = EvidenceRow.select(*columns).order_by(EvidenceRow.exhibit, EvidenceRow.id)
            query = query.where(EvidenceRow.deleted.is_null(False) if deleted
                                else EvidenceRow.deleted.is_null())
            out = [_exhibit(row) for row in raw_rows(query, "evidence.deleted" if deleted else "evidence.all")]
        if with_messages:  # chat logs, and chat screenshots whose bubbles OCR read
            counts = self.message_counts()
            out = [replace(e, messages=tuple(self.messages(e.id))) if e.id in counts else e for e in out]
        return out

    def get(self, evidence_id: int) -> Exhibit:
        with self._case.reading():
            ev = EvidenceRow.get_or_none(EvidenceRow.id == evidence_id)
            if ev is None:
                raise KnownError("evidence_not_found", id=evidence_id)
            return _exhibit(_row_values(ev))

    def count(self) -> int:
        with self._case.reading():
            return int(EvidenceRow.select().where(EvidenceRow.deleted.is_null()).count())

    def messages(self, evidence_id: int, *, offset: int = 0, limit: int | None = None
                 ) -> list[ChatLine]:
        """The chat lines of one exhibit in order; ``offset``/``limit`` read one page."""
        with self._case.reading():
            query = (ChatMessage.select(ChatMessage.seq, ChatMessage.at, ChatMessage.speaker,
                                        ChatMessage.role, ChatMessage.text, ChatMessage.status)
                     .where(ChatMessage.evidence == evidence_id).order_by(ChatMessage.seq))
            if offset or limit is not None:
                query = query.limit(-1 if limit is None else limit).offset(offset)
            # fetched by sqlite3 itself (peewee wraps every row in Python: a 60,000-line log
            # took 1.5 s of the interpreter lock the window's thread shares)
            sql, params = query.sql()
            q = ChatMessage._meta.database.execute_sql(sql, params).fetchall()
            return [ChatLine(int(seq), optional_time(at), str(speaker), str(role), str(text), str(status))
                    for seq, at, speaker, role, text, status in q]

    def message_counts(self) -> dict[int, int]:
        """How many chat lines each exhibit holds (exhibits without any are absent)."""
        with self._case.reading():
            query = (ChatMessage.select(ChatMessage.evidence, fn.COUNT(ChatMessage.id))
                     .group_by(ChatMessage.evidence))
            return {int(eid): int(n) for eid, n in rows(query)}

    def chat_text(self, limit: int) -> str:
        """The text of the first ``limit`` chat messages (what the case list searches)."""
        with self._case.reading():
            return " ".join(str(t) for (t,) in rows(ChatMessage.select(ChatMessage.text)
                                                    .order_by(ChatMessage.id).limit(limit)))

    def original(self, evidence_id: int) -> bytes:
        with self._case.reading():
            return blob(EvidenceBlob.get_by_id(evidence_id).data)

    def derived(self, evidence_id: int, kind: str = "thumb") -> bytes | None:
        with self._case.reading():
            row = Derived.get_or_none((Derived.evidence == evidence_id) & (Derived.kind == kind))
            return blob(row.data) if row is not None else None

    def print_image(self, evidence_id: int) -> bytes | None:
        """The display copy the letter prints: the stored one, or, for an image whose
        renditions are still to come (a phone upload answered before its thumbnail was
        made), one made now from the original and not stored. None when the picture does
        not decode."""
        stored = self.derived(evidence_id, "display")
        if stored is not None:
            return stored
        if self.derived(evidence_id, UNDECODABLE) is not None:
            return None
        from tbcase.storage import imaging

        try:
            display = imaging.analyse_image(self.original(evidence_id)).display
        except KnownError:
            return None
        return display.data if display is not None else None

    def thumbnails(self) -> dict[int, bytes]:
        """Every thumbnail in one query (opening a case never decodes originals)."""
        with self._case.reading():
            q = rows(Derived.select(Derived.evidence, Derived.data)
                 .join(EvidenceRow).where((Derived.kind == "thumb") & EvidenceRow.deleted.is_null()))
            return {int(eid): blob(data) for eid, data in q}

    # -- adding

    def add(self, data: bytes, original_name: str = "", *, kind: str | None = None,
            title: str | None = None, file_time: datetime | None = None,
            captured: tuple[datetime, str] | None = None, via: Via | str | None = None) -> Exhibit:
        """Add one item: images and chat logs are understood, anything else kept whole.

        All the slow work (hashing, decoding, thumbnails, parsing) happens before the
        write transaction; bad input raises KnownError and changes nothing. ``captured``
        (a time and its source) replaces what the file says, when it is known better (an
        exported case brought back keeps the times it had). ``via`` says how the file
        came in (drop, paste, phone …); the history entry that adds it records that.
        """
        wanted = parse_choice(EvidenceKind, kind, "kind") if kind is not None else None
        how = parse_choice(Via, via, "via") if via is not None else None
        digest = intake.check_size(data, original_name)
        existing = self._find_by_hash(digest)
        if existing is not None:
            return existing
        with self._case.reading():
            row = CaseRow.get()
            shop, buyer = str(row.shop), str(row.buyer_nick)
        item = intake.prepare(data, original_name, kind=wanted, title=title, file_time=file_time,
                              shop=shop, buyer=buyer, digest=digest, via=how)
        if captured is not None:
            item = replace(item, captured=captured[0], captured_source=captured[1])
        return self.store(item)

    def add_prepared(self, item: intake.PreparedItem) -> Exhibit:
        """Store an item prepared elsewhere (the window's worker process prepares pasted
        pictures): its bytes must still have the SHA-256 it was prepared with. A duplicate
        of an exhibit returns that one (a deleted one comes back), as ``add`` does."""
        if intake.check_size(item.data, item.original_name) != item.sha256:
            raise KnownError("image_corrupt", name=item.original_name)
        existing = self._find_by_hash(item.sha256)
        return existing if existing is not None else self.store(item)

    def store(self, item: intake.PreparedItem) -> Exhibit:
        """Write a prepared item in one transaction (its bytes, renditions, chat lines)."""
        with self._case.writing():
            # a second writer may have added the same bytes meanwhile
            dup = EvidenceRow.get_or_none(EvidenceRow.sha256 == item.sha256)
            if dup is not None:
                return _exhibit(_row_values(dup), duplicate=True)
            exhibit = int(EvidenceRow.select(fn.MAX(EvidenceRow.exhibit))
                          .where(EvidenceRow.deleted.is_null()).scalar() or 0) + 1
            image = item.image
            ev = EvidenceRow.create(
                sha256=item.sha256, original_name=item.original_name, media_type=item.media_type,
                size=len(item.data), kind=item.kind.value, title=item.title, exhibit=exhibit,
                captured=to_iso(item.captured), captured_source=item.captured_source,
                width=image.width if image else None, height=image.height if image else None,
                added=to_iso(now()),
            )
            _store_original(ev.id, item.data)
            if image is not None:
                for kind_name, r in (("thumb", image.thumb), ("display", image.display)):
                    if r is None:  # made later (save_renditions)
                        continue
                    Derived.create(evidence=ev, kind=kind_name, media_type=r.media_type,
                                   width=r.width, height=r.height, data=r.data)
            chat = item.chat
            if chat is not None:
                _store_messages(ev.id, chat.messages)
                if chat.buyer and not CaseRow.get().buyer_nick:
                    CaseRow.update(buyer_nick=chat.buyer).execute()
            self._case.log("evidence.added", exhibit=exhibit, title=item.title,
                           sha256=item.sha256, via=item.via.value if item.via is not None else None)
            return _exhibit(_row_values(ev))

    def _find_by_hash(self, digest: str) -> Exhibit | None:
        with self._case.reading():
            ev = EvidenceRow.get_or_none(EvidenceRow.sha256 == digest)
            if ev is None:
                return None
            eid, gone = int(ev.id), ev.deleted is not None
        if gone:
            self.restore(eid)
        return replace(self.get(eid), duplicate=True)

    def import_files(
        self,
        paths: Iterable[Path],
        *,
        kind: str | None = None,
        title: str | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        via: Via | str | None = None,
    ) -> tuple[list[Exhibit], list[tuple[Path, KnownError]]]:
        """Add many files, one transaction each, one file in memory at a time.

        Returns what was added and what was refused (with why). Cancel stops between
        files: every item is either whole or absent.
        """
        paths = list(paths)
        added: list[Exhibit] = []
        failed: list[tuple[Path, KnownError]] = []
        for i, path in enumerate(paths):
            if cancelled is not None and cancelled():
                raise CancelledError(len(added))
            name = file_name(path)  # a GBK name from a Windows zip is kept, decoded or escaped
            if progress is not None:
                progress(i, len(paths), name)
            try:
                # regular files only, size checked before reading (/dev/zero, a FIFO or a
                # huge sparse file is refused up front), hashed while read
                got = read_bounded(path, intake.MAX_EVIDENCE_BYTES)
                mtime = datetime.fromtimestamp(got.mtime).astimezone()
                added.append(self.add(got.data, name, kind=kind, title=title, file_time=mtime,
                                      via=via))
            except KnownError as exc:
                if exc.code in ("case_busy", "disk_full"):
                    raise
                exc.params["name"] = name
                failed.append((path, exc))
        if progress is not None:
            progress(len(paths), len(paths), "")
        return added, failed

    def missing_renditions(self) -> list[int]:
        """Images without a thumbnail and display copy and not marked undecodable: stored
        before their renditions were made (a phone upload, a file from schema 1)."""
        with self._case.reading():
            return [int(eid) for (eid,) in raw_rows(
                EvidenceRow.select(EvidenceRow.id).where(
                    EvidenceRow.media_type.startswith("image/")
                    & ~fn.EXISTS(Derived.select().where((Derived.evidence == EvidenceRow.id)
                                                        & Derived.kind.in_(("thumb", UNDECODABLE)))))
                .order_by(EvidenceRow.id), "evidence.missing_renditions")]

    def stale_renditions(self) -> list[int]:
        """Images whose renditions show white where the original has greys: 16-bit
        greyscale PNGs thumbnailed before ``imaging.eight_bit`` (their display copies stayed
        white in files made then). Only a PNG's 26 header bytes are read, then the small
        thumbnail of the few that are 16-bit grey. One read transaction: each header read
        alone was one (a lock and a look at the journal per PNG, at every opening)."""
        from tbcase.storage import imaging

        with self._case.snapshot():
            pngs = [int(eid) for (eid,) in rows(
                EvidenceRow.select(EvidenceRow.id).join(Derived, on=(Derived.evidence == EvidenceRow.id))
                .where((EvidenceRow.media_type == "image/png") & (Derived.kind == "thumb"))
                .order_by(EvidenceRow.id))]
            con = EvidenceBlob._meta.database.connection()
            stale = []
            for eid in pngs:
                try:
                    with con.blobopen(EvidenceBlob._meta.table_name, "data", eid, readonly=True) as data:
                        header = data.read(26)
                except sqlite3.Error:  # no bytes stored: check says so
                    continue
                if imaging.sixteen_bit_grey(header):
                    thumb = self.derived(eid, "thumb")
                    if thumb is None or imaging.all_white(thumb):
                        stale.append(eid)
            return stale

    def save_renditions(self, evidence_id: int, info: ImageInfo | KnownError) -> bool:
        """One transaction: the renditions of an image stored without them, with its
        oriented size and EXIF time where the header did not tell (a PNG's EXIF may follow
        its pixels). A failed decode (``KnownError``) marks the exhibit as an original
        kept whole that has no picture to show, and says so in the history. False when the
        exhibit is gone or was done meanwhile."""
        with self._case.writing():
            ev = EvidenceRow.get_or_none(EvidenceRow.id == evidence_id)
            done = Derived.select().where((Derived.evidence == evidence_id)
                                          & Derived.kind.in_(("thumb", UNDECODABLE))).exists()
            if ev is None or done and (isinstance(info, KnownError) or evidence_id not in self.stale_renditions()):
                return False
            if done:  # made again: the white ones go
                Derived.delete().where((Derived.evidence == evidence_id)
                                       & Derived.kind.in_(("thumb", "display"))).execute()
            if isinstance(info, KnownError):
                Derived.create(evidence=evidence_id, kind=UNDECODABLE, media_type="", width=0, height=0,
                               data=info.code.encode())
                self._case.log("evidence.undecodable", exhibit=ev.exhibit, title=ev.title, code=info.code)
                return True
            for kind_name, r in (("thumb", info.thumb), ("display", info.display)):
                if r is not None:
                    Derived.create(evidence=evidence_id, kind=kind_name, media_type=r.media_type,
                                   width=r.width, height=r.height, data=r.data)
            EvidenceRow.update(width=info.width, height=info.height).where(EvidenceRow.id == evidence_id).execute()
            if info.captured is not None:
                EvidenceRow.update(captured=to_iso(info.captured), captured_source="exif").where(
                    (EvidenceRow.id == evidence_id) & EvidenceRow.captured.is_null()).execute()
        return True

    def ensure_derived(self) -> int:
        """Derive missing renditions (files migrated from schema 1, uploads whose renditions
        were cancelled); returns how many were made."""
        from tbcase.storage import imaging

        done = 0
        for eid in self.missing_renditions() + self.stale_renditions():
            try:
                info: ImageInfo | KnownError = imaging.analyse_image(self.original(eid))
            except KnownError as exc:
                info = exc
            if self.save_renditions(eid, info) and not isinstance(info, KnownError):
                done += 1
        return done

    # -- changing

    def update(self, evidence_id: int, *, title: str | None = None, note: str | None = None,
               captured: str | None = None, kind: str | None = None) -> None:
        if kind is not None:
            parse_choice(EvidenceKind, kind, "kind")
        captured_iso = to_iso(parse_datetime(captured)) if captured else None
        with self._case.writing():
            ev = self._row(evidence_id)
            changes = {"title": title, "note": note, "kind": kind}
            for name, value in changes.items():
                if value is not None and getattr(ev, name) != value:
                    self._case.log(f"evidence.{name}", getattr(ev, name), value, exhibit=ev.exhibit)
                    setattr(ev, name, value)
            if captured_iso is not None and captured_iso != ev.captured:
                self._case.log("evidence.captured", ev.captured, captured_iso, exhibit=ev.exhibit)
                ev.captured, ev.captured_source = captured_iso, "user"
            ev.save()

    def move(self, evidence_id: int, position: int) -> None:
        """Move an exhibit to ``position`` (1-based); the others keep their order."""
        with self._case.writing():
            ids = self._numbered_ids()
            if evidence_id not in ids:
                raise KnownError("evidence_not_found", id=evidence_id)
            old = ids.index(evidence_id) + 1
            ids.remove(evidence_id)
            position = max(1, min(position, len(ids) + 1))
            ids.insert(position - 1, evidence_id)
            self._renumber(ids)
            if old != position:
                self._case.log("evidence.moved", old, position)

    def delete(self, evidence_id: int) -> None:
        """Soft delete: the bytes stay in the file until purged, so undo is exact."""
        with self._case.writing():
            ev = self._row(evidence_id)
            if ev.deleted is not None:
                return
            EvidenceRow.update(deleted=to_iso(now()), exhibit=None).where(
                EvidenceRow.id == evidence_id).execute()
            self._renumber(self._numbered_ids())
            self._case.log("evidence.deleted", exhibit=ev.exhibit, title=ev.title)

    def restore(self, evidence_id: int, position: int | None = None) -> None:
        with self._case.writing():
            ev = self._row(evidence_id)
            if ev.deleted is None:
                return
            ids = self._numbered_ids()
            pos = len(ids) + 1 if position is None else max(1, min(position, len(ids) + 1))
            ids.insert(pos - 1, evidence_id)
            EvidenceRow.update(deleted=None).where(EvidenceRow.id == evidence_id).execute()
            self._renumber(ids)
            self._case.log("evidence.restored", exhibit=pos, title=ev.title)

    def purge_deleted(self) -> int:
        """Really remove soft-deleted evidence (its bytes leave the file, after VACUUM)."""
        with self._case.writing():
            gone = list(EvidenceRow.select().where(EvidenceRow.deleted.is_null(False)))
            for ev in gone:
                self._case.log("evidence.purged", title=ev.title, sha256=ev.sha256)
                ev.delete_instance(recursive=True)
        if gone:
            self._case.vacuum()
        return len(gone)

    def reassign_roles(self, buyer: str) -> None:
        """Who said what, again, after the user named their own nick (inside a write)."""
        shop = str(CaseRow.get().shop)
        for m in ChatMessage.select().where(ChatMessage.speaker != ""):
            role = chatmod.role_of(m.speaker, buyer, shop)
            if role != m.role:
                ChatMessage.update(role=role).where(ChatMessage.id == m.id).execute()

    def _row(self, evidence_id: int) -> Any:
        ev = EvidenceRow.get_or_none(EvidenceRow.id == evidence_id)
        if ev is None:
            raise KnownError("evidence_not_found", id=evidence_id)
        return ev

    @staticmethod
    def _numbered_ids() -> list[int]:
        return [int(e.id) for e in EvidenceRow.select(EvidenceRow.id)
                .where(EvidenceRow.deleted.is_null()).order_by(EvidenceRow.exhibit, EvidenceRow.id)]

    @staticmethod
    def _renumber(ids: list[int]) -> None:
        # two passes so the numbers never collide mid-update
        for n, eid in enumerate(ids, 1):
            EvidenceRow.update(exhibit=-n).where(EvidenceRow.id == eid).execute()
        EvidenceRow.update(exhibit=EvidenceRow.exhibit * -1).where(EvidenceRow.exhibit < 0).execute()
