"""What a complaint needs, per complaint type (from the guidance users follow), and
which of it a case already has: the readiness view the window and the letter use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from tbcase.domain.model import ComplaintType, EvidenceKind

COMMON = ("order_no", "item", "facts", "outcome")
BY_TYPE: dict[str, tuple[str, ...]] = {
    ComplaintType.QUALITY: ("item_photos", "purchase_proof", "chat"),
    ComplaintType.LOGISTICS: ("tracking", "carrier", "chat"),
    ComplaintType.AFTER_SALES: ("item_info", "chat"),
    ComplaintType.PLATFORM: ("description",),
}


class CaseLike(Protocol):
    @property
    def order_no(self) -> str: ...

    @property
    def item(self) -> str: ...

    @property
    def facts(self) -> str: ...

    @property
    def outcome(self) -> str: ...

    @property
    def complaint_type(self) -> str: ...


class EvidenceLike(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def title(self) -> str: ...


class TrackingLike(Protocol):
    @property
    def carrier(self) -> str: ...


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    present: bool


def _has(evidence: list[EvidenceLike], *kinds: str, words: tuple[str, ...] = ()) -> bool:
    for e in evidence:
        if e.kind in kinds and (not words or any(w in (e.title or "").lower() for w in words)):
            return True
    return False


def readiness(case: CaseLike, evidence: Iterable[EvidenceLike], tracking: Iterable[TrackingLike]
              ) -> list[ChecklistItem]:
    evidence = list(evidence)
    tracking = list(tracking)
    checks = {
        "order_no": bool(case.order_no),
        "item": bool(case.item.strip()),
        "facts": bool(case.facts.strip()),
        "outcome": bool(case.outcome),
        "item_photos": _has(evidence, EvidenceKind.PHOTO),
        "purchase_proof": _has(evidence, EvidenceKind.RECEIPT)
        or _has(evidence, EvidenceKind.SCREENSHOT, words=("订单", "order", "付款", "支付", "payment")),
        "chat": _has(evidence, EvidenceKind.CHAT),
        "tracking": bool(tracking),
        "carrier": any(t.carrier not in ("", "unknown") for t in tracking),
        "item_info": bool(case.item.strip()),
        "description": len(case.facts.strip()) >= 20,
    }
    keys = COMMON + BY_TYPE.get(case.complaint_type, ())
    return [ChecklistItem(k, checks[k]) for k in dict.fromkeys(keys)]
