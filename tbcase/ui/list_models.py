"""Small read-only list models: the evidence checklist and lines of text (the letter's
tone hints)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from tbcase.domain.checklist import ChecklistItem
from tbcase.ui.context import UiContext, plain_tip
from tbcase.ui.models import OVERDUE, ObjectRole


class ChecklistModel(QAbstractListModel):
    """The evidence checklist: one row per item, ticked or missing, in the window's language."""

    PRESENT = QColor("#2e7d32")

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[ChecklistItem] = []

    def set_items(self, items: list[ChecklistItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def missing(self) -> int:
        return sum(not i.present for i in self.items)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{'✔' if item.present else '✘'}  {self.ctx.word('check.' + item.key)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(self.PRESENT if item.present else OVERDUE)
        if role == ObjectRole:
            return item
        return None


class TextListModel(QAbstractListModel):
    """A read-only list of plain lines (the letter's tone hints), with a line for 'none'."""

    def __init__(self, empty_text: str = "", parent=None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.lines: list[str] = []

    def set_lines(self, lines: list[str]) -> None:
        self.beginResetModel()
        self.lines = list(lines) or ([self.empty_text] if self.empty_text else [])
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, ObjectRole):
            return self.lines[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self.lines[index.row()])
        return None
