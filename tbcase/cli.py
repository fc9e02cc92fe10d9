"""The command line: ``tbcase [--library DIR] COMMAND ...``.

Exit codes: 0 success, 1 a check found problems, 2 a usage error, 3 a clear
user-facing failure (one line on stderr), 4 an internal error (one line; set
TBCASE_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase import __version__
from tbcase.domain.errors import CancelledError, KnownError
from tbcase.domain.ladder import Deadline, Rule, headline
from tbcase.domain.model import (
    ComplaintType,
    Direction,
    EvidenceKind,
    Outcome,
    StepKind,
    format_amount,
    format_due,
    now,
    order_number_warnings,
    parse_date,
    parse_datetime,
    to_iso,
)
from tbcase.messages import (
    label,
    language,
    message,
    rule_period_text,
    rule_starts_text,
    rule_valid_text,
)
from tbcase.paths import default_library_dir
from tbcase.storage.private import write_private

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.records import Exhibit

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_FAILED, EXIT_BUG = 0, 1, 2, 3, 4


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _warn(text: str) -> None:
    print(text, file=sys.stderr)


# ---------------------------------------------------------------- helpers over layers


def _library(args: argparse.Namespace):
    from tbcase.storage.library import Library

    return Library(args.library or default_library_dir())


def _open(args: argparse.Namespace):
    from tbcase.storage.casefile import CaseFile

    return CaseFile.open(_library(args).resolve(args.case))


def _engine():
    from tbcase.storage.engine import DeadlineEngine

    return DeadlineEngine()


def deadline_json(d: Deadline, lang: str | None = None) -> dict:
    zh = (lang or language()) != "en"
    return {
        "rule": d.rule,
        "label": d.label_zh if zh else d.label_en,
        "label_zh": d.label_zh,
        "label_en": d.label_en,
        "who": d.who,
        "starts": to_iso(d.starts),
        "due": to_iso(d.due),
        "legal_due": to_iso(d.legal_due),
        "state": d.state.value,
        "estimated": d.estimated,
        "legal_estimated": d.legal_estimated,
        "basis": d.basis.value,
        "source": d.source_zh if zh else d.source_en,
        "met_at": to_iso(d.met_at),
        "state_basis": d.state_basis.value,
        "note": d.note_zh if zh else d.note_en,
    }


def _fmt_time(when: datetime | None) -> str:
    return to_iso(when).replace("T", " ").replace("+08:00", "") if when else ""


def _deadline_line(d: Deadline) -> str:
    zh = language() != "en"
    mark = " *" + label("estimated") if d.estimated else ""
    legal = ""
    if d.legal_due is not None:
        key = "cli.extended_estimated" if d.legal_estimated else "cli.extended"
        legal = f" ({label(key).format(due=format_due(d.legal_due))})"
    name, source = (d.label_zh, d.source_zh) if zh else (d.label_en, d.source_en)
    note = d.note_zh if zh else d.note_en
    note = f"\n{'':20}! {note}" if note else ""
    return (f"  {format_due(d.due):16}  {label('state.' + d.state.value):10}  "
            f"{name}{legal}  [{label('basis.' + d.basis.value)}: {source}]{mark}{note}")


# ---------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace) -> int:
    lib = _library(args)
    for code in order_number_warnings(args.order.replace(" ", "")):
        _warn(message(code))
    with lib.create(order_no=args.order, name=args.name, complaint_type=args.type, shop=args.shop,
                    item=args.item, amount=args.amount, ordered=args.ordered, signed=args.signed,
                    outcome=args.outcome, platform=args.platform) as case:
        print(case.path)
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    with _open(args) as case:
        case.set_field(args.field, args.value)
        if args.field == "order":
            for code in order_number_warnings(case.case().order_no):
                _warn(message(code))
    return EXIT_OK


def _case_json(case: CaseFile) -> dict[str, Any]:
    row = case.case()
    return {
        "path": str(case.path),
        "schema_version": case.schema_version(),
        "order_no": row.order_no, "platform": row.platform.value, "shop": row.shop,
        "seller_entity": row.seller_entity, "item": row.item,
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
    if info.kind == EvidenceKind.CHAT:
        d["messages"] = [m.as_json() for m in info.messages]
    return d


def cmd_show(args: argparse.Namespace) -> int:
    from tbcase.domain.checklist import readiness

    with _open(args) as case:
        data = _case_json(case)
        evidence = case.evidence.all(with_messages=args.json)
        tracking = case.tracking.all()
        steps = case.steps.all()
        data["evidence"] = [_evidence_json(e) for e in evidence]
        data["tracking"] = [t.as_json() for t in tracking]
        data["steps"] = [s.as_json() for s in steps]
        data["letters"] = [lt.as_json() for lt in case.letters.all()]
        ready = readiness(case.case(), evidence, tracking)
    data["checklist"] = [{"item": i.key, "present": i.present} for i in ready]
    if args.json:
        _print_json(data)
        return EXIT_OK
    print(f"{data['order_no']}  {data['shop']}  {data['item']}")
    print(f"  {label('type.' + data['type'])} · {label('outcome.' + data['outcome'])} · "
          f"{label('status.' + data['status'])} · ¥{data['amount'] or '-'}")
    print(f"  {data['path']}")
    for e in data["evidence"]:
        print(f"  {label('cli.exhibit').format(n=e['exhibit'])}  {label('kind.' + e['kind']):6} {e['title']}  "
              f"{e['size']} B  sha256:{e['sha256'][:16]}")
    for t in tracking:
        print(f"  {t.number}  {t.carrier_zh}  {t.direction.value}  {_fmt_time(t.signed)}")
    for s in steps:
        print(f"  {_fmt_time(s.at)}  {label('step.' + s.kind.value)}  {s.ref}".rstrip())
    missing = [i for i in ready if not i.present]
    if missing:
        sep = "、" if language() != "en" else ", "
        print("  " + label("cli.missing") + sep.join(label("check." + i.key) for i in missing))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    lib = _library(args)
    engine = _engine()
    rows = []
    for entry in lib.entries():
        if entry.summary is None:
            rows.append({"path": str(entry.path), "error": message(entry.error,
                                                                   **(entry.error_params or {}))})
            continue
        s = entry.summary
        tl = engine.timeline(s.facts)
        nxt = headline(tl.deadlines)
        rows.append({
            "path": s.path, "order_no": s.order_no, "shop": s.shop, "item": s.item,
            "type": s.complaint_type, "status": s.status, "amount": s.amount or None,
            "evidence": s.evidence_count, "updated": to_iso(s.updated),
            "next_deadline": deadline_json(nxt) if nxt else None,
            "next_step": tl.next_step.action.value,
        })
    if args.json:
        _print_json(rows)
        return EXIT_OK
    for r in rows:
        if "error" in r:
            print(f"!  {Path(r['path']).name}: {r['error']}")
            continue
        due = ""
        if r["next_deadline"]:
            d = r["next_deadline"]
            due = f"  {label('state.' + d['state'])} {format_due(parse_datetime(d['due']))}"
        print(f"{r['order_no']:20} {r['shop'][:16]:16} {r['item'][:20]:20} "
              f"{label('status.' + r['status'])}{due}")
    return EXIT_OK


def _expand(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(q for q in path.rglob("*") if q.is_file()))
        else:
            out.append(path)
    return out


def cmd_add(args: argparse.Namespace) -> int:
    with _open(args) as case:
        if args.files == ["-"]:
            data = sys.stdin.buffer.read()
            info = case.evidence.add(data, "stdin.txt", kind=args.kind or EvidenceKind.CHAT,
                                     title=args.title or label("kind.chat"))
            print(f"{label('cli.exhibit').format(n=info.exhibit)}  {info.title}  sha256:{info.sha256[:16]}")
            return EXIT_OK
        paths = _expand(args.files)
        interactive = sys.stderr.isatty()

        def progress(i: int, n: int, name: str) -> None:
            if interactive and n > 1:
                print(f"\r{i}/{n} {name[:40]:40}", end="", file=sys.stderr, flush=True)

        try:
            added, failed = case.evidence.import_files(paths, kind=args.kind, title=args.title,
                                              progress=progress)
        finally:
            if interactive and len(paths) > 1:
                print(file=sys.stderr)
        for info in added:
            dup = f"  ({label('cli.duplicate')})" if info.duplicate else ""
            print(f"{label('cli.exhibit').format(n=info.exhibit)}  {label('kind.' + str(info.kind))}  {info.title}  "
                  f"sha256:{info.sha256[:16]}{dup}")
        for path, exc in failed:
            exc.params["name"] = path.name
            _warn(message(exc.code, **exc.params))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from tbcase.storage.casefile import CaseFile

    lib = _library(args)
    if args.all:
        paths = lib.case_paths()
    elif args.case:
        paths = [lib.resolve(args.case)]
    else:
        _warn("tbcase check: CASE or --all")
        return EXIT_USAGE
    bad = 0
    for path in paths:
        try:
            with CaseFile.open(path) as case:
                problems = case.check()
        except KnownError as exc:
            problems = [message(exc.code, **exc.params)]
        if problems:
            bad += 1
            print(f"{path.name}:")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{path.name}: OK")
    return EXIT_PROBLEMS if bad else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from tbcase.storage.bundle import export_case

    with _open(args) as case:
        print(export_case(case, Path(args.output)))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if source.is_dir() or source.name == "manifest.json":
        path, problems = _library(args).import_bundle(source)
        for p in problems:
            _warn(p)
        print(path)
        return EXIT_PROBLEMS if problems else EXIT_OK
    print(_library(args).import_case(source))
    return EXIT_OK


def cmd_track(args: argparse.Namespace) -> int:
    with _open(args) as case:
        row = case.tracking.add(args.number, carrier=args.carrier, direction=args.direction,
                                signed=args.signed, note=args.note or "")
    if args.json:
        _print_json(row.as_json())
    else:
        print(f"{row.number}  {row.carrier_zh} ({row.carrier})  {row.direction.value}")
    return EXIT_OK


def cmd_step(args: argparse.Namespace) -> int:
    with _open(args) as case:
        step = case.steps.add(args.kind, at=args.at, ref=args.ref or "", note=args.note or "")
    print(f"{_fmt_time(step.at)}  {label('step.' + step.kind.value)}")
    return EXIT_OK


def cmd_countdown(args: argparse.Namespace) -> int:
    from tbcase.domain.countdown import parse_countdown

    with _open(args) as case:
        try:
            due = parse_datetime(args.due)
        except KnownError:
            due = parse_countdown(args.due, now())
        case.steps.add_countdown(args.label, due)
    print(_fmt_time(due))
    return EXIT_OK


def rule_json(r: Rule, lang: str | None = None) -> dict:
    zh = (lang or language()) != "en"
    return {
        "id": r.id,
        "who": r.who,
        "label": r.label_zh if zh else r.label_en,
        "label_zh": r.label_zh,
        "label_en": r.label_en,
        "starts": r.starts,
        "period": {"amount": r.amount, "unit": r.unit},
        "extend": r.extend,
        "met_by": list(r.met_by),
        "ends": list(r.ends),
        "basis": r.basis.value,
        "source_zh": r.source_zh,
        "source_en": r.source_en,
        "note_zh": r.note_zh,
        "note_en": r.note_en,
        "valid_from": r.valid_from.isoformat(),
        "valid_to": r.valid_to.isoformat() if r.valid_to else None,
        "checked": r.checked,
    }


def cmd_rules(args: argparse.Namespace) -> int:
    rules = _engine().rules
    if args.json:
        _print_json([rule_json(r) for r in rules])
        return EXIT_OK
    zh = language() != "en"
    for r in rules:
        name, source, note = ((r.label_zh, r.source_zh, r.note_zh) if zh
                              else (r.label_en, r.source_en, r.note_en))
        print(f"{r.id}  {name}")
        print(f"  {label('who.' + r.who)} · {rule_starts_text(r.starts)} → "
              f"{rule_period_text(r.amount, r.unit)} · {label('basis.' + r.basis.value)}")
        print(f"  {source}")
        if note:
            print(f"  ! {note}")
        print("  " + label("cli.rule_valid").format(valid=rule_valid_text(r.valid_from, r.valid_to))
              + " · " + label("cli.rule_checked").format(checked=r.checked))
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    moment = parse_datetime(args.now) if args.now else now()
    with _open(args) as case:
        facts = case.steps.facts()
        steps = case.steps.all()
    tl = _engine().timeline(facts, moment)
    if args.json:
        _print_json({
            "now": to_iso(moment),
            "deadlines": [deadline_json(d) for d in tl.deadlines],
            "steps": [s.as_json() for s in steps],
            "next_step": tl.next_step.action.value,
            "next_step_text": label("action." + tl.next_step.action.value),
            "next_step_records": tl.next_step.record.value if tl.next_step.record else None,
            "warnings": [{"code": w.value, "text": label("warning." + w.value)}
                         for w in tl.warnings],
        })
        return EXIT_OK
    if args.now:
        print(label("cli.as_of").format(now=_fmt_time(moment)))
    print(label("cli.steps"))
    for s in steps:
        print(f"  {_fmt_time(s.at)}  {label('step.' + s.kind.value)}  {s.ref}".rstrip())
    print(label("cli.deadlines"))
    for d in tl.deadlines:
        print(_deadline_line(d))
    print(label("cli.next") + label("action." + tl.next_step.action.value))
    for w in tl.warnings:
        print("! " + label("warning." + w.value))
    return EXIT_OK


def _open_deadlines(args: argparse.Namespace) -> list[tuple[object, Deadline]]:
    engine = _engine()
    moment = now()
    horizon = moment + timedelta(days=args.within) if args.within is not None else None
    out = []
    for entry in _library(args).entries():
        if entry.summary is None:
            continue
        for d in engine.timeline(entry.summary.facts, moment).deadlines:
            if d.actionable and (horizon is None or d.due <= horizon):
                out.append((entry.summary, d))
    out.sort(key=lambda pair: pair[1].due)
    return out


def cmd_due(args: argparse.Namespace) -> int:
    rows = _open_deadlines(args)
    if args.ics:
        from tbcase.storage.ics import deadlines_to_ics

        write_private(args.ics, deadlines_to_ics([(s.order_no, s.item, d) for s, d in rows]))
        print(args.ics)
        return EXIT_OK
    if args.json:
        _print_json([{"order_no": s.order_no, "path": s.path, **deadline_json(d)} for s, d in rows])
        return EXIT_OK
    for s, d in rows:
        print(f"{s.order_no:20}" + _deadline_line(d))
    return EXIT_OK


def cmd_ics(args: argparse.Namespace) -> int:
    from tbcase.storage.ics import deadlines_to_ics

    with _open(args) as case:
        facts = case.steps.facts()
        row = case.case()
    tl = _engine().timeline(facts)
    write_private(args.output, deadlines_to_ics(
        [(row.order_no, row.item, d) for d in tl.deadlines if d.is_open]))
    print(args.output)
    return EXIT_OK


def cmd_workdays(args: argparse.Namespace) -> int:
    engine = _engine()
    result = engine.calendar.add_working_days(parse_date(args.date), args.n)
    print(result.day.isoformat())
    if result.estimated:
        _warn(message("workdays_estimated", years=", ".join(
            str(y) for y in range(parse_date(args.date).year, result.day.year + 1)
            if not engine.calendar.has_data(y))))
    return EXIT_OK


def cmd_holidays(args: argparse.Namespace) -> int:
    engine = _engine()
    if args.action == "import":
        data = engine.import_year_file(Path(args.file).read_text(encoding="utf-8-sig"))
        print(message("holidays_imported", year=data.year, holidays=len(data.holidays),
                      workdays=len(data.workdays)))
        return EXIT_OK
    years = engine.calendar.covered_years()
    for y in years[-5:]:
        src = engine.calendar.years[y].source
        print(f"{y}  {'官方' if src == 'official' else '用户录入'}")
    print(message("holidays_next", year=years[-1] + 1))
    return EXIT_OK


def cmd_letter(args: argparse.Namespace) -> int:
    from tbcase.pdf.letter import render_case_letter

    sent = parse_date(args.sent) if args.sent else now().date()
    with _open(args) as case:
        result = render_case_letter(case, _engine(), sent=sent)
        write_private(args.output, result.pdf)
        case.letters.add(result.pdf, sent)
        if args.copy_sheet:
            write_private(args.copy_sheet, result.copy_sheet)
    for hint in result.tone:
        _warn(label("cli.hint") + hint)
    print(args.output)
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from tbcase.ui.app import run

    return run(library=Path(args.library) if args.library else None,
               demo=getattr(args, "demo", False), screenshot=getattr(args, "screenshot", None),
               open_path=getattr(args, "file", None))


# ---------------------------------------------------------------- the parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("N must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tbcase", description="淘宝/天猫订单纠纷案件管理 (offline)")
    p.add_argument("--version", action="version", version=f"tbcase {__version__}")
    p.add_argument("--library", metavar="DIR", help="case library folder (default: $TBCASE_LIBRARY "
                   "or Documents/tbcase)")
    p.add_argument("--demo", action="store_true", help="open the window on a demo library")
    p.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the window")
    g.add_argument("--demo", action="store_true", help="a demo library with sample cases")
    g.add_argument("--screenshot", metavar="PNG", help="render the window to PNG and exit")
    g.add_argument("file", nargs="?", help="a .tbcase file to open")
    g.set_defaults(func=cmd_gui)

    n = sub.add_parser("new", help="create a case file")
    n.add_argument("--order", required=True)
    n.add_argument("--shop", default="")
    n.add_argument("--item", default="")
    n.add_argument("--type", required=True, choices=[e.value for e in ComplaintType])
    n.add_argument("--amount")
    n.add_argument("--ordered", metavar="DATETIME")
    n.add_argument("--signed", metavar="DATETIME")
    n.add_argument("--outcome", default="refund", choices=[e.value for e in Outcome])
    n.add_argument("--platform", default="taobao", choices=["taobao", "tmall"])
    n.add_argument("--name", help="file name instead of the order number")
    n.set_defaults(func=cmd_new)

    s = sub.add_parser("set", help="edit one field")
    s.add_argument("case")
    s.add_argument("field")
    s.add_argument("value")
    s.set_defaults(func=cmd_set)

    ls = sub.add_parser("list", help="the cases in the library")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    sh = sub.add_parser("show", help="one case")
    sh.add_argument("case")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=cmd_show)

    a = sub.add_parser("add", help="add evidence files (- reads a chat log from stdin)")
    a.add_argument("case")
    a.add_argument("files", nargs="+")
    a.add_argument("--kind", choices=[e.value for e in EvidenceKind])
    a.add_argument("--title")
    a.set_defaults(func=cmd_add)

    c = sub.add_parser("check", help="integrity check and re-hash of evidence")
    c.add_argument("case", nargs="?")
    c.add_argument("--all", action="store_true")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("export", help="the case as plain files with manifest.json")
    e.add_argument("case")
    e.add_argument("-o", "--output", required=True)
    e.set_defaults(func=cmd_export)

    i = sub.add_parser("import", help="copy a .tbcase file into the library, or rebuild a case "
                       "from an exported folder")
    i.add_argument("file")
    i.set_defaults(func=cmd_import)

    t = sub.add_parser("track", help="add a tracking number")
    t.add_argument("case")
    t.add_argument("number")
    t.add_argument("--carrier")
    t.add_argument("--direction", default="out", choices=[e.value for e in Direction])
    t.add_argument("--signed", metavar="DATETIME")
    t.add_argument("--note")
    t.add_argument("--json", action="store_true")
    t.set_defaults(func=cmd_track)

    st = sub.add_parser("step", help="record a step taken")
    st.add_argument("case")
    st.add_argument("kind", choices=[e.value for e in StepKind])
    st.add_argument("--at", metavar="DATETIME")
    st.add_argument("--ref")
    st.add_argument("--note")
    st.set_defaults(func=cmd_step)

    cd = sub.add_parser("countdown", help="a countdown copied from the order page")
    cd.add_argument("case")
    cd.add_argument("label")
    cd.add_argument("due", help="an end time, or the countdown text (2天23时)")
    cd.set_defaults(func=cmd_countdown)

    tl = sub.add_parser("timeline", help="steps, deadlines and the next step")
    tl.add_argument("case")
    tl.add_argument("--json", action="store_true")
    tl.add_argument("--now", metavar="DATETIME",
                    help="compute the states as of this time (default: now)")
    tl.set_defaults(func=cmd_timeline)

    ru = sub.add_parser("rules", help="the deadline rules with their sources")
    ru.add_argument("--json", action="store_true")
    ru.set_defaults(func=cmd_rules)

    d = sub.add_parser("due", help="open deadlines across the library")
    d.add_argument("--within", type=int, metavar="DAYS")
    d.add_argument("--json", action="store_true")
    d.add_argument("--ics", metavar="FILE")
    d.set_defaults(func=cmd_due)

    ics = sub.add_parser("ics", help="a case's deadlines as calendar events")
    ics.add_argument("case")
    ics.add_argument("-o", "--output", required=True)
    ics.set_defaults(func=cmd_ics)

    w = sub.add_parser("workdays", help="working-day arithmetic")
    wsub = w.add_subparsers(dest="action", required=True)
    wa = wsub.add_parser("add", help="the day N working days after DATE end")
    wa.add_argument("date")
    wa.add_argument("n", type=_positive_int)
    w.set_defaults(func=cmd_workdays)

    h = sub.add_parser("holidays", help="the holiday calendar")
    hsub = h.add_subparsers(dest="action", required=True)
    hsub.add_parser("list", help="years with data")
    hi = hsub.add_parser("import", help="add a year's notice from a file")
    hi.add_argument("file")
    h.set_defaults(func=cmd_holidays)

    lt = sub.add_parser("letter", help="the written complaint as PDF")
    lt.add_argument("case")
    lt.add_argument("-o", "--output", required=True)
    lt.add_argument("--sent", metavar="DATE", help="the day the letter is sent (default today)")
    lt.add_argument("--copy-sheet", metavar="TXT", help="also write the 12315 copy sheet")
    lt.set_defaults(func=cmd_letter)
    return p


def main(argv: list[str] | None = None) -> int:
    if sys.platform == "win32":  # Chinese text on a Windows console
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
            except (AttributeError, ValueError):
                pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.file = None
        args.func = cmd_gui
    try:
        return args.func(args)
    except KnownError as exc:
        _warn(message(exc.code, **exc.params))
        return EXIT_FAILED
    except CancelledError:
        _warn(message("cancelled"))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _warn(message("cancelled"))
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a bug: one line, traceback on request
        if os.environ.get("TBCASE_DEBUG"):
            traceback.print_exc()
        _warn(message("internal_error", detail=f"{type(exc).__name__}: {exc}"))
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

