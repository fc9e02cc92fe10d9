"""What the window's Edit and Case menus do to the open case, and its export.

The main window owns a ``CaseCommands`` and connects its menu actions to it; the commands
find the open case page through the window (``window.page``, None when no case is open)
and use only the page's documented interface (``CasePage``'s docstring): ``session``,
``path``, ``import_paths``, ``paste``, ``delete_selected``, ``record_step``,
``receive_from_phone``. Messages go to the window's status bar; a failure is shown as
``_warn`` shows it (a known error as its sentence in the user's language, a bug as a
crash report).

Export (and the public export) runs in a worker process (``tbcase/ui/process.py``) once
the writes queued before it are committed: the bundle writer reads every original and
serialises the manifest, long Python work that would hold the interpreter lock the
window's thread needs. The child opens the case read-only; nothing is written to the case.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from tbcase.domain.errors import KnownError
from tbcase.ui.context import UiContext, show_message

if TYPE_CHECKING:
    from tbcase.ui.main_window import MainWindow


class CaseCommands(QObject):
    """The commands on the open case. Each does nothing when no case is open."""

    # what the worker process runs to export: "module:function" by public (tests name others)
    WRITERS = {False: "tbcase.storage.bundle:export_case_file", True: "tbcase.pdf.public:export_public_file"}

    def __init__(self, ctx: UiContext, window: MainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.export_job = None  # the export running in its worker process

    def _status(self, text: str, ms: int = 0) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _error_text(self, exc: BaseException) -> str:
        """A known error's sentence; a bug opens a crash report (ui/crash.py)."""
        from tbcase.ui.crash import error_text  # loads with the first error

        return error_text(exc, self.ctx.wording, self.window)

    def _warn(self, title: str, exc: BaseException) -> None:
        """A failed command: a KnownError as a clear message, a bug as a crash report."""
        text = self._error_text(exc)
        if isinstance(exc, KnownError):
            show_message(self.window, "warning", title, text)

    # ------------------------------------------------------------ Edit

    def add_evidence(self) -> None:
        page = self.window.page
        if page is None:
            return
        from PySide6.QtWidgets import QFileDialog  # loads with the first dialog, not at start-up

        files, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Add evidence"), str(Path.home()),
            self.tr("Evidence (*.png *.jpg *.jpeg *.heic *.webp *.gif *.bmp *.txt *.pdf);;All files (*)"))
        if files:
            page.import_paths([Path(f) for f in files], "open")

    def paste(self) -> None:
        page = self.window.page
        if page is not None and not page.paste():
            self._status(self.tr("Nothing to paste: copy a screenshot or a chat log first."), 6000)

    def delete_evidence(self) -> None:
        """Del / Edit → Delete exhibit: only on the evidence tab, with confirmation."""
        page = self.window.page
        if page is None or not page.delete_selected():
            self._status(self.tr("Select an exhibit on the Evidence tab to delete it."), 6000)

    def undo(self) -> None:
        page = self.window.page
        if page is not None and page.session.undo.canUndo():
            page.session.undo.undo()

    # ------------------------------------------------------------ Case

    def receive_from_phone(self):
        page = self.window.page
        return page.receive_from_phone() if page is not None else None

    def record_step(self) -> None:
        page = self.window.page
        if page is not None:
            page.record_step()

    def letter(self):
        """The written complaint dialog (its PDF libraries load in its worker process)."""
        from tbcase.ui.dialogs import load_profile
        from tbcase.ui.letter_dialog import LetterDialog
        from tbcase.ui.session import Change

        page = self.window.page
        if page is None:
            return None
        session = page.session
        # the complainant's details are copied into the case when a letter is made (the case
        # keeps what was sent; a later change of profile does not rewrite old cases)
        profile = {k: v for k, v in asdict(load_profile(self.ctx.settings)).items() if v}
        if profile:
            session.write(lambda case: [case.set_field(f"complainant.{k}", v) for k, v in profile.items()],
                          Change.FIELDS, on_failure=lambda exc: self._status(self._error_text(exc)))
        dialog = LetterDialog(self.ctx, session, self.window)  # its reads queue after the write above
        dialog.show()
        return dialog

    def print_letter(self) -> None:
        dialog = self.letter()
        if dialog is not None:
            dialog.ready.connect(lambda: dialog.print_letter())

    # ------------------------------------------------------------ File → Export

    def export_case(self, public: bool = False, folder: str | None = None) -> None:
        """The case as files; ``public``: 为公开发布导出 (redacted copies, no personal details).
        Written by a worker process after the writes queued before are committed."""
        from PySide6.QtWidgets import QFileDialog

        from tbcase.ui.process import run_in_process

        page = self.window.page
        if page is None:
            return
        folder = folder or QFileDialog.getExistingDirectory(self.window, self.tr("Export case to folder"),
                                                            str(Path.home()))
        if not folder:
            return
        target = str(Path(folder) / (page.path.stem + ("-public" if public else "")))
        writer = self.WRITERS[public]
        runner, title = self.ctx.runner, self.tr("Export case")
        self._status(self.tr("Exporting…"))

        def exported(written: str) -> None:
            self.export_job = None
            self._status(self.tr("Exported to {0}").format(Path(written).parent), 8000)

        def failed(exc: BaseException) -> None:
            self.export_job = None
            self._status("")
            self._warn(title, exc)

        def progress(done: int, total: int, _what: str) -> None:
            if total:
                self._status(self.tr("Exporting… {0}/{1}").format(done, total))

        def committed(path: str) -> None:  # the writes before are on disk: the child sees them
            self.export_job = runner.start(lambda job: run_in_process(job, writer, path, target),
                                           on_success=exported, on_failure=failed, on_progress=progress)

        self.export_job = page.session.query(lambda case: str(case.path), committed, failed)
