import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TBCASE_LANG"] = "zh"

from tests.helpers import FIXTURES, ORDER


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path, monkeypatch):
    """Every test gets its own settings folder and library: nothing leaks between tests."""
    monkeypatch.setenv("TBCASE_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("TBCASE_LIBRARY", str(tmp_path / "library"))
    monkeypatch.setenv("TBCASE_LANG", "zh")


@pytest.fixture
def library_dir(tmp_path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def new_case(library_dir):
    from tbcase.storage.library import Library

    opened = []

    def factory(order=ORDER, **fields):
        fields.setdefault("complaint_type", "quality")
        fields.setdefault("shop", "青禾家居旗舰店")
        fields.setdefault("item", "陶瓷马克杯 2只装")
        case = Library(library_dir).create(order_no=order, **fields)
        opened.append(case)
        return case

    yield factory
    for case in opened:
        case.close()


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    target = tmp_path / "old.tbcase"
    shutil.copyfile(FIXTURES / "case_v1.tbcase", target)
    return target


@pytest.fixture(autouse=True)
def _clipboard_emptied(request):
    """A window test that puts data on the clipboard leaves it empty: the clipboard owns
    the QMimeData a test made in Python, and deleting it as the interpreter exits (after
    PySide's own teardown) crashed the test process with SIGSEGV after "N passed", so a
    green run exited 139."""
    yield
    if request.node.get_closest_marker("gui") is None:
        return
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def _ui_thread_guard(request):
    """Window tests fail if the window's code touches a case file, Pillow, reportlab or the
    chat parser on the GUI thread (tests/ui_thread_guard.py)."""
    if request.node.get_closest_marker("gui") is None:
        yield None
        return
    from tests.ui_thread_guard import UiThreadGuard

    guard = UiThreadGuard()
    guard.install()
    try:
        yield guard
    finally:
        guard.uninstall()
    assert not guard.violations, "work on the GUI thread:\n" + "\n".join(sorted(set(guard.violations)))
