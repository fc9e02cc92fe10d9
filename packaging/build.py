"""Build tbcase as a desktop program with PyInstaller, on the platform it runs on.

    python packaging/build.py [--onefile] [--skip-check]

Installs PyInstaller if missing, compiles translations, renders icons, builds
``dist/tbcase/`` (one folder; ``--onefile`` for a single file), runs the built program
once (``--version``) and prints where the result is and how big it is.
Windows: then build the installer with Inno Setup (the command is printed).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    from tbcase import __version__

    onefile = "--onefile" in sys.argv
    if importlib.util.find_spec("PyInstaller") is None:
        run(sys.executable, "-m", "pip", "install", "pyinstaller>=6.5")
    run(sys.executable, str(ROOT / "packaging" / "i18n.py"), "--release-only")
    run(sys.executable, str(ROOT / "packaging" / "make_icons.py"))
    env = dict(os.environ, TBCASE_ONEFILE="1" if onefile else "")
    run(sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
        "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
        str(ROOT / "packaging" / "tbcase.spec"), env=env)
    exe_name = "tbcase.exe" if sys.platform == "win32" else "tbcase"
    result = ROOT / "dist" / (exe_name if onefile else "tbcase")
    exe = result if onefile else result / exe_name
    if "--skip-check" not in sys.argv:
        out = run(str(exe), "--version", capture_output=True, text=True).stdout.strip()
        if out != f"tbcase {__version__}":
            print(f"unexpected version output: {out!r}", file=sys.stderr)
            return 1
    size = result.stat().st_size if onefile else folder_size(result)
    print(f"built: {result} ({size / 1e6:.1f} MB)")
    if sys.platform == "win32":
        print(f'installer: iscc /DMyAppVersion={__version__} packaging\\windows\\tbcase.iss')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
