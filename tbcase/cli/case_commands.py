"""Commands on one case: new, set, show, add, check, export, import, track, step,
countdown, letter."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    deadline_engine,
    fmt_time,
    library_of,
    open_case,
    print_json,
    step_line,
    warn,
)
from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    EvidenceKind,
    Via,
    format_amount,
    now,
    order_number_warnings,
    parse_date,
    parse_datetime,
    to_iso,
)
from tbcase.storage.inputs import file_name
from tbcase.storage.private import write_private

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.records import Exhibit


def cmd_new(args: argparse.Namespace) -> int:
    w = args.wording
    lib = library_of(args)
    if args.from_screenshot:
        from tbcase.cli.ocr_commands import cmd_new_from_screenshot

        return cmd_new_from_screenshot(args, lib)
    if not args.order or not args.type:
        warn("tbcase new: --order and --type (or --from-screenshot IMG)")
        return EXIT_USAGE
    for code in order_number_warnings(args.order.replace(" ", "")):
        warn(w.error(code))
    with lib.create(order_no=args.order, name=args.name, complaint_type=args.type, shop=args.shop,
                    item=args.item, amount=args.amount, ordered=args.ordered, signed=args.signed,
                    outcome=args.outcome, platform=args.platform) as case:
        print(case.path)
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    w = args.wording
    with open_case(args) as case:
        case.set_field(args.field, args.value)
        if args.field == "order":
            for code in order_number_warnings(case.case().order_no):
                warn(w.error(code))
    return EXIT_OK


def _case_json(case: CaseFile) -> dict[str, Any]:
    row = case.case()
    return {
        "path": str(case.path),
        "schema_version": case.schema_version(),
        "order_no": row.order_no, "platform": row.platform.value, "shop": row.shop,
        "seller_entity": row.seller_entity, "seller_address": row.seller_address, "item": row.item,
        "amount": format_amount(row.amount_fen) or None, "ordered": to_iso(row.ordered_at),
        "signed": to_iso(row.signed_at), "type": row.complaint_type.value,
        "outcome": row.outcome.value, "status": row.status.value, "facts": row.facts,
        "demands": row.demands, "notes": row.notes, "buyer_nick": row.buyer_nick,
        "complainant": asdict(row.complainant),
        "created": to_iso(row.created), "updated": to_iso(row.updated),
    }


def _evidence_json(info: Exhibit) -> dict[str, Any]:
    d = info.as_json()
    del d["width"], d["height"]
    if info.media_type.startswith("image/"):
        d.update(width=info.width, height=info.height)
    return d


def _page_messages(case: CaseFile, evidence: list[dict[str, Any]], start: int, budget: int) -> None:
    """Give each chat exhibit its ``messages_total`` and its part of one page of chat lines:
    the case's lines in exhibit order, from line ``start`` on, at most ``budget`` in all
    (a case with half a million lines is never read, or printed, whole)."""
    counts = case.evidence.message_counts()
    for d in evidence:
        if d["kind"] != EvidenceKind.CHAT:
            continue
        total = counts.get(d["id"], 0)
        skip = min(start, total)
        start -= skip
        take = min(budget, total - skip)
        budget -= take
        page = case.evidence.messages(d["id"], offset=skip, limit=take) if take else []
        d["messages_total"] = total
        d["messages_from"] = skip
        d["messages"] = [m.as_json() for m in page]


def cmd_show(args: argparse.Namespace) -> int:
    w = args.wording
    from tbcase.domain.checklist import readiness

    with open_case(args) as case:
        data = _case_json(case)
        evidence = case.evidence.all()
        tracking = case.tracking.all()
        steps = case.steps.all()
        data["evidence"] = [_evidence_json(e) for e in evidence]
        if args.json:
            _page_messages(case, data["evidence"], args.messages_from, args.messages)
        data["tracking"] = [t.as_json() for t in tracking]
        data["steps"] = [s.as_json() for s in steps]
        data["letters"] = [lt.as_json() for lt in case.letters.all()]
        ready = readiness(case.case(), evidence, tracking)
    data["checklist"] = [{"item": i.key, "present": i.present} for i in ready]
    if args.json:
        print_json(data)
        return EXIT_OK
    print(f"{data['order_no']}  {data['shop']}  {data['item']}")
    print(f"  {w.word('type.' + data['type'])} · {w.word('outcome.' + data['outcome'])} · "
          f"{w.word('status.' + data['status'])} · ¥{data['amount'] or '-'}")
    print(f"  {data['path']}")
    for e in data["evidence"]:
        print(f"  {w.word('cli.exhibit').format(n=e['exhibit'])}  {w.word('kind.' + e['kind']):6} {e['title']}  "
              f"{e['size']} B  sha256:{e['sha256'][:16]}")
    for t in tracking:
        print(f"  {t.number}  {w.carrier(t.carrier)}  {w.word('direction.' + t.direction.value)}  "
              f"{fmt_time(t.signed)}")
    for s in steps:
        print(step_line(s, w))
    missing = [i for i in ready if not i.present]
    if missing:
        sep = w.list_separator()
        print("  " + w.word("cli.missing") + sep.join(w.word("check." + i.key) for i in missing))
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    """Every history entry worded in the user's language from its data (the same words
    as the window's history tab); ``--json`` adds them to each entry as stored."""
    w = args.wording
    with open_case(args) as case:
        history = case.history()
    rows = [(h, w.history(h.what, h.detail)) for h in history]
    if args.json:
        print_json([{**h.as_json(), "words": dict(zip(("what", "before", "after"), words, strict=True))}
                    for h, words in rows])
        return EXIT_OK
    for h, (what, before, after) in rows:
        change = f"{before} → {after}" if before and after else before or after
        print(f"{h.id:4}  {fmt_time(h.at)}  {what}  {change}".rstrip().replace("\n", " ⏎ "))
    return EXIT_OK


def _expand(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():  # every entry but folders: a FIFO or device is reported, not skipped
            out.extend(sorted(q for q in path.rglob("*") if not q.is_dir()))
        else:
            out.append(path)
    return out


def cmd_add(args: argparse.Namespace) -> int:
    w = args.wording
    with open_case(args) as case:
        if args.files == ["-"]:
            data = sys.stdin.buffer.read()
            info = case.evidence.add(data, "stdin.txt", kind=args.kind or EvidenceKind.CHAT,
                                     title=args.title or w.word("kind.chat"), via=Via.CLI)
            print(f"{w.word('cli.exhibit').format(n=info.exhibit)}  {info.title}  sha256:{info.sha256[:16]}")
            return EXIT_OK
        paths = _expand(args.files)
        interactive = sys.stderr.isatty()

        def progress(i: int, n: int, name: str) -> None:
            if interactive and n > 1:
                print(f"\r{i}/{n} {name[:40]:40}", end="", file=sys.stderr, flush=True)

        try:
            added, failed = case.evidence.import_files(paths, kind=args.kind, title=args.title,
                                              progress=progress, via=Via.CLI)
        finally:
            if interactive and len(paths) > 1:
                print(file=sys.stderr)
        for info in added:
            dup = f"  ({w.word('cli.duplicate')})" if info.duplicate else ""
            print(f"{w.word('cli.exhibit').format(n=info.exhibit)}  {w.word('kind.' + str(info.kind))}  {info.title}  "
                  f"sha256:{info.sha256[:16]}{dup}")
        for path, exc in failed:
            exc.params.setdefault("name", file_name(path))  # undecodable bytes escaped
            warn(w.error(exc.code, **exc.params))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    w = args.wording
    from tbcase.storage.casefile import CaseFile

    lib = library_of(args)
    if args.all:
        paths = lib.case_paths()
    elif args.case:
        paths = [lib.resolve(args.case)]
    else:
        warn(w.error("case_or_all", command="check"))
        return EXIT_USAGE
    bad = 0
    interactive = sys.stderr.isatty()
    for path in paths:
        def progress(done: int, total: int, name: str = path.name) -> None:
            if interactive and total >= 10_000:  # a long history: seconds, not a hang
                line = w.word("cli.check_progress").format(name=name, done=done, total=total)
                print(f"\r{line[:70]:70}", end="", file=sys.stderr, flush=True)

        try:
            with CaseFile.open(path) as case:
                problems = [w.finding(f) for f in case.findings(progress)]  # in the user's language
                anchors = case.letters.anchors()
        except KnownError as exc:
            problems, anchors = [w.error(exc.code, **exc.params)], []
        finally:
            if interactive:
                print("\r" + " " * 70 + "\r", end="", file=sys.stderr, flush=True)
        if problems:
            bad += 1
            print(f"{path.name}:")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{path.name}: OK")
        for a in anchors:  # what each letter's sheet printed, as its chained entry recorded it
            print("  " + w.error("sheet_anchor", letter=a.letter, sent=a.sent or "-", entry=a.entry,
                                 digest=a.manifest_sha256))
    return EXIT_PROBLEMS if bad else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    w = args.wording
    from tbcase.pdf.public import export_public
    from tbcase.storage.bundle import export_case

    with open_case(args) as case:
        written = (export_public if args.public else export_case)(case, Path(args.output))
        print(written)
    if args.public:  # pictures that went out unredacted: the user should have looked at them
        manifest = json.loads((written.parent / "manifest.json").read_text(encoding="utf-8"))
        for f in manifest["files"]:
            if not f["redacted"]:
                warn(w.error("public_unredacted", exhibit=f["exhibit"]))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    library = library_of(args)
    bundle = source.is_dir() or source.name == "manifest.json"
    path, problems = library.import_bundle(source) if bundle else library.import_case_report(source)
    for p in problems:
        warn(args.wording.finding(p))
    print(path)
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_track(args: argparse.Namespace) -> int:
    w = args.wording
    with open_case(args) as case:
        row = case.tracking.add(args.number, carrier=args.carrier, direction=args.direction,
                                signed=args.signed, note=args.note or "")
    if args.json:
        print_json(row.as_json())
    else:
        print(f"{row.number}  {w.carrier(row.carrier)} ({row.carrier})  {row.direction.value}")
    return EXIT_OK


def cmd_step(args: argparse.Namespace) -> int:
    w = args.wording
    with open_case(args) as case:
        step = case.steps.add(args.kind, at=args.at, ref=args.ref or "", note=args.note or "")
    print(f"{fmt_time(step.at)}  {w.word('step.' + step.kind.value)}")
    return EXIT_OK


def cmd_withdraw(args: argparse.Namespace) -> int:
    """Take back a step recorded by mistake (its number is the #N that show and timeline list)."""
    w = args.wording
    with open_case(args) as case:
        told = case.steps.letters_telling(args.step)
        step = case.steps.withdraw(args.step, args.reason or "")
    print(w.word("cli.withdrawn").format(step=step_line(step, w).strip()))
    if told:
        print(w.withdrawn_told(told))
    return EXIT_OK


def cmd_countdown(args: argparse.Namespace) -> int:
    from tbcase.domain.countdown import parse_countdown

    with open_case(args) as case:
        try:
            due = parse_datetime(args.due)
        except KnownError:
            due = parse_countdown(args.due, now())
        case.steps.add_countdown(args.label, due)
    print(fmt_time(due))
    return EXIT_OK


def cmd_manifest(args: argparse.Namespace) -> int:
    """The evidence-preservation sheet as PDF, or (--json) the manifest itself: the bytes an
    export writes as manifest.json, whose SHA-256 the sheet prints."""
    from tbcase.storage.manifest import build_manifest

    with open_case(args) as case:
        manifest = build_manifest(case)
    if args.json:
        if args.output:
            write_private(args.output, manifest.canonical())
        else:
            sys.stdout.buffer.write(manifest.canonical())
            return EXIT_OK
    else:
        if not args.output:
            warn("tbcase manifest: -o FILE.pdf, or --json")
            return EXIT_USAGE
        from tbcase.pdf.manifest import render_sheet

        write_private(args.output, render_sheet(manifest, now()))
    print(args.output)
    print(f"manifest sha256:{manifest.sha256()}")
    return EXIT_OK


def cmd_letter(args: argparse.Namespace) -> int:
    w = args.wording
    from tbcase.pdf.letter import render_case_letter

    sent = parse_date(args.sent) if args.sent else now().date()
    with open_case(args) as case:
        result = render_case_letter(case, deadline_engine(), sent=sent, with_sheet=not args.no_sheet)
        write_private(args.output, result.pdf)
        case.letters.add(result.pdf, sent, result.manifest_sha256)
        if args.copy_sheet:
            write_private(args.copy_sheet, result.copy_sheet)
    for hint in result.hints:
        warn(w.word("cli.hint") + w.tone(hint))
    print(args.output)
    return EXIT_OK
