"""The left side of the main window: reminders, search as you type, the 'due soon'
filter and the list of cases ordered by their next deadline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tbcase.domain.ladder import DeadlineState
from tbcase.domain.model import format_due
from tbcase.ui.context import UiContext, plain_tip
from tbcase.ui.models import CaseFilterProxy, CaseListModel


class CaseListPane(QWidget):
    """The case list with its search field, filter and reminder line."""

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reminder = QPushButton()
        self.reminder.setFlat(True)
        self.reminder.setStyleSheet("QPushButton { color: #c62828; text-align: left; font-weight: bold; }")
        self.reminder.clicked.connect(lambda: self.due_only.setChecked(True))
        self.reminder.hide()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search order no., shop, item, notes, chat…"))
        self.search.setClearButtonEnabled(True)
        self.due_only = QCheckBox(self.tr("Due soon / overdue only"))
        self.model = CaseListModel(ctx, self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_search)
        self.due_only.toggled.connect(self.proxy.set_due_only)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        # the model already comes ordered by next deadline; a header click sorts in the proxy
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in ((0, 150), (1, 130), (2, 110), (3, 130), (4, 70), (5, 60), (6, 40)):
            self.table.setColumnWidth(col, width)
        self.list_empty = QLabel()
        self.list_empty.setWordWrap(True)
        self.list_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_empty.setStyleSheet("color: #757575; padding: 16px;")
        ll = QVBoxLayout(self)
        ll.setContentsMargins(6, 6, 0, 6)
        ll.addWidget(self.reminder)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        ll.addLayout(row)
        ll.addWidget(self.due_only)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.list_empty)

    def after_list_change(self, folder: Path) -> None:
        count = self.model.rowCount()
        self.list_empty.setVisible(count == 0)
        self.table.setVisible(count > 0)
        self.list_empty.setText(self.tr("No cases yet in {0}.\nCreate one with Ctrl+N, or open a "
                                        ".tbcase file with Ctrl+O.").format(folder))

    def show_reminder(self, enabled: bool) -> str | None:
        """The reminder line for deadlines due within 24 hours or overdue; its text, if any."""
        urgent = [r for r in self.model.rows if r.deadline is not None
                  and r.deadline.state in (DeadlineState.DUE_SOON, DeadlineState.OVERDUE)]
        if not enabled or not urgent:
            self.reminder.hide()
            return None
        overdue = sum(r.deadline.state == DeadlineState.OVERDUE for r in urgent)
        soon = len(urgent) - overdue
        parts = []
        if overdue:
            parts.append(self.tr("%n case(s) overdue", "", overdue))
        if soon:
            parts.append(self.tr("%n due within 24 hours", "", soon))
        text = "⚠ " + " · ".join(parts)
        self.reminder.setText(text)
        first = min(urgent, key=lambda r: r.deadline.due)
        label = self.ctx.wording.text(first.deadline, "label")
        self.reminder.setToolTip(plain_tip(f"{first.summary.order_no}: {label} {format_due(first.deadline.due)}"))
        self.reminder.show()
        return text
