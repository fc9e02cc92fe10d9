"""Plain records of the storage layer, light to import (no peewee): what the library
index and the window's lists hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from tbcase.domain.ladder import CaseFacts

SUFFIX = ".tbcase"


@dataclass
class EvidenceInfo:
    id: int
    exhibit: int | None
    kind: str
    title: str
    note: str
    sha256: str
    size: int
    media_type: str
    original_name: str
    captured: str | None
    captured_source: str
    width: int | None
    height: int | None
    added: str
    duplicate: bool = False
    messages: list[dict] = field(default_factory=list)


@dataclass
class CaseSummary:
    """What the library lists and searches, without opening evidence."""

    path: str
    order_no: str
    shop: str
    item: str
    complaint_type: str
    status: str
    amount: str
    updated: str
    evidence_count: int
    search_text: str
    facts: CaseFacts | None = None
