"""What every part of the window needs, passed in through constructors (no globals)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from tbcase.domain.bidi import neutral
from tbcase.messages import label
from tbcase.storage.engine import DeadlineEngine
from tbcase.storage.library import Library
from tbcase.ui.tasks import JobRunner


@dataclass
class UiContext:
    library: Library
    engine: DeadlineEngine
    runner: JobRunner
    settings: QSettings
    lang: str  # "zh" or "en"

    def word(self, key: str) -> str:
        """A domain value (state.overdue, step.complaint …) in the window's language."""
        return label(key, self.lang)

    def set_library(self, folder: Path) -> None:
        self.library = Library(folder)


def countdown_text(due: datetime, now: datetime, lang: str) -> str:
    """还剩 2天3小时 / 逾期 1天2小时 (or English), to the hour."""
    seconds = int((due - now).total_seconds())
    late = seconds < 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    minutes = (rest % 3600) // 60
    if lang == "en":
        span = f"{days}d {hours}h" if days else (f"{hours}h {minutes}m" if hours else f"{minutes}m")
        return f"{span} overdue" if late else f"{span} left"
    span = f"{days}天{hours}小时" if days else (f"{hours}小时{minutes}分" if hours else f"{minutes}分钟")
    return f"逾期{span}" if late else f"还剩{span}"


def plain_tip(text: str | None) -> str | None:
    """A tooltip that shows user text literally: Qt guesses whether a tooltip is rich text,
    so ``<img src=…>`` in a title would be rendered (and the image fetched). Escaped inside
    an explicit rich-text wrapper it reads exactly as typed."""
    if not text:
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(neutral(text))}</p>"


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
