"""The window after each step kind (issue 12): record it, show every tab, and the case
list still lists every case with no error and no crash report."""

import pytest
from PySide6.QtWidgets import QApplication

from tbcase.domain.model import StepKind
from tbcase.ui.case_page import TAB_NAMES
from tbcase.ui.crash import CrashDialog
from tests.integration.test_window import demo_dir, open_demo, settle, tbapp  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


def test_every_step_kind_then_every_tab(tbapp, qtbot):  # noqa: F811 - the fixture
    w = tbapp.window
    page = open_demo(tbapp, qtbot)
    for kind in StepKind:
        page.record_step(kind.value, ask=False)
        settle(page, qtbot)
        for name in TAB_NAMES:
            page.show_tab(name)
            settle(page, qtbot)
        crashes = [d for d in QApplication.topLevelWidgets() if isinstance(d, CrashDialog) and d.isVisible()]
        assert crashes == [], (kind, crashes[0].report)
        shown = {s.kind for s in page.tab("timeline").timeline.steps}
        assert kind in shown, kind
    with qtbot.waitSignal(w.library_loaded, timeout=10000):
        w.load_library()
    assert w.model.rowCount() == 3
    assert all(r.summary is not None and r.error is None for r in w.model.rows)


def test_a_step_withdrawn_in_the_window_leaves_the_timeline_and_undo_brings_it_back(tbapp, qtbot):  # noqa: F811
    from tbcase.ui.case_page.timeline import WithdrawDialog

    page = open_demo(tbapp, qtbot, tab="timeline")
    settle(page, qtbot)
    tab = page.tab("timeline")
    assert tab.withdraw_button.isEnabled()
    before = list(tab.timeline.steps)
    last = before[-1]
    dialog = WithdrawDialog(tbapp.ctx, tab._steps, tab)
    assert not dialog.ok.isEnabled()  # nothing chosen yet
    dialog.view.setCurrentIndex(dialog.model.index(len(before) - 1, 0))
    assert dialog.ok.isEnabled() and dialog.chosen() == last
    dialog.reason.setText("记错了")
    tab.withdraw_step(dialog)
    settle(page, qtbot)
    assert [(s.kind, s.at) for s in tab.timeline.steps] == [(s.kind, s.at) for s in before[:-1]]
    history = page.session.undo
    history.undo()
    settle(page, qtbot)
    assert [(s.kind, s.at, s.ref) for s in tab.timeline.steps] == [(s.kind, s.at, s.ref) for s in before]
    history.redo()  # withdraws the step the undo recorded again (it has a new number)
    settle(page, qtbot)
    assert [(s.kind, s.at) for s in tab.timeline.steps] == [(s.kind, s.at) for s in before[:-1]]
    whats: list = []
    page.session.query(lambda case: [e.what for e in case.history()], whats.extend)
    qtbot.waitUntil(lambda: bool(whats), timeout=10000)
    assert whats.count("step.withdrawn") == 2 and whats[-1] == "step.withdrawn"
