"""What the library lists of a case: light to import (the window's first screen needs only
this of the records; ``records`` holds the rest and names these too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tbcase.domain.ladder import CaseFacts

SUFFIX = ".tbcase"


@dataclass(frozen=True)
class CaseSummary:
    """What the library lists and searches, without opening evidence."""

    path: str
    order_no: str
    shop: str
    item: str
    complaint_type: str
    status: str
    amount: str
    updated: datetime
    evidence_count: int
    search_text: str
    facts: CaseFacts | None = None
