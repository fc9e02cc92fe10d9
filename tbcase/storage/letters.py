"""The written complaints made from a case, each kept as the PDF that was printed."""

from __future__ import annotations

from datetime import date

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



class LetterStore:
    def __init__(self, case: CaseAccess) -> None:
        self._case = case

    def all(self) -> list[Letter]:
        with self._case.reading():
            q = rows(LetterRow.select(LetterRow.id, LetterRow.created, LetterRow.sent, LetterRow.sha256,
                                  LetterRow.size).order_by(LetterRow.id))
            return [Letter(int(i), stored_time(created), _day(sent), str(digest), int(size))
                    for i, created, sent, digest, size in q]

    def add(self, pdf: bytes, sent: date | None = None) -> Letter:
        digest = sha256_hex(pdf)
        created = now()
        sent_text = sent.isoformat() if sent else None
        with self._case.writing():
            row = LetterRow.create(created=to_iso(created), sent=sent_text, sha256=digest,
                                   size=len(pdf), pdf=pdf)
            self._case.log("letter.generated", letter=int(row.id), sent=sent_text, sha256=digest)
            return Letter(int(row.id), created, sent, digest, len(pdf))

    def pdf(self, letter_id: int) -> bytes:
        with self._case.reading():
            row = LetterRow.get_or_none(LetterRow.id == letter_id)
            if row is None:
                raise KnownError("letter_not_found", id=letter_id)
            return blob(row.pdf)
