"""Qt item models over the layers below: the case list, evidence, chat, tracking,
history. Rows are plain records; ``ObjectRole`` carries the record through proxies.
Text from user data is only ever plain DisplayRole text (never rich text)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPixmap

from tbcase.domain.bidi import neutral
from tbcase.domain.ladder import Action, Deadline, DeadlineState
from tbcase.domain.model import SHANGHAI, format_due, now
from tbcase.ui.case_rows import CaseRowData, case_row, case_rows, headline_of
from tbcase.ui.context import UiContext, plain_tip

if TYPE_CHECKING:
    from tbcase.storage.deadline_cache import KeptDeadlines
    from tbcase.storage.listing import LibraryEntry
    from tbcase.storage.records import CaseSummary, ChatLine, Exhibit

ObjectRole = Qt.ItemDataRole.UserRole + 1
_EVIDENCE_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                             Qt.ItemDataRole.ToolTipRole, ObjectRole))  # what the grid's model answers
SortRole = Qt.ItemDataRole.UserRole + 2
_LIST_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.TextAlignmentRole, SortRole, ObjectRole))  # what the case list answers
# text colours, given as QColor (a QBrush per cell built QGradient's enum before the first paint)
OVERDUE = QColor("#c62828")
DUE_SOON = QColor("#e65100")
MUTED = QColor("#757575")


# ---------------------------------------------------------------- case list


class CaseListModel(QAbstractTableModel):
    ORDER, DEADLINE, SHOP, ITEM, TYPE, STATUS, EVIDENCE = range(7)

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[CaseRowData] = []
        self.now = now()
        self._headers: list[str] | None = None

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("CaseList", "Order no."),
                QCoreApplication.translate("CaseList", "Next deadline"),
                QCoreApplication.translate("CaseList", "Shop"),
                QCoreApplication.translate("CaseList", "Item"),
                QCoreApplication.translate("CaseList", "Type"),
                QCoreApplication.translate("CaseList", "Status"),
                QCoreApplication.translate("CaseList", "Evidence")]

    def _headline(self, summary: CaseSummary, kept: KeptDeadlines | None = None
                  ) -> tuple[Deadline | None, Action | None]:
        return headline_of(self.ctx, summary, kept, self.now)

    def refresh_states(self) -> None:
        """Time passed: recompute every row's next deadline and its state (due soon, overdue)."""
        self.now = now()
        for row in self.rows:
            if not row.restate(self.now) and row.summary is not None:
                row.deadline, row.next_action = self._headline(row.summary, row.kept)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))

    def make_row(self, entry: LibraryEntry) -> CaseRowData:
        return case_row(self.ctx, entry, self.now)

    def prepare_rows(self, entries: list[LibraryEntry]) -> list[CaseRowData]:
        """``case_rows`` as of now (the model's clock is set to it)."""
        self.now = now()
        return case_rows(self.ctx, entries, self.now)

    def set_rows(self, rows: list[CaseRowData], at: datetime | None = None) -> None:
        """``at``: the time the rows were computed at (``case_rows``), when not the model's."""
        self.beginResetModel()
        self.rows = rows
        if at is not None:
            self.now = at
        self.endResetModel()

    def set_entries(self, entries: list[LibraryEntry]) -> None:
        self.set_rows(self.prepare_rows(entries))

    def update_entry(self, entry: LibraryEntry) -> None:
        """A changed case: its row is computed as of now (a step just taken starts its clock
        after the list was last computed)."""
        self.now = now()
        row = self.make_row(entry)
        for i, existing in enumerate(self.rows):
            if existing.path == row.path:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
                return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()

    def row_of(self, path: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.path == path), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if self._headers is None:  # asked some 100 times as the window first shows; a language
                self._headers = self.headers()  # change makes a new window, and a new model
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _LIST_ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None  # (the view asks each cell for seven roles as it paints it)
        r = self.rows[index.row()]
        col = index.column()
        if role == ObjectRole:
            return r
        if r.summary is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return neutral(r.path.rsplit("/", 1)[-1] if col == self.ORDER
                               else (r.error or "" if col == self.ITEM else ""))
            if role == Qt.ItemDataRole.ForegroundRole:
                return MUTED
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tip(r.error)
            return None
        s = r.summary
        d = r.deadline
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            if col == self.ORDER:
                return neutral(s.order_no)
            if col == self.SHOP:
                return neutral(s.shop)
            if col == self.ITEM:
                return neutral(s.item)
            if col == self.TYPE:
                return self.ctx.word("type." + s.complaint_type)
            if col == self.STATUS:
                return self.ctx.word("status." + s.status)
            if col == self.DEADLINE:
                if d is None:
                    if role == SortRole:
                        return "9999"
                    return self._next_text(r)
                if role == SortRole:
                    return d.due.isoformat()
                est = QCoreApplication.translate("CaseList", " (est.)") if d.estimated else ""
                return f"{self.ctx.wording.countdown(d.due, self.now)}{est}"
            if col == self.EVIDENCE:
                return s.evidence_count
        if role == Qt.ItemDataRole.ForegroundRole and col == self.DEADLINE and d is None:
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole and col == self.DEADLINE and d is None:
            return plain_tip(self._next_text(r))
        if role == Qt.ItemDataRole.ForegroundRole and col == self.DEADLINE and d is not None:
            if d.state == DeadlineState.OVERDUE:
                return OVERDUE
            if d.state == DeadlineState.DUE_SOON:
                return DUE_SOON
        if role == Qt.ItemDataRole.ToolTipRole and col == self.DEADLINE and d is not None:
            label = self.ctx.wording.text(d, "label")
            tip = f"{label}: {format_due(d.due)} · {self.ctx.word('state.' + d.state.value)}"
            if d.estimated:
                tip += "\n" + self.ctx.word("estimated")
            return plain_tip(tip)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.EVIDENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


    def _next_text(self, r: CaseRowData) -> str:
        if r.next_action is None:
            return ""
        if r.next_action == Action.NONE:
            return self.ctx.word("action.none")
        return QCoreApplication.translate("CaseList", "Next: {0}").format(
            self.ctx.word("action." + r.next_action.value))


# ---------------------------------------------------------------- evidence grid

EVIDENCE_MIME = "application/x-tbcase-evidence-id"


class EvidenceModel(QAbstractListModel):
    """Evidence as a grid. Thumbnails are fetched only for the cells the view asks to
    paint, in one batch per event-loop turn, through ``load_thumbnails(ids)`` (which
    reads them off the UI thread and hands them to ``set_thumbnails``). They are derived
    from unchangeable bytes, so the cache stays valid for the life of the model.

    Signals:
        move_requested(int evidence_id, int position): the user dragged an exhibit
        files_dropped(list paths): files or folders dropped on the grid
    """

    move_requested = Signal(int, int)
    files_dropped = Signal(list)

    def __init__(self, ctx: UiContext, parent=None,
                 load_thumbnails: Callable[[list[int]], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[Exhibit] = []
        self.thumbs: dict[int, bytes] = {}  # JPEG bytes, decoded when first shown
        self._none: set[int] = set()  # images without a thumbnail (shown as a file)
        self._icons: dict[int, QIcon] = {}
        self._requested: set[int] = set()
        self._pending: list[int] = []
        self._load = load_thumbnails
        self._placeholder = self._make_placeholder()
        self._chat_icons: dict[int, QIcon] = {}  # a chat log's first lines, drawn as bubbles

    @staticmethod
    def _make_placeholder() -> QPixmap:
        pm = QPixmap(128, 128)
        pm.fill(QColor("#e0e0e0"))
        return pm

    @staticmethod
    def _kind_icon(kind: str) -> QIcon:
        from PySide6.QtWidgets import QApplication, QStyle

        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def set_items(self, items: list[Exhibit]) -> None:
        self.beginResetModel()
        self.items = items
        # a thumbnail still being made is asked for again when its cell is next painted
        self._requested = {eid for eid in self._requested if eid in self.thumbs or eid in self._none}
        self.endResetModel()

    def _request(self, evidence_id: int) -> None:
        if self._load is None or evidence_id in self._requested:
            return
        self._requested.add(evidence_id)
        if not self._pending:
            QTimer.singleShot(0, self._flush)
        self._pending.append(evidence_id)

    def _flush(self) -> None:
        ids, self._pending = self._pending, []
        if ids and self._load is not None:
            self._load(ids)

    def set_chat_lines(self, lines: dict[int, list[tuple[str, str]]]) -> None:
        """The first (role, text) lines of the chat logs: their icons show them."""
        from tbcase.ui.chat_icon import chat_icon

        self._chat_icons = {eid: chat_icon(first) for eid, first in lines.items()}

    def set_thumbnails(self, thumbs: dict[int, bytes | None]) -> None:
        for eid, data in thumbs.items():
            if data is None:
                self._none.add(eid)
            else:
                self.thumbs[eid] = data
        rows = [i for i, e in enumerate(self.items) if e.id in thumbs]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)),
                                  [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail(self, row: int) -> bool:
        """Whether the row shows its real picture (or needs none): not a placeholder."""
        e = self.items[row]
        return e.id in self.thumbs or e.id in self._none or not e.media_type.startswith("image/")

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _EVIDENCE_ROLES or not index.isValid():  # the delegate asks for ~10 roles per cell
            return None
        e = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Evidence", "Exhibit {0}").format(e.exhibit) + "\n" + neutral(e.title)
        if role == Qt.ItemDataRole.DecorationRole:
            if e.id in self.thumbs:
                icon = self._icons.get(e.id)
                if icon is None:  # only the thumbnails actually shown are decoded, at the size shown
                    fit = math.ceil(THUMB_SIZE.width() * QGuiApplication.instance().devicePixelRatio())
                    icon = self._icons[e.id] = QIcon(QPixmap.fromImage(qimage_from_bytes(self.thumbs[e.id],
                                                                                         fit=fit)))
                return icon
            if e.media_type.startswith("image/") and e.id not in self._none:
                self._request(e.id)
                return QIcon(self._placeholder)
            if str(e.kind) == "chat":
                return self._chat_icons.get(e.id) or self._chat_icons.setdefault(e.id, _blank_chat_icon())
            return self._kind_icon(str(e.kind))
        if role == Qt.ItemDataRole.ToolTipRole:
            undecodable = ("\n" + QCoreApplication.translate(
                "Evidence", "The picture does not decode: only the original file is kept.")
                if e.id in self._none and e.media_type.startswith("image/") else "")
            return plain_tip(f"{e.title}\n{self.ctx.word('kind.' + str(e.kind))} · {e.size:,} B\n"
                             f"SHA-256 {e.sha256[:16]}…\n{display_time(e.captured)}{undecodable}")
        if role == ObjectRole:
            return e
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self):  # noqa: N802
        return [EVIDENCE_MIME, "text/uri-list"]

    def mimeData(self, indexes):  # noqa: N802
        mime = QMimeData()
        if indexes:
            mime.setData(EVIDENCE_MIME, QByteArray(str(self.items[indexes[0].row()].id).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent):  # noqa: N802
        return data.hasFormat(EVIDENCE_MIME) or data.hasUrls()

    def dropMimeData(self, data, action, row, column, parent):  # noqa: N802
        if data.hasFormat(EVIDENCE_MIME):
            eid = int(bytes(data.data(EVIDENCE_MIME)).decode())
            target = parent.row() if parent.isValid() else (row if row >= 0 else len(self.items))
            old = next((i for i, e in enumerate(self.items) if e.id == eid), None)
            if old is None:
                return False
            position = target + 1 if target <= old else target
            self.move_requested.emit(eid, min(position, len(self.items)))
            return False  # the model is reloaded from the case; Qt must not remove rows
        if data.hasUrls():
            paths = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if paths:
                self.files_dropped.emit(paths)
            return False
        return False


# ---------------------------------------------------------------- chat, tracking, history


class ChatModel(QAbstractListModel):
    RoleRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.messages: list[ChatLine] = []

    def set_messages(self, messages: list[ChatLine]) -> None:
        self.beginResetModel()
        self.messages = messages
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.messages)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        m = self.messages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return neutral(m.text)
        if role == self.RoleRole:
            return m.role
        if role == ObjectRole:
            return m
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(f"{m.speaker} {display_time(m.at, seconds=True)}")
        return None


class TableModel(QAbstractTableModel):
    """A read-only table of dict rows with fixed columns (tracking, history)."""

    def __init__(self, columns: list[tuple[str, str]], parent=None) -> None:
        super().__init__(parent)
        self.columns = columns  # (key, header)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][1]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = row.get(self.columns[index.column()][0])
            text = "" if value is None else neutral(str(value))
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == ObjectRole:
            return row
        return None


def display_time(dt: datetime | None, seconds: bool = False) -> str:
    if dt is None:
        return ""
    return dt.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


THUMB_MAX_PIXELS = 1_000_000  # stored thumbnails are 256 px on their long side
DISPLAY_MAX_PIXELS = 16_000_000  # stored display copies are 1200 px on their long side
_STORED = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp")  # a stored copy's formats


def qimage_from_bytes(data: bytes, max_pixels: int = THUMB_MAX_PIXELS, fit: int = 0) -> QImage:
    """A stored picture decoded within a pixel limit (the header is read first); a null
    image when it is larger or unreadable (a file from elsewhere may hold anything). With
    ``fit``, a JPEG at least twice that size on its long side is decoded at a half, a
    quarter or an eighth of its size, still covering ``fit`` (libjpeg scales while it
    decodes, for a fraction of the time)."""
    from PySide6.QtCore import QBuffer, QByteArray
    from PySide6.QtGui import QImageReader

    from tbcase.storage.imaging import sniff_image  # Pillow loads with the first picture, not the window

    media = sniff_image(data) or ""  # Qt alone also reads SVG (a tree of <use> froze the window), PDF …
    buf = QBuffer()
    buf.setData(QByteArray(data if media in _STORED else b""))
    buf.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf, media[6:].encode())  # Qt's names are the media subtypes
    reader.setAutoDetectImageFormat(False)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > max_pixels:
        return QImage()
    if fit and media == "image/jpeg":
        factor = 1
        while factor < 8 and max(size.width(), size.height()) >= 2 * factor * fit:
            factor *= 2
        if factor > 1:
            reader.setScaledSize(QSize(-(-size.width() // factor), -(-size.height() // factor)))
    return reader.read()


THUMB_SIZE = QSize(128, 128)


def _blank_chat_icon() -> QIcon:
    from tbcase.ui.chat_icon import chat_icon

    return chat_icon([])
