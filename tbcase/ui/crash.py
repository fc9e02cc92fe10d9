"""Errors shown to the user: a known error is a sentence in their language; anything else
is a bug, shown as a crash report (what happened, the version, a button to copy it for a
bug report) instead of an exception's repr in the status bar (STYLE.md §1)."""

from __future__ import annotations

import platform
import sys
import traceback

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tbcase import __version__
from tbcase.domain.errors import KnownError
from tbcase.wording import Wording


def crash_report(exc: BaseException) -> str:
    """The text of a bug report: versions, then the exception with its traceback."""
    lines = [f"tbcase {__version__}",
             f"Python {platform.python_version()} · PySide6 {pyside_version} · {platform.platform()}",
             ""]
    lines += traceback.format_exception(type(exc), exc, exc.__traceback__)
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """A bug, reported: the exception and versions, read-only, with a copy button."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("tbcase: internal error"))
        self.report = crash_report(exc)
        intro = QLabel(self.tr("Something went wrong inside tbcase (a bug, not a problem with your "
                               "files: nothing was changed by the failed action). Please copy this "
                               "report and send it with a description of what you did."))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(self.report)
        self.text.setReadOnly(True)
        self.text.setFont(QFont("monospace"))
        self.text.setMinimumSize(560, 240)
        self.copy_button = QPushButton(self.tr("Copy report"))
        self.copy_button.clicked.connect(self._on_copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))


def error_text(exc: BaseException, wording: Wording, parent: QWidget | None = None) -> str:
    """A known error as its sentence; a bug opens a crash report (not modal: the window
    keeps working) and returns a short line for wherever the caller shows text."""
    if isinstance(exc, KnownError):
        return wording.error_of(exc)
    dialog = CrashDialog(exc, parent)
    dialog.setModal(False)
    dialog.show()
    print(dialog.report, file=sys.stderr)
    return QCoreApplication.translate("CrashDialog", "Internal error: {0} (see the report)").format(
        type(exc).__name__)
