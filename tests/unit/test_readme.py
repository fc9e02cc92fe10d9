"""The README's two commands stay true: CI runs exactly the README's test command."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_cmd = re.search(r"^TEST_CMD='(.+)'$", ci, re.M).group(1)
    assert f"\n{ci_cmd}\n" in readme


def test_readme_has_an_install_and_start_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"pip install .*&& .*tbcase --demo", readme)
