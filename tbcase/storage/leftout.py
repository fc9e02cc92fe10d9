"""What ``repair``/``import`` of a case file left out or changed, as codes with values: the
import report's English lines are made from them, and ``check`` words them in the user's
language (``check.value_<code>`` in ``tbcase.messages``), instead of carrying repair's
English inside a Chinese sentence."""

from __future__ import annotations

from dataclasses import dataclass, field

from tbcase.storage import chain

MAX_REPORT = 200

# the import report's lines (English, as before), by code
ENGLISH = {
    "missing": "{table} row {row}: no {column}",
    "invalid": "{table} row {row}: {column} is not a valid {kind}",
    "replaced": "{table} row {row}: {column} is not a valid {kind}; now {now}",
    "bytes": "evidence {id}: its bytes do not match its SHA-256",
    "duplicate": "evidence {id}: a duplicate",
    "renumbered": "evidence {id}: had no valid exhibit number, now 证据{exhibit}",
    "ocr": "ocr_text of evidence {id}: not a readable result of an image kept",
    "rows": "{table}: {count} rows of evidence left out",
    "letter": "letter: its bytes do not match its SHA-256",
}


@dataclass(frozen=True)
class LeftOut:
    code: str  # a key of ENGLISH
    params: tuple[tuple[str, str], ...]

    def english(self) -> str:
        return ENGLISH[self.code].format(**dict(self.params))


@dataclass
class RepairReport:
    copied: dict[str, int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # "table row n: why"
    items: list[LeftOut] = field(default_factory=list)  # the same, as codes with values
    # what the sender's hash chain said, recorded in the import entry (see repair._source_chain)
    source_chain: chain.SourceChain | None = None  # None: not read

    def leave(self, code: str, **params: object) -> None:
        if len(self.left_out) < MAX_REPORT:
            item = LeftOut(code, tuple((k, str(v)) for k, v in params.items()))
            self.items.append(item)
            self.left_out.append(item.english())
        elif len(self.left_out) == MAX_REPORT:
            self.left_out.append("…")
