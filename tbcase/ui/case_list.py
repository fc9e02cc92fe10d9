"""The left side of the main window: reminders, search as you type, the 'due soon'
filter and the list of cases ordered by their next deadline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tbcase.domain.bidi import neutral
from tbcase.domain.ladder import DeadlineState
from tbcase.domain.model import format_due
from tbcase.ui.context import UiContext, plain_tip
from tbcase.ui.models import CaseListModel, ObjectRole, SortRole


class CaseFilterProxy(QSortFilterProxyModel):
    """Search as you type (order number, shop, item, notes, chat text) and 'due soon'."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._found: set[str] = set()  # paths the library's search index found the text in
        self._due_only = False
        self.setSortRole(SortRole)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._terms = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_found(self, paths: set[str]) -> None:
        self.beginFilterChange()
        self._found = paths
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_due_only(self, on: bool) -> None:
        self.beginFilterChange()
        self._due_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802
        if not (self._due_only or self._terms):  # nothing asked (every row, when the list is filled)
            return True
        model: CaseListModel = self.sourceModel()
        r = model.rows[source_row]
        if self._due_only and r.state not in (DeadlineState.DUE_SOON, DeadlineState.OVERDUE):
            return False
        return r.path in self._found or all(t in r.search for t in self._terms)


class CaseListPane(QWidget):
    """The case list with its search field, filter and reminder line. Typing also searches
    every case's fields, chat logs and image text through the library's search index (off
    the UI thread, once typing pauses): the cases found stay in the list and the places
    found are listed under it.

    Signals:
        hit_activated(object SearchHit): the user chose a place found
    """

    hit_activated = Signal(object)
    SEARCH_PAUSE_MS = 250

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._search_job = None
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
        self.hits_model = QStandardItemModel(self)
        self.hits: QListView | None = None  # the places found, under the list: made with the first found
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(self.SEARCH_PAUSE_MS)
        self.search_timer.timeout.connect(self.find_now)
        self.search.textChanged.connect(self.search_timer.start)
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

    def find_now(self) -> None:
        """The library's full-text search for what is typed (three characters or more)."""
        query = self.search.text().strip()
        if self._search_job is not None:
            self._search_job.cancel()
            self._search_job = None
        if len(query) < 3:
            self.proxy.set_found(set())
            self._show_hits([])
            return
        library = self.ctx.library

        def done(hits) -> None:
            if self.search.text().strip() == query:
                self._search_job = None
                self.proxy.set_found({str(h.path) for h in hits})
                self._show_hits(hits)

        self._search_job = self.ctx.runner.start(lambda job: library.find(query, limit=50), on_success=done,
                                                 on_failure=lambda exc: self._show_hits([]))

    def _show_hits(self, hits) -> None:
        self.hits_model.clear()
        kinds = {"case": self.tr("fields"), "chat": self.tr("chat log"), "ocr": self.tr("image text")}
        for h in hits:
            where = self.tr("exhibit {0}").format(h.exhibit) if h.exhibit else ""
            item = QStandardItem(neutral(f"{h.order_no} · {where} {kinds.get(h.kind, h.kind)} · {h.snippet}"))
            item.setData(h, ObjectRole)
            item.setToolTip(plain_tip(h.snippet))
            self.hits_model.appendRow(item)
        if hits:  # as tall as its rows, up to six
            view = self._hits_view()
            rows = min(len(hits), 6) * max(view.sizeHintForRow(0), 1)
            view.setFixedHeight(rows + 2 * view.frameWidth() + 4)
        if self.hits is not None:
            self.hits.setVisible(bool(hits))

    def _hits_view(self) -> QListView:
        """The list of places found (under the case list), made when first needed."""
        if self.hits is None:
            self.hits = QListView()
            self.hits.setModel(self.hits_model)
            self.hits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.hits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long snippets elide
            self.hits.activated.connect(self._on_hit)
            self.hits.clicked.connect(self._on_hit)
            layout = self.layout()
            layout.insertWidget(layout.indexOf(self.table) + 1, self.hits)
        return self.hits

    def _on_hit(self, index) -> None:
        hit = index.data(ObjectRole)
        if hit is not None:
            self.hit_activated.emit(hit)

    def after_list_change(self, folder: Path) -> None:
        count = self.model.rowCount()
        self.list_empty.setVisible(count == 0)
        self.table.setVisible(count > 0)
        self.list_empty.setText(self.tr("No cases yet in {0}.\nCreate one with Ctrl+N, or open a "
                                        ".tbcase file with Ctrl+O.").format(folder))

    def show_reminder(self, enabled: bool) -> str | None:
        """The reminder line for deadlines due within 24 hours or overdue; its text, if any."""
        states = (DeadlineState.DUE_SOON, DeadlineState.OVERDUE)
        urgent = [r for r in self.model.rows if r.state in states]  # (the rows' deadlines are made when shown)
        if not enabled or not urgent:
            self.reminder.hide()
            return None
        overdue = sum(r.state == DeadlineState.OVERDUE for r in urgent)
        soon = len(urgent) - overdue
        parts = []
        if overdue:
            parts.append(self.tr("%n case(s) overdue", "", overdue))
        if soon:
            parts.append(self.tr("%n due within 24 hours", "", soon))
        text = "⚠ " + " · ".join(parts)
        self.reminder.setText(text)
        first = min(urgent, key=lambda r: r.due_key)
        label = self.ctx.wording.text(first.deadline, "label")
        self.reminder.setToolTip(plain_tip(f"{first.summary.order_no}: {label} {format_due(first.deadline.due)}"))
        self.reminder.show()
        return text
