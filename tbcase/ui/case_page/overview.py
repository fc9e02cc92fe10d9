"""The overview tab: the order's fields (checked as you type, saved only where edited),
the next step as a button, the evidence checklist and the limitation period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tbcase.domain.bidi import neutral
from tbcase.domain.checklist import readiness
from tbcase.domain.model import CaseStatus, ComplaintType, Outcome, format_amount, format_due, now
from tbcase.ui.case_page.common import CaseTab, plain_label, record_step
from tbcase.ui.case_page.suggestions import SuggestionsBox
from tbcase.ui.dialogs import ValidatedField, check_amount, check_order, check_time, combo
from tbcase.ui.list_models import ChecklistModel
from tbcase.ui.models import display_time
from tbcase.ui.session import Change

# Qt lays out one long paragraph on the UI thread (about 1 s a million characters): a text
# field longer than this is shown cut, read-only (50,000 characters lay out in ~50 ms)
LONG_TEXT = 50_000


@dataclass(frozen=True)
class OverviewData:
    row: Any  # the case row
    checklist: list
    timeline: Any


def read_overview(case, engine) -> OverviewData:
    """Everything the tab shows, read in one operation on the session's queue."""
    row = case.case()
    items = readiness(row, case.evidence.all(), case.tracking.all())
    return OverviewData(row, items, engine.timeline(case.steps.facts(), now()))


class OverviewTab(CaseTab):
    SHOWS = Change.FIELDS | Change.EVIDENCE | Change.STEPS | Change.TRACKING | Change.OCR

    def __init__(self, ctx, session, parent=None) -> None:
        super().__init__(ctx, session, parent)
        self._next = None
        self._form_shown: dict[str, str] | None = None
        self.title = plain_label()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.f_order = ValidatedField(check_order(ctx.wording))
        self.f_shop = QLineEdit()
        self.f_entity = QLineEdit()
        self.f_seller_address = QLineEdit()
        self.f_seller_address.setPlaceholderText(self.tr("As the platform shows it (shop page → licence)"))
        self.f_item = QLineEdit()
        self.f_amount = ValidatedField(check_amount(ctx.wording), "39.50")
        self.f_ordered = ValidatedField(check_time(ctx.wording), "2026-11-10 09:00")
        self.f_signed = ValidatedField(check_time(ctx.wording), "2026-11-13 18:30")
        self.f_type = combo(ctx, "type", ComplaintType)
        self.f_outcome = combo(ctx, "outcome", Outcome)
        self.f_status = combo(ctx, "status", CaseStatus)
        self.f_facts = QPlainTextEdit()
        self.f_facts.setPlaceholderText(self.tr("What happened, in order, with dates: calm and factual."))
        self.f_demands = QPlainTextEdit()
        self.f_demands.setPlaceholderText(self.tr("What you ask for, specifically: e.g. refund of 39.50 yuan."))
        for edit in (self.f_facts, self.f_demands):
            edit.setMinimumHeight(80)
        form = QFormLayout()
        form.addRow(self.tr("Order number"), self.f_order)
        form.addRow(self.tr("Shop"), self.f_shop)
        form.addRow(self.tr("Seller's legal entity"), self.f_entity)
        form.addRow(self.tr("Seller's address"), self.f_seller_address)
        form.addRow(self.tr("Item"), self.f_item)
        form.addRow(self.tr("Amount paid (yuan)"), self.f_amount)
        form.addRow(self.tr("Ordered at"), self.f_ordered)
        form.addRow(self.tr("Signed for at"), self.f_signed)
        form.addRow(self.tr("Complaint type"), self.f_type)
        form.addRow(self.tr("Desired outcome"), self.f_outcome)
        form.addRow(self.tr("Status"), self.f_status)
        form.addRow(self.tr("Facts"), self.f_facts)
        form.addRow(self.tr("Demands"), self.f_demands)
        self.save_button = QPushButton(self.tr("Save changes"))
        self.save_button.clicked.connect(self.save)
        self.save_error = plain_label()
        self.save_error.setStyleSheet("color: #c62828;")
        for f in (self.f_order, self.f_amount, self.f_ordered, self.f_signed):
            f.changed.connect(self._update_save)
        left = QScrollArea()
        inner = QVBoxLayout()
        inner.addWidget(self.title)
        inner.addLayout(form)
        inner.addWidget(self.save_error)
        inner.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignRight)
        inner.addStretch()
        holder = QWidget()
        holder.setLayout(inner)
        left.setWidget(holder)
        left.setWidgetResizable(True)
        # right: next step and readiness
        self.next_box = QGroupBox(self.tr("Next step"))
        self.next_label = plain_label()
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self._record_next)
        self.escalate_button = QPushButton()
        self.escalate_button.clicked.connect(self._record_escalation)
        nb = QVBoxLayout(self.next_box)
        nb.addWidget(self.next_label)
        nb.addWidget(self.next_button)
        nb.addWidget(self.escalate_button)
        self.check_box = QGroupBox(self.tr("Evidence checklist"))
        self.checklist_model = ChecklistModel(ctx, self)
        self.checklist = QListView()
        self.checklist.setModel(self.checklist_model)
        self.checklist.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.checklist.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checklist.setMaximumHeight(220)
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cb = QVBoxLayout(self.check_box)
        cb.addWidget(self.checklist)
        self.limit_label = plain_label()
        self.limit_label.setStyleSheet("color: #616161;")
        self.suggestions = SuggestionsBox(ctx, session, self)
        self.suggestions.accepted.connect(self.status)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.next_box)
        rl.addWidget(self.suggestions)
        rl.addWidget(self.check_box)
        rl.addWidget(self.limit_label)
        rl.addStretch()
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.next_box.hide()

    # ------------------------------------------------------------ reading

    def refresh(self) -> None:
        engine = self.ctx.engine
        self.session.query(lambda case: read_overview(case, engine), self._show)
        self.suggestions.refresh()

    def _show(self, data: OverviewData) -> None:
        row = data.row
        if self._form_shown is None or not self.form_edited():  # never overwrite typing
            self._fill_form(row)
        self.title.setText(neutral(f"{row.order_no} · {row.shop} · {row.item}"))
        self.checklist_model.set_items(data.checklist)
        missing = self.checklist_model.missing()
        self.check_box.setTitle(self.tr("Evidence checklist") + (
            " — " + self.tr("%n item(s) missing", "", missing) if missing else " — " + self.tr("ready")))
        nxt = data.timeline.next_step
        self._next = nxt
        text = self.ctx.word("action." + nxt.action.value)
        if nxt.after is not None:
            text += "\n" + self.tr("Answer due: {0}").format(format_due(nxt.after))
        for warning in data.timeline.warnings:  # e.g. 消协 took it: 12315 will not (Order 121 art. 16)
            text += "\n" + self.ctx.word("warning." + warning.value)
        self.next_label.setText(text)
        self.next_box.show()
        self.next_button.setVisible(nxt.record is not None)
        if nxt.record is not None:
            self.next_button.setText(self.tr("Done: {0}").format(self.ctx.word("step." + nxt.record.value)))
        self.escalate_button.setVisible(nxt.escalate_to is not None)
        if nxt.escalate_to is not None:
            self.escalate_button.setText(self.tr("Not satisfied: {0}").format(
                self.ctx.word("step." + nxt.escalate_to.value)))
        limitation = next((d for d in data.timeline.deadlines if d.rule == "limitation"), None)
        self.limit_label.setText(
            self.tr("Limitation period ends {0} at the earliest (a claim to the seller restarts it).")
            .format(format_due(limitation.due)) if limitation else "")

    def _form_values(self) -> dict[str, str]:
        return {
            "order": self.f_order.text(), "shop": self.f_shop.text().strip(),
            "seller_entity": self.f_entity.text().strip(),
            "seller_address": self.f_seller_address.text().strip(), "item": self.f_item.text().strip(),
            "amount": self.f_amount.text(), "ordered": self.f_ordered.text(),
            "signed": self.f_signed.text(), "type": self.f_type.currentData(),
            "outcome": self.f_outcome.currentData(), "status": self.f_status.currentData(),
            "facts": self.f_facts.toPlainText(), "demands": self.f_demands.toPlainText(),
        }

    def _fill_form(self, row) -> None:
        """Show the case's fields; what is shown is remembered, so saving writes only what
        the user changed (a status set by a step, or seconds the form does not show, stay)."""
        self.f_order.edit.setText(row.order_no)
        self.f_shop.setText(row.shop)
        self.f_entity.setText(row.seller_entity)
        self.f_seller_address.setText(row.seller_address)
        self.f_item.setText(row.item)
        self.f_amount.edit.setText(format_amount(row.amount_fen))
        self.f_ordered.edit.setText(display_time(row.ordered_at))
        self.f_signed.edit.setText(display_time(row.signed_at))
        for box, value in ((self.f_type, row.complaint_type.value), (self.f_outcome, row.outcome.value),
                           (self.f_status, row.status.value)):
            box.setCurrentIndex(max(0, box.findData(value)))
        self._show_text(self.f_facts, row.facts)
        self._show_text(self.f_demands, row.demands)
        self._form_shown = self._form_values()

    def _show_text(self, edit: QPlainTextEdit, text: str) -> None:
        """A text field; one longer than anybody types (a case file from elsewhere) is shown
        cut and read-only, so it is never saved back cut (save writes only what changed)."""
        long = len(text) > LONG_TEXT
        edit.setReadOnly(long)
        edit.setPlainText(text[:LONG_TEXT] if long else text)
        edit.setToolTip(self.tr("Too long to edit here ({0} characters): the first {1} are shown. The case "
                                "file and the letter keep all of it.").format(len(text), LONG_TEXT) if long else "")

    def form_edited(self) -> bool:
        return self._form_shown is not None and self._form_values() != self._form_shown

    # ------------------------------------------------------------ writing

    def _update_save(self) -> None:
        self.save_button.setEnabled(all(f.valid() for f in (self.f_order, self.f_amount,
                                                            self.f_ordered, self.f_signed)))

    def save(self) -> None:
        if self._form_shown is None:
            return
        changed = {k: v for k, v in self._form_values().items() if v != self._form_shown[k]}

        def op(case):
            for name, value in changed.items():
                case.set_field(name, value)
            return case.case()

        def saved(row) -> None:
            self.save_error.setText("")
            self._fill_form(row)
            self.status.emit(self.tr("Saved."))

        self.session.write(op, Change.FIELDS, saved,
                           lambda exc: self.save_error.setText(self.error_text(exc)))

    def _record_next(self) -> None:
        if self._next is not None and self._next.record is not None:
            record_step(self, self._next.record.value)

    def _record_escalation(self) -> None:
        if self._next is not None and self._next.escalate_to is not None:
            record_step(self, self._next.escalate_to.value)
