"""The argument parser: every command, its arguments and its function."""

from __future__ import annotations

import argparse
from pathlib import Path

from tbcase import __version__
from tbcase.cli.argwords import WordedParser, said
from tbcase.cli.case_commands import (
    cmd_add,
    cmd_check,
    cmd_countdown,
    cmd_export,
    cmd_history,
    cmd_import,
    cmd_letter,
    cmd_manifest,
    cmd_new,
    cmd_set,
    cmd_show,
    cmd_step,
    cmd_track,
    cmd_withdraw,
)
from tbcase.cli.deadline_commands import (
    cmd_due,
    cmd_holidays,
    cmd_ics,
    cmd_list,
    cmd_rules,
    cmd_timeline,
    cmd_workdays,
)
from tbcase.cli.receive import add_parser as add_receive
from tbcase.domain.model import ComplaintType, Direction, EvidenceKind, Outcome, StepKind
from tbcase.wording import Wording


def cmd_gui(args: argparse.Namespace) -> int:
    from tbcase.ui.app import run

    return run(library=Path(args.library) if args.library else None,
               demo=getattr(args, "demo", False), screenshot=getattr(args, "screenshot", None),
               open_path=getattr(args, "file", None))


def _whole(text: str, low: int, high: int | None, words: str) -> int:
    """``text`` as a whole number from ``low`` to ``high``; else argparse is told ``words``
    (in the run's language), also for text that is no number: argparse's own sentence for
    that names the checking function ("invalid _days value")."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said(words)) from None
    if value < low or (high is not None and value > high):
        raise argparse.ArgumentTypeError(said(words))
    return value


def _non_negative_int(text: str) -> int:
    return _whole(text, 0, None, "N must be 0 or more")


def _days(text: str) -> int:
    # a 30-digit number overflowed the date: an internal error
    return _whole(text, 0, 3660, "DAYS must be from 0 to 3660")


def _positive_int(text: str) -> int:
    # ten years of working days; 3,000,000 ran past the year 9999
    return _whole(text, 1, 2500, "N must be from 1 to 2500")


def build_parser(wording: Wording | None = None) -> argparse.ArgumentParser:
    """Every command; argparse's own words in ``wording``'s language (the run's one)."""
    p = WordedParser(prog="tbcase", description="淘宝/天猫订单纠纷案件管理 (offline)", wording=wording)
    p.add_argument("--version", action="version", version=f"tbcase {__version__}")
    p.add_argument("--library", metavar="DIR", help="case library folder (default: $TBCASE_LIBRARY "
                   "or Documents/tbcase)")
    p.add_argument("--demo", action="store_true", help="open the window on a demo library")
    p.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the window")
    # SUPPRESS: an option given before the command (tbcase --demo gui) is not reset by
    # the subcommand's own default
    g.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="a demo library with sample cases")
    g.add_argument("--screenshot", metavar="PNG", default=argparse.SUPPRESS,
                   help="render the window to PNG and exit")
    g.add_argument("file", nargs="?", help="a .tbcase file to open")
    g.set_defaults(func=cmd_gui)

    n = sub.add_parser("new", help="create a case file")
    n.add_argument("--order")
    n.add_argument("--from-screenshot", metavar="IMG",
                   help="read order number, amount, shop, times and tracking from an order screenshot (OCR)")
    n.add_argument("--json", action="store_true")
    n.add_argument("--shop", default="")
    n.add_argument("--item", default="")
    n.add_argument("--type", choices=[e.value for e in ComplaintType])
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
    sh.add_argument("--messages", type=_non_negative_int, default=1000, metavar="N",
                    help="with --json: at most N chat lines in all (one page; default 1000)")
    sh.add_argument("--messages-from", type=_non_negative_int, default=0, metavar="K",
                    help="with --json: the page starts after the first K chat lines of the case")
    sh.set_defaults(func=cmd_show)

    hi = sub.add_parser("history", help="the case's history, in your language (oldest first)")
    hi.add_argument("case")
    hi.add_argument("--json", action="store_true", help="each entry as stored, with its words")
    hi.set_defaults(func=cmd_history)

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
    e.add_argument("--public", action="store_true",
                   help="为公开发布导出: redacted copies, no personal details of the complainant")
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

    wd = sub.add_parser("withdraw", help="take back a step recorded by mistake (#N as listed by show/timeline)")
    wd.add_argument("case")
    wd.add_argument("step", type=int, metavar="N")
    wd.add_argument("--reason")
    wd.set_defaults(func=cmd_withdraw)

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
    d.add_argument("--within", type=_days, metavar="DAYS")
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
    lt.add_argument("--no-sheet", action="store_true",
                    help="leave out the evidence-preservation sheet (证据保全说明)")
    lt.set_defaults(func=cmd_letter)

    mf = sub.add_parser("manifest", help="the evidence-preservation sheet (证据保全说明) as PDF, "
                        "or the manifest as JSON")
    mf.add_argument("case")
    mf.add_argument("-o", "--output", metavar="FILE", help="the PDF (or, with --json, the JSON)")
    mf.add_argument("--json", action="store_true",
                    help="the manifest JSON (the bytes an export writes as manifest.json)")
    mf.set_defaults(func=cmd_manifest)

    add_receive(sub)
    from tbcase.cli.redact_commands import add_parser as add_redact

    add_redact(sub)

    from tbcase.cli.common import library_of
    from tbcase.cli.ocr_commands import add_parsers

    add_parsers(sub, library_of)
    return p
