"""The written complaint: generated off the UI thread, previewed (QtPdf), printed
(the system print dialog) or saved; the tone check's suggestions shown first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QPointF, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from tbcase.storage.private import write_private
from tbcase.ui.context import UiContext, show_message
from tbcase.ui.crash import error_text
from tbcase.ui.list_models import TextListModel
from tbcase.ui.session import CaseSession, Change

if TYPE_CHECKING:
    from tbcase.pdf.letter import LetterResult


class LetterDialog(QDialog):
    """The letter is gathered from the case on the session's queue, rendered by reportlab
    in the job runner and shown with QtPdf; saving or printing records it in the case.

    Signals:
        ready(): the letter is shown and can be printed or saved
    """

    ready = Signal()

    def __init__(self, ctx: UiContext, session: CaseSession, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.result: LetterResult | None = None
        self.order_no = ""
        self._generation = 0
        self.setWindowTitle(self.tr("Written complaint"))
        self.sent = QDateEdit(QDate.currentDate())
        self.sent.setCalendarPopup(True)
        self.sent.setDisplayFormat("yyyy-MM-dd")
        self.sent.dateChanged.connect(self.generate)
        self.with_sheet = QCheckBox(self.tr("Include the evidence-preservation sheet"))
        self.with_sheet.setToolTip(self.tr(
            "A page listing every exhibit's full SHA-256, how and when it was added and whether "
            "the original is unchanged, with the manifest's hash (the exported manifest.json)"))
        self.with_sheet.setChecked(True)
        self.with_sheet.toggled.connect(self.generate)
        self.state = QLabel(self.tr("Preparing the letter…"))
        self.hints_model = TextListModel(self.tr("No suggestions: the letter reads calm and complete."), self)
        self.hints = QListView()
        self.hints.setModel(self.hints_model)
        self.hints.setWordWrap(True)
        self.hints.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hints.setMaximumHeight(110)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.copy_button = QPushButton(self.tr("Save 12315 copy sheet…"))
        for b in (self.print_button, self.save_button, self.copy_button):
            b.setEnabled(False)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        self.copy_button.clicked.connect(self.save_copy_sheet)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Sent on")))
        top.addWidget(self.sent)
        top.addWidget(self.with_sheet)
        top.addWidget(self.state, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(QLabel(self.tr("Suggestions before you send (you may ignore them):")))
        lay.addWidget(self.hints)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.resize(820, 900)
        self._buffer: QBuffer | None = None
        self.job = None
        self.generate()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(820, 900)

    def generate(self) -> None:
        """Read and lay out the letter in a worker process (``tbcase/ui/process.py``): the
        window's process never loads reportlab nor holds a long case's transcripts. The
        process starts once the writes queued before are committed (a query on the session
        is the barrier)."""
        from tbcase.ui.process import run_in_process

        if self.job is not None:
            self.job.cancel()  # a render in progress: its process is ended
        self._generation += 1
        generation = self._generation
        sent = self.sent.date().toPython()
        with_sheet = self.with_sheet.isChecked()
        engine = self.ctx.engine
        self.state.setText(self.tr("Preparing the letter…"))
        for b in (self.print_button, self.save_button, self.copy_button):
            b.setEnabled(False)

        def committed(path: str) -> None:
            if generation != self._generation:
                return  # the date changed meanwhile: a newer letter is on its way
            self.job = self.ctx.runner.start(
                lambda job: run_in_process(job, "tbcase.pdf.letter:render_case_file", path, engine, sent,
                                           with_sheet),
                on_success=self._show, on_failure=self._failed, on_progress=self._progress)

        self.job = self.session.query(lambda case: str(case.path), committed, self._failed)

    def _progress(self, done: int, total: int, _what: str) -> None:
        if self.job is not None and total:
            self.state.setText(self.tr("Laying out the letter… {0}%").format(100 * done // total))

    def _show(self, result: LetterResult) -> None:
        self.job = None
        self.result = result
        self.order_no = result.order_no
        self.hints_model.set_lines([self.ctx.wording.tone(h) for h in result.hints])
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(result.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        due = result.reply_due
        text = self.tr("{0} pages · answer due by {1}").format(self.document.pageCount(), due.isoformat())
        if result.reply_estimated:
            text += " " + self.tr("(estimated: no official holiday data for that year yet)")
        self.state.setText(text)
        for b in (self.print_button, self.save_button, self.copy_button):
            b.setEnabled(True)
        self.ready.emit()

    def _error_text(self, exc: BaseException) -> str:
        """A known error's sentence; a bug opens a crash report (ui/crash.py)."""
        return error_text(exc, self.ctx.wording, self)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.state.setText(self.tr("The letter could not be made: {0}").format(self._error_text(exc)))

    def _record(self) -> None:
        assert self.result is not None
        pdf, sent, printed = self.result.pdf, self.sent.date().toPython(), self.result.manifest_sha256
        self.session.write(lambda case: case.letters.add(pdf, sent, printed), Change.LETTERS,
                           on_failure=lambda exc: self.state.setText(self.tr(
                               "The letter could not be made: {0}").format(self._error_text(exc))))

    def save_letter(self, path: str | None = None) -> Path | None:
        if self.result is None:
            return None
        if not path:
            default = str(self.ctx.library.folder / f"书面投诉书_{self.order_no}.pdf")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), default, "PDF (*.pdf)")
        if not path:
            return None
        try:
            write_private(path, self.result.pdf)
        except OSError as exc:
            show_message(self, "warning", self.tr("Save as PDF"), str(exc))
            return None
        self._record()
        return Path(path)

    def save_copy_sheet(self) -> None:
        if self.result is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save 12315 copy sheet"),
                                              str(self.ctx.library.folder / "12315.txt"), "Text (*.txt)")
        if path:
            try:
                write_private(path, self.result.copy_sheet)
            except OSError as exc:
                show_message(self, "warning", self.tr("Save 12315 copy sheet"), str(exc))

    def print_letter(self, printer: QPrinter | None = None) -> bool:
        if self.result is None:
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
                return False
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                rect = painter.viewport()
                size = self.document.pagePointSize(page).toSize()
                scale = min(rect.width() / size.width(), rect.height() / size.height())
                image = self.document.render(page, size * scale)
                painter.drawImage(QPointF(0, 0), image)
        finally:
            painter.end()
        self._record()
        return True

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
        super().reject()

