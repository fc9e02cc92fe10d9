"""What the commands share: the library and case a command names, the deadline engine,
the JSON shapes of deadlines and rules, and how times and deadlines are printed."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from tbcase.domain.ladder import Deadline, Rule
from tbcase.domain.model import format_due, to_iso
from tbcase.paths import default_library_dir
from tbcase.wording import Wording

if TYPE_CHECKING:
    from tbcase.storage.records import Step

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_FAILED, EXIT_BUG = 0, 1, 2, 3, 4


def print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def warn(text: str) -> None:
    print(text, file=sys.stderr)


def library_of(args: argparse.Namespace):
    from tbcase.storage.library import Library

    return Library(args.library or default_library_dir())


def listed_library(args: argparse.Namespace):
    """The library to list, said on stderr when its folder is missing or not a folder (a
    drive not mounted, a mistyped --library): `list` and `due` printed nothing, exit 0,
    as if every case were gone."""
    lib = library_of(args)
    if not lib.folder.is_dir():
        warn(args.wording.error("library_missing", path=str(lib.folder)))
    return lib


def open_case(args: argparse.Namespace):
    from tbcase.storage.casefile import CaseFile

    path = library_of(args).resolve(args.case)
    args.case_path = path  # named if the file refuses a write (see ``tbcase.cli.main``)
    return CaseFile.open(path)


def deadline_engine():
    from tbcase.storage.engine import DeadlineEngine

    return DeadlineEngine()


def deadline_json(d: Deadline, w: Wording) -> dict:
    return {
        "rule": d.rule,
        "label": w.text(d, "label"),
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
        "source": w.text(d, "source"),
        "met_at": to_iso(d.met_at),
        "state_basis": d.state_basis.value,
        "note": w.text(d, "note"),
    }


def fmt_time(when: datetime | None) -> str:
    return to_iso(when).replace("T", " ").replace("+08:00", "") if when else ""


def step_line(step: Step, w: Wording) -> str:
    """One step as listed by show and timeline: its number (for ``withdraw``), time, kind, reference."""
    return f"  #{step.id}  {fmt_time(step.at)}  {w.word('step.' + step.kind.value)}  {step.ref}".rstrip()


def deadline_line(d: Deadline, w: Wording) -> str:
    mark = " *" + w.word("estimated") if d.estimated else ""
    legal = ""
    if d.legal_due is not None:
        key = "cli.extended_estimated" if d.legal_estimated else "cli.extended"
        legal = f" ({w.word(key).format(due=format_due(d.legal_due))})"
    name, note = w.text(d, "label"), w.text(d, "note")
    note = f"\n{'':20}! {note}" if note else ""
    return (f"  {format_due(d.due):16}  {w.word('state.' + d.state.value):10}  "
            f"{name}{legal}  [{w.basis_and_source(d)}]{mark}{note}")


def rule_json(r: Rule, w: Wording) -> dict:
    return {
        "id": r.id,
        "who": r.who,
        "label": w.text(r, "label"),
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
