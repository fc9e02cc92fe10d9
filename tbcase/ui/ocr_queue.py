"""Reading the text in a case's images, in the background: the queue and its strip.

``OcrQueue`` reads the images of the open case that have no OCR yet, one at a time: the
original is read on the session's queue, the engine runs on the runner's background pool
(one thread, lowest priority), and the result is written back on the session's queue.
Nothing waits for it; cancelling stops after the image being read (whose text is kept).
On Linux the thread priority is not honoured (Qt maps only IdlePriority to SCHED_IDLE,
which would let a thread holding the GIL starve the window on a busy machine), so there
the work is bounded by onnxruntime's single thread instead.

``OcrStrip`` is its face on the case page: an offer after images are added (when the
``ocr`` extra is installed), then the progress with a cancel button, then what was done.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from tbcase.domain.errors import KnownError
from tbcase.ui.session import CaseSession, Change


def ocr_available() -> bool:
    from tbcase.ocr.engine import available

    return available()


def recognise(data: bytes):
    """The engine on one image: (boxes, engine name, version). Background thread."""
    from tbcase.ocr import engine

    return engine.recognise(data), engine.engine_name(), engine.engine_version()


class OcrQueue(QObject):
    """The images of one case read one at a time.

    Signals:
        progress(int done, int total)
        finished(int read, int failed, bool cancelled, int chat_lines)
    """

    progress = Signal(int, int)
    finished = Signal(int, int, bool, int)

    def __init__(self, ctx, session: CaseSession, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.running = False
        self._stopped = False
        self._cancelled = False
        self._todo: list[int] = []
        self._total = self._read = self._failed = self._lines = 0
        self.errors: list[KnownError] = []

    def start(self) -> bool:
        """Read every image without OCR; False when the engine is not installed."""
        if not ocr_available():
            return False
        if self.running:
            return True
        self.running, self._cancelled = True, False
        self._read = self._failed = self._lines = 0
        self.errors = []
        self.session.query(lambda case: case.ocr.pending(), self._got_pending, self._failed_one)
        return True

    def cancel(self) -> None:
        self._cancelled = True

    def stop(self) -> None:
        """The case is closing: nothing more is started or shown."""
        self._stopped = True
        self._cancelled = True

    def _got_pending(self, ids: list[int]) -> None:
        self._todo = list(ids)
        self._total = len(ids)
        self.progress.emit(0, self._total)
        self._next()

    def _next(self) -> None:
        if self._stopped:
            return
        if self._cancelled or not self._todo:
            self.running = False
            self.finished.emit(self._read, self._failed, self._cancelled and bool(self._todo), self._lines)
            return
        eid = self._todo.pop(0)
        self.session.query(lambda case: case.evidence.original(eid),
                           lambda data: self._recognise(eid, data), self._failed_one)

    def _recognise(self, eid: int, data: bytes) -> None:
        if self._stopped:
            return
        self.ctx.runner.start(lambda job: recognise(data), on_success=lambda r: self._save(eid, r),
                              on_failure=self._failed_one, background=True)

    def _save(self, eid: int, result) -> None:
        if self._stopped:
            return
        boxes, name, version = result
        self.session.write(lambda case: case.ocr.save(eid, name, version, boxes), Change.OCR,
                           on_success=self._saved, on_failure=self._failed_one)

    def _saved(self, chat_lines: int) -> None:
        self._read += 1
        self._lines += chat_lines
        self._advance()

    def _advance(self) -> None:
        if not self._stopped:
            self.progress.emit(self._read + self._failed, self._total)
            self._next()

    def _failed_one(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            self.running = False
            raise exc  # a bug: the crash handler shows it
        self._failed += 1
        self.errors.append(exc)
        if exc.code == "ocr_missing":
            self._todo = []
        self._advance()


class OcrStrip(QWidget):
    """A line at the foot of the case page: offer, progress, result."""

    def __init__(self, queue: OcrQueue, parent=None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.text = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.button = QPushButton()
        self.button.clicked.connect(self._on_button)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 8, 2)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.bar)
        lay.addWidget(self.button)
        self.hide_timer = QTimer(self)
        self.hide_timer.setSingleShot(True)
        self.hide_timer.timeout.connect(self.hide)
        queue.progress.connect(self._on_progress)
        queue.finished.connect(self._on_finished)
        self.hide()

    def offer(self) -> None:
        """After images were added: say how many are not read yet, with a button to read them
        (only when the engine is installed, and not while reading)."""
        if self.queue.running or not ocr_available():
            return

        def show(ids: list[int]) -> None:
            if ids and not self.queue.running:
                self.hide_timer.stop()
                self.text.setText(self.tr("%n image(s) have text not read yet: read it to search it and "
                                          "to get suggestions.", "", len(ids)))
                self.bar.hide()
                self.button.setText(self.tr("Read image text"))
                self.button.show()
                self.show()

        self.queue.session.query(lambda case: case.ocr.pending(), show)

    def start(self) -> bool:
        started = self.queue.start()
        if started:
            self.hide_timer.stop()
            self.text.setText(self.tr("Reading image text…"))
            self.bar.setRange(0, 0)
            self.bar.show()
            self.button.setText(self.tr("Cancel"))
            self.button.show()
            self.show()
        return started

    def _on_button(self) -> None:
        if self.queue.running:
            self.queue.cancel()
            self.button.setEnabled(False)
            self.text.setText(self.tr("Stopping after this image…"))
        else:
            self.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat(f"{done}/{total}")
        if self.button.isEnabled():
            self.text.setText(self.tr("Reading image text: %n image(s) to read, one at a time in the "
                                      "background.", "", total - done))

    def _on_finished(self, read: int, failed: int, cancelled: bool, chat_lines: int) -> None:
        self.button.setEnabled(True)
        self.bar.hide()
        parts = [self.tr("Image text read: %n image(s).", "", read)]
        if chat_lines:
            parts.append(self.tr("%n chat message(s) from chat screenshots.", "", chat_lines))
        if failed:
            first = self.queue.errors[0]
            parts.append(self.tr("%n could not be read:", "", failed) + " "
                         + self.queue.ctx.wording.ocr_failure(first))
        if cancelled:
            parts.append(self.tr("Stopped; the rest can be read later."))
        self.text.setText(" ".join(parts))
        self.button.setText(self.tr("Read image text"))
        self.button.setVisible(cancelled)
        self.show()
        if not failed:
            self.hide_timer.start(15000)
