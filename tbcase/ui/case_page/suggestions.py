"""What the case's screenshots say that the case does not: tracking numbers not yet in
the case, and fields they fill in or contradict, each with a button to accept it.
Nothing is written until the user presses one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from tbcase.ui.case_page.common import plain_label
from tbcase.ui.crash import error_text
from tbcase.ui.session import CaseSession, Change

MAX_SHOWN = 12


class SuggestionsBox(QGroupBox):
    """Shown only when there are suggestions; the overview tab refreshes it (with itself,
    when fields, tracking numbers, evidence or read text change).

    Signals:
        accepted(str text): a suggestion was written (for the status bar)
    """

    accepted = Signal(str)

    def __init__(self, ctx, session: CaseSession, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setTitle(self.tr("Suggestions from the screenshots"))
        self.rows = QVBoxLayout(self)
        self.suggestions: list = []
        self.buttons: list[QPushButton] = []
        self.hide()

    def refresh(self) -> None:
        from tbcase.storage.screenshots import case_suggestions

        self.session.query(case_suggestions, self._show)

    def describe(self, s) -> str:
        names = {"order": self.tr("Order number"), "amount": self.tr("Amount paid"), "ordered": self.tr("Ordered at"),
                 "signed": self.tr("Signed for at"), "shop": self.tr("Shop"), "tracking": self.tr("Tracking number")}
        name = names.get(s.field, s.field)
        if s.kind == "tracking":
            text = self.tr("New tracking number {0}").format(s.value)
        elif s.kind == "differs":
            text = self.tr("{0}: the screenshot says {1}, the case says {2}").format(name, s.value, s.current)
        else:
            text = self.tr("{0}: {1} (the case leaves it empty)").format(name, s.value)
        return text + " " + self.tr("(exhibit {0})").format(s.exhibit)

    def _show(self, found: list) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.suggestions, self.buttons = found, []
        for s in found[:MAX_SHOWN]:
            row = QWidget()
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            label = plain_label(self.describe(s))
            label.setToolTip(s.text)
            button = QPushButton(self.tr("Accept"))
            button.clicked.connect(lambda _=False, s=s, b=button: self.accept(s, b))
            lay.addWidget(label, 1)
            lay.addWidget(button)
            self.rows.addWidget(row)
            self.buttons.append(button)
        self.setVisible(bool(found))

    def accept(self, suggestion, button: QPushButton | None = None) -> None:
        """One click: the suggestion is written (through the case's own checks)."""
        from tbcase.storage.screenshots import accept

        if button is not None:
            button.setEnabled(False)
        text = self.describe(suggestion)

        def failed(exc: BaseException) -> None:
            if button is not None:
                button.setEnabled(True)
            self.accepted.emit(error_text(exc, self.ctx.wording, self))

        self.session.write(lambda case: accept(case, suggestion), Change.FIELDS | Change.TRACKING,
                           on_success=lambda _: self.accepted.emit(self.tr("Accepted: {0}").format(text)),
                           on_failure=failed)
