"""The written complaints made from a case, each kept as the PDF that was printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from tbcase.domain.claims import letter_moment
from tbcase.domain.errors import KnownError
from tbcase.domain.model import now, to_iso
from tbcase.storage.access import CaseAccess
from tbcase.storage.intake import sha256_hex
from tbcase.storage.models import Letter as LetterRow
from tbcase.storage.models import blob, rows
from tbcase.storage.records import Letter, stored_time


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:  # a file from elsewhere may hold anything: the day is unknown
        return None



_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SheetAnchor:
    """The manifest hash a letter's evidence-preservation sheet printed, as the letter's
    ``letter.generated`` entry recorded it (the hash chain covers the entry's detail)."""

    letter: int
    sent: date | None
    manifest_sha256: str
    entry: int  # the history entry's number


class LetterStore:
    def __init__(self, case: CaseAccess) -> None:
        self._case = case

    def all(self) -> list[Letter]:
        with self._case.reading():
            q = rows(LetterRow.select(LetterRow.id, LetterRow.created, LetterRow.sent, LetterRow.sha256,
                                  LetterRow.size).order_by(LetterRow.id))
            return [Letter(int(i), stored_time(created), _day(sent), str(digest), int(size))
                    for i, created, sent, digest, size in q]

    def add(self, pdf: bytes, sent: date | None = None, manifest_sha256: str | None = None) -> Letter:
        """Keep a letter as printed; ``manifest_sha256``: the hash its evidence-preservation
        sheet printed, recorded in the entry (the sheet hashed the case before this entry
        existed, so a later export has another hash: the entry is what ties them)."""
        digest = sha256_hex(pdf)
        created = now()
        sent_text = sent.isoformat() if sent else None
        anchor = {"manifest_sha256": manifest_sha256} if manifest_sha256 else {}
        if manifest_sha256 and not _SHA256.fullmatch(manifest_sha256):
            raise ValueError(f"not a SHA-256: {manifest_sha256!r}")  # a bug, not the user's
        with self._case.writing():
            row = LetterRow.create(created=to_iso(created), sent=sent_text, sha256=digest,
                                   size=len(pdf), pdf=pdf)
            self._case.log("letter.generated", letter=int(row.id), sent=sent_text, sha256=digest, **anchor)
            return Letter(int(row.id), created, sent, digest, len(pdf))

    def telling(self, kind: str, at: datetime) -> list[Letter]:
        """The letters that told a step of this kind and time: made after it was last
        recorded (in the history's order) and speaking for a moment at or after its time
        (``claims.letter_moment``)."""
        history = self._case.history()
        stamp = to_iso(at)
        added = max((h.id for h in history if h.what == "step.added" and h.detail.get("kind") == kind
                     and h.detail.get("at") == stamp), default=0)
        made = {h.detail.get("letter") for h in history if h.what == "letter.generated" and h.id > added}
        return [x for x in self.all() if x.id in made and letter_moment(x.sent or x.created.date(), x.created) >= at]

    def anchors(self) -> list[SheetAnchor]:
        """Every letter whose entry recorded the manifest hash its sheet printed, oldest first."""
        out: list[SheetAnchor] = []
        for h in self._case.history():
            digest, letter = h.detail.get("manifest_sha256"), h.detail.get("letter")
            if h.what == "letter.generated" and isinstance(digest, str) and _SHA256.fullmatch(digest) \
                    and isinstance(letter, int):
                out.append(SheetAnchor(letter, _day(str(h.detail.get("sent") or "")), digest, h.id))
        return out

    def pdf(self, letter_id: int) -> bytes:
        with self._case.reading():
            row = LetterRow.get_or_none(LetterRow.id == letter_id)
            if row is None:
                raise KnownError("letter_not_found", id=letter_id)
            return blob(row.pdf)
