"""The history tab: the append-only log of everything that happened to the case, newest
first."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout

from tbcase.ui.case_page.common import CaseTab
from tbcase.ui.models import TableModel, display_time
from tbcase.ui.session import Change


class HistoryTab(CaseTab):
    SHOWS = Change.HISTORY

    def __init__(self, ctx, session, parent=None) -> None:
        super().__init__(ctx, session, parent)
        self.model = TableModel([("at_txt", self.tr("When")), ("what", self.tr("What")),
                                 ("old", self.tr("Before")), ("new", self.tr("After"))], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.view.setColumnWidth(0, 140)
        self.view.setColumnWidth(1, 160)
        self.view.setColumnWidth(2, 220)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)

    def refresh(self) -> None:
        self.session.query(lambda case: case.history(), self._show)

    def _show(self, history) -> None:
        rows = []
        for h in reversed(history):
            what, old, new = self.ctx.wording.history(h.what, h.detail)
            rows.append({"at_txt": display_time(h.at), "what": what, "old": old, "new": new})
        self.model.set_rows(rows)
