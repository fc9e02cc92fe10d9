"""The evidence tab: exhibits as a grid of thumbnails (drop files or folders, drag to
reorder, Del and Ctrl+Z), the selected exhibit's details, the image viewer. Imports and
pasted screenshots are read, decoded and written off the UI thread."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QImage, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tbcase.domain.model import EvidenceKind, Via
from tbcase.ui.case_page.common import AfterPaint, CaseTab, plain_label
from tbcase.ui.case_page.grid import (
    CellDelegate,
    MarkedEvidenceModel,
    counted_rows,
    read_evidence,
    read_thumbnails,
)
from tbcase.ui.case_page.paste import largest_screen_pixels, prepare_paste
from tbcase.ui.context import show_message
from tbcase.ui.dialogs import ValidatedField, check_time, combo
from tbcase.ui.models import THUMB_SIZE, ObjectRole, display_time
from tbcase.ui.session import CaseSession, Change


class DeleteEvidence(QUndoCommand):
    """Deleting an exhibit hides it (soft delete); undo brings it back at its place."""

    def __init__(self, session: CaseSession, evidence_id: int, position: int, title: str) -> None:
        super().__init__(QCoreApplication.translate("CasePage", "Delete exhibit {0}").format(title))
        self.session = session
        self.evidence_id = evidence_id
        self.position = position

    def redo(self) -> None:
        eid = self.evidence_id
        self.session.write(lambda case: case.evidence.delete(eid), Change.EVIDENCE)

    def undo(self) -> None:
        eid, position = self.evidence_id, self.position
        self.session.write(lambda case: case.evidence.restore(eid, position), Change.EVIDENCE)


def list_files(paths: list[Path]) -> list[Path]:
    """Files given or inside folders given (read off the UI thread: folders may be big)."""
    files: list[Path] = []
    for p in paths:
        # every entry but folders: a FIFO or a device is refused with a reason, not skipped
        files.extend(sorted(q for q in p.rglob("*") if not q.is_dir()) if p.is_dir() else [p])
    return files


class EvidenceTab(CaseTab):
    """Signals:
        images_added(): new exhibits were added (their text may be read now)
    """

    SHOWS = Change.EVIDENCE
    images_added = Signal()

    def __init__(self, ctx, session, parent=None) -> None:
        super().__init__(ctx, session, parent)
        self.import_job = None
        self.viewer = None
        self._view_after: tuple[int, str] | None = None  # an exhibit to show once the list is read
        self._details_after: AfterPaint | None = None
        self.model = MarkedEvidenceModel(ctx, self, load_thumbnails=self._load_thumbnails)
        self.model.move_requested.connect(self._move)
        self.model.files_dropped.connect(lambda paths: self.import_paths([Path(p) for p in paths], "drop"))
        self.grid = QListView()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB_SIZE)
        cell = QSize(THUMB_SIZE.width() + 40, THUMB_SIZE.height() + 56)
        self.grid.setGridSize(cell)
        self.grid.setItemDelegate(CellDelegate(cell, self.grid))
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
        self.grid.setModel(counted_rows(self.model, self))
        self.grid.doubleClicked.connect(self.view_evidence)
        self.grid.selectionModel().currentChanged.connect(self._show_details)
        self.empty = plain_label(self.tr(
            "No evidence yet. Drop screenshots, photos or chat logs here, paste a screenshot with "
            "Ctrl+V, or use “Add evidence…”."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #757575; padding: 24px;")
        self.empty.hide()
        # the selected exhibit's form: built after the grid's first paint (nothing is chosen
        # in that frame), or as soon as an exhibit is chosen
        self.details: QGroupBox | None = None
        self.details_pane = QWidget()
        QVBoxLayout(self.details_pane).setContentsMargins(0, 0, 0, 0)
        self.receive_button = QPushButton(self.tr("Receive from phone…"))
        self.receive_button.setToolTip(self.tr("Show a QR code: the phone's browser sends screenshots and "
                                               "photos over the local network"))
        self.receive_button.clicked.connect(self.receive_from_phone)
        self.receive_dialog = None
        bar = QHBoxLayout()
        bar.addStretch()
        bar.addWidget(self.receive_button)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.empty)
        ll.addWidget(self.grid)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.details_pane)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 260])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

    def build_details(self) -> QGroupBox:
        """The selected exhibit's form (title, kind, time, note, hash; save, delete)."""
        if self.details is not None:
            return self.details
        self.d_title = QLineEdit()
        self.d_note = QLineEdit()
        self.d_captured = ValidatedField(check_time(self.ctx.wording), "2026-11-20 10:00")
        self.d_kind = combo(self.ctx, "kind", EvidenceKind)
        self.d_hash = plain_label()
        self.d_hash.setMinimumWidth(10)
        self.d_hash.setStyleSheet("color: #616161; font-family: monospace;")
        save = QPushButton(self.tr("Save"))
        save.clicked.connect(self._save_details)
        delete = QPushButton(self.tr("Delete"))
        delete.clicked.connect(lambda: self.delete_selected())
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
        self.details = QGroupBox(self.tr("Exhibit"))
        dl = QVBoxLayout(self.details)
        dl.addLayout(form)
        dl.addLayout(buttons)
        dl.addStretch()
        self.details_pane.layout().addWidget(self.details)
        self._fill_details(self.grid.currentIndex())
        return self.details

    # ------------------------------------------------------------ reading

    def refresh(self) -> None:
        # a file from elsewhere may hold a value this version cannot read: its clear message
        self.session.query(read_evidence, self._show, self.warn(self.tr("Exhibit")))

    def _show(self, data) -> None:
        items, thumbs, redacted, chats = data
        if self.details is None and self._details_after is None:
            painted = self.grid.viewport() if items else self.empty
            self._details_after = AfterPaint(self, painted, self.build_details)
        row = self.grid.currentIndex().row()
        self.model.set_chat_lines(chats)
        self.model.set_thumbnails(thumbs)
        self.model.set_items(items)
        self.model.set_redacted(redacted)
        self.empty.setVisible(not items)
        self.grid.setVisible(bool(items))
        if 0 <= row < len(items):
            self.grid.setCurrentIndex(self.grid.model().index(row, 0))
        if self._view_after is not None:
            self.show_exhibit(*self._view_after)

    def show_exhibit(self, evidence_id: int, query: str = "") -> None:
        """The viewer on one exhibit (once the list is read) with ``query`` marked on it."""
        self._view_after = None
        if any(e.id == evidence_id for e in self.model.items):
            self.view_evidence(evidence_id=evidence_id, query=query)
        else:
            self._view_after = (evidence_id, query)

    def _load_thumbnails(self, ids: list[int]) -> None:
        self.session.query(lambda case: read_thumbnails(case, ids), self.model.set_thumbnails)

    def selected(self):
        idx = self.grid.currentIndex()
        return idx.data(ObjectRole) if idx.isValid() else None

    def _show_details(self, current: QModelIndex, _previous=None) -> None:
        if self.details is None:
            self.build_details()  # fills itself in
        else:
            self._fill_details(current)

    def _fill_details(self, current: QModelIndex) -> None:
        e = current.data(ObjectRole) if current.isValid() else None
        self.details.setEnabled(e is not None)
        # the time's example shows only beside a real exhibit: greyed out it read like a value
        self.d_captured.edit.setPlaceholderText(self.tr("e.g. {0}").format("2026-11-20 10:00") if e else "")
        if e is None:
            for field in (self.d_title, self.d_note, self.d_captured.edit):
                field.clear()
            self.d_kind.setCurrentIndex(-1)
            self.d_hash.clear()
            return
        self.d_title.setText(e.title)
        self.d_note.setText(e.note)
        self.d_captured.edit.setText(display_time(e.captured))
        self.d_kind.setCurrentIndex(max(0, self.d_kind.findData(str(e.kind))))
        self.d_hash.setText(" ".join(e.sha256[i:i + 16] for i in range(0, 64, 16)))

    def view_evidence(self, index: QModelIndex | None = None, *, evidence_id: int | None = None,
                      query: str = "") -> None:
        """The viewer on the exhibit double-clicked (or ``evidence_id``), with the boxes of
        the text read in it that hold ``query`` drawn over the image (not modal)."""
        if self.viewer is not None:
            self.viewer.close()
        viewer = self.viewer = self.make_viewer(index, evidence_id=evidence_id, query=query)
        if viewer is not None:
            viewer.finished.connect(lambda _code: self.viewer is viewer and setattr(self, "viewer", None))
            viewer.show()

    def make_viewer(self, index: QModelIndex | None = None, *, evidence_id: int | None = None, query: str = ""):
        """The image viewer (with its redaction mode and its 查找 over the text read in the
        image) on the chosen image, or None."""
        from tbcase.ui.redact_view import RedactingViewer

        images = [e for e in self.model.items if e.media_type.startswith("image/")]
        if not images:
            return None
        current = (index.data(ObjectRole) if index is not None and index.isValid() else self.selected())
        ids = [e.id for e in images]
        wanted = evidence_id if evidence_id is not None else current.id if current is not None else None
        start = ids.index(wanted) if wanted in ids else 0
        titles = {e.id: self.tr("Exhibit {0}: {1}").format(e.exhibit, e.title) for e in images}
        return RedactingViewer(self.session, ids, start, titles, self.warn, self, query=query)

    # ------------------------------------------------------------ writing

    def _save_details(self) -> None:
        e = self.selected()
        if e is None or self.details is None or not self.d_captured.valid():
            return
        title = self.d_title.text().strip() or e.title
        note, captured = self.d_note.text().strip(), self.d_captured.text() or None
        kind = self.d_kind.currentData()
        self.session.write(lambda case: case.evidence.update(e.id, title=title, note=note,
                                                             captured=captured, kind=kind),
                           Change.EVIDENCE, on_failure=self.warn(self.tr("Exhibit")))

    def _move(self, evidence_id: int, position: int) -> None:
        self.session.write(lambda case: case.evidence.move(evidence_id, position), Change.EVIDENCE)

    def delete_selected(self, confirm: bool = True) -> bool:
        e = self.selected()
        if e is None:
            return False
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        if confirm and show_message(
                self, "question", self.tr("Delete exhibit"),
                self.tr("Delete exhibit {0} “{1}”? You can undo this with Ctrl+Z.").format(e.exhibit, e.title),
                buttons) != QMessageBox.StandardButton.Yes:
            return True
        self.session.undo.push(DeleteEvidence(self.session, e.id, e.exhibit or 1, e.title))
        self.status.emit(self.tr("Exhibit deleted. Ctrl+Z brings it back."))
        return True

    def import_paths(self, paths: list[Path], via: str) -> None:
        """Add files and folders, off the UI thread, with progress and cancel; ``via`` (a
        ``Via``: drop, open, paste) goes into each file's history entry."""
        how = Via(via)
        progress = QProgressDialog(self.tr("Adding evidence…"), self.tr("Cancel"), 0, 0, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def work(case, job):
            files = list_files(paths)
            return files, (case.evidence.import_files(files, progress=job.report, cancelled=job.is_cancelled,
                                                        via=how)
                           if files else ([], []))

        def on_progress(done, total, name):
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(self.tr("Adding {0}…").format(name) if name else "")

        def finish(result=None):
            progress.reset()
            self.import_job = None
            if result is None:
                self.status.emit(self.tr("Import cancelled; what was added is kept whole."))
                return
            _files, (added, failed) = result
            new = sum(not a.duplicate for a in added)
            if new:
                self.images_added.emit()
            self.status.emit(self.tr("%n exhibit(s) added.", "", new)
                             + (" " + self.tr("%n duplicate(s) skipped.", "", len(added) - new)
                                if len(added) > new else ""))
            if failed:
                lines = [self.ctx.wording.error(exc.code, **{**exc.params, "name": path.name})
                         for path, exc in failed]
                show_message(self, "warning", self.tr("Some files were not added"), "\n".join(lines[:20]))

        def failed(exc):
            progress.reset()
            self.import_job = None
            show_message(self, "critical", self.tr("Adding evidence failed"), self.error_text(exc))

        self.import_job = self.session.long_write(work, Change.EVIDENCE, on_success=finish,
                                                  on_failure=failed, on_progress=on_progress,
                                                  on_cancel=finish)
        progress.canceled.connect(self.import_job.cancel)

    def receive_from_phone(self):
        """The QR-code panel (one per case page); files land here as they arrive."""
        from tbcase.ui.receive_dialog import ReceiveDialog

        dialog = self.receive_dialog
        if dialog is None or dialog.receiver is None:
            if dialog is not None:
                dialog.deleteLater()
            dialog = self.receive_dialog = ReceiveDialog(self.ctx, self.session, self)
            dialog.arrived.connect(lambda a: a.ok and not a.duplicate and self.status.emit(
                self.tr("Exhibit {0} received from the phone.").format(a.exhibit)))
            dialog.arrived.connect(lambda a: a.ok and not a.duplicate and self.images_added.emit())
            dialog.start()
        dialog.show()
        dialog.raise_()
        return dialog

    def stop_receiving(self) -> None:
        if self.receive_dialog is not None:
            self.receive_dialog.stop()

    def paste_image(self, image: QImage | None, encoded: QByteArray | None = None) -> None:
        """A pasted picture (``image``, or the PNG/JPEG bytes the clipboard held): encoded
        and analysed by a worker process, then stored through the session. The status bar
        says so at once: a 24-megapixel photo takes seconds."""
        titles = {EvidenceKind.PHOTO: self.tr("Pasted photo"), EvidenceKind.SCREENSHOT: self.tr("Pasted screenshot")}
        failed = self.warn(self.tr("Paste"))
        screen_pixels = largest_screen_pixels()
        self.status.emit(self.tr("Adding the pasted picture…"))

        def progress(done: int, total: int, _what: str) -> None:
            if total:
                self.status.emit(self.tr("Adding the pasted picture… {0}%").format(100 * done // total))

        def added(info) -> None:
            if not info.duplicate:
                self.images_added.emit()
            self.status.emit(self.tr("Picture added as exhibit {0}.").format(info.exhibit)
                             if not info.duplicate else self.tr("This picture is already exhibit {0}.")
                             .format(info.exhibit))

        def prepared(item) -> None:
            item = replace(item, title=titles.get(item.kind, item.title))
            self.session.write(lambda case: case.evidence.add_prepared(item), Change.EVIDENCE, added, failed)

        self.ctx.runner.start(lambda job: prepare_paste(job, titles[EvidenceKind.SCREENSHOT], image, encoded,
                                                        screen_pixels),
                              on_success=prepared, on_failure=failed, on_progress=progress)
