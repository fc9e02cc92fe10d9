"""The command line's OCR commands: ``ocr``, ``new --from-screenshot``, ``suggest``, ``find``.

Kept beside ``cli`` (which registers them) so the OCR work stays in its own modules.
The engine is the optional extra: without it these commands say how to install it, and
``find`` still searches chat logs and whatever text was read before.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase.domain.errors import KnownError
from tbcase.domain.model import format_amount, to_iso
from tbcase.domain.ocrfields import OrderFields, extract

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile

EXIT_OK, EXIT_FAILED = 0, 3


def _print_json(obj: object) -> None:
    import json

    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _engine():
    from tbcase.ocr import engine

    if not engine.available():
        raise KnownError("ocr_missing")
    return engine


def read_pending(case: CaseFile, progress=None) -> tuple[int, int, list[tuple[int, KnownError]]]:
    """OCR every image of ``case`` not read yet; (read now, read before, failures)."""
    engine = _engine()
    pending = case.ocr.pending()
    images = sum(1 for e in case.evidence.all() if e.media_type.startswith("image/"))
    failed: list[tuple[int, KnownError]] = []
    for i, eid in enumerate(pending, 1):
        if progress is not None:
            progress(i, len(pending), eid)
        try:
            boxes = engine.recognise(case.evidence.original(eid))
        except KnownError as exc:
            failed.append((eid, exc))
            continue
        case.ocr.save(eid, engine.engine_name(), engine.engine_version(), boxes)
    return len(pending) - len(failed), images - len(pending), failed


def cmd_ocr(args: argparse.Namespace, library) -> int:
    from tbcase.storage.casefile import CaseFile

    w = args.wording

    _engine()
    if args.all:
        paths = library.case_paths()
    elif args.case:
        paths = [library.resolve(args.case)]
    else:
        print(w.error("case_or_all", command="ocr"), file=sys.stderr)
        return 2
    interactive = sys.stderr.isatty()
    bad = 0
    for path in paths:
        def progress(i: int, n: int, eid: int, name: str = path.name) -> None:
            line = w.word("cli.ocr_progress").format(i=i, n=n, name=name)
            if interactive:
                print(f"\r{line[:70]:70}", end="", file=sys.stderr, flush=True)
            else:
                print(line, file=sys.stderr, flush=True)

        try:
            with CaseFile.open(path) as case:
                done, before, failed = read_pending(case, progress)
                numbers = {e.id: e.exhibit for e in case.evidence.all()}
        except KnownError as exc:
            print(f"{path.name}: {w.error(exc.code, **exc.params)}", file=sys.stderr)
            bad += 1
            continue
        finally:
            if interactive:
                print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
        print(w.word("cli.ocr_done").format(name=path.name, done=done, before=before))
        for eid, exc in failed:  # each exhibit by its number, not the file's internal id
            which = w.exhibit(numbers[eid]) if eid in numbers else w.error("check.named_gone")
            print(w.word("cli.ocr_failed").format(exhibit=which, error=w.ocr_failure(exc)), file=sys.stderr)
        bad += bool(failed)
    return EXIT_FAILED if bad else EXIT_OK


def _fields_json(f: OrderFields) -> dict[str, Any]:
    def one(found, value) -> dict[str, Any] | None:
        return None if found is None else {"value": value, "text": found.text, "box": list(found.box)}

    return {
        "order": one(f.order_no, f.order_no.value if f.order_no else None),
        "amount": one(f.amount_fen, format_amount(f.amount_fen.value) if f.amount_fen else None),
        "refund": one(f.refund_fen, format_amount(f.refund_fen.value) if f.refund_fen else None),
        "shop": one(f.shop, f.shop.value if f.shop else None),
        "item": one(f.item, f.item.value if f.item else None),
        "ordered": one(f.ordered_at, to_iso(f.ordered_at.value) if f.ordered_at else None),
        "signed": one(f.signed_at, to_iso(f.signed_at.value) if f.signed_at else None),
        "tracking": [{"number": t.number, "carrier": t.carrier.code, "text": t.text, "box": list(t.box)}
                     for t in f.tracking],
    }


def cmd_new_from_screenshot(args: argparse.Namespace, library) -> int:
    """A new case from an order-detail screenshot: the fields read from it, the
    screenshot as exhibit 1 (its OCR kept, so it is never read again)."""
    w = args.wording
    from tbcase.storage.inputs import file_name, read_bounded
    from tbcase.storage.intake import MAX_EVIDENCE_BYTES
    from tbcase.storage.screenshots import create_from_screenshot

    engine = _engine()
    source = Path(args.from_screenshot)
    data = read_bounded(source, MAX_EVIDENCE_BYTES).data
    boxes = engine.recognise(data)
    fields = extract(boxes)
    order = args.order or (fields.order_no.value if fields.order_no else None)
    if not order:
        raise KnownError("ocr_no_order", name=file_name(source))
    path = create_from_screenshot(
        library, data, file_name(source), boxes, (engine.engine_name(), engine.engine_version()),
        order_no=order, name=args.name, complaint_type=args.type or "quality",
        shop=args.shop or (fields.shop.value if fields.shop else ""),
        item=args.item or (fields.item.value if fields.item else ""),
        amount=args.amount or (format_amount(fields.amount_fen.value) if fields.amount_fen else None),
        ordered=args.ordered or (to_iso(fields.ordered_at.value) if fields.ordered_at else None),
        signed=args.signed or (to_iso(fields.signed_at.value) if fields.signed_at else None),
        outcome=args.outcome, platform=args.platform,
        tracking=[(t.number, t.carrier.code if t.carrier.code != "unknown" else None) for t in fields.tracking])
    if args.json:
        _print_json({"path": str(path), "exhibit": 1, "read": _fields_json(fields)})
        return EXIT_OK
    print(path)
    for name, item in _fields_json(fields).items():
        if name == "tracking":
            for t in item:
                print(f"  {w.word('cli.ocr_field.tracking')}: {t['number']} ({t['carrier']})  box {t['box']}")
        elif item is not None:
            print(f"  {w.word('cli.ocr_field.' + name)}: {item['value']}  box {item['box']}")
    print("  " + w.word("cli.ocr_check"))
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace, library) -> int:
    """What the case's screenshots say that the case does not; ``--accept N`` writes the
    N-th (a number from the list this command prints)."""
    w = args.wording
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.screenshots import accept_number, case_suggestions

    with CaseFile.open(library.resolve(args.case)) as case:
        if args.accept is not None:
            done = accept_number(case, args.accept)
            print(w.word("cli.suggest_accepted") + f"{done.field} = {done.value}")
        found = case_suggestions(case)
        pending = len(case.ocr.pending())
    if args.json:
        _print_json({"suggestions": [asdict(s) for s in found], "images_not_read": pending})
        return EXIT_OK
    if pending:
        print(w.word("cli.ocr_pending").format(n=pending), file=sys.stderr)
    for n, s in enumerate(found, 1):
        where = w.word("cli.exhibit").format(n=s.exhibit)
        current = f" ({w.word('cli.suggest_current')}: {s.current})" if s.current else ""
        print(f"{n:2}. {w.word('cli.suggest.' + s.kind)}  {s.field} = {s.value}{current}  [{where}: {s.text}]")
    if not found:
        print(w.word("cli.suggest_none"))
    return EXIT_OK


def cmd_find(args: argparse.Namespace, library) -> int:
    w = args.wording
    hits = library.find(args.text)
    if args.json:
        _print_json([{**asdict(h), "path": str(h.path)} for h in hits])
        return EXIT_OK
    for h in hits:
        where = w.word("cli.exhibit").format(n=h.exhibit) if h.exhibit else w.word("cli.find_case")
        print(f"{h.order_no:20} {where} ({w.word('cli.find_kind.' + h.kind)})  {h.snippet}")
    return EXIT_OK if hits else 1


def add_parsers(sub, library_of) -> None:
    """Register ``ocr``, ``suggest`` and ``find``; ``library_of(args)`` gives the library."""
    o = sub.add_parser("ocr", help="read the text in a case's images (offline OCR, once per image)")
    o.add_argument("case", nargs="?")
    o.add_argument("--all", action="store_true")
    o.set_defaults(func=lambda a: cmd_ocr(a, library_of(a)))

    sg = sub.add_parser("suggest", help="what the case's screenshots say that the case does not")
    sg.add_argument("case")
    sg.add_argument("--json", action="store_true")
    sg.add_argument("--accept", type=int, metavar="N", help="write suggestion N (as numbered in the list)")
    sg.set_defaults(func=lambda a: cmd_suggest(a, library_of(a)))

    f = sub.add_parser("find", help="search every case's fields, chat logs and image text")
    f.add_argument("text")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=lambda a: cmd_find(a, library_of(a)))
