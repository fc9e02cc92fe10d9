"""What OCR read in screenshots, put to use in a case: a new case from an order
screenshot, the suggestions a case's images make, and one suggestion accepted.

The proposals come from ``domain.ocrfields``; nothing here decides for the user. A new
case holds the values the user confirmed (or the command line's flags), a suggestion is
written only by ``accept``. The engine is not called here (``tbcase.ocr`` is above this
layer): callers pass what it read, with its name and version.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase.domain.errors import KnownError
from tbcase.domain.model import EvidenceKind, Via
from tbcase.domain.ocrfields import CaseKnown, Suggestion, TextBox, extract, suggestions

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library


def create_from_screenshot(library: Library, data: bytes, original_name: str, boxes: Sequence[TextBox],
                           engine: tuple[str, str], *, order_no: str,
                           tracking: Sequence[tuple[str, str | None]] = (), **fields: Any) -> Path:
    """A new case with ``fields`` (as ``CaseFile.create`` takes them), the screenshot as
    exhibit 1 with what was read in it (so it is never read again), and the tracking
    numbers (number, carrier or None). Returns the case file's path."""
    with library.create(order_no=order_no, **fields) as case:
        exhibit = case.evidence.add(data, original_name, kind=EvidenceKind.SCREENSHOT, via=Via.OCR)
        case.ocr.save(exhibit.id, engine[0], engine[1], list(boxes))
        for number, carrier in tracking:
            case.tracking.add(number, carrier=carrier)
        return case.path


def case_suggestions(case: CaseFile) -> list[Suggestion]:
    """What the case's read images say that the case does not (``ocrfields.suggestions``)."""
    row = case.case()
    known = CaseKnown(order_no=row.order_no, amount_fen=row.amount_fen, ordered_at=row.ordered_at,
                      signed_at=row.signed_at, shop=row.shop,
                      tracking=frozenset(t.number for t in case.tracking.all()))
    read = [(r.evidence_id, r.exhibit or 0, extract(list(r.boxes))) for r in case.ocr.all()]
    return suggestions(known, read)


def accept(case: CaseFile, suggestion: Suggestion) -> None:
    """Write one suggestion the user accepted: a tracking number is added, a field set
    (each through the case's own checks and history)."""
    if suggestion.kind == "tracking":
        case.tracking.add(suggestion.value)
    elif suggestion.field in ("order", "amount", "ordered", "signed", "shop"):
        case.set_field(suggestion.field, suggestion.value)
    else:
        raise KnownError("unknown_field", field=suggestion.field, fields="order, amount, ordered, signed, shop")


def accept_number(case: CaseFile, number: int) -> Suggestion:
    """Accept the ``number``-th (from 1) of the case's current suggestions."""
    found = case_suggestions(case)
    if not 1 <= number <= len(found):
        raise KnownError("suggestion_not_found", n=number, count=len(found))
    accept(case, found[number - 1])
    return found[number - 1]
