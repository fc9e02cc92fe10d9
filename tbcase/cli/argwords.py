"""argparse's own words (usage, its errors, its help headings) in the user's language.

argparse words everything through its module's ``_`` (``gettext.gettext``, which has no
Chinese catalogue for it), so a Chinese user got "error: the following arguments are
required" from the Chinese CLI. ``WordedParser`` swaps that ``_`` for ours while it builds,
parses and formats, and puts it back after; the language is the one ``Wording`` uses
(TBCASE_LANG, the locale); the words are ``tbcase.argparse_zh.ARGPARSE_ZH``."""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from tbcase.wording import Wording


@contextmanager
def worded(wording: Wording) -> Iterator[None]:
    """argparse speaking ``wording``'s language until the block ends."""
    before: Callable[[str], str] = argparse._  # type: ignore[attr-defined]  # argparse's gettext
    argparse._ = lambda text: wording.argparse(text) or before(text)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = before  # type: ignore[attr-defined]


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


class ColumnFormatter(argparse.HelpFormatter):
    """argparse lines the usage's continuation lines up under the program name by counting
    characters; a terminal counts columns: after "用法：" (3 characters, 6 columns) they
    stood 3 columns to the left of it. They are moved by the difference."""

    def _format_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None) -> str:
        text = super()._format_usage(usage, actions, groups, prefix)
        shown = prefix if prefix is not None else argparse._("usage: ")  # type: ignore[attr-defined]
        extra = columns(shown) - len(shown)
        if extra <= 0:
            return text
        first, *rest = text.split("\n")
        return "\n".join([first, *(" " * extra + line if line.startswith(" ") else line for line in rest)])


def said(text: str) -> str:
    """``text`` in the parsing parser's language: for the messages of our own ``type=``
    checks, which argparse passes on as they are."""
    return argparse._(text)  # type: ignore[attr-defined, no-any-return]  # ours while a WordedParser parses


class WordedParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words are in the language of ``wording`` (the run's
    one ``Wording``; its subparsers get the same one)."""

    def __init__(self, *args: Any, wording: Wording | None = None, **kwargs: Any) -> None:
        self.wording = wording or Wording.for_language()
        kwargs.setdefault("formatter_class", ColumnFormatter)
        with worded(self.wording):  # the -h help line is worded here
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(WordedParser, wording=self.wording))
        return super().add_subparsers(**kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with worded(self.wording):  # --version's help line is worded when its action is made
            return super().add_argument(*args, **kwargs)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        with worded(self.wording):  # "unrecognized arguments" is worded here, after parse_known_args
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        with worded(self.wording):  # errors are worded (and error() called) inside
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with worded(self.wording):
            return super().format_usage()

    def format_help(self) -> str:
        with worded(self.wording):
            return super().format_help()
