"""A guard for the window tests: records every time the window's own code, running on the
GUI thread, enters a case file (peewee or sqlite3), Pillow, reportlab or the chat parser.

A call counts when it happens on the main (GUI) thread *and* a frame of ``tbcase/ui`` is on
the stack: test code that sets up a case directly is not the window, and worker threads are
where that work belongs. The fixture in ``conftest.py`` fails a ``gui`` test that recorded one.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path

UI_DIR = str(Path(__file__).resolve().parents[1] / "tbcase" / "ui")


class UiThreadGuard:
    def __init__(self) -> None:
        self.violations: list[str] = []
        self._undo: list[Callable[[], None]] = []

    def _check(self, what: str) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename.startswith(UI_DIR):
                where = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}"
                self.violations.append(f"{what} from {where}")
                return
            frame = frame.f_back

    def _wrap(self, owner, name: str, what: str) -> None:
        original = getattr(owner, name)
        check = self._check

        def guarded(*args, **kwargs):
            check(what)
            return original(*args, **kwargs)

        guarded.__wrapped__ = original
        setattr(owner, name, guarded)
        self._undo.append(lambda: setattr(owner, name, original))

    def _wrap_function_everywhere(self, module_name: str, name: str, what: str) -> None:
        """A function imported by name into other modules is replaced in each of them."""
        module = sys.modules[module_name]
        original = getattr(module, name)
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("tbcase") and getattr(mod, name, None) is original:
                self._wrap(mod, name, what)

    def install(self) -> None:
        import peewee
        from PIL import Image

        import tbcase.domain.chat  # noqa: F401 - loaded so its importers are patched too
        import tbcase.storage.casefile  # noqa: F401

        self._wrap(peewee.Database, "execute_sql", "the case file (SQL)")
        self._wrap(peewee.Database, "connect", "the case file (connect)")
        self._wrap(sqlite3, "connect", "an SQLite file")
        self._wrap(Image, "open", "Pillow")
        self._wrap(Image.Image, "save", "Pillow")
        self._wrap(Image.Image, "load", "Pillow")
        try:
            from reportlab.platypus import doctemplate

            self._wrap(doctemplate.BaseDocTemplate, "build", "reportlab")
        except ImportError:  # pragma: no cover - reportlab is a dependency
            pass
        for name in ("parse_chat", "decode_text"):
            if hasattr(sys.modules["tbcase.domain.chat"], name):
                self._wrap_function_everywhere("tbcase.domain.chat", name, "the chat parser")

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()
