"""The chat tab: a chat log shown as a conversation (buyer right, seller left), searchable;
pasting a log parses it off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
)

from tbcase.domain.bidi import neutral
from tbcase.ui.case_page.common import CaseTab, plain_label
from tbcase.ui.models import ChatModel, ObjectRole, display_time
from tbcase.ui.session import Change

SHOWN_CHARS = 4000  # of one message; the whole text stays in the case, its search and the original


def shown_text(text: str) -> str:
    """A message as its bubble shows it: a log read as one message (one header, then 2.4 million
    characters) took Qt 8 s a million characters to measure, on the UI thread, for every repaint."""
    return neutral(text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + " ……")


class ChatDelegate(QStyledItemDelegate):
    """Buyer on the right, seller on the left, system lines muted in the middle."""

    PAD = 8

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sides = {"buyer": self.tr("Buyer (right)"), "seller": self.tr("Seller (left)")}

    def _layout(self, option, index):
        role = index.data(ChatModel.RoleRole)
        m = index.data(ObjectRole)
        view = self.parent()
        width = view.viewport().width() if view is not None else option.rect.width()
        bubble_w = int(width * 0.68)
        fm = option.fontMetrics
        who = m.speaker or self.sides.get(role, "")  # a chat screenshot names no one: its sides do
        head = neutral(f"{who}  {display_time(m.at, seconds=True)}").strip() if role != "system" else ""
        text_rect = fm.boundingRect(QRect(0, 0, bubble_w - 2 * self.PAD, 10000),
                                    int(Qt.TextFlag.TextWordWrap), shown_text(m.text))
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
        painter.drawText(inner, int(Qt.TextFlag.TextWordWrap), shown_text(m.text))  # plain text, never markup
        painter.restore()


def read_conversations(case) -> list:
    """The chat logs, and the screenshots whose chat bubbles were read, in exhibit order."""
    with_lines = case.evidence.message_counts()
    return [e for e in case.evidence.all() if str(e.kind) == "chat" or e.id in with_lines]


class ChatTab(CaseTab):
    SHOWS = Change.EVIDENCE | Change.OCR

    def __init__(self, ctx, session, parent=None) -> None:
        super().__init__(ctx, session, parent)
        self.logs = QComboBox()
        self.logs.currentIndexChanged.connect(self._show_log)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search in this chat"))
        self.search.setClearButtonEnabled(True)
        paste = QPushButton(self.tr("Paste a chat log…"))
        paste.clicked.connect(lambda: self.paste_chat())
        self.model = ChatModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ChatDelegate(self.view))
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(False)
        # a long log is laid out a batch at a time between events (measuring every bubble of
        # 50,000 messages at once would freeze the window for seconds)
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(50)  # one batch is 50 bubbles measured: 10-25 ms, not 50-100
        self.empty = plain_label(self.tr("No chat log yet. Copy the conversation with the seller "
                                         "in Qianniu / Wangwang and use “Paste a chat log…”."))
        self.empty.setStyleSheet("color: #757575; padding: 24px;")
        top = QHBoxLayout()
        top.addWidget(self.logs, 2)
        top.addWidget(self.search, 2)
        top.addWidget(paste)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.empty)
        lay.addWidget(self.view)
        self._select_after: int | None = None
        self._shown_log: int | None = None
        self.paste_job = None  # the pasted log being parsed in its worker process

    def refresh(self) -> None:
        self.session.query(read_conversations, self._show_list)

    def _show_list(self, logs) -> None:
        current = self._select_after if self._select_after is not None else self.logs.currentData()
        self._select_after = None
        self.logs.blockSignals(True)
        self.logs.clear()
        for e in logs:
            title = self.tr("Exhibit {0}: {1}").format(e.exhibit, neutral(e.title))
            if str(e.kind) != "chat":
                title += " " + self.tr("(read from the screenshot: check against the image)")
            self.logs.addItem(title, e.id)
        if self.logs.count():
            self.logs.setCurrentIndex(max(0, self.logs.findData(current)))
        self.logs.blockSignals(False)
        self._shown_log = None  # messages may have changed (a log deleted and restored): read once
        self._show_log()

    def _show_log(self) -> None:
        eid = self.logs.currentData()
        has = eid is not None
        self.empty.setVisible(not has)
        self.view.setVisible(has)
        if not has:
            self.model.set_messages([])
            return
        if eid == self._shown_log:
            return
        self._shown_log = eid
        self.session.query(lambda case: case.evidence.messages(eid),
                           lambda msgs: self.logs.currentData() == eid and self.model.set_messages(msgs))

    def current_log(self) -> int | None:
        return self.logs.currentData()

    def paste_chat(self, text: str | None = None) -> None:
        """The paste dialog, then the log is decoded and parsed by a worker process (a 5 MB
        log parsed on a thread of the window's process held its interpreter lock for
        100-160 ms at a time) and stored through the session."""
        from tbcase.ui.dialogs import PasteChatDialog

        dialog = PasteChatDialog(self)
        if text:
            dialog.set_text(text)
        if dialog.exec() != PasteChatDialog.DialogCode.Accepted or not dialog.has_text():
            return
        data = dialog.text_bytes()
        title = dialog.title.text().strip() or None
        failed = self.warn(self.tr("Chat"))
        self.status.emit(self.tr("Reading the chat log…"))

        def added(info) -> None:  # the session's ``changed`` follows: the tab re-reads once
            self._select_after = info.id
            self.status.emit(self.tr("Chat log added as exhibit {0}.").format(info.exhibit)
                             if not info.duplicate else
                             self.tr("This chat log is already exhibit {0}.").format(info.exhibit))

        def parsed(item) -> None:
            self.session.write(lambda case: case.evidence.add_prepared(item), Change.EVIDENCE, added, failed)

        def parties(case) -> tuple[str, str]:
            details = case.case()
            return details.shop, details.buyer_nick

        def parse(shop_buyer: tuple[str, str]) -> None:
            self.paste_job = self.ctx.runner.start(lambda job: parse_in_process(job, data, title, *shop_buyer),
                                                   on_success=parsed, on_failure=failed)

        self.session.query(parties, parse, failed)


def parse_in_process(job, data: bytes, title: str | None, shop: str, buyer: str):
    """A pasted chat log decoded and parsed by a worker process (``intake.prepare_chat``);
    the item it returns, made whole here (on a worker thread of the window)."""
    from tbcase.storage import intake
    from tbcase.ui.process import run_in_process

    item, packed = run_in_process(job, "tbcase.storage.intake:prepare_chat", title, shop, buyer,
                                  payload=memoryview(data))
    return intake.chat_from_packed(item, data, packed)
