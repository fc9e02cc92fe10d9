"""What every part of the window needs, passed in through constructors (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from tbcase.domain.bidi import neutral
from tbcase.storage.engine import DeadlineEngine
from tbcase.storage.library import Library
from tbcase.ui.tasks import JobRunner
from tbcase.wording import Wording


@dataclass
class UiContext:
    """What every part of the window shares: the library, the engine, the job runner,
    the settings and the words of the language shown."""

    library: Library
    engine: DeadlineEngine
    runner: JobRunner
    settings: QSettings
    lang: str  # "zh" or "en": which Qt translations are installed
    wording: Wording = field(init=False)  # every other word, built once per language

    def __post_init__(self) -> None:
        self.wording = Wording.for_language(self.lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.wording = Wording.for_language(lang)

    def word(self, key: str) -> str:
        """A domain value (state.overdue, step.complaint …) in the window's language."""
        return self.wording.word(key)

    def set_library(self, folder: Path) -> None:
        self.library = Library(folder)


def plain_tip(text: str | None) -> str | None:
    """A tooltip that shows user text literally: Qt guesses whether a tooltip is rich text,
    so ``<img src=…>`` in a title would be rendered (and the image fetched). Escaped inside
    an explicit rich-text wrapper it reads exactly as typed."""
    if not text:
        return text
    escaped = (neutral(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&quot;").replace("'", "&#x27;"))  # html.escape, without loading html
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"


def show_message(parent, kind: str, title: str, text: str, buttons=None) -> int:
    """QMessageBox with plain text (file names and titles are user data, never markup)."""
    from PySide6.QtWidgets import QMessageBox

    icons = {"warning": QMessageBox.Icon.Warning, "critical": QMessageBox.Icon.Critical,
             "information": QMessageBox.Icon.Information, "question": QMessageBox.Icon.Question}
    box = QMessageBox(icons[kind], neutral(title), neutral(text), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if buttons is not None:
        box.setStandardButtons(buttons)
    return box.exec()
