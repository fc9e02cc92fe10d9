"""The main window: the case list on the left, the open case on the right.

The window owns the library's list, opens and closes case pages, and builds the menus;
what the Edit and Case menus and export do to the open case is ``ui/case_commands.py``
(``self.commands``). Both use the page only through ``CasePage``'s documented interface."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QSystemTrayIcon

from tbcase import __version__
from tbcase.domain.errors import KnownError
from tbcase.paths import resource
from tbcase.storage.library import LibraryEntry, read_summary
from tbcase.ui.context import UiContext, show_message

if TYPE_CHECKING:
    from tbcase.ui.case_page import CasePage
from tbcase.domain.model import now
from tbcase.ui.case_commands import CaseCommands
from tbcase.ui.case_list import CaseListPane
from tbcase.ui.case_rows import case_rows
from tbcase.ui.models import ObjectRole
from tbcase.ui.tasks import freeze_long_lived, keep_true_alive

REMINDER_INTERVAL_MS = 15 * 60 * 1000


class MainWindow(QMainWindow):
    """Signals:
        library_loaded(): the case list is filled
        language_change_requested(str)
        case_opened(str path): a case page is shown (opening happens off the UI thread)
        busy_changed(bool busy): work for the open case started or all finished
    """

    library_loaded = Signal()
    language_change_requested = Signal(str)
    case_opened = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, ctx: UiContext, parent=None, *, read_library: bool = False) -> None:
        """``read_library``: start reading the library (``load_library``) before the window
        is built, on a worker: the list fills as soon as both are done."""
        super().__init__(parent)
        self.ctx = ctx
        self._scan_job = None
        self._early_scan = False  # a scan started with the window that load_library has not claimed
        if read_library:
            self._start_scan()
            self._early_scan = True
        self.page: CasePage | None = None
        self.commands = CaseCommands(ctx, self)  # the Edit and Case menus, export
        self.setWindowTitle(self.tr("tbcase — order dispute cases"))
        self.setWindowIcon(QIcon(str(resource("icons", "tbcase.svg"))))
        self.setAcceptDrops(True)
        # left: reminders, search, filter, list
        left = CaseListPane(ctx, self)
        self.case_list = left
        self.model, self.proxy, self.table = left.model, left.proxy, left.table
        self.search, self.due_only, self.reminder = left.search, left.due_only, left.reminder
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        left.hit_activated.connect(self.open_hit)
        # right: empty state or the case page
        self.right = QStackedWidget()
        self.empty = QLabel(self.tr("Choose a case on the left, or create one with Ctrl+N.\n\n"
                                    "A case holds one order: its evidence, the steps you took, the "
                                    "deadlines the platform must meet, and the written complaint."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #616161; padding: 40px;")
        self.right.addWidget(self.empty)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.setToolTip("tbcase")
            self.tray.show()
        self.reminder_timer = QTimer(self)
        self.reminder_timer.setInterval(REMINDER_INTERVAL_MS)
        self.reminder_timer.timeout.connect(self._on_reminder_timer)
        self.reminder_timer.start()
        self.refcount_timer = QTimer(self)  # see keep_true_alive: a PySide6 6.12.0 workaround
        self.refcount_timer.setInterval(5000)
        self.refcount_timer.timeout.connect(keep_true_alive)
        self.refcount_timer.start()
        self._restore_state()
        self.statusBar().showMessage(self.tr("Library: {0}").format(ctx.library.folder))

    # ------------------------------------------------------------ actions

    def _action(self, text: str, slot, shortcut=None, icon: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:  # ours (resources/icons): asking the style for its standard icons made PySide build
            action.setIcon(QIcon(str(resource("icons", f"{icon}.svg"))))  # QStyle's 13 enums, ~7 ms at start-up
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        a, c = self._action, self.commands
        self.act_new = a(self.tr("&New case…"), self.new_case, QKeySequence.StandardKey.New, "new-case")
        self.act_new_shot = a(self.tr("New case from &order screenshot…"), lambda: self.new_case(True))
        self.act_ocr = a(self.tr("Read image &text"), lambda: self.page is not None and self.page.read_images())
        self.act_open = a(self.tr("&Open case file…"), self.open_case_dialog, QKeySequence.StandardKey.Open,
                          "open-case")
        self.act_add = a(self.tr("&Add evidence…"), c.add_evidence, None, "add-evidence")
        self.act_paste = a(self.tr("&Paste evidence"), c.paste, QKeySequence.StandardKey.Paste)
        self.act_delete = a(self.tr("&Delete exhibit"), c.delete_evidence, QKeySequence.StandardKey.Delete)
        self.act_undo = a(self.tr("&Undo"), c.undo, QKeySequence.StandardKey.Undo)
        self.act_step = a(self.tr("&Record a step…"), c.record_step, "Ctrl+R", "record-step")
        self.act_letter = a(self.tr("&Written complaint…"), c.letter, None, "letter")
        self.act_print = a(self.tr("&Print written complaint…"), c.print_letter, QKeySequence.StandardKey.Print)
        self.act_export = a(self.tr("&Export case as files…"), lambda: c.export_case())
        self.act_public = a(self.tr("Export for p&ublic posting (redacted)…"), lambda: c.export_case(True))
        self.act_receive = a(self.tr("Receive from &phone…"), c.receive_from_phone)
        self.act_check = a(self.tr("&Check case"), lambda: self.page is not None and self.page.check_case())
        self.act_refresh = a(self.tr("Re&fresh"), self.refresh, QKeySequence.StandardKey.Refresh, "refresh")
        self.act_find = a(self.tr("&Search"), lambda: (self.search.setFocus(), self.search.selectAll()),
                          QKeySequence.StandardKey.Find)
        self.act_settings = a(self.tr("&Settings…"), self.settings_dialog, QKeySequence.StandardKey.Preferences)
        self.act_quit = a(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.act_about = a(self.tr("&About tbcase"), self.about)
        self.act_rules = a(self.tr("&Rules and sources…"), self.rules_dialog)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.act_find)
        bar = self.menuBar()
        m = bar.addMenu(self.tr("&File"))
        for act in (self.act_new, self.act_new_shot, self.act_open, self.act_export, self.act_public, None,
                    self.act_settings, None, self.act_quit):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu(self.tr("&Edit"))
        for act in (self.act_undo, None, self.act_paste, self.act_add, self.act_delete, None, self.act_find):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu(self.tr("&Case"))
        for act in (self.act_step, self.act_receive, self.act_ocr, self.act_letter, self.act_print,
                    self.act_check, None, self.act_refresh):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu(self.tr("&Help"))
        m.addAction(self.act_rules)
        m.addAction(self.act_about)
        tb = self.addToolBar(self.tr("Main"))
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.act_new, self.act_add, self.act_step, self.act_letter, self.act_refresh):
            tb.addAction(act)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.page is not None
        for act in (self.act_add, self.act_paste, self.act_delete, self.act_undo, self.act_step, self.act_check,
                    self.act_letter, self.act_print, self.act_export, self.act_public, self.act_receive, self.act_ocr):
            act.setEnabled(has)

    # ------------------------------------------------------------ the library

    def load_library(self) -> None:
        """Scan the library off the UI thread; the window is usable meanwhile. The first call
        on a window made with ``read_library`` is the scan already running."""
        if not (self._early_scan and self._scan_job is not None):
            self._start_scan()
        self._early_scan = False
        self.statusBar().showMessage(self.tr("Reading the library…"))

    def _start_scan(self) -> None:
        if self._scan_job is not None:
            self._scan_job.cancel()  # a newer scan replaces one still running
        ctx, library, engine = self.ctx, self.ctx.library, self.ctx.engine

        def work(job):  # the rows' deadlines are computed here too, off the UI thread
            entries = library.entries(progress=lambda i, n: job.report(i, n, ""), cancelled=job.is_cancelled,
                                      engine=engine)  # deadlines kept in the index (deadline_cache)
            at = now()
            return case_rows(ctx, entries, at), at

        def done(result) -> None:
            rows, at = result
            self._scan_job = None
            self.model.set_rows(rows, at)
            self._after_list_change()
            self.statusBar().showMessage(self.tr("%n case(s) · folder {0}", "", len(rows)).format(library.folder))
            last = self.ctx.settings.value("last_case", "")
            if self.page is not None:  # the reset cleared the list's selection: the open case is marked again
                self.select_path(str(self.page.path))
            elif last and self.model.row_of(str(last)) >= 0:
                self.select_path(str(last))
            freeze_long_lived("library")
            self.library_loaded.emit()

        def failed(exc):
            self._scan_job = None
            self.statusBar().showMessage(self._error_text(exc))
            self.library_loaded.emit()

        def progress(done_count: int, total: int, _what: str) -> None:
            if total > 50:
                self.statusBar().showMessage(self.tr("Reading the library… {0}/{1}").format(done_count, total))

        self._scan_job = self.ctx.runner.start(work, on_success=done, on_failure=failed,
                                               on_progress=progress)

    def _after_list_change(self) -> None:
        self.case_list.after_list_change(self.ctx.library.folder)
        self.refresh_deadlines(notify=False)

    def refresh(self) -> None:
        if self.page is not None:
            self.page.reload()
        self.load_library()

    def _on_reminder_timer(self) -> None:
        self.model.refresh_states()  # a deadline may have become due soon or overdue meanwhile
        self.refresh_deadlines()

    def refresh_deadlines(self, notify: bool = True) -> None:
        """Reminders: deadlines due within 24 hours or overdue, on start and while running."""
        text = self.case_list.show_reminder(str(self.ctx.settings.value("reminders", "true")) == "true")
        if text and notify and self.tray is not None:
            self.tray.showMessage("tbcase", text)

    def _on_current_changed(self, current, _previous) -> None:
        row = current.data(ObjectRole) if current.isValid() else None
        if row is None:
            return
        if row.summary is None:
            self.statusBar().showMessage(row.error or "")
            return
        self.open_case(Path(row.path))

    def select_path(self, path: str) -> None:
        src = self.model.row_of(path)
        if src < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(src, 0))
        if idx.isValid():
            self.table.setCurrentIndex(idx)
        else:
            self.open_case(Path(path))

    # ------------------------------------------------------------ the open case

    def current_path(self) -> Path | None:
        return self.page.path if self.page is not None else None

    def open_case(self, path: Path) -> None:
        """Show a case: its page replaces the open one at once and fills in as the file is
        opened (an old one migrated first) off the UI thread; ``case_opened`` follows, or a
        message and the empty page."""
        # the case page, peewee and Pillow load with the first case opened, not at start-up
        from tbcase.ui.case_page import CasePage
        from tbcase.ui.session import CaseSession

        path = Path(path)
        if self.page is not None and self.page.path == path:
            return
        self.close_case()
        session = CaseSession(path, self.ctx.engine, self)
        session.open()  # first in the queue: the page's reads run after it
        tab = str(self.ctx.settings.value("last_tab", "overview") or "overview")
        page = self.page = CasePage(self.ctx, session, self, tab=tab)
        session.changed.connect(self._on_case_changed)
        session.busy_changed.connect(lambda busy: self.busy_changed.emit(self.busy()))
        page.status.connect(lambda t: self.statusBar().showMessage(t, 8000))
        page.tab_changed.connect(lambda name: self.ctx.settings.setValue("last_tab", name))
        self.right.addWidget(page)
        self.right.setCurrentWidget(page)
        self._update_actions()

        def opened() -> None:
            if self.page is page:
                self.ctx.settings.setValue("last_case", str(path))
                freeze_long_lived("case")  # peewee, Pillow and the page's classes are loaded now
                self.case_opened.emit(str(path))

        def failed(exc) -> None:
            if self.page is page:
                self.close_case()
                self.right.setCurrentWidget(self.empty)
            self._warn(self.tr("Open case"), exc)

        session.opened.connect(opened)
        session.open_failed.connect(failed)

    def busy(self) -> bool:
        """Work is still running for the window (a scan, an operation on the open case)."""
        return self.ctx.runner.busy() or (self.page is not None and self.page.session.busy())

    def close_case(self) -> None:
        if self.page is not None:
            page, self.page = self.page, None
            page.shutdown()
            self.right.removeWidget(page)
            page.session.deleteLater()
            page.deleteLater()
        self._update_actions()

    def _on_case_changed(self, _what=None) -> None:
        """A write to the open case: its row in the list is re-read (on the session's queue)."""
        if self.page is None:
            return
        path = self.page.path
        if path.parent.resolve() != self.ctx.library.folder.resolve():
            return  # a case opened from elsewhere is not in the list

        def show(summary) -> None:
            self.model.update_entry(LibraryEntry(path, summary))
            self._after_list_change()

        def failed(exc) -> None:
            if isinstance(exc, KnownError):
                self.model.update_entry(LibraryEntry(path, None, exc.code, exc.params))

        self.page.session.query(lambda case: case.summary(), show, failed)

    # ------------------------------------------------------------ commands

    def new_case(self, from_screenshot: bool = False) -> None:
        """新建案件, or 新建案件 → 从订单截图 (an image is picked first)."""
        from tbcase.ui.dialogs import NewCaseDialog
        from tbcase.ui.screenshot_dialog import ScreenshotCaseDialog

        dialog = ScreenshotCaseDialog.pick(self.ctx, self) if from_screenshot else NewCaseDialog(self.ctx, self)
        if dialog is not None and dialog.exec() == dialog.DialogCode.Accepted and dialog.created_path:
            self._add_to_list(dialog.created_path)
            self.search.clear()
            self.due_only.setChecked(False)
            self.select_path(str(dialog.created_path))
            self.statusBar().showMessage(self.tr("Case created: {0}").format(dialog.created_path), 8000)

    def open_case_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # its class (and its enums) load when first used

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open case file"), str(self.ctx.library.folder),
                                              self.tr("tbcase case files (*.tbcase)"))
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        """A .tbcase given on the command line or dropped on the window."""
        self.open_case(path)
        self.select_path(str(path))

    def open_hit(self, hit) -> None:
        """A place the library search found: its case, and image text shown in the viewer."""
        self.open_path(hit.path)
        if self.page is not None and hit.kind == "ocr":
            self.page.show_exhibit(hit.evidence_id, self.search.text().strip())

    def _add_to_list(self, path: Path) -> None:
        """A case just created: its row is read off the UI thread."""

        def show(summary) -> None:
            self.model.update_entry(LibraryEntry(path, summary))
            self._after_list_change()
            self.select_path(str(path))

        self.ctx.runner.start(lambda job: read_summary(path), on_success=show,
                              on_failure=lambda exc: self.statusBar().showMessage(self._error_text(exc)))

    def settings_dialog(self) -> None:
        from tbcase.ui.dialogs import SettingsDialog

        old_folder = self.ctx.library.folder
        dialog = SettingsDialog(self.ctx, self)
        dialog.language_changed.connect(self.language_change_requested)
        if dialog.exec() == dialog.DialogCode.Accepted:
            if self.ctx.library.folder != old_folder:
                self.close_case()
                self.right.setCurrentWidget(self.empty)
                self.load_library()
            self.refresh_deadlines(notify=False)

    def rules_dialog(self) -> None:
        from tbcase.ui.rules_dialog import RulesDialog

        RulesDialog(self.ctx, self).exec()

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, self.tr("About tbcase"), self.tr(
            "tbcase {0}\n\nAn offline case manager for Taobao/Tmall order disputes: evidence, "
            "deadlines and written complaints.\n\nChinese font: WenQuanYi Micro Hei (Apache-2.0).")
            .format(__version__))

    def _warn(self, title: str, exc: BaseException) -> None:
        """A failed action: a KnownError as a clear message, a bug as a crash report."""
        text = self._error_text(exc)
        if isinstance(exc, KnownError):
            show_message(self, "warning", title, text)

    def _error_text(self, exc: BaseException) -> str:
        """A known error's sentence; a bug opens a crash report (ui/crash.py)."""
        from tbcase.ui.crash import error_text  # loads with the first error

        return error_text(exc, self.ctx.wording, self)

    # ------------------------------------------------------------ window state

    def _restore_state(self) -> None:
        s = self.ctx.settings
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 780)
        state = s.value("window_state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        split = s.value("splitter")
        if isinstance(split, QByteArray):
            self.splitter.restoreState(split)
        else:
            self.splitter.setSizes([560, 720])

    def save_state(self) -> None:
        s = self.ctx.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("window_state", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_state()
        self.reminder_timer.stop()
        self.ctx.runner.cancel_all()
        self.close_case()  # waits only for the write in flight
        self.ctx.runner.wait()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        cases = [p for p in paths if p.suffix == ".tbcase"]
        if cases:
            self.open_path(cases[0])
        elif paths and self.page is not None:
            self.page.import_paths(paths, "drop")
        event.acceptProposedAction()

