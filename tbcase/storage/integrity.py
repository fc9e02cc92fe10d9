"""What ``check`` finds in a case file, as codes and values, not sentences.

SQLite's own integrity and foreign-key checks, every original and letter re-hashed, the
history's hash chain (``chain.py``) and every stored value read as import would read it.
Each finding is a ``Finding``: a code (``check.<code>`` in ``tbcase.messages``) and its
values (an exhibit by its number, or a deleted one by the number it had and its title), so the
command line and the window say it in the user's language (``tbcase.wording``);
``CaseFile.check`` keeps the English lines it always returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tbcase.storage import chain
from tbcase.storage.intake import sha256_hex
from tbcase.storage.models import sql_rows

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile


@dataclass(frozen=True)
class Finding:
    """A finding of ``check`` (or of an import): ``check.<code>`` worded with ``params`` by
    ``tbcase.wording.Wording.finding`` in the user's language.

    Which exhibit a finding is about is data too (``exhibit_finding``): ``exhibit`` (its
    number), or ``evidence_id`` with ``former_exhibit`` and ``title`` for one without a
    number (a deleted one); ``letter`` for a letter. The internal id is never worded."""

    code: str  # integrity | foreign_keys | no_bytes | hash_mismatch | size_mismatch | letter_mismatch |
    #            chain_content | chain_link | never_added | chain_cut | redaction_* | value |
    #            value_unreadable
    params: tuple[tuple[str, str], ...] = ()


def finding(code: str, **params: object) -> Finding:
    return Finding(code, tuple((k, str(v)) for k, v in params.items()))


def exhibit_finding(code: str, which: Mapping[str, object], **params: object) -> Finding:
    """A finding about one exhibit or letter: ``which`` says which (``chain.which_exhibit``,
    or ``letter``); its None values are left out."""
    return finding(code, **{k: v for k, v in which.items() if v is not None}, **params)


def findings(case: CaseFile, progress: Callable[[int, int], None] | None = None) -> list[Finding]:
    """Everything ``check`` finds. ``progress(done, total)``: history entries verified of
    all, told every ``chain.TICK`` entries (the longest part: a file from elsewhere may hold
    millions); it may raise to stop the check (the window's cancel)."""
    from tbcase.storage import redaction

    out: list[Finding] = []
    with case.reading():
        result = [r[0] for r in sql_rows(case.db, "PRAGMA integrity_check")]
        if result != ["ok"]:
            out.extend(finding("integrity", detail=r) for r in result)
        fk = sql_rows(case.db, "PRAGMA foreign_key_check")
        if fk:
            out.append(finding("foreign_keys", count=len(fk)))
        cursor = sql_rows(case.db,
            "SELECT e.id, e.exhibit, e.title, e.deleted, e.sha256, e.size, b.data FROM evidence e "
            "LEFT JOIN evidence_blob b ON b.evidence_id = e.id")
        for eid, exhibit, title, deleted, digest, size, data in cursor:
            if not isinstance(data, bytes):  # missing, or text/a number from elsewhere
                out.append(exhibit_finding("no_bytes", chain.which_exhibit(
                    case.db.execute_sql, eid, exhibit, title, deleted)))
            elif sha256_hex(data) != digest:
                out.append(exhibit_finding("hash_mismatch", chain.which_exhibit(
                    case.db.execute_sql, eid, exhibit, title, deleted), digest=str(digest)[:16]))
            elif len(data) != size:  # the bytes are what was added: only the size recorded is wrong
                out.append(exhibit_finding("size_mismatch", chain.which_exhibit(
                    case.db.execute_sql, eid, exhibit, title, deleted), recorded=size, actual=len(data)))
        for lid, digest, data in sql_rows(case.db, "SELECT id, sha256, pdf FROM letter"):
            if not isinstance(data, bytes) or sha256_hex(data) != digest:
                out.append(finding("letter_mismatch", id=lid, digest=str(digest)[:16]))
        out.extend(_chain_findings(case, progress))
        out.extend(redaction.problems(case.db.execute_sql))
        out.extend(_value_findings(case))
    return out


def _chain_findings(case: CaseFile, progress: Callable[[int, int], None] | None) -> list[Finding]:
    """The history's hash chain, and that every original and letter has its entry."""
    out = []
    tick = None
    if progress is not None:
        total = int(sql_rows(case.db, 'SELECT count(*) FROM "history"')[0][0])
        progress(0, total)

        def tick(done: int) -> None:
            progress(done, total)
    verified, broken = chain.verify(case.db.execute_sql, tick)
    if broken is not None:
        out.append(finding("chain_content" if broken.why == "content" else "chain_link",
                            number=broken.number, at=broken.at, verified=verified))
    for detail in chain.uncovered(case.db.execute_sql):
        out.append(exhibit_finding("never_added", {k: v for k, v in detail.items() if k != "sha256"},
                                   digest=detail["sha256"]))
    cut = _cut_tail(sql_rows(case.db, 'SELECT "updated" FROM "case" LIMIT 1'),
                    sql_rows(case.db, 'SELECT "at" FROM "history" ORDER BY "id" DESC LIMIT 1'))
    if cut is not None:
        out.append(finding("chain_cut", changed=cut[0], last=cut[1]))
    return out


def _cut_tail(updated: list[Any], last: list[Any]) -> tuple[str, str] | None:
    """(changed, last entry) when the case's last change is later than its last history
    entry: every change is logged in the same transaction with the same time, so entries
    were removed from the end. (The hash chain cannot see a cut tail by itself; someone
    who also rewrites ``updated`` is caught only by a chain head kept elsewhere, as the
    evidence-preservation sheet prints it.)"""
    if not updated or not last:
        return None
    try:
        later = datetime.fromisoformat(str(updated[0][0])) > datetime.fromisoformat(str(last[0][0]))
    except (TypeError, ValueError):  # not times, or one without its offset: nothing to say
        return None
    return (str(updated[0][0]), str(last[0][0])) if later else None


# Tables whose rows can be passed over when SQL finds every value fine
# (``understood.doubtful_rows``): what read_understood checks across their rows is said
# here by no finding (chat lines of an exhibit left out: "rows"; tracking numbers given
# twice: kept once). Exhibits, their bytes, OCR results and letters are checked together,
# so read whole. Row by row in Python, 1,000,000 history entries took 30 s and 1,000,000
# chat lines 9 s (and 660 MB).
_PASSED_OVER = ("history", "chat_message", "step", "countdown", "tracking")


def _value_findings(case: CaseFile) -> list[Finding]:
    """Every stored value checked as ``import`` checks it (enums, ISO times, exhibit
    numbers): what import would leave out or renumber is a problem here. (The schema
    itself was compared when the file was opened.)"""
    from tbcase.domain.errors import KnownError
    from tbcase.storage.leftout import RepairReport, named
    from tbcase.storage.understood import doubtful_rows, read_understood

    report = RepairReport()
    con = case.db.connection()  # type: ignore[no-untyped-call]

    def numbered(table: str, cols: list[str]) -> Iterable[tuple[int, tuple[Any, ...]]] | None:
        return doubtful_rows(con, table, cols) if table in _PASSED_OVER else None

    try:
        read_understood(con, report, numbered)
    except KnownError:
        return [finding("value_unreadable")]
    # a hash mismatch is reported above, with the rows that hang on that exhibit
    return [named(case.db.execute_sql, i, f"value_{i.code}") for i in report.items
            if i.code not in ("bytes", "letter", "rows")]
