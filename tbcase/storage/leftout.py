"""What ``repair``/``import`` of a case file left out or changed, as codes with values:
``named`` makes each a ``Finding`` that names the exhibit it is about as the user knows it,
and ``tbcase.wording`` words it in the user's language (``check.import_<code>`` for what an
import did, ``check.value_<code>`` for what ``check`` says an import would do, in
``tbcase.check_words``). The English lines of ``RepairReport.left_out`` are repair's own
log (its tests read it; the import entry counts it): never shown to the user."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from tbcase.storage import chain
from tbcase.storage.integrity import Finding, exhibit_finding, finding

MAX_REPORT = 200

# repair's log lines (English), by code
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
# the codes about one exhibit, which repair names by the file's internal ``id``
OF_EXHIBIT = ("bytes", "duplicate", "renumbered", "ocr")


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
    # the items as the import's findings, their exhibits named (``name``, while the source is open)
    findings: list[Finding] = field(default_factory=list)
    # what the sender's hash chain said, recorded in the import entry (see repair._source_chain)
    source_chain: chain.SourceChain | None = None  # None: not read

    def leave(self, code: str, **params: object) -> None:
        if len(self.left_out) < MAX_REPORT:
            item = LeftOut(code, tuple((k, str(v)) for k, v in params.items()))
            self.items.append(item)
            self.left_out.append(item.english())
        elif len(self.left_out) == MAX_REPORT:
            self.left_out.append("…")

    def name(self, execute: chain.Execute) -> None:
        """``findings``: what the import left out or changed (``check.import_<code>``), each
        exhibit named from the sender's file ``execute`` reads (its number there, else its
        title; the history is not searched: a file from elsewhere may hold millions of
        entries), and one line saying more were not listed."""
        self.findings = [named(execute, i, f"import_{i.code}", history=False) for i in self.items]
        if len(self.left_out) > MAX_REPORT:
            self.findings.append(finding("import_more"))


def named(execute: chain.Execute, item: LeftOut, code: str, *, history: bool = True) -> Finding:
    """``item`` as the finding ``code``: one about an exhibit (``OF_EXHIBIT``), which repair
    names by the file's internal ``id``, names it as the user knows it instead
    (``chain.which_exhibit``; one to be renumbered has no valid number, so by its title; the
    number it is given is ``now_exhibit``). A row that is not there (an OCR result of a row
    gone) is ``gone``, with what ``history`` knows of it (``chain.known_exhibit``): the id
    itself is never worded."""
    if item.code not in OF_EXHIBIT:
        return Finding(code, item.params)
    params = dict(item.params)
    now = params.pop("exhibit", None)
    eid = params.pop("id")
    try:
        rows = execute('SELECT "id", "exhibit", "title", "deleted" FROM "evidence" WHERE "id" = ?',
                       (eid,)).fetchall()
    except sqlite3.DatabaseError:  # a file from elsewhere whose evidence table does not read so
        rows = None
    which: dict[str, object]
    if rows:
        rid, exhibit, title, deleted = rows[0]
        which = dict(chain.which_exhibit(execute if history else None, rid,
                                         None if item.code == "renumbered" else exhibit, title, deleted))
    elif rows is None:
        which = {"unknown": eid}
    else:
        which = {"gone": eid, **(chain.known_exhibit(execute, eid) if history else {})}
    return exhibit_finding(code, which, **params, **({"now_exhibit": now} if now else {}))

