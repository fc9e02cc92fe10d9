"""The timeline tab: steps and deadlines drawn on a time axis, the next step as a button,
countdowns copied from the order page, and taking back a step recorded by mistake."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel, QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
)

from tbcase.domain.model import now
from tbcase.ui.case_page.common import CaseTab, add_countdown, record_step
from tbcase.ui.context import show_message
from tbcase.ui.models import display_time
from tbcase.ui.session import CaseSession, Change
from tbcase.ui.timeline import TimelineWidget


class WithdrawStep(QUndoCommand):
    """Withdrawing a step takes it out of the deadlines, the next step and the letter (the
    history keeps it); undo records it again, as it was. ``on_withdrawn`` runs once, on the
    UI thread, after the first withdraw is written (not when a redo withdraws it again)."""

    def __init__(self, session: CaseSession, step, reason: str, name: str,
                 on_withdrawn: Callable[[], None] | None = None) -> None:
        super().__init__(QCoreApplication.translate("CasePage", "Withdraw step {0}").format(name))
        self.session = session
        self.step = step
        self.reason = reason
        self.on_withdrawn = on_withdrawn

    def redo(self) -> None:
        # both run on the session's one queue, in order: a redo after an undo withdraws
        # the step the undo recorded again (it has a new number)
        done, self.on_withdrawn = self.on_withdrawn, None
        self.session.write(lambda case: case.steps.withdraw(self.step.id, self.reason),
                           Change.STEPS | Change.FIELDS,
                           on_success=(lambda _result: done()) if done is not None else None)

    def undo(self) -> None:
        def again(case) -> None:
            s = self.step
            self.step = case.steps.add(s.kind.value, at=s.at, ref=s.ref, note=s.note)

        self.session.write(again, Change.STEPS | Change.FIELDS)


class WithdrawDialog(QDialog):
    """Which step to take back, and why (the reason goes into the history)."""

    def __init__(self, ctx, steps: list, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Withdraw a step"))
        self.setMinimumWidth(460)
        self.steps = steps
        self.model = QStandardItemModel(self)
        for step in steps:
            text = f"{display_time(step.at)}  {ctx.word('step.' + step.kind.value)}  {step.ref}".rstrip()
            item = QStandardItem(text)
            item.setEditable(False)
            self.model.appendRow(item)
        self.view = QListView()
        self.view.setModel(self.model)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. recorded the wrong time"))
        explain = QLabel(self.tr("A withdrawn step no longer counts for deadlines, the next step or "
                                 "the letter. The history keeps it and your reason; Ctrl+Z brings it back."))
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Withdraw"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.ok.setEnabled(self.chosen() is not None))
        lay = QVBoxLayout(self)
        lay.addWidget(self.view)
        lay.addLayout(form)
        lay.addWidget(explain)
        lay.addWidget(self.buttons)

    def chosen(self):
        rows = self.view.selectionModel().selectedRows()
        return self.steps[rows[0].row()] if rows else None


class TimelineTab(CaseTab):
    SHOWS = Change.STEPS | Change.FIELDS | Change.TRACKING

    def __init__(self, ctx, session, parent=None) -> None:
        super().__init__(ctx, session, parent)
        self._next = None
        self.timeline = TimelineWidget(ctx)
        record = QPushButton(self.tr("Record a step…"))
        record.clicked.connect(lambda: record_step(self))
        self.next_button = QPushButton()
        self.next_button.hide()
        self.next_button.clicked.connect(self._record_next)
        countdown = QPushButton(self.tr("Add a countdown…"))
        countdown.setToolTip(self.tr("A deadline shown on the order page, e.g. 卖家还剩 2天23时 处理"))
        countdown.clicked.connect(lambda: add_countdown(self))
        self.withdraw_button = QPushButton(self.tr("Withdraw a step…"))
        self.withdraw_button.setToolTip(self.tr("Take back a step recorded by mistake"))
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.clicked.connect(self.withdraw_step)
        self._steps: list = []
        row = QHBoxLayout()
        row.addWidget(self.next_button)
        row.addStretch()
        row.addWidget(countdown)
        row.addWidget(self.withdraw_button)
        row.addWidget(record)
        scroll = QScrollArea()
        scroll.setWidget(self.timeline)
        scroll.setWidgetResizable(True)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll)
        lay.addLayout(row)

    def refresh(self) -> None:
        engine = self.ctx.engine

        def read(case):
            moment = now()
            return case.steps.all(), engine.timeline(case.steps.facts(), moment), moment

        self.session.query(read, self._show)

    def _show(self, data) -> None:
        steps, tl, moment = data
        self._steps = steps
        self.withdraw_button.setEnabled(bool(steps))
        self.timeline.set_data(steps, tl.deadlines, moment)
        nxt = self._next = tl.next_step
        self.next_button.setVisible(nxt.record is not None)
        if nxt.record is not None:
            self.next_button.setText(self.tr("Done: {0}").format(self.ctx.word("step." + nxt.record.value)))

    def _record_next(self) -> None:
        if self._next is not None and self._next.record is not None:
            record_step(self, self._next.record.value)

    def withdraw_step(self, dialog: WithdrawDialog | None = None) -> None:
        """Ask which step to take back (a dialog given by a test is used as answered)."""
        if dialog is None:
            dialog = WithdrawDialog(self.ctx, self._steps, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        step = dialog.chosen()
        if step is None:
            return
        name = f"{display_time(step.at)} {self.ctx.word('step.' + step.kind.value)}"
        reason = dialog.reason.text().strip()

        def withdraw(told: list) -> None:
            self.session.undo.push(WithdrawStep(self.session, step, reason, name, lambda: withdrawn(told)))

        def withdrawn(told: list) -> None:  # written: the letters kept that told it are named, in a box
            done = self.tr("Step withdrawn: {0} (Ctrl+Z brings it back)").format(name)
            self.status.emit(done)
            if told:  # once the tabs were told of the change: behind the box they show it gone
                QTimer.singleShot(0, self, lambda: show_message(
                    self, "warning", QCoreApplication.translate("WithdrawDialog", "Withdraw a step"),
                    f"{done}\n\n{self.ctx.wording.withdrawn_told(told)}"))

        # a step no longer there (withdrawn from the command line) says so and is not pushed:
        # its undo would record again a step somebody else took back
        self.session.query(lambda case: case.steps.letters_telling(step.id), withdraw,
                           self.warn(QCoreApplication.translate("WithdrawDialog", "Withdraw a step")))
