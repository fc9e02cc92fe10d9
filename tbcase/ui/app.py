"""Starting the window: the application, fonts, translations, settings, demo library."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from tbcase.ui import tell_pyside_which_modules_use_it

tell_pyside_which_modules_use_it()  # Qt is loaded: before it reads the source of every module below

from tbcase import APP_NAME, __version__  # noqa: E402
from tbcase.paths import default_library_dir, font_path, resource, user_config_dir  # noqa: E402
from tbcase.storage.engine import DeadlineEngine  # noqa: E402
from tbcase.storage.library import Library  # noqa: E402
from tbcase.storage.private import DIR_MODE, create_private, make_private, private_dir  # noqa: E402
from tbcase.ui.context import UiContext, show_message  # noqa: E402
from tbcase.ui.main_window import MainWindow  # noqa: E402
from tbcase.ui.tasks import JobRunner  # noqa: E402
from tbcase.wording import Wording  # noqa: E402


def make_settings() -> QSettings:
    """The window's settings (tbcase.ini names the last case's file, that is its order
    number). Their folder, which also holds the library index's key, is private (0700, also
    when an older version made it with the umask) and so is the file: Qt keeps the mode of
    the file it replaces when it saves."""
    folder = private_dir(user_config_dir())
    make_private(folder, DIR_MODE)
    ini = folder / "tbcase.ini"
    if ini.is_file():
        make_private(ini)
    elif not ini.exists():
        create_private(ini)  # empty: the first save keeps its mode
    return QSettings(str(ini), QSettings.Format.IniFormat)


def resolve_language(settings: QSettings) -> str:
    """zh by default; English when asked for, or when 'follow the system' finds English."""
    forced = os.environ.get("TBCASE_LANG", "").lower()
    if forced:
        return "en" if forced.startswith("en") else "zh"
    choice = str(settings.value("language", "auto"))
    if choice in ("zh", "en"):
        return choice
    return "en" if QLocale.system().language() == QLocale.Language.English else "zh"


def register_font(app: QApplication) -> str | None:
    """Register the shipped CJK font so Chinese renders without any system CJK font."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    base = app.font()
    base.setFamilies([base.family(), families[0]])
    app.setFont(base)
    return families[0]


TIDY_AFTER_MS = 3000


def _remove_leftovers(job: object) -> None:
    """What a killed tbcase left in the temp folder or beside an export (``leftovers``)."""
    from tbcase.storage.leftovers import remove_stale

    remove_stale()


class TbcaseApp:
    """Owns the window and rebuilds it when the language changes."""

    def __init__(self, app: QApplication, library: Path, settings: QSettings) -> None:
        self.app = app
        self.settings = settings
        self.translators: list[QTranslator] = []
        self.lang = resolve_language(settings)
        self.install_translators()
        self.ctx = UiContext(Library(library), DeadlineEngine(), JobRunner(app), settings, self.lang)
        self.window = self._make_window()
        # what killed tbcase processes left is tidied once the first list is shown and the
        # window has settled: started with the window, it competed with the list's reading
        self._tidy = QTimer(app)  # closing before then tidies nothing (a language change keeps it)
        self._tidy.setSingleShot(True)
        self._tidy.setInterval(TIDY_AFTER_MS)
        self._tidy.timeout.connect(lambda: self.ctx.runner.start(_remove_leftovers, background=True))
        self._tidied = False
        self.window.library_loaded.connect(self._tidy_soon)

    def _tidy_soon(self) -> None:
        if not self._tidied:  # once per start (a language change makes a new window)
            self._tidied = True
            self._tidy.start()

    def remove_translators(self) -> None:
        for t in self.translators:
            self.app.removeTranslator(t)
        self.translators = []

    def install_translators(self) -> None:
        """Ours (English is the source language: its file holds only plural forms), and
        Qt's own for the standard dialog buttons in Chinese."""
        self.remove_translators()
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ours = {"tbcase_zh_CN": resource("i18n", "tbcase_zh_CN.qm"),
                "tbcase_en": resource("i18n", "tbcase_en.qm")}
        wanted = [(name, qt_folder) if qt else (str(ours[name]), "")
                  for name, qt in Wording.for_language(self.lang).qt_catalogues()]
        for name, folder in wanted:
            translator = QTranslator(self.app)
            if translator.load(name, folder):
                self.translators.append(translator)
                self.app.installTranslator(translator)

    def _make_window(self) -> MainWindow:
        window = MainWindow(self.ctx, read_library=True)  # the list is read while the window is built
        window.language_change_requested.connect(self.switch_language)
        return window

    def close(self) -> None:
        self._tidy.stop()
        self.window.close()
        self.remove_translators()

    def switch_language(self, choice: str) -> None:
        self.lang = resolve_language(self.settings) if choice == "auto" else choice
        self.ctx.set_language(self.lang)
        self.install_translators()
        old = self.window
        current = str(old.current_path() or "")
        old.close()
        old.deleteLater()
        self.window = self._make_window()
        self.window.show()
        self.window.load_library()
        if current:
            self.window.library_loaded.connect(lambda: self.window.select_path(current))


def run(library: Path | None = None, demo: bool = False, screenshot: str | None = None,
        open_path: str | None = None, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource("icons", "tbcase.svg"))))
    register_font(app)
    settings = make_settings()
    if demo:
        import tempfile

        from tbcase.storage.demo import build_demo_library

        folder = Path(tempfile.mkdtemp(prefix="tbcase-demo-"))
        build_demo_library(folder)
        library = folder
        settings.remove("last_case")
    if library is None:
        library = Path(str(settings.value("library", "") or default_library_dir()))
    try:
        private_dir(library)
    except OSError as exc:
        from tbcase.wording import Wording

        show_message(None, "critical", "tbcase",
                     Wording.for_language(resolve_language(settings)).error("library_unwritable", path=str(library))
                             + f"\n{exc.strerror or exc}")
        return 3
    tb = TbcaseApp(app, library, settings)
    window = tb.window
    window.show()
    window.load_library()
    if open_path:
        window.open_path(Path(open_path))
    elif demo:
        window.library_loaded.connect(lambda: window.select_path(
            str(library / "4528716093384027715.tbcase")))
    if screenshot:
        def shoot() -> None:
            if tb.window.grab().save(screenshot):
                make_private(screenshot)  # the window shows the cases' personal data
            tb.window.close()
            app.quit()

        tb.window.library_loaded.connect(lambda: QTimer.singleShot(600, shoot))
        QTimer.singleShot(20000, shoot)  # never hang a build on a screenshot
    return app.exec()


