"""Issue 17 in the window: the letter's option to leave out the evidence-preservation sheet,
检查案件 in the user's language, and how a dropped or pasted file was added."""

import sqlite3

import pytest

from tests.helpers import make_png, pdf_text
from tests.integration.test_window import demo_dir, open_demo, read, settle, tbapp  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


def test_the_letter_has_the_sheet_unless_the_option_is_cleared(tbapp, qtbot):  # noqa: F811
    open_demo(tbapp, qtbot)
    dialog = tbapp.window.commands.letter()
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.save_button.isEnabled(), timeout=30000)
    assert dialog.with_sheet.isChecked()
    with_sheet = "".join(pdf_text(dialog.result.pdf).split())
    assert "证据保全说明" in with_sheet and "证明自添加以来未被修改；不证明内容真实" in with_sheet
    pages = dialog.document.pageCount()
    with qtbot.waitSignal(dialog.ready, timeout=30000):
        dialog.with_sheet.setChecked(False)
    assert "证据保全说明" not in pdf_text(dialog.result.pdf)
    assert dialog.document.pageCount() == pages - 1
    dialog.close()


def test_check_case_speaks_the_users_language(tbapp, qtbot):  # noqa: F811
    page = open_demo(tbapp, qtbot)
    with qtbot.waitSignal(page.checked, timeout=20000) as clean:
        page.check_case(show=False)
    assert clean.args == [[]]
    second = read(page, qtbot, lambda c: c.evidence.all()[1])
    con = sqlite3.connect(page.path)
    con.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (b"changed", second.id))
    con.commit()
    con.close()
    with qtbot.waitSignal(page.checked, timeout=20000) as found:
        page.check_case(show=False)
    lines = found.args[0]
    assert lines == [f"哈希：证据2的原件与其 SHA-256 {second.sha256[:16]} 不一致（原件已改变）"], lines
    tbapp.ctx.wording = type(tbapp.ctx.wording).for_language("en")
    with qtbot.waitSignal(page.checked, timeout=20000) as english:
        page.check_case(show=False)
    assert english.args[0] == [f"hash: Exhibit 2 does not match its SHA-256 {second.sha256[:16]}"]


def test_a_dropped_file_is_recorded_as_dropped(tbapp, qtbot, tmp_path):  # noqa: F811
    page = open_demo(tbapp, qtbot)
    shot = tmp_path / "dropped.png"
    shot.write_bytes(make_png(300, 600, seed=41, text_lines=4))
    page.import_paths([shot], "drop")
    settle(page, qtbot)
    qtbot.waitUntil(lambda: any(h.detail.get("title") == "dropped"
                                for h in read(page, qtbot, lambda c: c.history())), timeout=20000)
    added = [h.detail for h in read(page, qtbot, lambda c: c.history()) if h.what == "evidence.added"]
    assert (added[-1]["exhibit"], added[-1]["title"], added[-1]["via"]) == (5, "dropped", "drop")
    assert all(a["via"] == "demo" for a in added[:-1])


def test_a_letter_saved_from_the_window_records_its_sheets_manifest_hash(tbapp, qtbot, tmp_path):  # noqa: F811
    page = open_demo(tbapp, qtbot)
    dialog = tbapp.window.commands.letter()
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.save_button.isEnabled(), timeout=30000)
    printed = dialog.result.manifest_sha256
    assert printed and printed in "".join(pdf_text(dialog.result.pdf).split())
    dialog.save_letter(str(tmp_path / "l.pdf"))
    qtbot.waitUntil(lambda: any(h.what == "letter.generated"
                                for h in read(page, qtbot, lambda c: c.history())), timeout=20000)
    entry = [h for h in read(page, qtbot, lambda c: c.history()) if h.what == "letter.generated"][-1]
    assert entry.detail["manifest_sha256"] == printed
    dialog.close()
