"""The export bundle, both halves of one format: ``export_case`` writes a folder with
the originals (named by exhibit number) and ``manifest.json`` (``storage/manifest.py``,
the same record the evidence-preservation sheet prints); ``import_bundle`` builds a new
case from such a folder, treating it as untrusted input: every original is checked
against its SHA-256 and the sender's history chain is verified, not trusted."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase import __version__
from tbcase.domain.errors import KnownError
from tbcase.domain.model import Via, format_amount, parse_datetime
from tbcase.domain.redact import Box
from tbcase.storage import chain, history, writeprobe
from tbcase.storage.inputs import read_bounded
from tbcase.storage.intake import MAX_EVIDENCE_BYTES
from tbcase.storage.integrity import Finding, finding
from tbcase.storage.manifest import FORMAT, MANIFEST, build_manifest

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library
    from tbcase.storage.records import Exhibit

MAX_MANIFEST_BYTES = 256 * 1024 * 1024  # 500k chat lines of history fit; /dev/zero does not


def export_case(case: CaseFile, target: Path, report: Callable[[int, int, str], None] | None = None) -> Path:
    """The case as plain files: originals by exhibit number and a manifest.json, written
    whole or not at all (``ExportFolder``: a new private folder renamed into place).
    ``report(done, total, name)`` follows the originals written."""
    from tbcase.storage.exportdir import ExportFolder

    writeprobe.opened()  # test hook (fault tests only): the export counts as a write
    try:
        with case.snapshot(), ExportFolder(target) as out:  # the files are those the manifest lists
            manifest = build_manifest(case)
            for i, item in enumerate(manifest.items):
                if report is not None:
                    report(i, len(manifest.items), item.file)
                name = out.write(item.file, case.evidence.original(item.exhibit.id))
                assert name == item.file  # the manifest's names are already unique
                if item.redacted is not None:
                    copy = case.redactions.data(item.exhibit.id)
                    assert copy is not None  # the manifest was built from it just now
                    name = out.write(item.redacted.file, copy)
                    assert name == item.redacted.file
            out.write(MANIFEST, manifest.canonical())
            writeprobe.holding()
    finally:
        writeprobe.closed()
    return Path(target) / MANIFEST


def export_case_file(path: str, target: str, report: Callable[[int, int, str], None] | None = None) -> str:
    """``export_case`` of the case file at ``path``, opened read-only here: the window's
    worker process runs this (``tbcase/ui/case_commands.py``), after the writes queued
    before it are committed. Returns the written manifest's path."""
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(Path(path), readonly=True) as case:
        return str(export_case(case, Path(target), report))


def import_bundle(library: Library, folder: Path) -> tuple[Path, list[Finding]]:
    """A case from a folder written by ``export_case`` (manifest.json and the originals).

    Only plain file names inside the folder are read (a manifest naming ``../x`` or an
    absolute path is refused for that item), every file is checked against its
    SHA-256, and nothing is written anywhere but the new case file in the library.
    Returns the new case file and the problems found (items left out), as findings a
    ``Wording`` words in the user's language.
    """
    folder = Path(folder)
    if folder.is_file():
        folder = folder.parent
    try:
        manifest = json.loads(read_bounded(folder / MANIFEST, MAX_MANIFEST_BYTES).data.decode("utf-8"))
        case_fields = manifest["case"]
        items = list(manifest.get("evidence", []))
        order_no = case_fields["order_no"]
        complaint_type = case_fields["complaint_type"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise KnownError("manifest_bad", detail=str(exc)[:200]) from None
    for field, value in (("order_no", order_no), ("complaint_type", complaint_type)):
        if not isinstance(value, str):  # an export writes text: a list or a float made an odd file name
            raise KnownError("manifest_not_text", field=field, value=json.dumps(value, ensure_ascii=False)[:60])
    if manifest.get("format") != FORMAT:
        raise KnownError("manifest_bad", detail="format")
    root = folder.resolve()
    problems: list[Finding] = []
    fields: dict[str, Any] = {k: str(case_fields[k]) for k in ("shop", "item", "platform", "outcome")
                              if case_fields.get(k)}
    from tbcase.storage.casefile import CaseFile

    # The case is built under a temporary name and linked into place only when complete:
    # an import that is killed half-way leaves no half case in the library (and does not
    # block importing the same bundle again).
    library.ensure()
    final = library.path_for(order_no)
    if final.exists():
        raise KnownError("case_exists", path=str(final))
    tmp = final.with_name(final.name + ".importing")
    _remove_with_sidecars(tmp)  # left by an import that was killed
    try:
        _fill(CaseFile.create(tmp, order_no=order_no, complaint_type=complaint_type, **fields),
              root, case_fields, items, manifest, problems)
        try:
            os.link(tmp, final)  # atomic, and never replaces a file that appeared meanwhile
        except FileExistsError:
            raise KnownError("case_exists", path=str(final)) from None
        except OSError:  # no hard links on this file system
            if final.exists():
                raise KnownError("case_exists", path=str(final)) from None
            os.replace(tmp, final)
    finally:
        _remove_with_sidecars(tmp)
    return final, problems


def _remove_with_sidecars(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def _fill(new_case: CaseFile, root: Path, case_fields: dict[str, Any], items: list[Any],
          manifest: dict[str, Any], problems: list[Finding]) -> None:
    """Everything the bundle holds, into the new case: its fields, exhibits (with their
    capture times and notes), tracking numbers, steps, countdowns, and last the status."""
    with new_case as case:
        for name, column in case.SETTABLE.items():
            value = case_fields.get(column)
            if name in ("order", "type", "status") or value in (None, ""):
                continue  # the order and type made the case; the status follows the steps
            if name == "amount":
                value = format_amount(value) if isinstance(value, int) else None
            try:
                case.set_field(name, str(value))
            except KnownError as exc:
                problems.append(_failed("import_field", exc, field=name))
        said = bundle_chain(manifest)
        with case.writing():
            case.log("case.imported", None, "bundle", tbcase=__version__, **said.detail())
        if not said.held:
            problems.append(finding(f"import_chain_{said.state}", number=said.broken_at,
                                    at=said.broken_time, verified=said.verified))
        for item in sorted(items, key=_exhibit_number):
            found, added = _import_item(case, root, item)
            problems.extend(found)
            if added is not None and isinstance(item.get("redacted"), dict):
                problems.extend(_import_copy(case, root, added, item["redacted"]))
        for t in manifest.get("tracking", []):
            try:
                case.tracking.add(str(t["number"]), carrier=_opt_str(t.get("carrier")),
                                  direction=str(t.get("direction", "out")),
                                  signed=_opt_str(t.get("signed")), note=str(t.get("note") or ""))
            except (KnownError, KeyError, TypeError, AttributeError) as exc:
                problems.append(_failed("import_tracking", exc))
        for st in manifest.get("steps", []):
            try:
                case.steps.add(str(st["kind"]), at=str(st["at"]), ref=str(st.get("ref", "")),
                               note=str(st.get("note", "")))
            except (KnownError, KeyError, TypeError, AttributeError) as exc:
                problems.append(_failed("import_step", exc))
        for c in manifest.get("countdowns", []):
            try:
                created = c.get("created")
                case.steps.add_countdown(str(c["label"]), str(c["due"]),
                                         parse_datetime(str(created)) if created else None)
            except (KnownError, KeyError, TypeError, AttributeError) as exc:
                problems.append(_failed("import_countdown", exc))
        status = case_fields.get("status")
        if status:
            try:
                case.set_field("status", str(status))
            except KnownError as exc:
                problems.append(_failed("import_status", exc))


def bundle_chain(manifest: dict[str, Any]) -> chain.SourceChain:
    """Whether the bundle's history, as listed, is the sender's hash chain: every entry
    re-hashed from its listed content and the one before it (nothing is trusted: a bundle
    of version 1 or one edited by hand says so), and the ``history_head`` compared.
    Returns the finding as data (for the ``case.imported`` entry; ``held`` says whether
    it held)."""
    entries = manifest.get("history")
    if not isinstance(entries, list) or not entries or not any(
            isinstance(e, dict) and "hash" in e for e in entries):
        return chain.SourceChain("none", where="bundle")
    rows: list[tuple[Any, ...]] = []
    prev = chain.GENESIS
    for e in entries:
        if not isinstance(e, dict):
            return chain.SourceChain("unreadable", where="bundle")
        detail = e.get("detail")
        rows.append((e.get("n"), e.get("at"), e.get("what"), e.get("old"), e.get("new"), prev,
                     e.get("hash"), history.detail_text(detail) if isinstance(detail, dict) else None))
        prev = str(e.get("hash"))
    verified, broken = chain.verify_rows(rows)
    if broken is not None:
        return chain.SourceChain("broken", verified, broken.number, str(broken.at)[:40], where="bundle")
    head = manifest.get("history_head")
    if isinstance(head, dict) and (head.get("n"), head.get("hash")) != (rows[-1][0], rows[-1][6]):
        return chain.SourceChain("cut", verified, where="bundle")
    return chain.SourceChain("verified", verified, head=prev, where="bundle")


def _failed(code: str, exc: BaseException, **params: object) -> Finding:
    """A problem with a known error (worded in its place), or with an entry of the manifest
    that is not what an export writes (a key missing, a list where a string belongs)."""
    if isinstance(exc, KnownError):
        return finding(code, **{**exc.params, **params}, error=exc.code)
    return finding(code, **params, error="check.import_entry_bad", detail=str(exc)[:80])


def _read_listed(root: Path, name: str, sha256: object, **where: object) -> bytes | Finding:
    """A file the manifest lists, read only by a plain name inside the folder, bounded and
    checked against its SHA-256: its bytes, or the problem."""
    path = (root / name).resolve()
    if not name or Path(name).name != name or path.parent != root or not path.is_file():
        return finding("import_unsafe_name", name=name, **where)
    try:  # a regular file of at most the evidence limit, hashed while read
        got = read_bounded(path, MAX_EVIDENCE_BYTES)
    except KnownError as exc:
        return _failed("import_file", exc, name=name, **where)
    if got.sha256 != sha256:
        return finding("import_hash_mismatch", name=name, **where)
    return got.data


def _import_item(case: CaseFile, root: Path, item: Any) -> tuple[list[Finding], Exhibit | None]:
    """One exhibit of the bundle, checked against its SHA-256: the problems found and the
    exhibit added."""
    if not isinstance(item, dict):
        return [finding("import_not_item")], None
    name = str(item.get("file", ""))
    data = _read_listed(root, name, item.get("sha256"))
    if isinstance(data, Finding):
        return [data], None
    captured = None
    when, source = item.get("captured"), item.get("captured_source")
    if when and source:
        try:
            captured = (parse_datetime(str(when)), str(source))
        except KnownError:
            pass  # then the file's own time, as for a new item
    try:
        info = case.evidence.add(data, str(item.get("original_name") or name),
                                 kind=_opt_str(item.get("kind")), title=_opt_str(item.get("title")),
                                 captured=captured, via=Via.IMPORT)
        if item.get("note"):
            case.evidence.update(info.id, note=str(item["note"]))
    except KnownError as exc:
        return [_failed("import_file", exc, name=name)], None
    return [], info


def _import_copy(case: CaseFile, root: Path, exhibit: Exhibit, listed: dict[str, Any]) -> list[Finding]:
    """The exhibit's redacted copy, made again here from the imported original (an image:
    the listed boxes burned in; a chat log: the sender's ■ copy, accepted only if it is the
    original with characters masked). Its history entry says it came with the bundle and
    whether it is byte for byte the sender's copy. Losing it would print the unredacted
    original in the next letter, so a copy that cannot be taken over is named."""
    of = exhibit.exhibit
    boxes = listed.get("boxes")
    try:
        parsed = [Box(*(int(n) for n in b)) for b in boxes] if isinstance(boxes, list) else []
    except (TypeError, ValueError):
        return [finding("import_copy_boxes", copy_of=of)]
    name = str(listed.get("file", ""))
    data = _read_listed(root, name, listed.get("sha256"), copy_of=of)
    copy = data if isinstance(data, bytes) else None
    problems = [data] if isinstance(data, Finding) else []
    try:
        made = case.redactions.take_over(exhibit.id, parsed, copy, str(listed.get("sha256", ""))[:64])
    except KnownError as exc:
        return [*problems, _failed("import_file", exc, name=name, copy_of=of)]
    if made.sha256 != listed.get("sha256") and copy is not None:
        problems.append(finding("import_copy_remade", copy_of=of))
    return problems


def _exhibit_number(item: Any) -> int:
    number = item.get("exhibit") if isinstance(item, dict) else None
    return number if isinstance(number, int) else 0


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
