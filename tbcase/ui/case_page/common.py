"""What the tabs of the case page share: the tab base class, plain labels and the two
actions more than one tab offers (record a step, add a countdown). Tabs import this
module, never each other."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from tbcase.domain.bidi import neutral
from tbcase.domain.errors import KnownError
from tbcase.domain.model import format_due
from tbcase.ui.context import UiContext, show_message
from tbcase.ui.crash import error_text
from tbcase.ui.session import CaseSession, Change


def plain_label(text: str = "") -> QLabel:
    """A label for user data: plain text, never interpreted as rich text."""
    lbl = QLabel(neutral(text))
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setWordWrap(True)
    lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lbl


class AfterPaint(QObject):
    """Runs ``callback`` once, in an event-loop turn after ``widget`` was next painted: what
    a case's first frame does not show (a form waiting for a selection, a hidden strip) is
    built after that frame. A child of ``owner``: gone with it, nothing runs."""

    def __init__(self, owner: QObject, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(owner)
        self._widget = widget
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(callback)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self._timer.isActive():
            self._widget.removeEventFilter(self)
            self._timer.start(0)  # a timer started while painting fires in a later turn
        return False


class CaseTab(QWidget):
    """One tab of the case page: it asks the session for what it shows and refreshes when
    the session reports a change among ``SHOWS``. A tab that is not visible only notes
    that it is stale and refreshes when it is shown.

    Signals:
        status(str text): a message for the status bar
    """

    status = Signal(str)
    SHOWS = Change.ALL

    def __init__(self, ctx: UiContext, session: CaseSession, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self._stale = True
        session.changed.connect(self._on_changed)

    def _on_changed(self, what: Change) -> None:
        if what & self.SHOWS:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh_now()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh_now()

    def refresh_now(self) -> None:
        self._stale = False
        self.refresh()

    def refresh(self) -> None:
        """Ask the session for what the tab shows (results arrive in callbacks)."""

    def error_text(self, exc: BaseException) -> str:
        """A known error's sentence; a bug opens a crash report (ui/crash.py)."""
        return error_text(exc, self.ctx.wording, self)

    def warn(self, title: str):
        """A failure callback: a KnownError as a clear message, a bug as a crash report."""
        def show(exc: BaseException) -> None:
            text = self.error_text(exc)
            if isinstance(exc, KnownError):
                show_message(self, "warning", title, text)
        return show


def record_step(tab: CaseTab, kind: str | None = None, *, ask: bool = True) -> None:
    """The step dialog, then the write (the next step, overview and timeline follow)."""
    from tbcase.ui.dialogs import StepDialog

    dialog = StepDialog(tab.ctx, kind, tab)
    if ask and dialog.exec() != StepDialog.DialogCode.Accepted:
        return
    v = dialog.values()
    done = QCoreApplication.translate("CasePage", "Step recorded: {0}").format(tab.ctx.word("step." + v["kind"]))
    tab.session.write(lambda case: case.steps.add(v["kind"], at=v["at"], ref=v["ref"], note=v["note"]),
                      Change.STEPS | Change.FIELDS, on_success=lambda _: tab.status.emit(done),
                      on_failure=tab.warn(QCoreApplication.translate("CasePage", "Record a step")))


def add_countdown(tab: CaseTab, label: str | None = None, text: str | None = None) -> bool:
    """A countdown copied from the order page: an end time, or the text itself (2天23时)."""
    from tbcase.ui.dialogs import CountdownDialog

    dialog = CountdownDialog(tab.ctx, tab)
    if label is not None and text is not None:
        dialog.label.setText(label)
        dialog.when.edit.setText(text)
    elif dialog.exec() != CountdownDialog.DialogCode.Accepted:
        return False
    due = dialog.due()
    if due is None:
        return False
    what = dialog.label.text().strip() or QCoreApplication.translate("CasePage", "Countdown")
    done = QCoreApplication.translate("CasePage", "Countdown added: due {0}").format(format_due(due))
    tab.session.write(lambda case: case.steps.add_countdown(what, due), Change.STEPS,
                      on_success=lambda _: tab.status.emit(done),
                      on_failure=tab.warn(QCoreApplication.translate("CasePage", "Add a countdown")))
    return True
