"""Every visible string is translated, and the committed .qm matches the .ts."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "tbcase_zh_CN.ts"
TS_EN = ROOT / "resources" / "i18n" / "tbcase_en.ts"


def test_no_unfinished_or_empty_translation():
    text = TS.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert "<translation></translation>" not in text
    assert len(re.findall("<message", text)) > 150
    english = TS_EN.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in english and "<numerusform></numerusform>" not in english
    plurals = len(re.findall('numerus="yes"', text))
    assert plurals >= 5 and len(re.findall('numerus="yes"', english)) == plurals


def test_every_ui_string_is_in_the_ts(tmp_path):
    ts = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "tbcase" / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(ts)], check=True, capture_output=True)
    fresh = strings(ts.read_text(encoding="utf-8"))
    ours = strings(TS.read_text(encoding="utf-8"))
    # by context too: Qt looks a translation up under its class's name, so a string moved
    # to another class shows in English until the .ts has it there
    assert fresh - ours == set(), "run: python packaging/i18n.py, then translate"


def strings(ts_text: str) -> set[tuple[str, str]]:
    """(context, source) of every message of a .ts file."""
    return {(m.group(1), source)
            for m in re.finditer(r"<context>\s*<name>(.*?)</name>(.*?)</context>", ts_text, re.S)
            for source in re.findall(r"<source>(.*?)</source>", m.group(2), re.S)}


def test_a_string_moved_to_another_class_is_missing_from_the_ts():
    ts = "<context>\n    <name>MainWindow</name>\n    <message><source>Paste</source></message>\n</context>"
    assert strings(ts) == {("MainWindow", "Paste")}
    assert ("CaseCommands", "Paste") not in strings(ts)


def test_committed_qm_is_fresh(tmp_path):
    sys.path.insert(0, str(ROOT / "packaging"))
    from i18n import release

    for ts in (TS, TS_EN):
        qm = release(ts, tmp_path / "fresh.qm")
        assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run: python packaging/i18n.py"
