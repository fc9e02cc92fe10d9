"""Redacted copies: what a user may show others, with the originals kept as they are.

A redaction is a derived copy stored beside the original (a ``derived`` row of kind
``redacted``): for an image, the whole picture decoded at full size, turned as the app
shows it, with opaque boxes burned into its pixels and no metadata (never an overlay a
PDF reader could lift); for a chat log, its text with the chosen spans replaced by ■,
character for character (line breaks kept). The original's row, bytes and SHA-256 never
change.

Every redaction and every clearing is a history entry (so the hash chain covers it):
``evidence.redacted`` names the original by its SHA-256 and carries the copy's SHA-256
and the boxes; ``evidence.redaction_cleared`` says the copy is gone. ``problems`` (run by
``check``) compares each stored copy with the hash its last entry recorded, and names
copies that no entry records or that an entry records but are missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import ImageDraw

from tbcase.domain import chat as chatmod
from tbcase.domain import redact
from tbcase.domain.errors import KnownError
from tbcase.domain.model import EvidenceKind
from tbcase.storage import models
from tbcase.storage.access import CaseAccess
from tbcase.storage.intake import sha256_hex
from tbcase.storage.integrity import Finding, exhibit_finding
from tbcase.storage.models import blob, raw_rows
from tbcase.storage.ocr import OcrStore
from tbcase.storage.records import ChatLine

# peewee's models are untyped to mypy (see pyproject); what leaves this module is typed
EvidenceRow: Any = models.Evidence
EvidenceBlob: Any = models.EvidenceBlob
Derived: Any = models.Derived
CaseRow: Any = models.CaseRow
History: Any = models.History

KIND = "redacted"
REDACTED_WHAT = "evidence.redacted"
CLEARED_WHAT = "evidence.redaction_cleared"
PURGED_WHAT = "evidence.purged"
TEXT_MEDIA = "text/plain; charset=utf-8"
_HASH = re.compile(r"sha256:([0-9a-f]{64})")


@dataclass(frozen=True)
class Redaction:
    """A stored redacted copy of one exhibit."""

    evidence_id: int
    media_type: str
    width: int
    height: int
    sha256: str
    size: int
    hidden: int = 0  # characters masked (chat logs), as this redaction made them


@dataclass(frozen=True)
class _Target:
    evidence_id: int
    exhibit: int  # 0: deleted (a deleted exhibit has no number)
    title: str
    kind: str
    media_type: str
    sha256: str
    former: int | None = None  # a deleted exhibit's number when it was deleted, if known


def burn_boxes(data: bytes, boxes: list[redact.Box] | tuple[redact.Box, ...]
               ) -> tuple[bytes, str, int, int, tuple[redact.Box, ...]]:
    """The picture with opaque black boxes burned in: (bytes, media type, width, height,
    the boxes as clipped). Boxes are in pixels of the image as shown."""
    from tbcase.storage.imaging import decode_oriented, encode_shown

    img, fmt = decode_oriented(data)
    clipped = redact.checked_boxes(boxes, img.width, img.height)
    draw = ImageDraw.Draw(img)
    for b in clipped:
        draw.rectangle((b.x, b.y, b.right - 1, b.bottom - 1), fill=(0, 0, 0))
    encoded, media = encode_shown(img, fmt)
    return encoded, media, img.width, img.height, clipped


class RedactionStore:
    def __init__(self, case: CaseAccess, ocr: OcrStore) -> None:
        self._case = case
        self._ocr = ocr

    # -- reading

    def all(self) -> dict[int, Redaction]:
        """Every stored copy by evidence id (without its bytes' hash: see ``get``)."""
        with self._case.reading():
            q = (Derived.select(Derived.evidence, Derived.media_type, Derived.width, Derived.height,
                                Derived.data).where(Derived.kind == KIND).tuples())
            return {int(eid): Redaction(int(eid), str(media), int(w), int(h), sha256_hex(blob(data)),
                                        len(blob(data)))
                    for eid, media, w, h, data in q}

    def ids(self) -> set[int]:
        """The exhibits (evidence ids) that have a redacted copy (no bytes read)."""
        with self._case.reading():
            return {int(eid) for (eid,) in raw_rows(Derived.select(Derived.evidence).where(Derived.kind == KIND),
                                                     "redaction.ids")}

    def get(self, evidence_id: int) -> Redaction | None:
        return self.all().get(evidence_id)

    def data(self, evidence_id: int) -> bytes | None:
        with self._case.reading():
            row = Derived.get_or_none((Derived.evidence == evidence_id) & (Derived.kind == KIND))
            return blob(row.data) if row is not None else None

    def transcript(self, evidence_id: int) -> list[ChatLine] | None:
        """The chat lines of a redacted chat log, read from its copy (None: no copy)."""
        data = self.data(evidence_id)
        if data is None:
            return None
        with self._case.reading():
            row = CaseRow.get()
            shop, buyer = str(row.shop), str(row.buyer_nick)
        parsed = chatmod.parse_chat(data.decode("utf-8", errors="replace"), shop=shop, buyer=buyer)
        return [ChatLine(i, m.at, m.speaker, m.role, m.text, m.status)
                for i, m in enumerate(parsed.messages)]

    def offers(self, evidence_id: int) -> list[redact.Offer]:
        """Boxes to offer over the phone numbers, ID numbers and addresses OCR read in
        the image (none when OCR has not read it)."""
        target = self._target(evidence_id)
        result = self._ocr.get(evidence_id)
        if result is None or not target.media_type.startswith("image/"):
            return []
        with self._case.reading():
            ev = EvidenceRow.get_by_id(evidence_id)
            width, height = int(ev.width or 0), int(ev.height or 0)
        return redact.offers(result.boxes, width, height)

    # -- writing

    def boxes(self, evidence_id: int) -> tuple[redact.Box, ...]:
        """The boxes burned into the stored copy of an image, as its entry recorded them
        (none when there is no copy)."""
        with self._case.reading():
            ev = EvidenceRow.get_or_none(EvidenceRow.id == evidence_id)
            if ev is None or Derived.get_or_none((Derived.evidence == evidence_id) & (Derived.kind == KIND)) is None:
                return ()
            row = (History.select(History.new).where((History.what == REDACTED_WHAT)
                                                     & (History.old == f"sha256:{ev.sha256}"))
                   .order_by(History.id.desc()).first())
        return _recorded_boxes(str(row.new or "")) if row is not None else ()

    def redact_image(self, evidence_id: int, boxes: list[redact.Box] | tuple[redact.Box, ...]) -> Redaction:
        """Make the redacted copy of an image, or add ``boxes`` to the one there is (a box
        once burned in stays until the copy is removed: drawing a forgotten box later
        must not uncover the first ones); the original is untouched."""
        target = self._target(evidence_id)
        if not target.media_type.startswith("image/"):  # a chat screenshot is a picture
            if target.kind == EvidenceKind.CHAT.value:
                raise KnownError("redact_chat_boxes", exhibit=target.exhibit)
            raise KnownError("redact_not_redactable", exhibit=target.exhibit, kind=target.kind)
        kept = self.boxes(evidence_id)
        boxes = [*kept, *(b for b in boxes if b not in kept)] if boxes else []
        data, media, w, h, clipped = burn_boxes(self._original(evidence_id), boxes)
        detail = json.dumps([b.as_list() for b in clipped], separators=(",", ":"))
        return self._store(target, data, media, w, h, f"boxes:{detail}")

    def redact_chat(self, evidence_id: int, chosen: list[str] | tuple[str, ...] = (),
                    auto: bool = True) -> Redaction:
        """Make the redacted copy of a chat log, or add to the one there is: the chosen
        spans and (with ``auto``) every phone number, ID number and address replaced by ■."""
        target = self._target(evidence_id)
        if target.kind != EvidenceKind.CHAT.value or target.media_type.startswith("image/"):
            if target.media_type.startswith("image/"):
                raise KnownError("redact_image_text", exhibit=target.exhibit)
            raise KnownError("redact_not_redactable", exhibit=target.exhibit, kind=target.kind)
        copy = self.data(evidence_id)  # what is hidden stays hidden: new spans add to it
        text = copy.decode("utf-8", errors="replace") if copy is not None else \
            chatmod.decode_text(self._original(evidence_id))
        masked, hidden = redact.redact_text(text, chosen, auto)
        if hidden == 0:
            raise KnownError("redact_nothing_found", exhibit=target.exhibit)
        made = self._store(target, masked.encode("utf-8"), TEXT_MEDIA, 0, 0, f"masked:{hidden}")
        return Redaction(made.evidence_id, made.media_type, 0, 0, made.sha256, made.size, hidden)

    def take_over(self, evidence_id: int, boxes: list[redact.Box], copy: bytes | None,
                  sender_sha256: str) -> Redaction:
        """The redacted copy an imported exhibit had where it came from, made here again
        and logged as imported (``via: import``, the sender's copy's SHA-256): an image's
        from its original and the listed boxes (only black boxes over the original, whatever
        the bundle says); a chat log's is the sender's copy, taken only if it is the
        original's text with characters replaced by ■ (else ``redact_copy_not_masked``)."""
        target = self._target(evidence_id)
        imported = {"via": "import", "sender_sha256": sender_sha256}
        if target.media_type.startswith("image/"):
            data, media, w, h, clipped = burn_boxes(self._original(evidence_id), boxes)
            detail = json.dumps([b.as_list() for b in clipped], separators=(",", ":"))
            return self._store(target, data, media, w, h, f"boxes:{detail}", imported)
        if target.kind != EvidenceKind.CHAT.value:
            raise KnownError("redact_not_redactable", exhibit=target.exhibit, kind=target.kind)
        original = chatmod.decode_text(self._original(evidence_id))
        try:
            text = copy.decode("utf-8") if copy is not None else None
        except UnicodeDecodeError:
            text = None
        if text is None or len(text) != len(original) or any(
                a != b and b != redact.MASK for a, b in zip(original, text, strict=True)):
            raise KnownError("redact_copy_not_masked", exhibit=target.exhibit)
        hidden = sum(a != b for a, b in zip(original, text, strict=True))
        made = self._store(target, text.encode("utf-8"), TEXT_MEDIA, 0, 0, f"masked:{hidden}", imported)
        return Redaction(made.evidence_id, made.media_type, 0, 0, made.sha256, made.size, hidden)

    def clear(self, evidence_id: int) -> bool:
        """Remove the redacted copy (logged); False when there was none."""
        target = self._target(evidence_id, allow_deleted=True)
        with self._case.writing():
            row = Derived.get_or_none((Derived.evidence == evidence_id) & (Derived.kind == KIND))
            if row is None:
                return False
            copy = sha256_hex(blob(row.data))
            row.delete_instance()
            self._case.log(CLEARED_WHAT, f"sha256:{target.sha256}", f"sha256:{copy}", **_about(target))
        return True

    def _store(self, target: _Target, data: bytes, media: str, w: int, h: int, detail: str,
               more: dict[str, str] | None = None) -> Redaction:
        digest = sha256_hex(data)
        with self._case.writing():
            ev = EvidenceRow.get_or_none(EvidenceRow.id == target.evidence_id)
            if ev is None or ev.sha256 != target.sha256:
                raise KnownError("evidence_not_found", id=target.evidence_id)
            if ev.deleted is not None:
                raise _deleted(ev)
            Derived.delete().where((Derived.evidence == target.evidence_id) & (Derived.kind == KIND)).execute()
            Derived.create(evidence=target.evidence_id, kind=KIND, media_type=media, width=w, height=h,
                           data=data)
            self._case.log(REDACTED_WHAT, f"sha256:{target.sha256}", f"sha256:{digest} {detail}",
                           **_about(target), **(more or {}))
        return Redaction(target.evidence_id, media, w, h, digest, len(data))

    def _target(self, evidence_id: int, allow_deleted: bool = False) -> _Target:
        with self._case.reading():
            ev = EvidenceRow.get_or_none(EvidenceRow.id == evidence_id)
            if ev is None:
                raise KnownError("evidence_not_found", id=evidence_id)
            if ev.deleted is not None and not allow_deleted:
                raise _deleted(ev)
            return _Target(int(ev.id), int(ev.exhibit or 0), str(ev.title), str(ev.kind),
                           str(ev.media_type), str(ev.sha256),
                           former_exhibit(ev) if ev.deleted is not None else None)

    def _original(self, evidence_id: int) -> bytes:
        with self._case.reading():
            return blob(EvidenceBlob.get_by_id(evidence_id).data)


_BOXES = re.compile(r"boxes:(\[[0-9,\[\]-]{0,20000}\])")


def _recorded_boxes(text: str) -> tuple[redact.Box, ...]:
    """The boxes an ``evidence.redacted`` entry's text lists (``boxes:[[x,y,w,h],…]``)."""
    m = _BOXES.search(text[:30000])
    if m is None:
        return ()
    try:
        values = json.loads(m.group(1))
    except ValueError:
        return ()
    return tuple(redact.Box(*v) for v in values if isinstance(v, list) and len(v) == 4
                 and all(isinstance(n, int) for n in v) and v[2] > 0 and v[3] > 0)


def former_exhibit(ev: Any) -> int | None:
    """The number a deleted exhibit had (``chain.former_number``), read in the case file the
    models are bound to."""
    from tbcase.storage import chain

    return chain.former_number(History._meta.database.execute_sql, ev.title, ev.deleted)


def _deleted(ev: Any) -> KnownError:
    """The refusal to redact a deleted exhibit, naming it as the user knew it (its title and
    the number it had, not the file's internal id)."""
    number = former_exhibit(ev)
    if number is None:
        return KnownError("redact_deleted_unnumbered", title=str(ev.title))
    return KnownError("redact_deleted", exhibit=number, title=str(ev.title))


def _about(target: _Target) -> dict[str, str | int | None]:
    """The exhibit an entry is about, as data (old/new hold the original's and the copy's
    SHA-256, which ``problems`` reads). A deleted exhibit has no number: the entry names the
    one it had (``former_exhibit``) beside its id."""
    which: dict[str, str | int | None] = {"exhibit": target.exhibit} if target.exhibit else {
        "evidence_id": target.evidence_id, "former_exhibit": target.former}
    return {**which, "title": target.title}


Execute = Callable[..., Any]


def problems(execute: Execute) -> list[Finding]:
    """Redacted copies that do not match the SHA-256 the history recorded for them, that
    no entry records, or that an entry records but that are missing (``check``'s findings)."""
    from tbcase.storage import chain, history

    recorded: dict[str, tuple[int, str | None]] = {}  # original's sha256 -> (entry, copy's or None)
    detail = '"detail"' if chain.has_detail(execute) else "NULL"
    for number, what, old, new, detail_text in execute(
            f'SELECT "id", "what", "old", "new", {detail} FROM "history" WHERE "what" IN (?, ?, ?) ORDER BY "id"',
            (REDACTED_WHAT, CLEARED_WHAT, PURGED_WHAT)).fetchall():
        if what == PURGED_WHAT:  # the copy went with its exhibit (the same file may come back)
            purged = history.entry_detail(what, old, new, detail_text).get("sha256")
            recorded.pop(str(purged), None)
            continue
        original = _HASH.search(str(old or ""))
        copy = _HASH.search(str(new or ""))
        if original is None:
            continue
        recorded[original.group(1)] = (int(number), copy.group(1) if what == REDACTED_WHAT and copy else None)
    out: list[Finding] = []
    stored: set[str] = set()
    for eid, exhibit, title, deleted, original, data in execute(
            'SELECT e."id", e."exhibit", e."title", e."deleted", e."sha256", d."data" FROM "derived" d '
            'JOIN "evidence" e ON e."id" = d."evidence_id" WHERE d."kind" = ? ORDER BY e."id"',
            (KIND,)).fetchall():
        stored.add(str(original))
        entry = recorded.get(str(original))
        actual = sha256_hex(bytes(data)) if isinstance(data, bytes) else ""
        if entry is None or entry[1] is None:
            out.append(exhibit_finding("redaction_unrecorded", chain.which_exhibit(
                execute, eid, exhibit, title, deleted)))
        elif actual != entry[1]:
            out.append(exhibit_finding("redaction_changed", chain.which_exhibit(execute, eid, exhibit, title, deleted),
                                       entry=entry[0], digest=entry[1][:16]))
    present = {str(row[4]): row[:4] for row in execute(
        'SELECT "id", "exhibit", "title", "deleted", "sha256" FROM "evidence"').fetchall()}
    for digest, (number, copy_hash) in recorded.items():
        if copy_hash is not None and digest not in stored and digest in present:
            out.append(exhibit_finding("redaction_missing", chain.which_exhibit(execute, *present[digest]),
                                       entry=number))
    return out
