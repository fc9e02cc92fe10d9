"""新建案件 → 从订单截图: a new case filled from an order-detail screenshot.

The image is read in the background (with a cancel button); then each proposed field is
shown beside the region of the screenshot it was read from, editable, and nothing is
written until the user presses 创建. The case is made off the UI thread with the
screenshot as exhibit 1 and what was read in it kept (it is never read again).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tbcase.domain.bidi import neutral
from tbcase.domain.model import ComplaintType, format_amount
from tbcase.domain.ocrfields import OrderFields, TextBox, extract
from tbcase.ui.context import UiContext, show_message
from tbcase.ui.crash import error_text
from tbcase.ui.dialogs import (
    ValidatedField,
    check_amount,
    check_order,
    check_time,
    combo,
    create_then_accept,
    error_label,
    load_profile,
)
from tbcase.ui.ocr_queue import ocr_available, recognise

CROP_SIZE = (460, 96)  # the largest a field's region is shown, in pixels
MARGIN = 10  # around a box, so the label beside a value shows too


@dataclass(frozen=True)
class Reading:
    """What was read in the screenshot (made in the background)."""

    name: str
    data: bytes
    boxes: list[TextBox]
    engine: tuple[str, str]
    fields: OrderFields
    crops: dict[str, bytes]  # field -> PNG of its region


def crop_regions(data: bytes, boxes: dict[str, tuple[int, int, int, int]]) -> dict[str, bytes]:
    """The regions of the screenshot (as shown: EXIF orientation applied, as the engine
    saw it), each a little wider than its box, scaled down to ``CROP_SIZE``."""
    from PIL import ImageOps

    from tbcase.storage.imaging import open_bounded

    img = ImageOps.exif_transpose(open_bounded(data)).convert("RGB")
    out: dict[str, bytes] = {}
    for key, (left, top, right, bottom) in boxes.items():
        region = img.crop((max(0, left - MARGIN), max(0, top - MARGIN),
                           min(img.width, right + MARGIN), min(img.height, bottom + MARGIN)))
        region.thumbnail(CROP_SIZE)
        buf = io.BytesIO()
        region.save(buf, "PNG")
        out[key] = buf.getvalue()
    return out


def read_screenshot(path: Path) -> Reading:
    """Background: the file (bounded), its text, the proposed fields and their regions."""
    from tbcase.storage.inputs import file_name, read_bounded
    from tbcase.storage.intake import MAX_EVIDENCE_BYTES

    data = read_bounded(path, MAX_EVIDENCE_BYTES).data
    boxes, name, version = recognise(data)
    f = extract(boxes)
    found = {"order": f.order_no, "amount": f.amount_fen, "shop": f.shop, "item": f.item,
             "ordered": f.ordered_at, "signed": f.signed_at, "tracking": f.tracking[0] if f.tracking else None}
    regions = {k: v.box for k, v in found.items() if v is not None}
    return Reading(file_name(path), data, boxes, (name, version), f, crop_regions(data, regions))


def _time_text(found) -> str:
    return found.value.strftime("%Y-%m-%d %H:%M:%S") if found is not None else ""


class ScreenshotCaseDialog(QDialog):
    """Reads the screenshot, then shows the proposals for the user to confirm."""

    @classmethod
    def pick(cls, ctx: UiContext, parent=None) -> ScreenshotCaseDialog | None:
        """An image chosen by the user, or None (cancelled, or the engine is not installed:
        then the message says how to install it)."""
        title = QCoreApplication.translate("ScreenshotCaseDialog", "New case from order screenshot")
        if not ocr_available():
            show_message(parent, "information", title, ctx.wording.error("ocr_missing"))
            return None
        images = QCoreApplication.translate("ScreenshotCaseDialog", "Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif)")
        path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), images)
        return cls(ctx, Path(path), parent) if path else None

    def __init__(self, ctx: UiContext, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.reading: Reading | None = None
        self.created_path: Path | None = None
        self.setWindowTitle(self.tr("New case from order screenshot"))
        self.resize(760, 640)
        self.status = QLabel(self.tr("Reading the text in {0}… (a few seconds; nothing leaves this computer)")
                             .format(neutral(path.name)))
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.failure = error_label()
        self.form = QWidget()
        self.grid = QGridLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.busy)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.failure)
        lay.addWidget(self.buttons)
        self.job = ctx.runner.start(lambda job: read_screenshot(path), on_success=self._show, on_failure=self._failed)

    def reject(self) -> None:
        self.job.cancel()  # a reading still running is dropped when it ends
        super().reject()

    def _failed(self, exc: BaseException) -> None:
        if self.job.is_cancelled():
            return
        self.busy.hide()
        self.status.setText(self.tr("The screenshot could not be read."))
        self.failure.setText(error_text(exc, self.ctx.wording, self))

    def _show(self, reading: Reading) -> None:
        if self.job.is_cancelled():
            return
        self.reading = reading
        self.busy.hide()
        self.status.setText(self.tr("Read by text recognition: check each value against the part of the "
                                    "screenshot shown beside it, correct what is wrong, then create the case. "
                                    "The screenshot becomes exhibit 1."))
        f, wording = reading.fields, self.ctx.wording
        tracking = f.tracking[0] if f.tracking else None
        self.order = ValidatedField(check_order(wording), "", f.order_no.value if f.order_no else "")
        self.amount = ValidatedField(check_amount(wording), "",
                                     format_amount(f.amount_fen.value) if f.amount_fen else "")
        self.shop = QLineEdit(f.shop.value if f.shop else "")
        self.item = QLineEdit(f.item.value if f.item else "")
        self.ordered = ValidatedField(check_time(wording), "", _time_text(f.ordered_at))
        self.signed = ValidatedField(check_time(wording), "", _time_text(f.signed_at))
        self.tracking = QLineEdit(tracking.number if tracking else "")
        self.carrier = QLineEdit(tracking.carrier.name_zh if tracking and tracking.carrier.code != "unknown" else "")
        self.type = combo(self.ctx, "type", ComplaintType)
        rows = [("order", self.tr("Order number"), self.order), ("amount", self.tr("Amount paid (yuan)"), self.amount),
                ("shop", self.tr("Shop"), self.shop), ("item", self.tr("Item"), self.item),
                ("ordered", self.tr("Ordered at"), self.ordered), ("signed", self.tr("Signed for at"), self.signed),
                ("tracking", self.tr("Tracking number"), self.tracking), ("", self.tr("Carrier"), self.carrier),
                ("", self.tr("Complaint type"), self.type)]
        for r, (key, title, editor) in enumerate(rows):
            self.grid.addWidget(QLabel(title), r, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(editor, r, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(self._region(key), r, 2)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(1, 240)
        for v in (self.order, self.amount, self.ordered, self.signed):
            v.changed.connect(self._update_ok)
        self._update_ok()

    def _region(self, key: str) -> QLabel:
        label = QLabel()
        data = self.reading.crops.get(key) if self.reading is not None and key else None
        if data:
            pixmap = QPixmap()
            pixmap.loadFromData(data, "PNG")
            label.setPixmap(pixmap)
            label.setStyleSheet("border: 1px solid #ff9800;")
            label.setToolTip(self.tr("Where this value was read in the screenshot"))
        elif key:
            label.setText(self.tr("not found in the screenshot"))
            label.setStyleSheet("color: #9e9e9e;")
        return label

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.reading is not None and bool(self.order.text()) and self.order.valid()
                                  and self.amount.valid() and self.ordered.valid() and self.signed.valid())

    def values(self) -> dict:
        tracking = self.tracking.text().strip()
        return {"order_no": self.order.text(), "shop": self.shop.text().strip(), "item": self.item.text().strip(),
                "amount": self.amount.text() or None, "ordered": self.ordered.text() or None,
                "signed": self.signed.text() or None, "complaint_type": self.type.currentData(),
                "tracking": [(tracking, self.carrier.text().strip() or None)] if tracking else []}

    def accept(self) -> None:
        """The case file is made off the UI thread; the dialog closes when it exists."""
        from tbcase.storage.screenshots import create_from_screenshot

        if self.reading is None or not self.ok_button.isEnabled():
            return
        r, values, library = self.reading, self.values(), self.ctx.library
        profile = load_profile(self.ctx.settings)

        def create(_job) -> Path:
            return create_from_screenshot(library, r.data, r.name, r.boxes, r.engine, complainant=profile, **values)

        create_then_accept(self, create)
