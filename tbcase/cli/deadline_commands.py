"""Commands about deadlines and the library: list, rules, timeline, due, ics, workdays,
holidays."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from tbcase.cli.common import (
    EXIT_OK,
    deadline_engine,
    deadline_json,
    deadline_line,
    fmt_time,
    listed_library,
    open_case,
    print_json,
    rule_json,
    step_line,
    warn,
)
from tbcase.domain.errors import KnownError
from tbcase.domain.ladder import Deadline, headline
from tbcase.domain.model import format_due, now, parse_date, parse_datetime, to_iso
from tbcase.storage.inputs import read_bounded
from tbcase.storage.library import bug_text
from tbcase.storage.private import write_private


def cmd_list(args: argparse.Namespace) -> int:
    w = args.wording
    lib = listed_library(args)
    engine = deadline_engine()
    rows = []
    for entry in lib.entries():
        if entry.summary is None:
            rows.append({"path": str(entry.path), "error": w.error(entry.error or "",
                                                                   **(entry.error_params or {}))})
            continue
        s = entry.summary
        try:
            tl = engine.timeline(s.facts)
        except Exception as exc:  # noqa: BLE001 - a bug for this case: listed with it, the others still are
            rows.append({"path": s.path, "error": w.error("case_bug", path=s.path, detail=bug_text(exc))})
            continue
        nxt = headline(tl.deadlines)
        rows.append({
            "path": s.path, "order_no": s.order_no, "shop": s.shop, "item": s.item,
            "type": s.complaint_type, "status": s.status, "amount": s.amount or None,
            "evidence": s.evidence_count, "updated": to_iso(s.updated),
            "next_deadline": deadline_json(nxt, w) if nxt else None,
            "next_step": tl.next_step.action.value,
        })
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        if "error" in r:
            print(f"!  {Path(r['path']).name}: {r['error']}")
            continue
        due = ""
        if r["next_deadline"]:
            d = r["next_deadline"]
            due = f"  {w.word('state.' + d['state'])} {format_due(parse_datetime(d['due']))}"
        print(f"{r['order_no']:20} {r['shop'][:16]:16} {r['item'][:20]:20} "
              f"{w.word('status.' + r['status'])}{due}")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    w = args.wording
    rules = deadline_engine().rules
    if args.json:
        print_json([rule_json(r, w) for r in rules])
        return EXIT_OK
    for r in rules:
        name, source, note = w.text(r, "label"), w.text(r, "source"), w.text(r, "note")
        print(f"{r.id}  {name}")
        print(f"  {w.word('who.' + r.who)} · {w.rule_starts(r.starts)} → "
              f"{w.rule_period(r.amount, r.unit)} · {w.word('basis.' + r.basis.value)}")
        print(f"  {source}")
        if note:
            print(f"  ! {note}")
        print("  " + w.word("cli.rule_valid").format(valid=w.rule_valid(r.valid_from, r.valid_to))
              + " · " + w.word("cli.rule_checked").format(checked=r.checked))
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    w = args.wording
    moment = parse_datetime(args.now) if args.now else now()
    with open_case(args) as case:
        facts = case.steps.facts()
        steps = case.steps.all()
    tl = deadline_engine().timeline(facts, moment)
    if args.json:
        print_json({
            "now": to_iso(moment),
            "deadlines": [deadline_json(d, w) for d in tl.deadlines],
            "steps": [s.as_json() for s in steps],
            "next_step": tl.next_step.action.value,
            "next_step_text": w.word("action." + tl.next_step.action.value),
            "next_step_records": tl.next_step.record.value if tl.next_step.record else None,
            "warnings": [{"code": warning.value, "text": w.word("warning." + warning.value)}
                         for warning in tl.warnings],
        })
        return EXIT_OK
    if args.now:
        print(w.word("cli.as_of").format(now=fmt_time(moment)))
    print(w.word("cli.steps"))
    for s in steps:
        print(step_line(s, w))
    print(w.word("cli.deadlines"))
    for d in tl.deadlines:
        print(deadline_line(d, w))
    print(w.word("cli.next") + w.word("action." + tl.next_step.action.value))
    for warning in tl.warnings:
        print("! " + w.word("warning." + warning.value))
    return EXIT_OK


def _open_deadlines(args: argparse.Namespace) -> list[tuple[object, Deadline]]:
    w = args.wording
    engine = deadline_engine()
    moment = now()
    horizon = moment + timedelta(days=args.within) if args.within is not None else None
    out = []
    for entry in listed_library(args).entries():
        if entry.summary is None:
            warn(w.error(entry.error or "", **(entry.error_params or {})))
            continue
        try:
            deadlines = engine.timeline(entry.summary.facts, moment).deadlines
        except Exception as exc:  # noqa: BLE001 - a bug for this case: said, the others still are
            warn(w.error("case_bug", path=entry.summary.path, detail=bug_text(exc)))
            continue
        for d in deadlines:
            if d.actionable and (horizon is None or d.due <= horizon):
                out.append((entry.summary, d))
    out.sort(key=lambda pair: pair[1].due)
    return out


def cmd_due(args: argparse.Namespace) -> int:
    w = args.wording
    rows = _open_deadlines(args)
    if args.ics:
        from tbcase.storage.ics import deadlines_to_ics

        write_private(args.ics, deadlines_to_ics([(s.order_no, s.item, d) for s, d in rows], w))
        print(args.ics)
        return EXIT_OK
    if args.json:
        print_json([{"order_no": s.order_no, "path": s.path, **deadline_json(d, w)} for s, d in rows])
        return EXIT_OK
    for s, d in rows:
        print(f"{s.order_no:20}" + deadline_line(d, w))
    return EXIT_OK


def cmd_ics(args: argparse.Namespace) -> int:
    from tbcase.storage.ics import deadlines_to_ics

    with open_case(args) as case:
        facts = case.steps.facts()
        row = case.case()
    tl = deadline_engine().timeline(facts)
    write_private(args.output, deadlines_to_ics(
        [(row.order_no, row.item, d) for d in tl.deadlines if d.is_open], args.wording))
    print(args.output)
    return EXIT_OK


def cmd_workdays(args: argparse.Namespace) -> int:
    w = args.wording
    engine = deadline_engine()
    result = engine.calendar.add_working_days(parse_date(args.date), args.n)
    print(result.day.isoformat())
    if result.estimated:
        warn(w.error("workdays_estimated", years=", ".join(
            str(y) for y in range(parse_date(args.date).year, result.day.year + 1)
            if not engine.calendar.has_data(y))))
    return EXIT_OK


def cmd_holidays(args: argparse.Namespace) -> int:
    w = args.wording
    engine = deadline_engine()
    if args.action == "import":
        # a year's notice is a few KB: /dev/zero was read until memory ran out, a FIFO waited
        raw = read_bounded(args.file, 1024 * 1024).data
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise KnownError("holiday_file_bad", detail="not UTF-8 text") from None
        data = engine.import_year_file(text)
        print(w.error("holidays_imported", year=data.year, holidays=len(data.holidays),
                      workdays=len(data.workdays)))
        return EXIT_OK
    years = engine.calendar.covered_years()
    for y in years[-5:]:
        src = engine.calendar.years[y].source
        print(f"{y}  {'官方' if src == 'official' else '用户录入'}")
    print(w.error("holidays_next", year=years[-1] + 1))
    return EXIT_OK
