"""The case page: assembles the tabs of one open case. Each tab is built the first time
it is shown and talks only to the case session; the page routes what the main window
asks for (paste, drop, delete, record a step) to the tab that does it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QListView, QMessageBox, QProgressDialog, QTabWidget, QVBoxLayout, QWidget

from tbcase.domain.chat import web_link
from tbcase.domain.errors import CancelledError
from tbcase.ui.case_page.chat import ChatTab
from tbcase.ui.case_page.common import CaseTab, record_step
from tbcase.ui.case_page.evidence import EvidenceTab
from tbcase.ui.case_page.history import HistoryTab
from tbcase.ui.case_page.overview import OverviewTab
from tbcase.ui.case_page.timeline import TimelineTab
from tbcase.ui.case_page.tracking import TrackingTab
from tbcase.ui.context import UiContext, show_message
from tbcase.ui.crash import error_text
from tbcase.ui.ocr_queue import OcrQueue, OcrStrip
from tbcase.ui.session import CaseSession

TAB_CLASSES: dict[str, type[CaseTab]] = {
    "overview": OverviewTab, "evidence": EvidenceTab, "chat": ChatTab,
    "tracking": TrackingTab, "timeline": TimelineTab, "history": HistoryTab,
}
TAB_NAMES = tuple(TAB_CLASSES)
# a picture the clipboard holds as a file's bytes is stored as those bytes (no decoding here)
PASTED_IMAGE_TYPES = ("image/png", "image/jpeg")


class CasePage(QWidget):
    """One open case, as tabs. What the main window may use:

    - ``show_tab(name)``, ``current_tab()``, ``tab_changed``: tabs by name (``TAB_NAMES``)
    - ``import_paths(paths)``, ``paste()``, ``delete_selected()``, ``record_step()``: commands
    - ``read_images()``: text recognition of the case's images, in the background
    - ``check_case()``: 检查案件, its findings in the user's language
    - ``reload()``: everything is re-read; ``shutdown()``: the session closes
    - ``session``: the case session the page shows; ``path``: its file
    - ``receive_from_phone()``: the QR-code panel of the evidence tab

    Signals:
        status(str text): a message for the status bar
        tab_changed(str name): the user switched tabs
        checked(list lines): 检查案件 finished: its findings as sentences (empty: no problem)
        check_cancelled(): 检查案件 was cancelled before it finished (nothing is said)
    """

    status = Signal(str)
    tab_changed = Signal(str)
    checked = Signal(list)
    check_cancelled = Signal()

    def __init__(self, ctx: UiContext, session: CaseSession, parent=None, tab: str = "overview") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.check_job = None  # 检查案件 while it runs
        self._tabs: dict[str, CaseTab] = {}
        self._holders: dict[str, QWidget] = {}
        self.tabs = QTabWidget()
        titles = {"overview": self.tr("Overview"), "evidence": self.tr("Evidence"), "chat": self.tr("Chat"),
                  "tracking": self.tr("Tracking"), "timeline": self.tr("Timeline"),
                  "history": self.tr("History")}
        for name in TAB_NAMES:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[name] = holder
            self.tabs.addTab(holder, titles[name])
        self.ocr = OcrQueue(ctx, session, self)
        self._ocr_strip: OcrStrip | None = None  # hidden until it has something to say
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
        self.show_tab(tab if tab in TAB_NAMES else "overview")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.setAcceptDrops(True)

    @property
    def path(self) -> Path:
        return self.session.path

    @property
    def ocr_strip(self) -> OcrStrip:
        """The line at the page's foot about reading image text (built when first used: it
        is hidden until then)."""
        if self._ocr_strip is None:
            self._ocr_strip = OcrStrip(self.ocr, self)
            self.layout().addWidget(self._ocr_strip)
        return self._ocr_strip

    # ------------------------------------------------------------ tabs

    def tab(self, name: str) -> CaseTab:
        """The tab, built on first use."""
        tab = self._tabs.get(name)
        if tab is None:
            tab = self._tabs[name] = TAB_CLASSES[name](self.ctx, self.session, self)
            tab.status.connect(self.status)
            if name == "evidence":
                tab.images_added.connect(lambda: self.ocr_strip.offer())
            self._holders[name].layout().addWidget(tab)
        return tab

    def show_tab(self, name: str) -> None:
        self.tab(name)
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def current_tab(self) -> str:
        return TAB_NAMES[max(0, self.tabs.currentIndex())]

    def _on_tab_changed(self, index: int) -> None:
        self.tab(TAB_NAMES[index])
        self.tab_changed.emit(TAB_NAMES[index])

    def evidence_view(self) -> QListView:
        return self.tab("evidence").grid

    # ------------------------------------------------------------ commands

    def import_paths(self, paths: list[Path], via: str) -> None:
        """Add files; ``via`` (a ``Via``: drop, open, paste) is recorded with each."""
        self.tab("evidence").import_paths(paths, via)

    def paste(self) -> bool:
        """Ctrl+V: files copied in a file manager (the files themselves), a screenshot
        (image), or text, which goes to chat (a copied web link asks first: tbcase is offline
        and never opens it, a screenshot of the page is what keeps it).

        Files come first: a file manager that copies a photo offers its path, and often a
        picture as well (Finder its icon, chat programs a re-encoded copy); the file itself
        keeps its bytes, its SHA-256 and its EXIF capture time, a pasted picture none of them."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return False
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if files:
            self.show_tab("evidence")
            self.import_paths(files, "paste")
            return True
        encoded = next((mime.data(f) for f in PASTED_IMAGE_TYPES if f in mime.formats()), None)
        if encoded is not None and not encoded.isEmpty():  # the picture's own bytes: kept as they are
            self.show_tab("evidence")
            self.tab("evidence").paste_image(None, encoded)
            return True
        if mime.hasImage():
            image = QGuiApplication.clipboard().image()
            if image.isNull():
                return False
            self.show_tab("evidence")
            self.tab("evidence").paste_image(image)
            return True
        if mime.hasText():
            text = mime.text()
            link = web_link(text)  # a browser's or an app's copied link is not a chat log
            if link is not None and show_message(
                    self, "question", self.tr("Paste"),
                    self.tr("What was copied is a web link, not a chat log:\n{0}\n\ntbcase works offline and "
                            "never opens links. To keep what the page shows, take a screenshot of it and paste "
                            "the screenshot.\n\nKeep the copied text as a chat log anyway?").format(link),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
                return True
            self.show_tab("chat")
            self.tab("chat").paste_chat(text)
            return True
        return False

    def show_exhibit(self, evidence_id: int, query: str = "") -> None:
        """The evidence tab, with the viewer on one exhibit and ``query`` marked on it."""
        self.show_tab("evidence")
        self.tab("evidence").show_exhibit(evidence_id, query)

    def delete_selected(self, confirm: bool = True) -> bool:
        """Delete the selected exhibit, only while the evidence tab is shown."""
        return self.current_tab() == "evidence" and self.tab("evidence").delete_selected(confirm)

    def record_step(self, kind: str | None = None, *, ask: bool = True) -> None:
        record_step(self.tab(self.current_tab()), kind, ask=ask)

    def check_case(self, show: bool = True) -> None:
        """检查案件: SQLite's checks, every original and letter re-hashed and the history
        chain verified, on the session's queue, with progress and cancel (a file from
        elsewhere may hold a million history entries); the findings in the user's language."""
        title = self.tr("Check case")
        progress = QProgressDialog(self.tr("Verifying the history…"), self.tr("Cancel"), 0, 0, self)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoReset(False)  # shown until the findings are in (the chain is most, not all)
        progress.setAutoClose(False)

        wording = self.ctx.wording

        def work(case, job):
            def told(done: int, total: int) -> None:
                if job.is_cancelled():
                    raise CancelledError
                job.report(done, total, "")

            # worded here, off the UI thread: a file from elsewhere may give tens of thousands
            return [wording.finding(f) for f in case.findings(told)]

        def on_progress(done: int, total: int, _what: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        def cancelled() -> None:
            progress.reset()
            self.check_job = None
            self.check_cancelled.emit()

        def done(lines: list[str]) -> None:
            progress.reset()
            self.check_job = None
            self.checked.emit(lines)
            if not show:
                return
            if not lines:
                show_message(self, "information", title, self.tr(
                    "No problems found: the file is whole, every original and letter matches its "
                    "SHA-256, and the history chain holds."))
            else:
                more = len(lines) - 30
                show_message(self, "warning", title, "\n".join(lines[:30]) + (
                    "\n" + self.tr("(%n more)", "", more) if more > 0 else ""))

        def failed(exc: BaseException) -> None:
            progress.reset()
            self.check_job = None
            show_message(self, "critical", title, error_text(exc, self.ctx.wording, self))

        self.check_job = self.session.long_query(work, on_success=done, on_failure=failed,
                                                 on_progress=on_progress, on_cancel=cancelled)
        progress.canceled.connect(self.check_job.cancel)

    def reload(self) -> None:
        for tab in self._tabs.values():
            tab.mark_stale()

    def receive_from_phone(self):
        self.show_tab("evidence")
        return self.tab("evidence").receive_from_phone()

    def read_images(self) -> bool:
        """案件 → 识别图片文字: the case's unread images, in the background; False when the
        ``ocr`` extra is not installed (then a message says how to install it)."""
        if self.ocr_strip.start():
            return True
        from tbcase.ui import context  # looked up when used: tests answer the message box

        context.show_message(self, "information", self.tr("Read image text"), self.ctx.wording.error("ocr_missing"))
        return False

    def shutdown(self) -> None:
        self.ocr.stop()
        if "evidence" in self._tabs:
            self._tabs["evidence"].stop_receiving()
        self.session.close()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_paths(paths, "drop")
            event.acceptProposedAction()
