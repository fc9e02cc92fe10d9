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
    try:
        from importlib.resources import files

        candidates.append(Path(str(files("tbcase.resources"))))
    except (ModuleNotFoundError, TypeError):
        pass
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


def default_library_dir() -> Path:
    """The library folder: $TBCASE_LIBRARY, else Documents/tbcase."""
    env = os.environ.get("TBCASE_LIBRARY")
    if env:
        return Path(env)
    docs = Path.home() / "Documents"
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_DOCUMENTS_DIR")
        if xdg:
            docs = Path(xdg)
    return docs / "tbcase"
