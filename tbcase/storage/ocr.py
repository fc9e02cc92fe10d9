"""Text recognised in a case's images, stored as derived data beside the originals.

One row per image (``ocr_text``), made once, with the engine and its version; the
original bytes are never touched. The store does not run the engine (``tbcase.ocr``
does, above this layer): it says which images still need reading and keeps what was read.

The boxes come back from a file that may have come from anyone: they are parsed into
typed ``TextBox`` records with bounds, and a row that does not parse reads as not done
(``tbcase ocr`` then reads that image again and replaces it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tbcase.domain.model import now, to_iso
from tbcase.domain.ocrfields import MAX_BOXES, MAX_LINE, TextBox, conversation
from tbcase.storage import models
from tbcase.storage.access import CaseAccess
from tbcase.storage.records import stored_time

# peewee's models are untyped to mypy (see pyproject); what leaves this module is typed
EvidenceRow: Any = models.Evidence
OcrText: Any = models.OcrText
ChatMessage: Any = models.ChatMessage

MAX_STORED_CHARS = 2_000_000  # more than any screenshot holds; a bigger row is not read


@dataclass(frozen=True)
class OcrResult:
    evidence_id: int
    exhibit: int | None
    engine: str
    version: str
    created: datetime
    boxes: tuple[TextBox, ...]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.boxes)


def boxes_from_json(raw: object) -> tuple[TextBox, ...] | None:
    if not isinstance(raw, str) or len(raw) > MAX_STORED_CHARS:
        return None
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError):  # "[[[[…" 50,000 deep
        return None
    if not isinstance(items, list) or len(items) > MAX_BOXES:
        return None
    out = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                and isinstance(item[1], list) and len(item[1]) == 4
                and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 1_000_000 for v in item[1])
                and isinstance(item[2], (int, float)) and not isinstance(item[2], bool) and 0 <= item[2] <= 1):
            return None
        left, top, right, bottom = item[1]
        out.append(TextBox(item[0][:MAX_LINE], (left, top, right, bottom), float(item[2])))
    return tuple(out)


def boxes_to_json(boxes: list[TextBox] | tuple[TextBox, ...]) -> str:
    return json.dumps([[b.text, list(b.box), b.score] for b in boxes], ensure_ascii=False)


def understood_rows(rows: list[dict[str, Any]], images: set[int],
                    leave: Callable[..., None]) -> list[dict[str, Any]]:
    """``ocr_text`` rows read from a case file from elsewhere (``repair``): one per image
    kept, the boxes parsed with the store's bounds and written again, the search text made
    from them (never taken from the file). A row that does not parse is left out, and the
    image is read again by the next ``tbcase ocr``."""
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        boxes = boxes_from_json(r["boxes"])
        if boxes is None or r["evidence_id"] not in images:
            leave("ocr", id=r["evidence_id"])  # RepairReport.leave: a code and its values
            continue
        out[r["evidence_id"]] = {**r, "boxes": boxes_to_json(boxes), "text": "\n".join(b.text for b in boxes)}
    return list(out.values())


class OcrStore:
    def __init__(self, case: CaseAccess) -> None:
        self._case = case

    def pending(self) -> list[int]:
        """The images (not deleted) with no readable OCR result, in exhibit order."""
        with self._case.reading():
            images = [int(eid) for (eid,) in EvidenceRow.select(EvidenceRow.id)
                      .where(EvidenceRow.deleted.is_null() & EvidenceRow.media_type.startswith("image/"))
                      .order_by(EvidenceRow.exhibit, EvidenceRow.id).tuples()]
            read = {int(eid): boxes for eid, boxes in OcrText.select(OcrText.evidence, OcrText.boxes).tuples()}
        return [eid for eid in images if eid not in read or boxes_from_json(read[eid]) is None]

    def save(self, evidence_id: int, engine: str, version: str, boxes: list[TextBox]) -> int:
        """Keep what the engine read in one image (replacing an unreadable older row).

        A chat screenshot (``ocrfields.conversation``) also becomes the image's chat lines,
        as a pasted log's are (right: the buyer, left: the seller), once: lines already
        there are kept. Returns how many chat lines were made."""
        text = "\n".join(b.text for b in boxes)
        with self._case.writing():
            OcrText.replace(evidence=evidence_id, engine=engine, version=version,
                            created=to_iso(now()), text=text, boxes=boxes_to_json(boxes)).execute()
            width = EvidenceRow.select(EvidenceRow.width).where(EvidenceRow.id == evidence_id).scalar()
            bubbles = conversation(boxes, int(width or 0))
            if not bubbles or ChatMessage.select().where(ChatMessage.evidence == evidence_id).exists():
                return 0
            ChatMessage.insert_many([
                {"evidence": evidence_id, "seq": i, "at": to_iso(b.at), "speaker": "",
                 "role": "buyer" if b.side == "right" else "seller", "text": b.text, "status": ""}
                for i, b in enumerate(bubbles)]).execute()
            return len(bubbles)

    def get(self, evidence_id: int) -> OcrResult | None:
        return next((r for r in self.all() if r.evidence_id == evidence_id), None)

    def all(self) -> list[OcrResult]:
        """Every readable result of an image still in the case, in exhibit order."""
        with self._case.reading():
            q = (OcrText.select(OcrText.evidence, EvidenceRow.exhibit, OcrText.engine, OcrText.version,
                                OcrText.created, OcrText.boxes)
                 .join(EvidenceRow, on=(OcrText.evidence == EvidenceRow.id))
                 .where(EvidenceRow.deleted.is_null())
                 .order_by(EvidenceRow.exhibit, EvidenceRow.id).tuples())
            rows = list(q)
        out = []
        for eid, exhibit, engine, version, created, raw in rows:
            boxes = boxes_from_json(raw)
            if boxes is None:
                continue
            out.append(OcrResult(int(eid), None if exhibit is None else int(exhibit), str(engine),
                                 str(version), stored_time(created), boxes))
        return out
