"""Where the shipped resources live, installed or run from a checkout."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder holding fonts, rules and translations.

    A PyInstaller bundle keeps it beside the executable, an installed package as
    ``tbcase/resources`` (mapped from the top-level ``resources/``), a checkout at the top.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    # where the import system finds the package (what importlib.resources.files gives for
    # a folder; finding it loads neither zipfile nor tempfile, which files() imports)
    from importlib.util import find_spec

    try:
        spec = find_spec("tbcase.resources")
    except (ModuleNotFoundError, ValueError):
        spec = None
    if spec is not None:
        candidates += [Path(folder) for folder in spec.submodule_search_locations or []]
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    for path in candidates:
        if (path / "rules").is_dir():
            return path
    raise FileNotFoundError("tbcase resources folder not found")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_path() -> Path:
    return resource("fonts", "wqy-microhei.ttc")


def user_config_dir() -> Path:
    """Per-user settings folder (holiday overrides, rule overrides)."""
    env = os.environ.get("TBCASE_CONFIG")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "tbcase"


def documents_dir() -> Path:
    """The user's Documents folder as the platform defines it (it may be redirected, e.g.
    to OneDrive on Windows, or renamed to 文档 by xdg-user-dirs on a Chinese Linux)."""
    home = Path.home()
    if sys.platform == "win32":
        try:
            import ctypes
            from ctypes import wintypes

            class GUID(ctypes.Structure):
                _fields_ = [("d1", wintypes.DWORD), ("d2", wintypes.WORD), ("d3", wintypes.WORD),
                            ("d4", ctypes.c_ubyte * 8)]

            # FOLDERID_Documents {FDD39AD0-238F-46AF-ADB4-6C85480369C7}
            fid = GUID(0xFDD39AD0, 0x238F, 0x46AF, (ctypes.c_ubyte * 8)(
                0xAD, 0xB4, 0x6C, 0x85, 0x48, 0x03, 0x69, 0xC7))
            out = ctypes.c_wchar_p()
            if ctypes.windll.shell32.SHGetKnownFolderPath(ctypes.byref(fid), 0, None,
                                                         ctypes.byref(out)) == 0:
                path = Path(out.value)
                ctypes.windll.ole32.CoTaskMemFree(out)
                return path
        except (OSError, AttributeError, ValueError):
            pass
        return home / "Documents"
    if sys.platform.startswith("linux"):
        env = os.environ.get("XDG_DOCUMENTS_DIR")
        if env:
            return Path(env)
        config = Path(os.environ.get("XDG_CONFIG_HOME", home / ".config")) / "user-dirs.dirs"
        try:
            for line in config.read_text(encoding="utf-8").splitlines():
                if line.startswith("XDG_DOCUMENTS_DIR="):
                    value = line.split("=", 1)[1].strip().strip('"').replace("$HOME", str(home))
                    if value and Path(value) != home:
                        return Path(value)
        except OSError:
            pass
    return home / "Documents"


def default_library_dir() -> Path:
    """The library folder: $TBCASE_LIBRARY, else tbcase in the user's Documents folder."""
    env = os.environ.get("TBCASE_LIBRARY")
    if env:
        return Path(env)
    return documents_dir() / "tbcase"
