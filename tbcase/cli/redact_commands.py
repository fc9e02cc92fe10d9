"""The command line's redaction: ``tbcase redact CASE EXHIBIT --box X,Y,W,H …``,
``--text``/``--auto`` for chat logs, ``--clear`` and ``--suggest``.

The copy is made by ``storage/redaction.py``; the original is never changed.
"""

from __future__ import annotations

import argparse

from tbcase.cli.common import EXIT_OK, open_case, print_json
from tbcase.domain import redact
from tbcase.domain.errors import KnownError


def add_parser(sub) -> None:
    r = sub.add_parser("redact", help="a redacted copy of an exhibit (the original is kept as it is)")
    r.add_argument("case")
    r.add_argument("exhibit", type=int, help="the exhibit number (证据N)")
    r.add_argument("--box", action="append", default=[], metavar="X,Y,W,H",
                   help="an image area to hide, in pixels of the image as shown (repeatable); "
                   "adds to the boxes of an existing copy (--clear starts over)")
    r.add_argument("--text", action="append", default=[], metavar="TEXT",
                   help="chat logs: text to hide wherever it occurs (repeatable)")
    r.add_argument("--auto", action="store_true",
                   help="chat logs: hide every phone number, ID number and address found")
    r.add_argument("--clear", action="store_true", help="remove the redacted copy")
    r.add_argument("--suggest", action="store_true",
                   help="print the boxes offered over phone numbers, ID numbers and addresses (from OCR)")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_redact)


def _evidence_id(case, number: int) -> int:
    for e in case.evidence.all():
        if e.exhibit == number:
            return e.id
    raise KnownError("redact_no_exhibit", exhibit=number)


def cmd_redact(args: argparse.Namespace) -> int:
    w = args.wording
    boxes = [redact.parse_box(b) for b in args.box]  # a bad box is refused before opening
    with open_case(args) as case:
        eid = _evidence_id(case, args.exhibit)
        if args.suggest:
            return _suggest(case, eid, args)
        if args.clear:
            done = case.redactions.clear(eid)
            print(w.error("redact_cleared" if done else "redact_none", exhibit=args.exhibit))
            return EXIT_OK
        exhibit = case.evidence.get(eid)
        if args.text or args.auto:
            made = case.redactions.redact_chat(eid, args.text, auto=args.auto)
            what = w.error("redact_chars", n=made.hidden)
        else:
            made = case.redactions.redact_image(eid, boxes)
            what = w.error("redact_boxes", n=len(boxes))
        if args.json:
            print_json({"exhibit": args.exhibit, "original_sha256": exhibit.sha256,
                        "copy_sha256": made.sha256, "media_type": made.media_type,
                        "width": made.width, "height": made.height, "size": made.size})
        else:
            print(w.error("redact_done", exhibit=args.exhibit, what=what, copy=made.sha256,
                          original=exhibit.sha256))
    return EXIT_OK


def _suggest(case, eid: int, args: argparse.Namespace) -> int:
    w = args.wording
    offers = case.redactions.offers(eid)
    if args.json:
        print_json([{"box": o.box.as_list(), "kind": o.kind.value, "text": o.text} for o in offers])
        return EXIT_OK
    if case.ocr.get(eid) is None:
        print(w.error("redact_no_ocr", exhibit=args.exhibit))
    elif not offers:
        print(w.error("redact_no_offers", exhibit=args.exhibit))
    for o in offers:
        print(f"--box {o.box.text()}    # {w.error('redact_found.' + o.kind.value)}")
    return EXIT_OK
