"""Refresh and compile the translations: two steps anyone can rerun.

    python packaging/i18n.py          # lupdate (keeps existing translations), then lrelease

Sources: every .py under tbcase/ui; output: resources/i18n/tbcase_zh_CN.ts and
tbcase_en.ts (plural forms only; edit both with pyside6-linguist) and the compiled .qm. The .qm is committed, because an
isolated pip build has no PySide6 to run lrelease; tests/unit/test_translations.py
fails when it is stale or when a string is left untranslated.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "tbcase_zh_CN.ts"
# English is the source language: its file holds only the plural forms ("1 case", "2 cases")
TS_EN = ROOT / "resources" / "i18n" / "tbcase_en.ts"


def tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else name


def update() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tbcase" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-target-language", "zh_CN",
                    "-ts", str(TS.relative_to(ROOT))], cwd=ROOT, check=True)
    subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-pluralonly",
                    "-target-language", "en", "-ts", str(TS_EN.relative_to(ROOT))], cwd=ROOT, check=True)


def release(ts: Path = TS, qm: Path | None = None) -> Path:
    qm = qm or ts.with_suffix(".qm")
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


if __name__ == "__main__":
    if "--release-only" not in sys.argv:
        update()
    print(release())
    print(release(TS_EN))
