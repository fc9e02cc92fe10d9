"""The window's 撤回步骤… names the letters kept in the case that told the step withdrawn,
and does not put on the undo stack a step that is no longer there (its undo would record
again a step the command line took back)."""

from datetime import date

import pytest

from tbcase.ui.session import Change
from tests.integration.test_window import demo_dir, open_demo, settle, tbapp  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


def _dialog_on(tab, app, step):
    from tbcase.ui.case_page.timeline import WithdrawDialog

    dialog = WithdrawDialog(app.ctx, tab._steps, tab)
    dialog.view.setCurrentIndex(dialog.model.index(tab._steps.index(step), 0))
    return dialog


def test_withdrawing_a_step_a_letter_told_names_the_letter(tbapp, qtbot):  # noqa: F811
    page = open_demo(tbapp, qtbot, tab="timeline")
    settle(page, qtbot)
    tab = page.tab("timeline")
    step = tab._steps[0]
    letters: list = []
    page.session.write(lambda case: case.letters.add(b"%PDF-1.4 letter", date(2099, 1, 1)), Change.LETTERS,
                       on_success=letters.append)
    settle(page, qtbot)
    messages: list[str] = []
    page.status.connect(messages.append)
    tab.withdraw_step(_dialog_on(tab, tbapp, step))
    settle(page, qtbot)
    assert step not in tab.timeline.steps
    assert len(messages) == 1
    assert f"信函 #{letters[0].id}（寄出日 2099-01-01）叙述了这一步骤" in messages[0]


def test_a_step_withdrawn_elsewhere_is_not_put_on_the_undo_stack(tbapp, qtbot, monkeypatch):  # noqa: F811
    shown: list = []
    monkeypatch.setattr("tbcase.ui.case_page.common.show_message", lambda *args: shown.append(args))
    page = open_demo(tbapp, qtbot, tab="timeline")
    settle(page, qtbot)
    tab = page.tab("timeline")
    step = tab._steps[0]
    dialog = _dialog_on(tab, tbapp, step)  # the list as shown: the step is still there
    page.session.write(lambda case: case.steps.withdraw(step.id), Change.STEPS)  # as another program would
    settle(page, qtbot)
    count = page.session.undo.count()
    tab.withdraw_step(dialog)
    settle(page, qtbot)
    assert page.session.undo.count() == count  # nothing that Ctrl+Z would "bring back"
    assert len(shown) == 1 and f"没有编号为 {step.id} 的步骤" in shown[0][-1]
    kinds: list = []
    page.session.query(lambda case: [s.id for s in case.steps.all()], kinds.append)
    qtbot.waitUntil(lambda: bool(kinds), timeout=10000)
    assert step.id not in kinds[0]
