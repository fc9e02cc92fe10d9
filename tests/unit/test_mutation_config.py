"""mutmut's ``do_not_mutate_patterns`` (pyproject.toml): a line holding only SQL text is not
mutated (its mutants are the same statement in another case, or a syntax error every test
reaching it hits: MUTATION.md); a line that also compares, indexes or quotes a value is."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pattern() -> re.Pattern[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (pattern,) = config["tool"]["mutmut"]["do_not_mutate_patterns"]
    return re.compile(pattern)


@pytest.mark.parametrize("line", [
    'con.execute("COMMIT")',  # a keyword alone in its string (the pattern wanted a space after it)
    'con.execute("BEGIN")',
    'con.execute("BEGIN IMMEDIATE")',
    '    rows = con.execute("SELECT body, sig FROM listing WHERE id = 1").fetchall()',
    "con.execute('PRAGMA query_only = ON')",
])
def test_a_line_of_sql_text_only_is_left_alone(line):
    assert _pattern().search(line)


@pytest.mark.parametrize("line", [
    'if con.execute("SELECT count(*) FROM t").fetchone()[0] == 1:',
    "con.execute(\"SELECT name FROM sqlite_master WHERE type = 'table'\")",
    'sql.startswith("CREATE")',
    'f"SELECT {column} FROM t"',
    'label = "SETTINGS"',
    'return "COMMITTED" if done else "open"',
])
def test_a_line_that_also_decides_something_is_mutated(line):
    assert not _pattern().search(line)
