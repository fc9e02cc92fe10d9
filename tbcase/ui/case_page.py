"""The case page: overview, evidence, chat, tracking, timeline and history tabs.

It calls down into the open ``CaseFile`` and the deadline engine; no business
logic lives here. Slow work (imports, thumbnails) runs in the job runner.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QRect, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tbcase.domain.bidi import neutral
from tbcase.domain.checklist import readiness
from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    CaseStatus,
    ComplaintType,
    Direction,
    EvidenceKind,
    Outcome,
    format_amount,
    format_due,
    now,
)
from tbcase.domain.tracking import recognise
from tbcase.messages import describe_history, message
from tbcase.storage.casefile import CaseFile
from tbcase.ui.context import UiContext, show_message
from tbcase.ui.dialogs import (
    CountdownDialog,
    ImageViewer,
    PasteChatDialog,
    StepDialog,
    ValidatedField,
    check_amount,
    check_order,
    check_time,
    combo,
)
from tbcase.ui.models import (
    THUMB_SIZE,
    ChatModel,
    ChecklistModel,
    EvidenceModel,
    ObjectRole,
    TableModel,
    display_time,
)
from tbcase.ui.timeline import TimelineWidget


def plain_label(text: str = "") -> QLabel:
    """A label for user data: plain text, never interpreted as rich text."""
    lbl = QLabel(neutral(text))
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setWordWrap(True)
    lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lbl


class DeleteEvidence(QUndoCommand):
    def __init__(self, page: CasePage, evidence_id: int, position: int, title: str) -> None:
        super().__init__(QCoreApplication.translate("CasePage", "Delete exhibit {0}").format(title))
        self.page = page
        self.evidence_id = evidence_id
        self.position = position

    def redo(self) -> None:
        self.page.case.evidence.delete(self.evidence_id)
        self.page.reload_evidence()

    def undo(self) -> None:
        self.page.case.evidence.restore(self.evidence_id, self.position)
        self.page.reload_evidence()


class ChatDelegate(QStyledItemDelegate):
    """Buyer on the right, seller on the left, system lines muted in the middle."""

    PAD = 8

    def _layout(self, option, index):
        role = index.data(ChatModel.RoleRole)
        m = index.data(ObjectRole)
        view = self.parent()
        width = view.viewport().width() if view is not None else option.rect.width()
        bubble_w = int(width * 0.68)
        fm = option.fontMetrics
        head = neutral(f"{m.speaker}  {display_time(m.at, seconds=True)}") if role != "system" else ""
        text_rect = fm.boundingRect(QRect(0, 0, bubble_w - 2 * self.PAD, 10000),
                                    int(Qt.TextFlag.TextWordWrap), neutral(m.text))
        head_h = fm.height() if head else 0
        h = text_rect.height() + head_h + 2 * self.PAD
        if role == "system":
            x = option.rect.x() + (width - bubble_w) // 2
        elif role == "buyer":
            x = option.rect.x() + width - bubble_w - 4
        else:
            x = option.rect.x() + 4
        return role, head, QRect(x, option.rect.y() + 4, bubble_w, h), head_h

    def sizeHint(self, option, index):  # noqa: N802
        _, _, rect, _ = self._layout(option, index)
        return QSize(rect.width(), rect.height() + 8)

    def paint(self, painter: QPainter, option, index) -> None:
        role, head, rect, head_h = self._layout(option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = {"buyer": QColor("#dcf8c6"), "seller": QColor("#ffffff"),
                  "system": QColor("#f0f0f0")}.get(role, QColor("#fff8e1"))
        painter.setPen(QColor("#d0d0d0"))
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 8, 8)
        inner = rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        if head:
            painter.setPen(QColor("#757575"))
            painter.drawText(QRect(inner.x(), inner.y(), inner.width(), head_h),
                             int(Qt.AlignmentFlag.AlignLeft), head)
            inner.setTop(inner.top() + head_h)
        painter.setPen(QColor("#9e9e9e") if role == "system" else QColor("#212121"))
        m = index.data(ObjectRole)
        painter.drawText(inner, int(Qt.TextFlag.TextWordWrap), neutral(m.text))  # plain text, never markup
        painter.restore()


class CasePage(QWidget):
    """One open case.

    Signals:
        case_changed(str path): something in the case changed (the list refreshes its row)
        status(str text): a status bar message
    """

    case_changed = Signal(str)
    status = Signal(str)

    def __init__(self, ctx: UiContext, case: CaseFile, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.undo = QUndoStack(self)
        self.import_job = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_overview(), self.tr("Overview"))
        self.tabs.addTab(self._build_evidence(), self.tr("Evidence"))
        self.tabs.addTab(self._build_chat(), self.tr("Chat"))
        self.tabs.addTab(self._build_tracking(), self.tr("Tracking"))
        self.tabs.addTab(self._build_timeline(), self.tr("Timeline"))
        self.tabs.addTab(self._build_history(), self.tr("History"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.setAcceptDrops(True)
        self.reload()

    # ------------------------------------------------------------ overview

    def _build_overview(self) -> QWidget:
        ctx = self.ctx
        row = self.case.case()
        self.title = plain_label()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.f_order = ValidatedField(check_order(ctx.lang))
        self.f_shop = QLineEdit()
        self.f_entity = QLineEdit()
        self.f_item = QLineEdit()
        self.f_amount = ValidatedField(check_amount(ctx.lang), "39.50")
        self.f_ordered = ValidatedField(check_time(ctx.lang), "2026-11-10 09:00")
        self.f_signed = ValidatedField(check_time(ctx.lang), "2026-11-13 18:30")
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
        self.save_button.clicked.connect(self.save_overview)
        self.save_error = plain_label()
        self.save_error.setStyleSheet("color: #c62828;")
        for f in (self.f_order, self.f_amount, self.f_ordered, self.f_signed):
            f.changed.connect(self._update_save)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(self.title)
        ll.addLayout(form)
        ll.addWidget(self.save_error)
        ll.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignRight)
        ll.addStretch()
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
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.next_box)
        rl.addWidget(self.check_box)
        rl.addWidget(self.limit_label)
        rl.addStretch()
        split = QSplitter()
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._fill_form(row)
        return split

    def _form_values(self) -> dict[str, str]:
        return {
            "order": self.f_order.text(), "shop": self.f_shop.text().strip(),
            "seller_entity": self.f_entity.text().strip(), "item": self.f_item.text().strip(),
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
        self.f_item.setText(row.item)
        self.f_amount.edit.setText(format_amount(row.amount_fen))
        self.f_ordered.edit.setText(display_time(row.ordered_at))
        self.f_signed.edit.setText(display_time(row.signed_at))
        for box, value in ((self.f_type, row.complaint_type.value), (self.f_outcome, row.outcome.value),
                           (self.f_status, row.status.value)):
            box.setCurrentIndex(max(0, box.findData(value)))
        self.f_facts.setPlainText(row.facts)
        self.f_demands.setPlainText(row.demands)
        self._form_shown = self._form_values()

    def form_edited(self) -> bool:
        return self._form_values() != self._form_shown

    def _update_save(self) -> None:
        self.save_button.setEnabled(all(f.valid() for f in (self.f_order, self.f_amount,
                                                            self.f_ordered, self.f_signed)))

    def save_overview(self) -> None:
        changed = {k: v for k, v in self._form_values().items() if v != self._form_shown[k]}
        try:
            for name, value in changed.items():
                self.case.set_field(name, value)
        except KnownError as exc:
            self.save_error.setText(message(exc.code, self.ctx.lang, **exc.params))
            return
        self.save_error.setText("")
        self._fill_form(self.case.case())
        self.status.emit(self.tr("Saved."))
        self.changed()

    def _refresh_overview(self) -> None:
        row = self.case.case()
        if not self.form_edited():  # never overwrite what the user is typing
            self._fill_form(row)
        self.title.setText(neutral(f"{row.order_no} · {row.shop} · {row.item}"))
        self.checklist_model.set_items(readiness(row, self.evidence_model.items, self.case.tracking.all()))
        missing = self.checklist_model.missing()
        self.check_box.setTitle(self.tr("Evidence checklist") + (
            " — " + self.tr("%n item(s) missing", "", missing) if missing else " — " + self.tr("ready")))

    # ------------------------------------------------------------ timeline and next step

    def _build_timeline(self) -> QWidget:
        self.timeline = TimelineWidget(self.ctx)
        record = QPushButton(self.tr("Record a step…"))
        record.clicked.connect(lambda: self.record_step())
        self.timeline_next = QPushButton()
        self.timeline_next.clicked.connect(self._record_next)
        countdown = QPushButton(self.tr("Add a countdown…"))
        countdown.setToolTip(self.tr("A deadline shown on the order page, e.g. 卖家还剩 2天23时 处理"))
        countdown.clicked.connect(lambda: self.steps.add_countdown())
        row = QHBoxLayout()
        row.addWidget(self.timeline_next)
        row.addStretch()
        row.addWidget(countdown)
        row.addWidget(record)
        scroll = QScrollArea()
        scroll.setWidget(self.timeline)
        scroll.setWidgetResizable(True)
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(scroll)
        lay.addLayout(row)
        return w

    def _refresh_timeline(self) -> None:
        moment = now()
        tl = self.ctx.engine.timeline(self.case.steps.facts(), moment)
        self.timeline.set_data(self.case.steps.all(), tl.deadlines, moment)
        nxt = tl.next_step
        text = self.ctx.word("action." + nxt.action.value)
        if nxt.after is not None:
            text += "\n" + self.tr("Answer due: {0}").format(format_due(nxt.after))
        for warning in tl.warnings:  # e.g. 消协 took it: 12315 will not (Order 121 art. 16)
            text += "\n" + self.ctx.word("warning." + warning.value)
        self.next_label.setText(text)
        self._next = nxt
        for button in (self.next_button, self.timeline_next):
            button.setVisible(nxt.record is not None)
            if nxt.record is not None:
                button.setText(self.tr("Done: {0}").format(self.ctx.word("step." + nxt.record.value)))
        self.escalate_button.setVisible(nxt.escalate_to is not None)
        if nxt.escalate_to is not None:
            self.escalate_button.setText(self.tr("Not satisfied: {0}").format(
                self.ctx.word("step." + nxt.escalate_to.value)))
        limitation = next((d for d in tl.deadlines if d.rule == "limitation"), None)
        self.limit_label.setText(
            self.tr("Limitation period ends {0} at the earliest (a claim to the seller restarts it).")
            .format(format_due(limitation.due)) if limitation else "")

    def add_countdown(self, label: str | None = None, text: str | None = None) -> bool:
        """A countdown copied from the order page: an end time, or the text itself (2天23时)."""
        dialog = CountdownDialog(self.ctx, self)
        if label is not None and text is not None:
            dialog.label.setText(label)
            dialog.when.edit.setText(text)
        elif dialog.exec() != CountdownDialog.DialogCode.Accepted:
            return False
        due = dialog.due()
        if due is None:
            return False
        self.case.steps.add_countdown(dialog.label.text().strip() or self.tr("Countdown"), due)
        self.status.emit(self.tr("Countdown added: due {0}").format(format_due(due)))
        self.changed()
        return True

    def _record_next(self) -> None:
        if getattr(self, "_next", None) is not None and self._next.record is not None:
            self.record_step(self._next.record.value)

    def _record_escalation(self) -> None:
        if getattr(self, "_next", None) is not None and self._next.escalate_to is not None:
            self.record_step(self._next.escalate_to.value)

    def record_step(self, kind: str | None = None, *, ask: bool = True) -> None:
        dialog = StepDialog(self.ctx, kind, self)
        if ask and dialog.exec() != StepDialog.DialogCode.Accepted:
            return
        v = dialog.values()
        try:
            self.case.steps.add(v["kind"], at=v["at"], ref=v["ref"], note=v["note"])
        except KnownError as exc:
            show_message(self, "warning", self.tr("Record a step"), message(exc.code, self.ctx.lang, **exc.params))
            return
        self.status.emit(self.tr("Step recorded: {0}").format(self.ctx.word("step." + v["kind"])))
        self.changed()

    # ------------------------------------------------------------ evidence

    def _build_evidence(self) -> QWidget:
        self.evidence_model = EvidenceModel(self.ctx, self)
        self.evidence_model.move_requested.connect(self._move_evidence)
        self.evidence_model.files_dropped.connect(lambda paths: self.import_paths([Path(p) for p in paths]))
        self.grid = QListView()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB_SIZE)
        self.grid.setGridSize(QSize(THUMB_SIZE.width() + 40, THUMB_SIZE.height() + 56))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Snap)
        self.grid.setWordWrap(True)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.setSpacing(6)
        self.grid.setUniformItemSizes(True)  # the view asks only the shown items for thumbnails
        self.grid.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.grid.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.grid.setAcceptDrops(True)
        self.grid.setDropIndicatorShown(True)
        self.grid.setModel(self.evidence_model)
        self.grid.doubleClicked.connect(self.view_evidence)
        self.grid.selectionModel().currentChanged.connect(self._show_evidence_details)
        self.evidence_empty = plain_label(self.tr(
            "No evidence yet. Drop screenshots, photos or chat logs here, paste a screenshot with "
            "Ctrl+V, or use “Add evidence…”."))
        self.evidence_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.evidence_empty.setStyleSheet("color: #757575; padding: 24px;")
        # details
        self.d_title = QLineEdit()
        self.d_note = QLineEdit()
        self.d_captured = ValidatedField(check_time(self.ctx.lang), "2026-11-20 10:00")
        self.d_kind = combo(self.ctx, "kind", EvidenceKind)
        self.d_hash = plain_label()
        self.d_hash.setMinimumWidth(10)
        self.d_hash.setStyleSheet("color: #616161; font-family: monospace;")
        save = QPushButton(self.tr("Save"))
        save.clicked.connect(self._save_evidence_details)
        delete = QPushButton(self.tr("Delete"))
        delete.clicked.connect(self.delete_selected)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Title"), self.d_title)
        form.addRow(self.tr("Kind"), self.d_kind)
        form.addRow(self.tr("Captured"), self.d_captured)
        form.addRow(self.tr("Note"), self.d_note)
        form.addRow("SHA-256", self.d_hash)
        buttons = QHBoxLayout()
        buttons.addWidget(delete)
        buttons.addStretch()
        buttons.addWidget(save)
        details = QGroupBox(self.tr("Exhibit"))
        dl = QVBoxLayout(details)
        dl.addLayout(form)
        dl.addLayout(buttons)
        dl.addStretch()
        self.details = details
        details.setEnabled(False)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.evidence_empty)
        ll.addWidget(self.grid)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 260])
        return split

    def reload_evidence(self, announce: bool = True) -> None:
        items = self.case.evidence.all()
        self.evidence_model.set_items(items)
        self.evidence_empty.setVisible(not items)
        self.grid.setVisible(bool(items))
        self._load_thumbnails()
        self._refresh_overview()
        self._refresh_chat_list()
        if announce:
            self.changed(local=False)

    def _load_thumbnails(self) -> None:
        case = self.case

        def work(job):
            return case.evidence.thumbnails()

        self.ctx.runner.start(work, on_success=self.evidence_model.set_thumbnails,
                              release=case.release_thread)

    def selected_evidence(self):
        idx = self.grid.currentIndex()
        return idx.data(ObjectRole) if idx.isValid() else None

    def _show_evidence_details(self, current: QModelIndex, _previous=None) -> None:
        e = current.data(ObjectRole) if current.isValid() else None
        self.details.setEnabled(e is not None)
        if e is None:
            return
        self.d_title.setText(e.title)
        self.d_note.setText(e.note)
        self.d_captured.edit.setText(display_time(e.captured))
        self.d_kind.setCurrentIndex(max(0, self.d_kind.findData(str(e.kind))))
        self.d_hash.setText(" ".join(e.sha256[i:i + 16] for i in range(0, 64, 16)))

    def _save_evidence_details(self) -> None:
        e = self.selected_evidence()
        if e is None or not self.d_captured.valid():
            return
        try:
            self.case.evidence.update(e.id, title=self.d_title.text().strip() or e.title,
                                      note=self.d_note.text().strip(),
                                      captured=self.d_captured.text() or None,
                                      kind=self.d_kind.currentData())
        except KnownError as exc:
            show_message(self, "warning", self.tr("Exhibit"), message(exc.code, self.ctx.lang, **exc.params))
            return
        row = self.grid.currentIndex().row()
        self.reload_evidence()
        self.grid.setCurrentIndex(self.evidence_model.index(row))

    def _move_evidence(self, evidence_id: int, position: int) -> None:
        self.case.evidence.move(evidence_id, position)
        self.reload_evidence()

    def delete_selected(self, confirm: bool = True) -> None:
        e = self.selected_evidence()
        if e is None:
            return
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        if confirm and show_message(
                self, "question", self.tr("Delete exhibit"),
                self.tr("Delete exhibit {0} “{1}”? You can undo this with Ctrl+Z.").format(e.exhibit, e.title),
                buttons) != QMessageBox.StandardButton.Yes:
            return
        self.undo.push(DeleteEvidence(self, e.id, e.exhibit or 1, e.title))
        self.status.emit(self.tr("Exhibit deleted. Ctrl+Z brings it back."))

    def view_evidence(self, index: QModelIndex | None = None) -> None:
        images = [e for e in self.evidence_model.items if e.media_type.startswith("image/")]
        if not images:
            return
        current = (index.data(ObjectRole) if index is not None and index.isValid() else self.selected_evidence())
        ids = [e.id for e in images]
        start = ids.index(current.id) if current is not None and current.id in ids else 0
        titles = {e.id: self.tr("Exhibit {0}: {1}").format(e.exhibit, e.title) for e in images}
        ImageViewer(lambda eid: self.case.evidence.derived(eid, "display"), ids, start, titles, self).exec()

    def import_paths(self, paths: list[Path]) -> None:
        """Add files and folders, off the UI thread, with progress and cancel."""
        files: list[Path] = []
        for p in paths:
            files.extend(sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p])
        if not files:
            return
        progress = QProgressDialog(self.tr("Adding evidence…"), self.tr("Cancel"), 0, len(files), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        case = self.case

        def work(job):
            return case.evidence.import_files(files, progress=job.report, cancelled=job.is_cancelled)

        def on_progress(done, total, name):
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(self.tr("Adding {0}…").format(name) if name else "")

        def finish(result=None):
            progress.reset()
            self.import_job = None
            self.reload_evidence()
            if result is None:
                self.status.emit(self.tr("Import cancelled; what was added is kept whole."))
                return
            added, failed = result
            new = sum(not a.duplicate for a in added)
            self.status.emit(self.tr("%n exhibit(s) added.", "", new)
                             + (" " + self.tr("%n duplicate(s) skipped.", "", len(added) - new)
                                if len(added) > new else ""))
            if failed:
                lines = [message(exc.code, self.ctx.lang, **{**exc.params, "name": path.name})
                         for path, exc in failed]
                show_message(self, "warning", self.tr("Some files were not added"), "\n".join(lines[:20]))

        def failed(exc):
            progress.reset()
            self.import_job = None
            self.reload_evidence()
            text = message(exc.code, self.ctx.lang, **exc.params) if isinstance(exc, KnownError) else repr(exc)
            show_message(self, "critical", self.tr("Adding evidence failed"), text)

        self.import_job = self.ctx.runner.start(work, on_success=finish, on_failure=failed,
                                                on_progress=on_progress, on_cancel=finish,
                                                release=case.release_thread)
        progress.canceled.connect(self.import_job.cancel)

    def paste(self) -> bool:
        """Ctrl+V: a screenshot (image) or files from the clipboard; text goes to chat."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return False
        if mime.hasImage():
            from PySide6.QtCore import QBuffer, QIODevice

            image = QGuiApplication.clipboard().image()
            if image.isNull():
                return False
            buf = QBuffer()
            buf.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buf, "PNG")
            try:
                info = self.case.evidence.add(bytes(buf.data()), "", kind="screenshot",
                                              title=self.tr("Pasted screenshot"))
            except KnownError as exc:
                show_message(self, "warning", self.tr("Paste"), message(exc.code, self.ctx.lang, **exc.params))
                return False
            self.tabs.setCurrentIndex(1)
            self.reload_evidence()
            self.status.emit(self.tr("Screenshot added as exhibit {0}.").format(info.exhibit)
                             if not info.duplicate else self.tr("This screenshot is already exhibit {0}.")
                             .format(info.exhibit))
            return True
        if mime.hasUrls():
            self.import_paths([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
            return True
        if mime.hasText():
            self.paste_chat(mime.text())
            return True
        return False

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_paths(paths)
            event.acceptProposedAction()

    # ------------------------------------------------------------ chat

    def _build_chat(self) -> QWidget:
        self.chat_logs = QComboBox()
        self.chat_logs.currentIndexChanged.connect(self._show_chat)
        self.chat_search = QLineEdit()
        self.chat_search.setPlaceholderText(self.tr("Search in this chat"))
        self.chat_search.setClearButtonEnabled(True)
        paste = QPushButton(self.tr("Paste a chat log…"))
        paste.clicked.connect(lambda: self.paste_chat())
        self.chat_model = ChatModel(self)
        self.chat_proxy = QSortFilterProxyModel(self)
        self.chat_proxy.setSourceModel(self.chat_model)
        self.chat_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.chat_search.textChanged.connect(self.chat_proxy.setFilterFixedString)
        self.chat_view = QListView()
        self.chat_view.setModel(self.chat_proxy)
        self.chat_view.setItemDelegate(ChatDelegate(self.chat_view))
        self.chat_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.chat_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.chat_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.chat_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chat_view.setUniformItemSizes(False)
        self.chat_empty = plain_label(self.tr("No chat log yet. Copy the conversation with the seller "
                                              "in Qianniu / Wangwang and use “Paste a chat log…”."))
        self.chat_empty.setStyleSheet("color: #757575; padding: 24px;")
        top = QHBoxLayout()
        top.addWidget(self.chat_logs, 2)
        top.addWidget(self.chat_search, 2)
        top.addWidget(paste)
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addLayout(top)
        lay.addWidget(self.chat_empty)
        lay.addWidget(self.chat_view)
        return w

    def _refresh_chat_list(self) -> None:
        current = self.chat_logs.currentData()
        self.chat_logs.blockSignals(True)
        self.chat_logs.clear()
        for e in self.evidence_model.items:
            if str(e.kind) == "chat":
                self.chat_logs.addItem(self.tr("Exhibit {0}: {1}").format(e.exhibit, neutral(e.title)), e.id)
        self.chat_logs.blockSignals(False)
        if self.chat_logs.count():
            self.chat_logs.setCurrentIndex(max(0, self.chat_logs.findData(current)))
        self._show_chat()

    def _show_chat(self) -> None:
        eid = self.chat_logs.currentData()
        has = eid is not None
        self.chat_empty.setVisible(not has)
        self.chat_view.setVisible(has)
        self.chat_model.set_messages(self.case.evidence.messages(eid) if has else [])

    def paste_chat(self, text: str | None = None) -> None:
        dialog = PasteChatDialog(self)
        if text:
            dialog.text.setPlainText(text)
        if dialog.exec() != PasteChatDialog.DialogCode.Accepted or not dialog.text.toPlainText().strip():
            return
        try:
            info = self.case.evidence.add(dialog.text.toPlainText().encode("utf-8"), "",
                                          kind="chat", title=dialog.title.text().strip() or None)
        except KnownError as exc:
            show_message(self, "warning", self.tr("Chat"), message(exc.code, self.ctx.lang, **exc.params))
            return
        self.reload_evidence()
        self.chat_logs.setCurrentIndex(max(0, self.chat_logs.findData(info.id)))
        self.tabs.setCurrentIndex(2)

    # ------------------------------------------------------------ tracking

    def _build_tracking(self) -> QWidget:
        self.tracking_model = TableModel([
            ("number", self.tr("Tracking number")), ("carrier_name", self.tr("Carrier")),
            ("direction_name", self.tr("Direction")), ("signed_txt", self.tr("Signed for")),
            ("note", self.tr("Note"))], self)
        view = QTableView()
        view.setModel(self.tracking_model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        view.verticalHeader().hide()
        self.t_number = QLineEdit()
        self.t_number.setPlaceholderText(self.tr("Tracking number"))
        self.t_carrier = plain_label()
        self.t_number.textChanged.connect(
            lambda t: self.t_carrier.setText(self._carrier_name(recognise(t).code) if t.strip() else ""))
        self.t_direction = QComboBox()
        self.t_direction.addItem(self.tr("Outbound (seller to you)"), Direction.OUT.value)
        self.t_direction.addItem(self.tr("Return (you to seller)"), Direction.RETURN.value)
        self.t_signed = ValidatedField(check_time(self.ctx.lang), self.tr("signed for at (optional)"))
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(self._add_tracking)
        form = QHBoxLayout()
        form.addWidget(self.t_number, 2)
        form.addWidget(self.t_carrier, 1)
        form.addWidget(self.t_direction, 1)
        form.addWidget(self.t_signed, 2)
        form.addWidget(add)
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(view)
        lay.addLayout(form)
        return w

    def _carrier_name(self, code: str) -> str:
        from tbcase.domain.tracking import BY_CODE

        c = BY_CODE.get(code)
        if c is None:
            return code
        return c.name_zh if self.ctx.lang == "zh" else c.name_en

    def _add_tracking(self) -> None:
        if not self.t_number.text().strip() or not self.t_signed.valid():
            return
        try:
            self.case.tracking.add(self.t_number.text(), direction=self.t_direction.currentData(),
                                   signed=self.t_signed.text() or None)
        except KnownError as exc:
            show_message(self, "warning", self.tr("Tracking"), message(exc.code, self.ctx.lang, **exc.params))
            return
        self.t_number.clear()
        self.t_signed.edit.clear()
        self.changed()

    def _refresh_tracking(self) -> None:
        rows = []
        for t in self.case.tracking.all():
            rows.append({
                "number": t.number, "note": t.note, "carrier_name": self._carrier_name(t.carrier),
                "direction_name": self.tr("outbound") if t.direction == "out" else self.tr("return"),
                "signed_txt": display_time(t.signed),
            })
        self.tracking_model.set_rows(rows)

    # ------------------------------------------------------------ history

    def _build_history(self) -> QWidget:
        self.history_model = TableModel([("at_txt", self.tr("When")), ("what", self.tr("What")),
                                         ("old", self.tr("Before")), ("new", self.tr("After"))], self)
        view = QTableView()
        self.history_view = view
        self._history_stale = True
        view.setModel(self.history_model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().hide()
        view.setColumnWidth(0, 140)
        view.setColumnWidth(1, 160)
        view.setColumnWidth(2, 220)
        return view

    def _refresh_history(self) -> None:
        if self.tabs.currentWidget() is not self.history_view:
            self._history_stale = True  # rebuilt when the tab is shown
            return
        self._history_stale = False
        rows = []
        for h in reversed(self.case.history()):
            what, new = describe_history(h.what, h.new, self.ctx.lang)
            _, old = describe_history(h.what, h.old, self.ctx.lang)
            rows.append({"at_txt": display_time(h.at), "what": what, "old": old, "new": new})
        self.history_model.set_rows(rows)

    # ------------------------------------------------------------ everything

    def reload(self) -> None:
        self.reload_evidence(announce=False)  # refreshes the overview and chat too
        self._refresh_timeline()
        self._refresh_tracking()
        self._refresh_history()

    def _refresh_all_but_evidence(self) -> None:
        self._refresh_overview()
        self._refresh_timeline()
        self._refresh_tracking()
        self._refresh_history()

    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.history_view and self._history_stale:
            self._refresh_history()

    def changed(self, local: bool = True) -> None:
        if local:
            self._refresh_all_but_evidence()
        else:
            self._refresh_timeline()
            self._refresh_history()
        self.case_changed.emit(str(self.case.path))

    # ------------------------------------------------------------ for the main window

    TAB_NAMES = ("overview", "evidence", "chat", "tracking", "timeline", "history")

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(self.TAB_NAMES.index(name))

    def evidence_view(self) -> QListView:
        return self.grid

    def shutdown(self) -> None:
        if self.import_job is not None:
            self.import_job.cancel()
        self.ctx.runner.wait()
        self.case.close()
