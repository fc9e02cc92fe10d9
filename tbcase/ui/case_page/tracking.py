"""The tracking tab: tracking numbers with their carrier (recognised as you type),
direction and time signed for."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QTableView, QVBoxLayout

from tbcase.domain.model import Direction
from tbcase.domain.tracking import recognise
from tbcase.ui.case_page.common import CaseTab, plain_label
from tbcase.ui.dialogs import ValidatedField, check_time
from tbcase.ui.models import TableModel, display_time
from tbcase.ui.session import Change


class TrackingTab(CaseTab):
    SHOWS = Change.TRACKING

    def __init__(self, ctx, session, parent=None) -> None:
        super().__init__(ctx, session, parent)
        self.model = TableModel([
            ("number", self.tr("Tracking number")), ("carrier_name", self.tr("Carrier")),
            ("direction_name", self.tr("Direction")), ("signed_txt", self.tr("Signed for")),
            ("note", self.tr("Note"))], self)
        view = QTableView()
        view.setModel(self.model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        view.verticalHeader().hide()
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("Tracking number"))
        self.carrier = plain_label()
        self.number.textChanged.connect(
            lambda t: self.carrier.setText(self._carrier_name(recognise(t).code) if t.strip() else ""))
        self.direction = QComboBox()
        self.direction.addItem(self.tr("Outbound (seller to you)"), Direction.OUT.value)
        self.direction.addItem(self.tr("Return (you to seller)"), Direction.RETURN.value)
        self.signed = ValidatedField(check_time(ctx.wording), self.tr("signed for at (optional)"))
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(self.add)
        form = QHBoxLayout()
        form.addWidget(self.number, 2)
        form.addWidget(self.carrier, 1)
        form.addWidget(self.direction, 1)
        form.addWidget(self.signed, 2)
        form.addWidget(add)
        lay = QVBoxLayout(self)
        lay.addWidget(view)
        lay.addLayout(form)

    def _carrier_name(self, code: str) -> str:
        return self.ctx.wording.carrier(code)

    def refresh(self) -> None:
        self.session.query(lambda case: case.tracking.all(), self._show)

    def _show(self, tracking) -> None:
        self.model.set_rows([{
            "number": t.number, "note": t.note, "carrier_name": self._carrier_name(t.carrier),
            "direction_name": self.tr("outbound") if t.direction == "out" else self.tr("return"),
            "signed_txt": display_time(t.signed),
        } for t in tracking])

    def add(self) -> None:
        if not self.number.text().strip() or not self.signed.valid():
            return
        number, direction = self.number.text(), self.direction.currentData()
        signed = self.signed.text() or None

        def added(_result) -> None:
            self.number.clear()
            self.signed.edit.clear()

        self.session.write(lambda case: case.tracking.add(number, direction=direction, signed=signed),
                           Change.TRACKING | Change.STEPS, added, self.warn(self.tr("Tracking")))
