"""Search across a library: every case's own fields, its chat logs and the text OCR read
in its images.

The texts live in the library index (``library.INDEX_NAME``) in an FTS5 table with the
``trigram`` tokenizer (any run of three or more characters, Chinese included, is found
through the index; shorter queries scan). The library writes them when it reads a case
file (``Library.entries``); each row is signed with the user's index key together with
the key (time, size) of the file version it came from, so a hit is shown only when its
signature holds and the file has not changed since. Anything else is not shown.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tbcase.domain.errors import KnownError
from tbcase.domain.model import EvidenceKind

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library

DOC_CHARS = 200_000  # of one chat log or image, in the index
SNIPPET = 24  # characters either side of a match
KINDS = ("case", "chat", "ocr")


@dataclass(frozen=True)
class Document:
    """Searchable text of a case: its fields (kind ``case``), a chat log (``chat``) or the
    text read in an image (``ocr``)."""

    evidence_id: int  # 0 for the case's own fields
    exhibit: int  # 0 when none
    kind: str
    text: str


@dataclass(frozen=True)
class SearchHit:
    path: Path
    order_no: str
    evidence_id: int
    exhibit: int
    kind: str
    snippet: str


def read_documents(case: CaseFile) -> list[Document]:
    """What ``find`` searches in one case, each text cut to ``DOC_CHARS``."""
    row = case.case()
    fields = (row.order_no, row.shop, row.item, row.notes, row.facts)
    docs = [Document(0, 0, "case", " ".join(t for t in fields if t)[:DOC_CHARS])]
    for e in case.evidence.all():
        if e.kind == EvidenceKind.CHAT:
            lines: list[str] = []
            size = 0
            for m in case.evidence.messages(e.id):
                lines.append(m.text)
                size += len(m.text) + 1
                if size > DOC_CHARS:
                    break
            docs.append(Document(e.id, e.exhibit or 0, "chat", "\n".join(lines)[:DOC_CHARS]))
    for r in case.ocr.all():
        docs.append(Document(r.evidence_id, r.exhibit or 0, "ocr", r.text[:DOC_CHARS]))
    return docs


def snippet(text: str, query: str) -> str:
    """The words around the first match of ``query`` in ``text``, on one line."""
    at = max(text.casefold().find(query.casefold()), 0)
    start = max(0, at - SNIPPET)
    end = min(len(text), at + len(query) + SNIPPET)
    out = text[start:end].replace("\n", " ")
    return ("…" if start else "") + out + ("…" if end < len(text) else "")


def _direct(library: Library, cases: dict[str, str], query: str, limit: int) -> list[SearchHit]:
    """Without an index (a read-only folder, no key): every case file is read."""
    from tbcase.storage.library import read_case

    hits: list[SearchHit] = []
    for name, order_no in cases.items():
        try:
            docs = read_case(library.folder / name)[1]
        except KnownError:
            continue
        hits.extend(SearchHit(library.folder / name, order_no, d.evidence_id, d.exhibit, d.kind,
                              snippet(d.text, query))
                    for d in docs if query.casefold() in d.text.casefold())
    return hits[:limit]


def _query(con: sqlite3.Connection, query: str, limit: int) -> list[tuple[object, ...]]:
    columns = "SELECT name, evidence_id, exhibit, kind, text, sig FROM doc"
    if len(query) >= 3:
        phrase = '"' + query.replace('"', '""') + '"'
        cur = con.execute(f"{columns} WHERE doc MATCH ? ORDER BY name, exhibit LIMIT ?", (phrase, limit))
    else:  # the trigram index needs three characters: a short query scans
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        cur = con.execute(f"{columns} WHERE text LIKE ? ESCAPE '\\' ORDER BY name, exhibit LIMIT ?",
                          (pattern, limit))
    return [tuple(r) for r in cur.fetchall()]


def find(library: Library, query: str, limit: int = 100) -> list[SearchHit]:
    """Cases whose fields, chat logs or image text contain ``query``, by case then
    exhibit. The index is brought up to date first (changed files are read again)."""
    query = " ".join(query.split())
    if not query:
        return []
    cases = {e.path.name: e.summary.order_no for e in library.entries() if e.summary is not None}
    if not cases:
        return []
    with library.search_index() as index:
        if index is None:
            return _direct(library, cases, query, limit)
        try:
            found = _query(index.connection, query, limit * 4)
        except sqlite3.Error:
            return _direct(library, cases, query, limit)
        hits: list[SearchHit] = []
        for name, eid, exhibit, kind, text, sig in found:
            if not (isinstance(name, str) and name in cases and isinstance(text, str)
                    and isinstance(eid, int) and isinstance(exhibit, int) and kind in KINDS):
                continue
            if not index.genuine(name, (eid, exhibit, kind, text), sig):
                continue  # forged, or read from an older version of the file
            hits.append(SearchHit(library.folder / name, cases[name], eid, exhibit, str(kind),
                                  snippet(text, query)))
            if len(hits) >= limit:
                break
    return hits
