"""The window's 撤回步骤… names the letters kept in the case that told the step withdrawn,
in a message box once the withdraw is written, and does not put on the undo stack a step
that is no longer there (its undo would record again a step the command line took back)."""

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


@pytest.mark.parametrize(("lang", "told"), [
    ("zh", "信函 #{id}（寄出日 2099-01-01）叙述了这一步骤；已生成的信函不变，未寄出的请重新生成。"),
    ("en", "letter #{id} (sent 2099-01-01) told this step; make again any not sent."),
])
def test_withdrawing_a_step_a_letter_told_shows_a_box_naming_the_letter(
        qapp, qtbot, monkeypatch, demo_dir, lang, told):  # noqa: F811 - demo_dir, a fixture
    """The letters kept that told the step are named in a message box the user must close
    (it was an 8-second status-bar line, easy to miss), in the window's language, shown once
    the withdraw is written (the file no longer has the step when the box opens)."""
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    from tests.helpers import window_on_library

    shown: list = []

    def steps_left() -> int:  # read on a thread of its own: the test's look, not the window's work
        con = sqlite3.connect(path)
        try:
            return con.execute('SELECT count(*) FROM "step" WHERE "id" = ?', (step.id,)).fetchone()[0]
        finally:
            con.close()

    def box(parent, kind, title, text, buttons=None):  # as the user sees it, without blocking
        with ThreadPoolExecutor(1) as pool:
            shown.append((kind, title, text, pool.submit(steps_left).result()))
        return 0

    monkeypatch.setattr("tbcase.ui.case_page.timeline.show_message", box)
    app = window_on_library(qapp, qtbot, monkeypatch, demo_dir, lang)
    try:
        page = open_demo(app, qtbot, tab="timeline")
        settle(page, qtbot)
        path = page.session.path
        tab = page.tab("timeline")
        step = tab._steps[0]
        letters: list = []
        page.session.write(lambda case: case.letters.add(b"%PDF-1.4 letter", date(2099, 1, 1)), Change.LETTERS,
                           on_success=letters.append)
        settle(page, qtbot)
        messages: list[str] = []
        page.status.connect(messages.append)
        tab.withdraw_step(_dialog_on(tab, app, step))
        settle(page, qtbot)
        assert step not in tab.timeline.steps
        [(kind, title, text, left)] = shown
        assert kind == "warning" and left == 0
        assert title == {"zh": "撤回步骤", "en": "Withdraw a step"}[lang]
        assert text.startswith(messages[0] + "\n\n") and text.endswith(told.format(id=letters[0].id))
        assert len(messages) == 1 and "#" not in messages[0]  # the status line says it was done, no more
        page.session.undo.undo()  # Ctrl+Z, then Ctrl+Shift+Z: the box is not shown again
        settle(page, qtbot)
        page.session.undo.redo()
        settle(page, qtbot)
        assert len(shown) == 1
    finally:
        app.close()


def test_withdrawing_a_step_no_letter_told_shows_no_box(tbapp, qtbot, monkeypatch):  # noqa: F811
    shown: list = []
    monkeypatch.setattr("tbcase.ui.case_page.timeline.show_message", lambda *args: shown.append(args))
    page = open_demo(tbapp, qtbot, tab="timeline")
    settle(page, qtbot)
    tab = page.tab("timeline")
    step = tab._steps[-1]
    told: list = []
    page.session.query(lambda case: case.steps.letters_telling(step.id), told.append)
    settle(page, qtbot)
    assert told == [[]]
    messages: list[str] = []
    page.status.connect(messages.append)
    tab.withdraw_step(_dialog_on(tab, tbapp, step))
    settle(page, qtbot)
    assert step not in tab.timeline.steps and shown == []
    assert len(messages) == 1 and messages[0].startswith("已撤回步骤："), messages


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
