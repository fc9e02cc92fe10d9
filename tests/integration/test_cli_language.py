"""The Chinese command line speaks Chinese all the way (issue 17, left over): ``tbcase
check``'s value findings are worded from codes, not repair's English lines inside a Chinese
frame; argparse's own usage and errors ("the following arguments are required", "invalid
choice", "unrecognized arguments") are in Chinese too (``cli/argwords.WordedParser``), and
stay English in the English CLI."""

import os
import re
import sqlite3
import subprocess
import sys

import pytest

from tbcase.storage.models import HISTORY_TRIGGERS
from tests.helpers import ORDER

LATIN_WORD = re.compile(r"\b(?:is|not|valid|row|would|the|error|required|arguments|choice)\b")


def _run(library_dir, lang, *argv):
    return subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library_dir), *argv],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "TBCASE_LANG": lang})


def test_check_words_value_findings_in_the_users_language(new_case, library_dir):
    case = new_case()
    case.steps.add("complaint", at="2026-11-20 10:00")
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    for trigger in HISTORY_TRIGGERS:
        con.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    con.execute("UPDATE step SET kind = 'bogus'")
    con.commit()
    con.close()
    zh = _run(library_dir, "zh", "check", ORDER)
    line = next(x for x in zh.stdout.splitlines() if "step" in x)
    assert zh.returncode != 0 and line.strip().startswith("数值：表 step 第 1 行的 kind 不是有效的")
    assert not LATIN_WORD.search(line), line
    en = _run(library_dir, "en", "check", ORDER)
    assert "value: step row 1: kind is not a valid" in en.stdout


@pytest.mark.parametrize("argv, zh_words, en_words", [
    (["add"], "缺少必需的参数：case, files", "the following arguments are required: case, files"),
    (["new", "--type", "bogus"], "无效的选择：'bogus'", "invalid choice: 'bogus'"),
    (["check", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
])
def test_argparse_errors_are_in_the_users_language(library_dir, argv, zh_words, en_words):
    zh = _run(library_dir, "zh", *argv)
    assert zh.returncode == 2 and zh_words in zh.stderr and "错误：" in zh.stderr, zh.stderr
    assert "usage:" not in zh.stderr and "error:" not in zh.stderr
    en = _run(library_dir, "en", *argv)
    assert en.returncode == 2 and en_words in en.stderr and "error:" in en.stderr, en.stderr


def test_check_without_a_case_says_so_in_the_users_language(library_dir):
    zh, en = _run(library_dir, "zh", "check"), _run(library_dir, "en", "check")
    assert zh.returncode == en.returncode == 2
    assert "请给出案件" in zh.stderr and "give a CASE" in en.stderr


def test_help_headings_are_in_the_users_language(library_dir):
    assert "显示此帮助信息并退出" in _run(library_dir, "zh", "check", "-h").stdout
    assert "show this help message and exit" in _run(library_dir, "en", "check", "-h").stdout


@pytest.mark.parametrize("stored", [10**15, 10_000_000_001, -5, 3.5, "NaN", "39.50"])
def test_check_reports_an_implausible_stored_amount(new_case, library_dir, stored):
    """A case file from elsewhere holding an amount no order has (10^15 fen, just over the
    1亿元 ``tbcase set`` takes, negative, a fraction of a fen, text): ``check`` names it in
    the user's words (10^15 passed as "OK") and an import leaves the amount empty."""
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library

    case = new_case(amount="39.50")
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute('UPDATE "case" SET amount_fen = ?', (stored,))
    con.commit()
    con.close()
    zh = _run(library_dir, "zh", "check", ORDER)
    assert zh.returncode == 1, zh.stdout + zh.stderr
    assert "数值：表 case 第 1 行的 amount_fen 不是有效的 金额（0 至 1 亿元），导入时将改为 空（未填写）" in zh.stdout
    en = _run(library_dir, "en", "check", ORDER)
    assert "amount_fen is not a valid amount (0 to 100 million yuan); import would make it None" in en.stdout
    copy, _report = Library(library_dir / "other").import_case_report(path)
    with CaseFile.open(copy) as imported:
        assert imported.case().amount_fen is None


def test_check_says_nothing_about_a_plausible_amount(new_case, library_dir):
    case = new_case(amount="99999999.99")  # 1亿元 less a fen: the most ``set`` takes
    case.close()
    zh = _run(library_dir, "zh", "check", ORDER)
    assert zh.returncode == 0 and "amount" not in zh.stdout, zh.stdout


@pytest.mark.parametrize("lang, prefix, width", [("zh", "用法：tbcase new ", 17), ("en", "usage: tbcase new ", 18)])
def test_usage_continuation_lines_stand_under_the_program_name(library_dir, lang, prefix, width):
    """The usage's continuation lines line up under "tbcase new" in a terminal: "用法：" is
    3 characters but 6 columns, and argparse counted characters (they stood 3 columns left)."""
    from tbcase.cli.argwords import columns

    r = _run(library_dir, lang, "new", "--help")
    usage = r.stdout.split("\n\n")[0].splitlines()
    assert usage[0].startswith(prefix) and columns(prefix) == width and len(usage) > 2, usage
    for line in usage[1:]:
        assert len(line) - len(line.lstrip(" ")) == width and line.lstrip(" ").startswith("["), usage
