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
