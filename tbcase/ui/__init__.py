"""The PySide6 window. The only layer that imports Qt."""

from __future__ import annotations

import os
import sys


def tell_pyside_which_modules_use_it() -> None:
    """Fill in what PySide6 would find out by reading each module's source.

    For its ``from __feature__ import snake_case`` switch (PYSIDE-2029), PySide6 reads the
    whole source of every module imported after it (``os``, ``typing``, ``pathlib`` and each
    of ours alike) to see whether it mentions PySide6: 80 files read at every start of the
    window. The answers are known without reading: the standard library never does, nor do
    tbcase's top-level, domain and storage modules (Qt stays in this layer; the command
    line is left to PySide), and ``tbcase.ui`` does. They are
    marked as PySide marks them (-1: does not use PySide; 0: uses it, no feature selected;
    tbcase selects none, so for a module of ``tbcase.ui`` without Qt of its own the two mean
    the same). Marks already made are kept; anything unexpected in PySide's internals
    leaves the check to PySide. Called by ``ui/app.py`` right after it imports Qt, before it
    imports the rest of the window (a worker process that loads a module of this package
    without Qt stays without Qt)."""
    feature = sys.modules.get("PySide6.support.feature")
    marks = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(marks, dict):
        return
    stdlib = sys.stdlib_module_names
    for name in [*sys.modules, *stdlib]:
        if name.partition(".")[0] in stdlib:
            marks.setdefault(name, -1)
    package = os.path.dirname(os.path.dirname(__file__))
    for folder, prefix in [(package, "tbcase"), *((os.path.join(package, sub), f"tbcase.{sub}") for sub in (
            "domain", "storage", "ui", os.path.join("ui", "case_page")))]:
        try:
            with os.scandir(folder) as entries:
                names = [e.name[:-3] for e in entries if e.name.endswith(".py")]
        except OSError:
            continue
        dotted = prefix.replace(os.sep, ".")
        for name in names:
            module = dotted if name == "__init__" else f"{dotted}.{name}"
            marks.setdefault(module, 0 if module == "tbcase.ui" or module.startswith("tbcase.ui.") else -1)
