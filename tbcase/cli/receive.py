"""``tbcase receive CASE [--bind ADDR] [--port N] [--minutes M] [--code]``: the URL on the
first line, an ASCII QR code after it (and the 4-digit code the phone must enter, with
``--code``), then one line per file received; stops after M minutes, Ctrl+C, or five
wrong codes."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from tbcase.cli.common import open_case

DEFAULT_MINUTES = 15


def add_parser(sub: Any) -> None:
    r = sub.add_parser("receive", help="receive screenshots from a phone (scan the QR code)")
    r.add_argument("case")
    r.add_argument("--bind", metavar="ADDR", help="address to listen on (default: the local network "
                   "address of the default route)")
    r.add_argument("--port", type=int, default=0, metavar="N", help="port (default: a free one)")
    r.add_argument("--code", action="store_true",
                   help="ask the phone for a 4-digit code (printed here) before the first upload")
    r.add_argument("--minutes", type=float, default=DEFAULT_MINUTES, metavar="M",
                   help=f"stop after M minutes (default {DEFAULT_MINUTES})")
    r.set_defaults(func=cmd_receive)


def qr_text(url: str) -> str:
    """The QR code in text (half-block characters: two rows of modules per line)."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m", micro=False).terminal(out=out, compact=True)
    return out.getvalue()


def cmd_receive(args: argparse.Namespace) -> int:
    return run(open_case(args), args, args.wording.lang)


def run(case: Any, args: argparse.Namespace, lang: str) -> int:
    """Serve until the time is up or Ctrl+C; ``case`` is an open CaseFile (closed here)."""
    from tbcase.receive.network import default_route_address
    from tbcase.receive.passcode import new_code
    from tbcase.receive.server import CaseHeading, Limits, Receiver
    from tbcase.receive.store import SerialWriter
    from tbcase.receive.words import word

    details = case.case()
    case.release_thread()  # from now on only the writer thread uses the file
    heading = CaseHeading(details.order_no, details.item, details.shop, details.buyer_nick)
    bind = args.bind or default_route_address()
    if bind is None:
        print(word("cli.loopback", lang), file=sys.stderr)
        bind = "127.0.0.1"
    writer = SerialWriter(case)
    counts = {"added": 0, "duplicates": 0, "refused": 0}
    print_lock = threading.Lock()

    def arrived(a: Any) -> None:
        key = "refused" if not a.ok else "duplicates" if a.duplicate else "added"
        line = a.text if a.ok else word("cli.refused", lang, text=a.text)
        with print_lock:
            counts[key] += 1
            print(line, flush=True)

    code = new_code() if getattr(args, "code", False) else None
    receiver = Receiver(writer, heading, limits=Limits(idle_seconds=None), bind=bind, port=args.port,
                        lang=lang, code=code, on_arrival=arrived)
    try:
        receiver.start()
    except OSError as exc:
        writer.close()
        from tbcase.domain.errors import KnownError

        raise KnownError("receive_bind_failed", address=f"{bind}:{args.port}",
                         detail=exc.strerror or str(exc)) from None
    try:
        print(receiver.url, flush=True)
        print(qr_text(receiver.url), end="", flush=True)
        print(word("cli.url", lang), flush=True)
        if code is not None:
            print(word("cli.code", lang, code=code), flush=True)
        print(word("cli.until", lang, minutes=f"{args.minutes:g}"), flush=True)
        receiver.wait(max(0.0, args.minutes * 60))
        if receiver.stop_reason == "code_locked":
            print(word("code_locked", lang), file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        receiver.stop()
        writer.close()
    with print_lock:
        print(word("cli.done", lang, **counts), flush=True)
    return 0
