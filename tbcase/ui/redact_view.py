"""The image viewer with a redaction mode (issue 17).

In 遮挡 mode the user drags boxes over what should be hidden (a phone number, an
address, another order); 建议框 shows the boxes offered over the phone numbers, ID numbers
and addresses OCR read in the image, and 采用建议框 takes them. 保存遮挡副本 makes the copy
on the session's queue (``case.redactions.redact_image``: burned into the pixels of the
full-size picture, the original untouched); the viewer then shows the copy, and 查看原件
switches back and forth. Boxes are kept in pixels of the image as shown (the original's
full size, EXIF orientation applied), whatever the zoom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from tbcase.domain.redact import Box, clip
from tbcase.ui.session import Change
from tbcase.ui.viewer import ImageViewer

MIN_DRAG = 3  # label pixels: a click is not a box


@dataclass(frozen=True)
class Shown:
    """What the viewer shows of one image, read on the session's queue."""

    evidence_id: int
    display: bytes
    redacted: bytes | None  # the redacted copy made fit for the screen, if there is one
    width: int  # the original as shown, in pixels
    height: int
    offers: tuple[Box, ...]
    kept: tuple[Box, ...] = ()  # the boxes burned into the copy: new ones add to them


def read_shown(case, evidence_id: int) -> Shown:
    """The display copy, the redacted copy (scaled on this thread, never the UI's) and the
    offered boxes of one exhibit."""
    from tbcase.domain.errors import KnownError
    from tbcase.storage.imaging import DISPLAY_SIZE, print_copy

    e = case.evidence.get(evidence_id)
    copy = case.redactions.data(evidence_id)
    if copy is not None:
        try:
            copy = print_copy(copy, DISPLAY_SIZE)[0]
        except KnownError:
            copy = None
    try:
        offers = tuple(o.box for o in case.redactions.offers(evidence_id))
    except KnownError:
        offers = ()
    return Shown(evidence_id, case.evidence.derived(evidence_id, "display") or b"", copy,
                 int(e.width or 0), int(e.height or 0), offers, case.redactions.boxes(evidence_id))


class BoxCanvas(QLabel):
    """The picture, with the boxes drawn so far and (optionally) the offered ones.

    Signals:
        boxes_changed: the user drew a box.
    """

    boxes_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drawing = False
        self.show_offers = False
        self.boxes: list[Box] = []
        self.kept: tuple[Box, ...] = ()  # already in the copy: shown opaque, saved with the new
        self.offers: tuple[Box, ...] = ()
        self.image_size = (0, 0)  # the original as shown
        self._start: QPoint | None = None
        self._drag: QRect | None = None

    # -- geometry: label pixels <-> pixels of the image as shown

    def _frame(self) -> tuple[int, int, float, float]:
        """The pixmap's offset in the label and image pixels per label pixel, per axis (the
        pixmap's sides are rounded separately: one factor for both put a box on a long
        screenshot hundreds of pixels from where it was drawn)."""
        pm = self.pixmap()
        if pm is None or pm.isNull() or not self.image_size[0] or not self.image_size[1]:
            return 0, 0, 0.0, 0.0
        ox = max(0, (self.width() - pm.width()) // 2)
        oy = max(0, (self.height() - pm.height()) // 2)
        return ox, oy, self.image_size[0] / pm.width(), self.image_size[1] / pm.height()

    def to_image(self, rect: QRect) -> Box | None:
        ox, oy, fx, fy = self._frame()
        if not fx:
            return None
        left, top = (rect.left() - ox) * fx, (rect.top() - oy) * fy
        right, bottom = (rect.left() + rect.width() - ox) * fx, (rect.top() + rect.height() - oy) * fy
        # outward: a box covers at least every image pixel under the dragged screen pixels
        box = Box(math.floor(left), math.floor(top), math.ceil(right) - math.floor(left),
                  math.ceil(bottom) - math.floor(top))
        return clip(box, *self.image_size)

    def to_label(self, box: Box) -> QRect:
        ox, oy, fx, fy = self._frame()
        fx, fy = fx or 1.0, fy or 1.0
        return QRect(round(ox + box.x / fx), round(oy + box.y / fy),
                     max(1, round(box.w / fx)), max(1, round(box.h / fy)))

    # -- drawing with the mouse

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.drawing and event.button() == Qt.MouseButton.LeftButton:
            self._start = event.position().toPoint()
            self._drag = None
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._start is not None:
            self._drag = QRect(self._start, event.position().toPoint()).normalized()
            self.update()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._start is None:
            super().mouseReleaseEvent(event)
            return
        rect = QRect(self._start, event.position().toPoint()).normalized()
        self._start = self._drag = None
        if rect.width() >= MIN_DRAG and rect.height() >= MIN_DRAG:
            box = self.to_image(rect)
            if box is not None:
                self.boxes.append(box)
                self.boxes_changed.emit()
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        kept = self.kept if self.drawing else ()
        if not (self.boxes or kept or self._drag or (self.show_offers and self.offers)):
            return
        p = QPainter(self)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor(0, 0, 0)))
        for box in kept:
            p.drawRect(self.to_label(box))
        if self.show_offers:
            p.setPen(QPen(QColor(0, 120, 215), 2, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            for box in self.offers:
                p.drawRect(self.to_label(box))
        p.setPen(QPen(QColor(220, 0, 0), 2))
        p.setBrush(QBrush(QColor(0, 0, 0, 200)))
        for box in self.boxes:
            p.drawRect(self.to_label(box))
        if self._drag is not None:
            p.setPen(QPen(QColor(220, 0, 0), 1, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self._drag)
        p.end()


class RedactingViewer(ImageViewer):
    """``ImageViewer`` with the redaction mode; reads and writes through the session."""

    def __init__(self, session, ids: list[int], index: int, titles: dict[int, str], warn,
                 parent=None, *, query: str = "") -> None:
        self.session = session
        self.warn = warn  # warn(title) -> a failure callback showing a clear message
        self.shown: Shown | None = None
        self.show_copy = True
        super().__init__(self._load, ids, index, titles, parent, load_text=self._load_text, query=query)
        self.redact_b = QPushButton(self.tr("Redact"))
        self.redact_b.setCheckable(True)
        self.offers_b = QPushButton(self.tr("Offered boxes"))
        self.offers_b.setCheckable(True)
        self.take_b = QPushButton(self.tr("Use offered boxes"))
        self.undo_b = QPushButton(self.tr("Remove last box"))
        self.save_b = QPushButton(self.tr("Save redacted copy"))
        self.original_b = QPushButton(self.tr("Show original"))
        self.original_b.setCheckable(True)
        self.clear_b = QPushButton(self.tr("Remove redacted copy"))
        self.state = QLabel()
        self.redact_b.toggled.connect(self._set_drawing)
        self.offers_b.toggled.connect(self._set_offers)
        self.take_b.clicked.connect(self._take_offers)
        self.undo_b.clicked.connect(self._remove_last)
        self.save_b.clicked.connect(self.save)
        self.original_b.toggled.connect(self._set_original)
        self.clear_b.clicked.connect(self.clear)
        self.label.boxes_changed.connect(self._update_buttons)
        row = QHBoxLayout()
        for b in (self.redact_b, self.offers_b, self.take_b, self.undo_b, self.save_b, self.original_b,
                  self.clear_b):
            row.addWidget(b)
        row.addWidget(self.state, 1)
        self.layout().addLayout(row)
        self._update_buttons()

    def _make_label(self) -> QLabel:
        return BoxCanvas()

    # -- loading

    def _load(self, evidence_id: int, done) -> None:
        self.session.query(lambda case: read_shown(case, evidence_id),
                           lambda shown: self._got(shown, done))

    def _load_text(self, evidence_id: int, done) -> None:
        """The image's size as read and the text boxes OCR found in it (None: not read)."""
        def read(case):
            found = case.ocr.get(evidence_id)
            e = case.evidence.get(evidence_id)
            return None if found is None else (int(e.width or 0), int(e.height or 0), found.boxes)
        self.session.query(read, done)

    def _got(self, shown: Shown, done) -> None:
        if self.ids[self.index] != shown.evidence_id:
            return
        self.shown = shown
        canvas: BoxCanvas = self.label
        canvas.boxes = []
        canvas.kept = shown.kept
        canvas.offers = shown.offers
        canvas.image_size = (shown.width, shown.height)
        done(self._picture())
        self._update_buttons()

    def _picture(self) -> bytes:
        s = self.shown
        if s is None:
            return b""
        if s.redacted is not None and self.show_copy and not self.label.drawing:
            return s.redacted
        return s.display

    # -- the mode's buttons

    def _set_drawing(self, on: bool) -> None:
        self.label.drawing = on
        self.label.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self._loaded(self.ids[self.index], self._picture())  # boxes are drawn on the original
        self._update_buttons()

    def _set_offers(self, on: bool) -> None:
        self.label.show_offers = on
        self.label.update()

    def _take_offers(self) -> None:
        self.label.boxes.extend(b for b in self.label.offers if b not in self.label.boxes)
        if not self.redact_b.isChecked():
            self.redact_b.setChecked(True)
        self.label.update()
        self._update_buttons()

    def _remove_last(self) -> None:
        if self.label.boxes:
            self.label.boxes.pop()
            self.label.update()
        self._update_buttons()

    def _set_original(self, on: bool) -> None:
        self.show_copy = not on
        self._loaded(self.ids[self.index], self._picture())
        self._update_buttons()

    def _update_buttons(self) -> None:
        s = self.shown
        has_copy = s is not None and s.redacted is not None
        drawing = self.label.drawing
        self.take_b.setEnabled(bool(self.label.offers))
        self.offers_b.setEnabled(bool(self.label.offers))
        self.undo_b.setEnabled(drawing and bool(self.label.boxes))
        self.save_b.setEnabled(drawing and bool(self.label.boxes))
        self.original_b.setEnabled(has_copy and not drawing)
        self.clear_b.setEnabled(has_copy)
        if drawing:
            text = self.tr("Drag over what to hide: %n box(es)", "", len(self.label.boxes))
        elif has_copy:
            text = (self.tr("Showing the redacted copy; the original is kept unchanged") if self.show_copy
                    else self.tr("Showing the original"))
        else:
            text = self.tr("No redacted copy")
        self.state.setText(text)

    # -- writing, on the session's queue

    def save(self) -> None:
        boxes = list(self.label.boxes)
        eid = self.ids[self.index]
        if not boxes:
            return
        self.save_b.setEnabled(False)
        self.session.write(lambda case: case.redactions.redact_image(eid, boxes),
                           Change.EVIDENCE | Change.HISTORY, on_success=lambda _r: self._saved(eid),
                           on_failure=self.warn(self.tr("Redact")))

    def _saved(self, evidence_id: int) -> None:
        self.show_copy = True
        self.original_b.setChecked(False)
        self.redact_b.setChecked(False)
        if self.ids[self.index] == evidence_id:
            self.show_current()

    def clear(self) -> None:
        eid = self.ids[self.index]
        self.session.write(lambda case: case.redactions.clear(eid), Change.EVIDENCE | Change.HISTORY,
                           on_success=lambda _r: self._saved(eid), on_failure=self.warn(self.tr("Redact")))
