"""The case's manifest: one record, one serialisation, for the export's ``manifest.json``
and the evidence-preservation sheet (证据保全说明) the letter and ``tbcase manifest`` print.

``build_manifest`` reads the case and re-hashes every original now; ``Manifest.canonical``
is the only way it becomes bytes (UTF-8 JSON, keys sorted, two-space indent, a final
newline), so the hash a sheet prints is the SHA-256 of the very bytes an export writes
as ``manifest.json``, as long as nothing in the case changed in between. It holds no time
of its own making: the same case gives the same bytes.

For each exhibit it says how it came in (``via``, from the ``evidence.added`` history
entry that added it; ``None`` for files added before that was recorded, never a guess),
whether its original is unchanged (``OriginalState``), and its redacted copy if it has one
(``RedactedCopy``: the file an export writes, its SHA-256 and the boxes burned in, so that
an import can make the same copy from the original).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tbcase import __version__
from tbcase.domain.claims import CLAIMS, ClaimKind
from tbcase.domain.errors import KnownError
from tbcase.domain.ladder import Countdown
from tbcase.domain.model import Via, to_iso
from tbcase.domain.redact import Box
from tbcase.storage import chain
from tbcase.storage.exportdir import export_name
from tbcase.storage.intake import sha256_hex, suffix_for
from tbcase.storage.records import CaseDetails, Exhibit, HistoryEntry, Step, TrackingNumber

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.redaction import Redaction

FORMAT = "tbcase-export"
VERSION = 2  # 1: no added_via, original, history_head, statement; an "exported" time
MANIFEST = "manifest.json"


class OriginalState(StrEnum):
    """An original as found when the manifest was made."""

    UNCHANGED = "unchanged"  # its bytes hash to the SHA-256 a history entry recorded on adding
    CHANGED = "changed"  # its bytes no longer hash to its SHA-256
    UNRECORDED = "unrecorded"  # bytes and SHA-256 agree, but no history entry holds that hash
    MISSING = "missing"  # no bytes stored


@dataclass(frozen=True)
class RedactedCopy:
    """An exhibit's redacted copy (遮挡副本): what the letter prints instead of the original."""

    file: str  # its name in an export folder
    sha256: str
    media_type: str
    boxes: tuple[Box, ...]  # burned into an image's copy (none for a chat log's ■ copy)

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "media_type": self.media_type,
                "boxes": [b.as_list() for b in self.boxes]}


@dataclass(frozen=True)
class ManifestItem:
    exhibit: Exhibit
    file: str  # its name in an export folder
    via: Via | None  # how it was added; None: not recorded
    state: OriginalState
    redacted: RedactedCopy | None = None

    def as_json(self) -> dict[str, Any]:
        out = {**self.exhibit.as_json(), "file": self.file,
               "added_via": self.via.value if self.via is not None else None,
               "original": self.state.value}
        if self.redacted is not None:  # absent, not null: a case without copies reads as before
            out["redacted"] = self.redacted.as_json()
        return out


@dataclass(frozen=True)
class ChainHead:
    """The history's last entry (number 0 and 64 zeros: no history) and whether the whole
    chain up to it verified."""

    number: int
    hash: str
    verified: bool

    def as_json(self) -> dict[str, Any]:
        return {"n": self.number, "hash": self.hash, "verified": self.verified}


@dataclass(frozen=True)
class Manifest:
    app: str
    case: CaseDetails
    items: tuple[ManifestItem, ...]
    tracking: tuple[TrackingNumber, ...]
    steps: tuple[Step, ...]
    countdowns: tuple[Countdown, ...]
    history: tuple[HistoryEntry, ...]
    head: ChainHead

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": VERSION, "app": self.app,
            "case": self.case.columns(),
            "evidence": [i.as_json() for i in self.items],
            "tracking": [t.as_json() for t in self.tracking],
            "steps": [s.as_json() for s in self.steps],
            "countdowns": [{"label": c.label, "due": to_iso(c.due), "created": to_iso(c.created)}
                           for c in self.countdowns],
            "history": [h.as_json() for h in self.history],
            "history_head": self.head.as_json(),
            "statement": CLAIMS[ClaimKind.PRESERVATION].words,
        }

    def canonical(self) -> bytes:
        """The manifest as bytes, the one way: what ``manifest.json`` holds."""
        return canonical_json(self.as_json())

    def sha256(self) -> str:
        return sha256_hex(self.canonical())


def canonical_json(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys, two-space indent and a final newline (rerunnable with
    ``json.dumps(json.load(f), ensure_ascii=False, sort_keys=True, indent=2) + "\\n"``)."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def build_manifest(case: CaseFile) -> Manifest:
    """The manifest of ``case`` as it is now (reads only; every original is re-hashed), read
    as one state of the file: its history, exhibits and states agree with each other."""
    with case.snapshot():
        return _build(case)


def _build(case: CaseFile) -> Manifest:
    history = case.history()
    vias: dict[str, Via | None] = {}
    for h in history:  # the entry that added it says how (entries from before: not recorded)
        digest = h.detail.get("sha256")
        if h.what == "evidence.added" and isinstance(digest, str) and vias.get(digest) is None:
            vias[digest] = _via(h.detail.get("via"))
    with case.reading():
        verified, broken = chain.verify(case.db.execute_sql)
        unrecorded = {str(d["sha256"]) for d in chain.uncovered(case.db.execute_sql)}
    head = ChainHead(history[-1].id if history else 0,
                     history[-1].hash if history else chain.GENESIS, broken is None)
    items: list[ManifestItem] = []
    names: set[str] = set()
    copies = case.redactions.all()
    for e in case.evidence.all():
        name = _unique(names, export_name(e.exhibit or 0, e.title, e.original_name,
                                          suffix_for(e.media_type)))
        items.append(ManifestItem(e, name, vias.get(e.sha256), _state(case, e, unrecorded),
                                  _copy(case, e, copies.get(e.id), names)))
    return Manifest(
        app=f"tbcase {__version__}", case=case.case(), items=tuple(items),
        tracking=tuple(case.tracking.all()), steps=tuple(case.steps.all()),
        countdowns=tuple(case.steps.countdowns()), history=tuple(history), head=head)


def _copy(case: CaseFile, e: Exhibit, copy: Redaction | None, names: set[str]) -> RedactedCopy | None:
    if copy is None:
        return None
    name = _unique(names, export_name(e.exhibit or 0, f"{e.title}_遮挡副本", "", suffix_for(copy.media_type)))
    return RedactedCopy(name, copy.sha256, copy.media_type, case.redactions.boxes(e.id))


def _via(value: object) -> Via | None:
    try:
        return Via(str(value)) if value is not None else None
    except ValueError:  # a way a later version knows: not said here
        return None


def _state(case: CaseFile, e: Exhibit, unrecorded: set[str]) -> OriginalState:
    try:
        data = case.evidence.original(e.id)
    except (KnownError, TypeError):  # no blob row (reading() says case_values_bad), or not bytes
        return OriginalState.MISSING
    if sha256_hex(data) != e.sha256 or len(data) != e.size:
        return OriginalState.CHANGED
    return OriginalState.UNRECORDED if e.sha256 in unrecorded else OriginalState.UNCHANGED


def _unique(names: set[str], name: str) -> str:
    """``name``, or ``name (2)`` … when an earlier exhibit took it (as ExportFolder does)."""
    base, suffix = os.path.splitext(name)
    candidate, n = name, 2
    while candidate in names:
        candidate = f"{base} ({n}){suffix}"
        n += 1
    names.add(candidate)
    return candidate
