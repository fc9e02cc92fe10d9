"""The evidence viewer: an exhibit at full size, with zoom and next/previous, and the
text read in it searchable: the boxes whose text holds what is typed in 查找 are drawn
over the image (a search hit opens the viewer with its words already there)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout

from tbcase.domain.bidi import neutral


def matching_boxes(boxes, query: str) -> list[tuple[int, int, int, int]]:
    """The boxes whose text holds ``query`` (case and spaces ignored)."""
    q = "".join(query.split()).casefold()
    if not q:
        return []
    return [b.box for b in boxes if q in "".join(b.text.split()).casefold()]


class ImageViewer(QDialog):
    """Words are translated in the ``ImageViewer`` context (``self.tr`` would look them up
    under a subclass's name: the redaction viewer's buttons stayed English).

    ``load(evidence id, callback(bytes of the display copy))`` and, when given,
    ``load_text(evidence id, callback((width, height, boxes) or None))`` run off the UI
    thread; ``query`` is highlighted first."""

    def __init__(self, load, ids: list[int], index: int, titles: dict[int, str], parent=None, *,
                 load_text=None, query: str = "") -> None:
        super().__init__(parent)
        self.load = load
        self.load_text = load_text
        self.ids = ids
        self.index = index
        self.titles = titles
        self.zoom = 1.0
        self.text: tuple[int, int, tuple] | None = None  # the shown image's size as read, and its boxes
        self.label = self._make_label()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        self.find = QLineEdit(query)
        self.find.setPlaceholderText(QCoreApplication.translate("ImageViewer", "Find text in the image"))
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(lambda: self.set_zoom(self.zoom))
        self.find.setVisible(load_text is not None)
        self.found = QLabel()
        prev_b = QPushButton(QCoreApplication.translate("ImageViewer", "◀ Previous"))
        next_b = QPushButton(QCoreApplication.translate("ImageViewer", "Next ▶"))
        zin = QPushButton(QCoreApplication.translate("ImageViewer", "Zoom in"))
        zout = QPushButton(QCoreApplication.translate("ImageViewer", "Zoom out"))
        fit = QPushButton(QCoreApplication.translate("ImageViewer", "Fit"))
        prev_b.clicked.connect(lambda: self.step(-1))
        next_b.clicked.connect(lambda: self.step(1))
        zin.clicked.connect(lambda: self.set_zoom(self.zoom * 1.25))
        zout.clicked.connect(lambda: self.set_zoom(self.zoom / 1.25))
        fit.clicked.connect(lambda: self.set_zoom(0))
        row = QHBoxLayout()
        row.addWidget(self.find, 1)
        row.addWidget(self.found)
        for b in (prev_b, next_b, zout, zin, fit):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.scroll)
        lay.addLayout(row)
        for key, fn in ((QKeySequence.StandardKey.ZoomIn, lambda: self.set_zoom(self.zoom * 1.25)),
                        (QKeySequence.StandardKey.ZoomOut, lambda: self.set_zoom(self.zoom / 1.25)),
                        (QKeySequence(Qt.Key.Key_Right), lambda: self.step(1)),
                        (QKeySequence(Qt.Key.Key_Left), lambda: self.step(-1))):
            QShortcut(key, self, fn)
        self.resize(900, 760)
        self.pixmap = QPixmap()
        self.show_current()

    def _make_label(self) -> QLabel:  # the redaction viewer draws boxes on its own label
        return QLabel()

    def show_current(self) -> None:
        eid = self.ids[self.index]
        self.setWindowTitle(neutral(self.titles.get(eid, "")))
        self.text = None
        self.load(eid, lambda data: self._loaded(eid, data))
        if self.load_text is not None:
            self.load_text(eid, lambda text: self._text_loaded(eid, text))

    def _loaded(self, evidence_id: int, data: bytes | None) -> None:
        from tbcase.ui.models import DISPLAY_MAX_PIXELS, qimage_from_bytes

        if self.ids[self.index] != evidence_id:
            return  # the user moved on meanwhile
        self.pixmap = QPixmap.fromImage(qimage_from_bytes(data or b"", DISPLAY_MAX_PIXELS))
        self.set_zoom(0)

    def _text_loaded(self, evidence_id: int, text) -> None:
        if self.ids[self.index] == evidence_id:
            self.text = text
            self.set_zoom(self.zoom)

    def step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.ids)
        self.show_current()

    def highlights(self) -> list[QRectF]:
        """The matching boxes, in pixels of the display copy as shown now."""
        if self.text is None or self.pixmap.isNull():
            return []
        width, height, boxes = self.text
        if width <= 0 or height <= 0:
            return []
        sx = self.pixmap.width() * self.zoom / width
        sy = self.pixmap.height() * self.zoom / height
        return [QRectF(left * sx - 3, top * sy - 3, (right - left) * sx + 6, (bottom - top) * sy + 6)
                for left, top, right, bottom in matching_boxes(boxes, self.find.text())]

    def set_zoom(self, zoom: float) -> None:
        if self.pixmap.isNull():
            return
        if zoom == 0:  # fit to the window
            area = self.scroll.viewport().size()
            zoom = min(area.width() / self.pixmap.width(), area.height() / self.pixmap.height(), 1.0)
        self.zoom = max(0.05, min(zoom, 8.0))
        shown = self.pixmap.scaled(self.pixmap.size() * self.zoom, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        marks = self.highlights()
        if marks:
            painter = QPainter(shown)
            painter.setPen(QPen(QColor("#ff6d00"), 3))
            painter.setBrush(QColor(255, 214, 0, 90))
            for rect in marks:
                painter.drawRect(rect)
            painter.end()
        count = QCoreApplication.translate("ImageViewer", "%n match(es)", "", len(marks))
        self.found.setText(count if self.find.text().strip() else "")
        self.label.setPixmap(shown)
