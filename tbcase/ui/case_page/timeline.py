"""The timeline tab: steps and deadlines drawn on a time axis, the next step as a button,
countdowns copied from the order page."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout

from tbcase.domain.model import now
from tbcase.ui.case_page.common import CaseTab, add_countdown, record_step
from tbcase.ui.session import Change
from tbcase.ui.timeline import TimelineWidget


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
        row = QHBoxLayout()
        row.addWidget(self.next_button)
        row.addStretch()
        row.addWidget(countdown)
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
        self.timeline.set_data(steps, tl.deadlines, moment)
        nxt = self._next = tl.next_step
        self.next_button.setVisible(nxt.record is not None)
        if nxt.record is not None:
            self.next_button.setText(self.tr("Done: {0}").format(self.ctx.word("step." + nxt.record.value)))

    def _record_next(self) -> None:
        if self._next is not None and self._next.record is not None:
            record_step(self, self._next.record.value)
