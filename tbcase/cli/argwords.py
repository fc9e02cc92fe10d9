"""argparse's own words (usage, its errors, its help headings) in the user's language.

argparse words everything through its module's ``_`` (``gettext.gettext``, which has no
Chinese catalogue for it), so a Chinese user got "error: the following arguments are
required" from the Chinese CLI. ``WordedParser`` swaps that ``_`` for ours while it builds,
parses and formats, and puts it back after; the language is the one ``Wording`` uses
(TBCASE_LANG, the locale); the words are ``messages.ARGPARSE_ZH``."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tbcase.wording import Wording


@contextmanager
def worded() -> Iterator[None]:
    """argparse speaking the user's language until the block ends."""
    wording = Wording.for_language()
    before: Callable[[str], str] = argparse._  # type: ignore[attr-defined]  # argparse's gettext
    argparse._ = lambda text: wording.argparse(text) or before(text)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = before  # type: ignore[attr-defined]


class WordedParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words are in the user's language (subparsers are of
    the same class: ``add_subparsers`` makes its parsers with ``type(self)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with worded():  # the -h help line is worded here
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with worded():  # --version's help line is worded when its action is made
            return super().add_argument(*args, **kwargs)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        with worded():  # "unrecognized arguments" is worded here, after parse_known_args
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        with worded():  # errors are worded (and error() called) inside
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with worded():
            return super().format_usage()

    def format_help(self) -> str:
        with worded():
            return super().format_help()
