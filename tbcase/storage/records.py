"""Records of a case as the layers above see them, light to import (no peewee).

One frozen record per thing the user can see: an exhibit, a chat line, a step, a
tracking number, a letter, a history entry (countdowns are the domain's ``Countdown``).
Values are parsed once, here at the boundary: times are ``datetime`` in Asia/Shanghai,
amounts are fen, kinds are enums. The command line's JSON, the PDF and the window all
read these same records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_AMOUNT_FEN,
    CaseStatus,
    Complainant,
    ComplaintType,
    Direction,
    EvidenceKind,
    Outcome,
    Platform,
    StepKind,
    from_iso,
    to_iso,
)
from tbcase.storage.history import Value
from tbcase.storage.summary import SUFFIX as SUFFIX  # named here too (light module: the list needs only it)
from tbcase.storage.summary import CaseSummary as CaseSummary

_E = TypeVar("_E", bound=StrEnum)


def stored_choice(enum: type[_E], value: object) -> _E:
    """A stored enum value; one this version does not know is a KnownError."""
    try:
        return enum(str(value))
    except ValueError:
        raise KnownError("stored_value_bad", value=str(value)[:40]) from None


def optional_time(text: object) -> datetime | None:
    """A stored time that may be unknown; one that does not read as a time (a file from
    elsewhere may hold ``0001-01-01``, which overflows in Asia/Shanghai) is unknown too."""
    if not isinstance(text, str):
        return None
    try:
        value = from_iso(text)
    except (ValueError, OverflowError):
        return None
    # a year no deadline can be counted from (9999: its deadlines overflow) is unknown too
    return value if value is not None and FIRST_YEAR <= value.year <= LAST_YEAR else None


def stored_amount(value: object) -> int | None:
    """A stored amount in fen; anything but a whole number from 0 to ``MAX_AMOUNT_FEN`` (a
    file from elsewhere: -1 fen was printed in the letter as 请求退款人民币-1.99元) is unknown."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_AMOUNT_FEN:
        return value
    return None


def stored_time(text: object) -> datetime:
    """A time the schema requires (NOT NULL); an unreadable one is a KnownError."""
    value = optional_time(text)
    if value is None:
        raise KnownError("stored_value_bad", value=str(text)[:40])
    return value


@dataclass(frozen=True)
class CaseDetails:
    """The case's own fields (the one row of the case table)."""

    order_no: str
    platform: Platform
    shop: str
    seller_entity: str
    seller_address: str
    item: str
    amount_fen: int | None
    ordered_at: datetime | None
    signed_at: datetime | None
    complaint_type: ComplaintType
    outcome: Outcome
    status: CaseStatus
    facts: str
    demands: str
    notes: str
    buyer_nick: str
    complainant: Complainant
    created: datetime
    updated: datetime

    def columns(self) -> dict[str, Any]:
        """The fields by their stored names, as the export manifest writes them."""
        c = self.complainant
        return {
            "order_no": self.order_no, "platform": self.platform.value, "shop": self.shop,
            "seller_entity": self.seller_entity, "seller_address": self.seller_address,
            "item": self.item, "amount_fen": self.amount_fen,
            "ordered_at": to_iso(self.ordered_at), "signed_at": to_iso(self.signed_at),
            "complaint_type": self.complaint_type.value, "outcome": self.outcome.value,
            "status": self.status.value, "facts": self.facts, "demands": self.demands,
            "notes": self.notes, "buyer_nick": self.buyer_nick, "complainant_name": c.name,
            "complainant_phone": c.phone, "complainant_account": c.account,
            "complainant_address": c.address, "created": to_iso(self.created),
            "updated": to_iso(self.updated),
        }


@dataclass(frozen=True)
class ChatLine:
    """One message of a chat log, in the order of the log."""

    seq: int
    at: datetime | None
    speaker: str
    role: str  # tbcase.domain.chat.Role: buyer | seller | system | unknown
    text: str
    status: str  # 已读 / 未读 / recalled / ""

    def as_json(self) -> dict[str, Any]:
        return {"at": to_iso(self.at), "speaker": self.speaker, "role": self.role,
                "text": self.text, "status": self.status}


@dataclass(frozen=True)
class Exhibit:
    """One item of evidence; ``exhibit`` is its number (None once deleted)."""

    id: int
    exhibit: int | None
    kind: EvidenceKind
    title: str
    note: str
    sha256: str
    size: int
    media_type: str
    original_name: str
    captured: datetime | None
    captured_source: str  # exif | chat | file | user | ""
    width: int | None
    height: int | None
    added: datetime
    duplicate: bool = False  # add() found the same bytes already in the case
    messages: tuple[ChatLine, ...] = ()  # only when asked for (with_messages=True)

    def as_json(self) -> dict[str, Any]:
        """The exhibit as the export manifest and ``show --json`` write it."""
        return {"id": self.id, "exhibit": self.exhibit, "kind": self.kind.value,
                "title": self.title, "note": self.note, "sha256": self.sha256, "size": self.size,
                "media_type": self.media_type, "original_name": self.original_name,
                "captured": to_iso(self.captured), "captured_source": self.captured_source,
                "width": self.width, "height": self.height, "added": to_iso(self.added)}


@dataclass(frozen=True)
class Step:
    """A step the user took or an answer they received."""

    id: int
    kind: StepKind
    at: datetime
    ref: str
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind.value, "at": to_iso(self.at), "ref": self.ref,
                "note": self.note}


@dataclass(frozen=True)
class TrackingNumber:
    number: str
    carrier: str  # a carrier code (tbcase.domain.tracking) or the user's own name
    carrier_zh: str
    carrier_en: str
    direction: Direction
    signed: datetime | None
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number, "carrier": self.carrier, "carrier_zh": self.carrier_zh,
                "carrier_en": self.carrier_en, "direction": self.direction.value,
                "signed": to_iso(self.signed), "note": self.note}


@dataclass(frozen=True)
class Letter:
    """A written complaint made from the case (the PDF itself is read on demand)."""

    id: int
    created: datetime
    sent: date | None
    sha256: str
    size: int

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "created": to_iso(self.created),
                "sent": self.sent.isoformat() if self.sent else None, "sha256": self.sha256,
                "size": self.size}


@dataclass(frozen=True)
class HistoryEntry:
    """One entry as stored: ``old``/``new`` are its columns (plain values; Chinese text in
    entries from before schema 6), ``detail`` the entry as data (``history.py``), which
    the ui and the cli word in their language."""

    id: int
    at: datetime
    what: str  # a code such as "step.added"
    old: str | None
    new: str | None
    hash: str = ""  # SHA-256 of this entry and the one before it (chain.py)
    detail: Mapping[str, Value] = field(default_factory=dict, hash=False)

    @property
    def exhibit(self) -> int | None:
        """The exhibit number the entry is about (as it was then), if any."""
        n = self.detail.get("exhibit")
        return n if isinstance(n, int) else None

    def as_json(self) -> dict[str, Any]:
        return {"n": self.id, "at": to_iso(self.at), "what": self.what, "old": self.old,
                "new": self.new, "detail": dict(self.detail), "hash": self.hash}
