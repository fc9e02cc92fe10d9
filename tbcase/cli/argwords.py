"""argparse's own words (usage, its errors, its help headings) in the user's language.

argparse words everything through its module's ``_`` (``gettext.gettext``, which has no
Chinese catalogue for it), so a Chinese user got "error: the following arguments are
required" from the Chinese CLI. ``WordedParser`` swaps that ``_`` for ours while it builds,
parses and formats, and puts it back after; the language is the one ``Wording`` uses
(TBCASE_LANG, the locale)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tbcase.messages import EN, language

# argparse's message ids (Python 3.11–3.13) and their Chinese
ZH = {
    "usage: ": "用法：",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可匹配 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "ignored explicit argument %r": "忽略了显式参数 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    "show program's version number and exit": "显示程序版本号并退出",
}


@contextmanager
def worded() -> Iterator[None]:
    """argparse speaking the user's language until the block ends."""
    if language() == EN:
        yield
        return
    before: Callable[[str], str] = argparse._  # type: ignore[attr-defined]  # argparse's gettext
    argparse._ = lambda text: ZH.get(text) or before(text)  # type: ignore[attr-defined]
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
