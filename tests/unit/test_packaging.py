"""Packaging stays complete: every run-time resource is bundled, the version comes from
one place, and the desktop files are valid."""

import ast
import re
import shutil
import subprocess
import sys
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from bundle_resources import RUNTIME, SOURCES  # noqa: E402

from tbcase import __version__  # noqa: E402

RES = ROOT / "resources"


def _files():
    return [p.relative_to(RES).as_posix() for p in RES.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts]


def test_every_resource_is_bundled_or_a_known_source():
    stray = [f for f in _files() if not any(fnmatch(f, g) for g in RUNTIME + SOURCES)]
    assert stray == [], "add them to packaging/bundle_resources.py"
    for glob in RUNTIME:
        assert any(fnmatch(f, glob) for f in _files()), glob


def test_every_resource_the_code_loads_is_bundled():
    loaded = set()
    for path in (ROOT / "tbcase").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "resource":
                parts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                if len(parts) == len(node.args):
                    loaded.add("/".join(parts))
    loaded.add("fonts/wqy-microhei.ttc")  # font_path()
    assert {"rules/ladder.toml", "i18n/tbcase_zh_CN.qm", "icons/tbcase.svg"} <= loaded
    for rel in loaded:
        assert (RES / rel).exists(), rel
        assert any(fnmatch(rel, g) for g in RUNTIME), rel


def test_spec_bundles_runtime_resources_and_declares_the_document_type():
    spec = (ROOT / "packaging" / "tbcase.spec").read_text(encoding="utf-8")
    assert "from bundle_resources import RUNTIME" in spec and "for pattern in RUNTIME" in spec
    assert "CFBundleDocumentTypes" in spec and '"tbcase"' in spec
    assert "__version__" in spec


def test_wheel_carries_font_rules_and_translations(tmp_path):
    # build from a copy: setuptools writes build/ and *.egg-info into the source tree
    src = tmp_path / "src"
    for name in ("tbcase", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(src)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("tbcase-*.whl"))
    assert wheel.name.startswith(f"tbcase-{__version__}-")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("tbcase/resources/fonts/wqy-microhei.ttc", "tbcase/resources/rules/ladder.toml",
                   "tbcase/resources/i18n/tbcase_zh_CN.qm", "tbcase/resources/icons/tbcase.svg",
                   "tbcase/resources/fonts/wqy-microhei.COPYRIGHT"):
        assert needed in names, needed
    # every module ships (a package missing from pyproject's list would leave tbcase.cli out)
    modules = {str(p.relative_to(ROOT).as_posix()) for p in (ROOT / "tbcase").rglob("*.py")}
    assert modules - set(names) == set()


def test_version_in_one_place():
    meta = (ROOT / "packaging" / "linux" / "io.github.tbcase.tbcase.metainfo.xml").read_text(encoding="utf-8")
    assert re.search(r'<release version="([^"]+)"', meta).group(1) == __version__
    iss = (ROOT / "packaging" / "windows" / "tbcase.iss").read_text(encoding="utf-8")
    assert "AppVersion={#MyAppVersion}" in iss and "PrivilegesRequired=lowest" in iss
    assert r"Software\Classes\.tbcase" in iss and "{autoprograms}" in iss
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = { attr = "tbcase.__version__" }' in pyproject


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_metainfo_validates():
    r = subprocess.run(["appstreamcli", "validate", "--no-net",
                        str(ROOT / "packaging" / "linux" / "io.github.tbcase.tbcase.metainfo.xml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates():
    r = subprocess.run(["desktop-file-validate",
                        str(ROOT / "packaging" / "linux" / "io.github.tbcase.tbcase.desktop")],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "", r.stdout + r.stderr
