"""The command line: ``tbcase [--library DIR] COMMAND ...``.

Exit codes: 0 success, 1 a check found problems, 2 a usage error, 3 a clear
user-facing failure (one line on stderr), 4 an internal error (one line; set
TBCASE_DEBUG=1 for the traceback).

``common`` holds what every command shares (opening a case, JSON shapes, printing),
``case_commands`` the commands on one case, ``deadline_commands`` those about deadlines
and the library, ``parser`` the argument parser.
"""

from __future__ import annotations

import os
import sys
import traceback

from tbcase.cli.common import EXIT_BUG, EXIT_FAILED, EXIT_OK, EXIT_USAGE, warn
from tbcase.cli.parser import build_parser, cmd_gui
from tbcase.domain.errors import CancelledError, KnownError
from tbcase.wording import Wording

__all__ = ["build_parser", "main"]

# arguments that name files: their bytes go to the system as they came (a GBK file name on
# Linux is found); every other argument is text that is stored or compared, so it must be text
PATH_ARGUMENTS = frozenset({"library", "screenshot", "file", "files", "from_screenshot", "output", "ics",
                            "copy_sheet", "case"})


def undecodable_argument(args: object) -> tuple[str, str] | None:
    """The first text argument holding bytes that are not UTF-8 (the shell passes them as
    they are; Python keeps them as surrogate escapes, which cannot be stored as text), as
    (its name, its bytes shown as ``\\xbd``); None when every one is text."""
    for dest, value in vars(args).items():
        if dest in PATH_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and any("\udc80" <= ch <= "\udcff" for ch in item):
                shown = os.fsencode(item).decode("utf-8", errors="backslashreplace")
                return "--" + dest.replace("_", "-") if dest not in ("value", "label", "number", "due") else dest, shown
    return None


def main(argv: list[str] | None = None) -> int:
    if sys.platform == "win32":  # Chinese text on a Windows console
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
            except (AttributeError, ValueError):
                pass
    w = Wording.for_language()  # the language, chosen once for this run (TBCASE_LANG, the locale)
    parser = build_parser(w)
    args = parser.parse_args(argv)
    args.wording = w
    bad = undecodable_argument(args)
    if bad is not None:
        warn(w.error("argument_not_text", argument=bad[0], shown=bad[1]))
        return EXIT_USAGE
    if args.command is None:
        args.file = None
        args.func = cmd_gui
    try:
        return args.func(args)
    except KnownError as exc:
        warn(w.error(exc.code, **exc.params))
        return EXIT_FAILED
    except CancelledError:
        warn(w.error("cancelled"))
        return EXIT_FAILED
    except KeyboardInterrupt:
        warn(w.error("cancelled"))
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        if exc.filename is None:  # not about a path the user gave: a bug
            return _bug(w, exc)
        # an output path inside a file, a folder given as the output file, /proc …: the
        # user's to choose again, not a bug (for a new file, the temporary name beside it)
        warn(w.error("path_failed", path=exc.filename2 or exc.filename, detail=exc.strerror or exc))
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a bug: one line, traceback on request
        return _bug(w, exc)


def _bug(w: Wording, exc: BaseException) -> int:
    if os.environ.get("TBCASE_DEBUG"):
        traceback.print_exception(exc)
    warn(w.error("internal_error", detail=f"{type(exc).__name__}: {exc}"))
    return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
