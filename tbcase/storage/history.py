"""History entries as data: what happened, to which exhibit, the values before and after.

An entry's ``detail`` is a JSON object of plain values (text, whole numbers), stored in
canonical form (keys sorted, no spaces, no ASCII escaping) so the hash chain can cover
its exact text. The keys an entry may carry:

- ``old`` / ``new``: the value before and after (a field's text, a code such as
  ``after_sales``, an exhibit number for ``evidence.moved``);
- ``exhibit``: the exhibit number the entry is about (as it was then);
- ``title``, ``sha256``, ``code`` (why a picture did not decode), ``via`` (how an exhibit
  came in: drop, paste, phone, import, cli), ``device`` (the phone's user agent),
  ``letter``, ``sent``, ``evidence_id``; ``former_exhibit`` (the number a deleted exhibit
  had, on an entry about it after its deletion);
- ``kind``, ``at``, ``ref`` (a step); ``label``, ``due`` (a countdown);
- ``number``, ``carrier``, ``direction``, ``signed`` and ``old_carrier``,
  ``old_direction``, ``old_signed`` (a tracking number);
- ``source``, ``entries`` and other import / migration facts; on ``case.imported``,
  what the sender's chain was: ``chain`` (none, unreadable, broken, cut, verified),
  ``chain_entries``, ``chain_broken_at``, ``chain_broken_time``, ``chain_head``
  (``chain.SourceChain``; entries before held English text in ``source_chain``).

Words are never stored: the window and the command line word an entry in their language
(``tbcase.wording``). Entries written before schema 6 held Chinese text such as
``证据3 标题``; ``legacy_detail`` reads those texts into the same shape, deterministically
(the schema-6 migration stored its result; ``chain.verify`` checks a legacy entry's detail
is still exactly that, see ``migrations.structure_history``). Never change how
``legacy_detail`` reads an existing form: files already migrated would stop verifying.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

Value = str | int | None
Detail = dict[str, Value]

MAX_DETAIL_CHARS = 1_000_000  # a detail from elsewhere longer than this is not read

_EXHIBIT_TEXT = re.compile(r"证据(\d{1,9}) (.*)", re.S)
_EXHIBIT_ONLY = re.compile(r"证据(\d{1,9})")
_ADDED = re.compile(r"证据(\d{1,9}) (.*) sha256:([0-9a-f]{1,64})", re.S)
_RECEIVED = re.compile(r"证据(\d{1,9}) (.*) · (.*)", re.S)
_PURGED = re.compile(r"(.*) sha256:([0-9a-f]{1,64})", re.S)
_LETTER = re.compile(r"#(\d{1,9}) (\S*) sha256:([0-9a-f]{1,64})")
_PRESENT = re.compile(r"(?:证据(\d{1,9})|#(\d{1,9})|letter #(\d{1,9})) sha256:([0-9a-f]{1,64})")
_REDACTED = re.compile(r"(?:证据(\d{1,9})|#(\d{1,9})) (.*) (sha256:[0-9a-f]{64})", re.S)
_UNDECODABLE = re.compile(r"证据(\d{1,9}) (.*) \(([a-z_]{1,40})\)", re.S)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def detail_text(detail: Mapping[str, Value]) -> str:
    """The canonical stored form (what the hash covers); None values are left out."""
    kept = {k: v for k, v in detail.items() if v is not None}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def read_detail(text: object) -> Detail | None:
    """A stored detail, or None when it is not a JSON object of plain values (a file from
    elsewhere, bounded)."""
    if not isinstance(text, str) or len(text) > MAX_DETAIL_CHARS:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict):
        return None
    out: Detail = {}
    for key, item in value.items():
        if isinstance(item, bool) or not isinstance(item, str | int) or isinstance(item, int) \
                and not -(2**53) < item < 2**53:
            return None
        out[str(key)] = item
    return out


def entry_detail(what: str, old: str | None, new: str | None, stored: object) -> Detail:
    """The detail of an entry: as stored, or read from its old text (an entry of a file
    not yet migrated, or one whose stored detail does not read)."""
    return read_detail(stored) or legacy_detail(what, old, new)


def _plain(old: str | None, new: str | None) -> Detail:
    return {k: v for k, v in (("old", old), ("new", new)) if v is not None}


def _tracking(text: str) -> Detail | None:
    """``number carrier direction [signed]`` (a carrier of the user's own may hold spaces)."""
    parts = text.split(" ")
    if len(parts) < 3:
        return None
    signed = parts.pop() if _ISO.match(parts[-1]) else None
    if len(parts) < 3:
        return None
    return {"number": parts[0], "carrier": " ".join(parts[1:-1]), "direction": parts[-1],
            "signed": signed}


def legacy_detail(what: str, old: str | None, new: str | None) -> Detail:
    """The detail of an entry written before schema 6, read from its text. Deterministic:
    a text that is not in the form its kind was written in keeps its old and new as they
    are."""
    d = _legacy(what, old or "", new or "")
    return {k: v for k, v in d.items() if v is not None} if d is not None else _plain(old, new)


def _legacy(what: str, old: str, new: str) -> Detail | None:  # noqa: C901 - one case per kind
    if what == "evidence.added" and (m := _ADDED.fullmatch(new)):
        return {"exhibit": int(m[1]), "title": m[2], "sha256": m[3]}
    if what == "evidence.received" and (m := _RECEIVED.fullmatch(new)):
        return {"exhibit": int(m[1]), "title": m[2], "device": m[3]}
    if what == "evidence.deleted" and (m := _EXHIBIT_TEXT.fullmatch(old)):
        return {"exhibit": int(m[1]), "title": m[2]}
    if what == "evidence.restored" and (m := _EXHIBIT_TEXT.fullmatch(new)):
        return {"exhibit": int(m[1]), "title": m[2]}
    if what == "evidence.purged" and (m := _PURGED.fullmatch(old)):
        return {"title": m[1], "sha256": m[2]}
    if what == "evidence.moved" and (a := _EXHIBIT_ONLY.fullmatch(old)) \
            and (b := _EXHIBIT_ONLY.fullmatch(new)):
        return {"old": int(a[1]), "new": int(b[1])}
    if what in ("evidence.title", "evidence.note", "evidence.kind") \
            and (m := _EXHIBIT_TEXT.fullmatch(old)):
        return {"exhibit": int(m[1]), "old": m[2], "new": new}
    if what == "evidence.present" and (m := _PRESENT.fullmatch(new)):
        return {"exhibit": int(m[1]) if m[1] else None,
                "evidence_id": int(m[2]) if m[2] else None,
                "letter": int(m[3]) if m[3] else None, "sha256": m[4]}
    if what in ("evidence.redacted", "evidence.redaction_cleared") and (m := _REDACTED.fullmatch(old)):
        return {"exhibit": int(m[1]) if m[1] else None, "evidence_id": int(m[2]) if m[2] else None,
                "title": m[3], "old": m[4], "new": new or None}
    if what == "evidence.undecodable" and (m := _UNDECODABLE.fullmatch(new)):
        return {"exhibit": int(m[1]), "title": m[2], "code": m[3]}
    if what == "letter.generated" and (m := _LETTER.fullmatch(new)):
        return {"letter": int(m[1]), "sent": m[2] or None, "sha256": m[3]}
    if what == "step.added" and new:
        parts = new.split(" ", 2)
        if len(parts) >= 2 and _ISO.match(parts[1]):
            return {"kind": parts[0], "at": parts[1], "ref": parts[2] if len(parts) == 3 else ""}
        return None
    if what == "countdown.added":
        label, _, due = new.rpartition(" ")
        return {"label": label, "due": due} if label and _ISO.match(due) else None
    if what == "tracking.added":
        return _tracking(new)
    if what == "tracking.changed":
        before, after = _tracking(old), _tracking(new)
        if before is None or after is None or before["number"] != after["number"]:
            return None
        return {**after, "old_carrier": before["carrier"], "old_direction": before["direction"],
                "old_signed": before["signed"]}
    return None


def hashes_in(detail: Mapping[str, Value]) -> list[str]:
    """The SHA-256 an entry records (an exhibit's or a letter's bytes)."""
    digest = detail.get("sha256")
    return [digest] if isinstance(digest, str) else []
