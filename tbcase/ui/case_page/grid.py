"""The evidence tab's grid: its model (exhibits with a redacted copy marked), its cells,
and the reads that fill it (the list with the first screen's thumbnails, then the
thumbnails of cells as they are shown). The reads run on the case session's queue."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QObject, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate

from tbcase.ui.models import THUMB_SIZE, EvidenceModel

FIRST_SCREEN = 32  # thumbnails read with the list: about what a window shows at first


def read_thumbnails(case, ids: list[int]) -> dict[int, bytes | None]:
    """Thumbnails of these exhibits in one query (None: an image that does not decode,
    kept as an original only). An image whose thumbnail is still being made is left out:
    its placeholder stays until the renditions queue writes it (``changed`` follows)."""
    from tbcase.storage.evidence import UNDECODABLE
    from tbcase.storage.models import Derived, blob

    with case.reading():
        rows = (Derived.select(Derived.evidence, Derived.kind, Derived.data)
                .where(Derived.kind.in_(("thumb", UNDECODABLE)) & Derived.evidence.in_(ids)).tuples())
        return {eid: blob(data) if kind == "thumb" else None for eid, kind, data in rows}


def read_evidence(case) -> tuple[list, dict[int, bytes | None], set[int], dict[int, list[tuple[str, str]]]]:
    """The exhibits, the thumbnails of the first screen (saves a second trip), which
    exhibits have a redacted copy, and the first lines of each chat log (its icon)."""
    items = case.evidence.all()
    first = [e.id for e in items if e.media_type.startswith("image/")][:FIRST_SCREEN]
    chats = {e.id: [(m.role, m.text[:200]) for m in case.evidence.messages(e.id, limit=3)]
             for e in items if str(e.kind) == "chat"}
    return items, read_thumbnails(case, first) if first else {}, case.redactions.ids(), chats


def counted_rows(model: QAbstractItemModel, parent: QObject) -> QSortFilterProxyModel:
    """What the grid shows of ``model``: the same rows in the same order, through a proxy
    that keeps their count in C++. At each layout Qt's list view asks for an index of
    every item twice (``index`` → ``hasIndex`` → ``rowCount``): ~600 calls into Python for
    300 exhibits, each taking the interpreter lock; the proxy answers them from its own
    mapping and asks the model once. Data, drops and drags pass through to the model."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setDynamicSortFilter(False)  # no sorting or filtering: nothing to redo on a change
    proxy.setSourceModel(model)
    return proxy


class CellDelegate(QStyledItemDelegate):
    """The grid's cells, all of the grid's size. Asked for the size of uniform items, Qt's
    own delegate reads the last exhibit (its picture too: a thumbnail read and decoded
    that nobody sees before the grid's first frame)."""

    def __init__(self, size: QSize, parent=None) -> None:
        super().__init__(parent)
        self._size = size

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return self._size


class MarkedEvidenceModel(EvidenceModel):
    """The grid's model, with exhibits that have a redacted copy marked: a 已遮挡 badge on
    the thumbnail and a line in the tooltip (the letter prints their copy, not the original)."""

    def __init__(self, ctx, parent=None, load_thumbnails=None) -> None:
        super().__init__(ctx, parent, load_thumbnails=load_thumbnails)
        self.redacted: set[int] = set()
        self._badged: dict[tuple[int, int], QIcon] = {}

    def set_redacted(self, ids: set[int]) -> None:
        changed, self.redacted = ids ^ self.redacted, set(ids)
        rows = [i for i, e in enumerate(self.items) if e.id in changed]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)),
                                  [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        value = super().data(index, role)
        if value is None or self.items[index.row()].id not in self.redacted:
            return value
        eid = self.items[index.row()].id
        if role == Qt.ItemDataRole.DecorationRole and isinstance(value, QIcon):
            key = (eid, value.cacheKey())
            if key not in self._badged:
                self._badged[key] = QIcon(self._badge(value.pixmap(THUMB_SIZE)))
            return self._badged[key]
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and value.endswith("</p>"):
            words = QCoreApplication.translate(
                "Evidence", "Redacted: the letter prints the redacted copy; the original is kept unchanged.")
            return value[:-4] + "\n" + html.escape(words) + "</p>"
        return value

    @staticmethod
    def _badge(pixmap: QPixmap) -> QPixmap:
        """The thumbnail with a dark 已遮挡 label across its lower left corner."""
        out = QPixmap(pixmap)
        text = QCoreApplication.translate("Evidence", "Redacted")
        painter = QPainter(out)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = QFont(painter.font())
            height = round(out.height() / out.devicePixelRatio())  # the painter's units (scaled screens)
            font.setPixelSize(max(11, height // 10))
            font.setBold(True)
            painter.setFont(font)
            metrics = painter.fontMetrics()
            w, h = metrics.horizontalAdvance(text) + 10, metrics.height() + 4
            x, y = 3, height - h - 3
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(20, 20, 20, 215))
            painter.drawRoundedRect(x, y, w, h, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(x, y, w, h, Qt.AlignmentFlag.AlignCenter, text)
        finally:
            painter.end()
        return out
