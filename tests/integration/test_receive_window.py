"""扫码传图 in the window (issue 15): the panel opened from the evidence tab and from the
Case menu, files uploaded over HTTP (127.0.0.1 only) listed as they arrive, the evidence
grid showing them, and closing the panel stopping the receiver."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt

from tests.helpers import make_png
from tests.integration.test_receive import Phone
from tests.integration.test_window import demo_dir, evidence, open_demo, read, settle, tbapp  # noqa: F401, F811 - fixtures

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    monkeypatch.setattr("tbcase.receive.network.default_route_address", lambda: None)
    monkeypatch.setattr("tbcase.ui.receive_dialog.lan_addresses", lambda: [])


def test_panel_lists_files_as_they_arrive_and_the_evidence_tab_shows_them(tbapp, qtbot, qtmodeltester):  # noqa: F811 - the fixture
    page = open_demo(tbapp, qtbot)
    before = evidence(page).rowCount()
    tab = page.tab("evidence")
    assert tab.receive_button.isVisible() and tab.receive_button.text() == "从手机传图…"
    tab.receive_button.click()
    dialog = tab.receive_dialog
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    url = dialog.receiver.url
    assert dialog.address.text() == url and url.startswith("http://127.0.0.1:")
    assert "手机与电脑连接同一 Wi-Fi，用手机相机或浏览器扫码" == dialog.how.text()
    pixmap = dialog.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() == pixmap.height() >= 200
    image = pixmap.toImage()
    assert image.pixelColor(2, 2).name() == "#ffffff"  # the quiet zone
    assert image.pixelColor(4 * 6 + 2, 4 * 6 + 2).name() == "#000000"  # the finder pattern's corner

    phone = Phone(url, "Mozilla/5.0 (Linux; Android 14) TestPhone")
    first = make_png(360, 780, seed=41, text_lines=6)
    with ThreadPoolExecutor(1) as pool:  # the GUI thread keeps running while the phone waits
        future = pool.submit(phone.upload, first, "Screenshot_订单.png")
        qtbot.waitUntil(future.done, timeout=30000)
    status, answer = future.result()
    assert status == 200, answer
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    row = dialog.model.rows[0]
    assert row["name"] == "Screenshot_订单.png" and row["result"] == f"证据{before + 1}"
    qtbot.waitUntil(lambda: evidence(page).rowCount() == before + 1, timeout=10000)
    assert evidence(page).items[-1].original_name == "Screenshot_订单.png"

    # three more at once, one of them refused: each appears in the list as it lands
    files = [(make_png(360, 780, seed=42 + i, text_lines=6), f"s{i}.png") for i in range(2)]
    files.append((b"not an image at all", "fake.png"))
    with ThreadPoolExecutor(3) as pool:
        futures = [pool.submit(phone.upload, *f) for f in files]
        qtbot.waitUntil(lambda: all(f.done() for f in futures), timeout=30000)
    results = [f.result() for f in futures]
    assert sorted(s for s, _ in results) == [200, 200, 422]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=10000)
    qtbot.waitUntil(lambda: evidence(page).rowCount() == before + 3, timeout=10000)
    qtmodeltester.check(dialog.model)
    refused = [r for r in dialog.model.rows if r["name"] == "fake.png"]
    assert refused and "不是图片" in refused[0]["result"]
    history = read(page, qtbot, lambda case: case.history())
    received = [h for h in history if h.what == "evidence.received"]
    assert len(received) == 3 and all("Android 14" in h.detail["device"] for h in received)

    # closing the panel stops the receiver: the token dies
    receiver = dialog.receiver
    dialog.close()
    assert receiver.wait(5)
    with pytest.raises(OSError):
        phone.request("GET", "/")
    settle(page, qtbot)


def test_case_menu_opens_the_panel_and_idle_time_stops_it(tbapp, qtbot):  # noqa: F811 - the fixture
    tbapp.ctx.settings.setValue("receive/idle_minutes", 0.01)  # 0.6 s
    page = open_demo(tbapp, qtbot, tab="overview")
    w = tbapp.window
    assert w.act_receive.isEnabled() and w.act_receive.text() == "从手机传图(&P)…"
    w.act_receive.trigger()
    assert page.current_tab() == "evidence"
    dialog = page.tab("evidence").receive_dialog
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    receiver = dialog.receiver
    status, _, body = Phone(receiver.url).request("GET", urlsplit(receiver.url).path)
    assert status == 200 and "传图到案件" in body.decode("utf-8")
    assert receiver.wait(10)
    qtbot.waitUntil(lambda: dialog.restart.isVisible(), timeout=5000)
    assert dialog.address.text() == "" and "停止" in dialog.state.text()
    dialog.restart.click()  # a new code, a new token
    qtbot.waitUntil(lambda: dialog.receiver is not None and dialog.receiver is not receiver, timeout=10000)
    second = dialog.receiver
    assert second.token not in ("", receiver.token)
    w.close_case()  # closing the case stops it too
    assert second.wait(5)


def test_the_grid_shows_a_placeholder_until_the_thumbnail_is_made(tbapp, qtbot):  # noqa: F811 - the fixture
    """The phone's answer comes before the thumbnail: the new exhibit shows the grey
    placeholder, then its picture when the renditions queue has written it."""
    page = open_demo(tbapp, qtbot)
    session = page.session
    before = evidence(page).rowCount()
    gate = threading.Event()
    real = session.renditions._write
    session.renditions._write = lambda op: (gate.wait(20), real(op))
    dialog = page.tab("evidence").receive_from_phone()
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(Phone(dialog.receiver.url).upload, make_png(360, 780, seed=77, text_lines=5), "new.png")
        qtbot.waitUntil(future.done, timeout=30000)
    assert future.result()[0] == 200
    model = evidence(page)
    qtbot.waitUntil(lambda: model.rowCount() == before + 1, timeout=10000)
    row = before
    model.data(model.index(row), Qt.ItemDataRole.DecorationRole)  # as when the cell is painted
    settle(page, qtbot)
    assert not model.has_thumbnail(row)  # the placeholder, not a file icon
    placeholder = model.data(model.index(row), Qt.ItemDataRole.DecorationRole).pixmap(64, 64).toImage()
    assert placeholder.pixelColor(32, 32).name() == "#e0e0e0"
    gate.set()


    def shown() -> bool:
        model.data(model.index(row), Qt.ItemDataRole.DecorationRole)  # painted again after the refresh
        return model.items[row].id in model.thumbs

    qtbot.waitUntil(shown, timeout=20000)
    picture = model.data(model.index(row), Qt.ItemDataRole.DecorationRole).pixmap(64, 64).toImage()
    assert picture.pixelColor(32, 32).name() != "#e0e0e0"
    dialog.close()


@pytest.mark.parametrize("how", ["close_case", "session_only"])
def test_a_file_ready_exactly_when_the_case_closes_is_answered_at_once(tbapp, qtbot, how):  # noqa: F811 - the fixture
    """The write was asked for, but the GUI thread had not handed it to the session when the
    case closed: the phone hears "not added" at once (not after the 5-minute timeout), and
    the case keeps everything stored before."""
    from tbcase.domain.errors import KnownError
    from tbcase.storage import intake

    page = open_demo(tbapp, qtbot)
    dialog = page.tab("evidence").receive_from_phone()
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    before = [e.original_name for e in evidence(page).items]
    item = intake.prepare(make_png(300, 600, seed=88, text_lines=4), "late.png", renditions=False)
    outcome: list[object] = []

    def upload_finishing() -> None:
        try:
            outcome.append(dialog._store(item, "TestPhone"))
        except KnownError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=upload_finishing)
    thread.start()
    deadline = time.monotonic() + 10
    while not dialog._pending and time.monotonic() < deadline:  # asked for; not yet handed over
        time.sleep(0.01)
    assert dialog._pending
    start = time.monotonic()
    if how == "close_case":
        tbapp.window.close_case()
    else:
        page.session.close()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    assert time.monotonic() - start < 5
    assert isinstance(outcome[0], KnownError) and outcome[0].code == "receive_stopped"
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(page.session.path) as case:
        names = [e.original_name for e in case.evidence.all()]
    assert "late.png" not in names and names == before


def test_an_english_window_words_the_refusals_in_english_while_the_phone_reads_chinese(tbapp, qtbot):  # noqa: F811 - the fixture
    tbapp.switch_language("en")
    with qtbot.waitSignal(tbapp.window.library_loaded, timeout=10000):
        pass
    page = open_demo(tbapp, qtbot)
    dialog = page.tab("evidence").receive_from_phone()
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    phone = Phone(dialog.receiver.url)
    cut = make_png(300, 600, seed=5, text_lines=4)[:1500]
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(phone.upload, b"not an image", "fake.png"), pool.submit(phone.upload, cut, "cut.png")]
        qtbot.waitUntil(lambda: all(f.done() for f in futures), timeout=30000)
    answers = {f.result()[1]["name"]: f.result()[1]["text"] for f in futures}
    assert "不是图片" in answers["fake.png"] and "损坏" in answers["cut.png"]  # the phone: Chinese
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    results = {r["name"]: r["result"] for r in dialog.model.rows}
    assert "not an image" in results["fake.png"], results
    assert "fake.png" in results["fake.png"]
    assert not any("\u4e00" <= ch <= "\u9fff" for text in results.values() for ch in text), results
    dialog.close()


def test_the_code_checkbox_shows_a_code_the_phone_must_enter(tbapp, qtbot):  # noqa: F811 - the fixture
    page = open_demo(tbapp, qtbot)
    dialog = page.tab("evidence").receive_from_phone()
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    first = dialog.receiver
    assert not dialog.ask_code.isChecked() and dialog.code.isHidden()
    dialog.ask_code.setChecked(True)  # a new receiver (new token) that asks for a code
    qtbot.waitUntil(lambda: dialog.receiver is not None and dialog.receiver is not first, timeout=10000)
    receiver = dialog.receiver
    code = receiver.passcode.code
    assert code and len(code) == 4 and dialog.code.isVisibleTo(dialog) and dialog.code.text() == f"验证码 {code}"
    assert first.wait(5)
    assert tbapp.ctx.settings.value("receive/ask_code") == "true"
    phone = Phone(receiver.url)
    data = make_png(300, 600, seed=91, text_lines=3)
    with ThreadPoolExecutor(1) as pool:
        wrong = "0000" if code != "0000" else "0001"
        futures = [pool.submit(phone.request, "POST", phone.base + "upload", data,
                               {"X-File-Name": "a.png", "X-Code": c}) for c in (wrong, code)]
        qtbot.waitUntil(lambda: all(f.done() for f in futures), timeout=30000)
    assert [f.result()[0] for f in futures] == [403, 200]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    assert [r["result"] for r in dialog.model.rows][1] == "验证码不对，还可再试 4 次。"  # the computer sees it
    for _ in range(4):  # four more wrong codes: five in all stop it
        phone.request("POST", phone.base + "code", wrong.encode())
    assert receiver.wait(5)
    qtbot.waitUntil(lambda: dialog.restart.isVisible(), timeout=5000)
    assert "输错验证码" in dialog.state.text() and dialog.code.isHidden()
    dialog.close()
    settle(page, qtbot)


def test_several_networks_offer_a_choice_defaulting_to_the_default_routes(tbapp, qtbot, monkeypatch):  # noqa: F811 - the fixture
    monkeypatch.setattr("tbcase.ui.receive_dialog.lan_addresses",
                        lambda: [("以太网", "127.0.0.1"), ("WLAN", "127.0.0.2")])
    monkeypatch.setattr("tbcase.receive.network.default_route_address", lambda: "127.0.0.2")
    page = open_demo(tbapp, qtbot)
    dialog = page.tab("evidence").receive_from_phone()
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    assert dialog.network.isVisibleTo(dialog) and dialog.network.count() == 2
    assert dialog.network.currentText() == "WLAN · 127.0.0.2"
    assert dialog.receiver.url.startswith("http://127.0.0.2:")
    first = dialog.receiver
    dialog.network.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.receiver is not None and dialog.receiver is not first, timeout=10000)
    assert dialog.receiver.url.startswith("http://127.0.0.1:") and dialog.address.text() == dialog.receiver.url
    assert first.wait(5)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(Phone(dialog.receiver.url).upload, make_png(300, 600, seed=92, text_lines=3), "b.png")
        qtbot.waitUntil(future.done, timeout=30000)
    assert future.result()[0] == 200
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    assert not dialog.restart.isVisible()  # the first receiver's stop did not mark this one stopped
    dialog.close()
    settle(page, qtbot)


def test_one_network_shows_no_choice(tbapp, qtbot, monkeypatch):  # noqa: F811 - the fixture
    monkeypatch.setattr("tbcase.ui.receive_dialog.lan_addresses", lambda: [("WLAN", "127.0.0.1")])
    page = open_demo(tbapp, qtbot)
    dialog = page.tab("evidence").receive_from_phone()
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    assert not dialog.network.isVisibleTo(dialog) and dialog.receiver.url.startswith("http://127.0.0.1:")
    dialog.close()
    settle(page, qtbot)


def test_a_received_picture_that_does_not_decode_shows_as_a_file_and_says_why(tbapp, qtbot):  # noqa: F811 - the fixture
    from tests.integration.test_receive_renditions import whole_but_undecodable_png

    page = open_demo(tbapp, qtbot)
    before = evidence(page).rowCount()
    dialog = page.tab("evidence").receive_from_phone()
    qtbot.waitUntil(lambda: dialog.receiver is not None, timeout=10000)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(Phone(dialog.receiver.url).upload, whole_but_undecodable_png(), "scrambled.png")
        qtbot.waitUntil(future.done, timeout=30000)
    assert future.result()[0] == 200  # accepted: the original is whole
    model = evidence(page)
    qtbot.waitUntil(lambda: model.rowCount() == before + 1, timeout=10000)

    def marked() -> bool:
        model.data(model.index(before), Qt.ItemDataRole.DecorationRole)  # as when painted
        return model.items[before].id in model._none

    qtbot.waitUntil(marked, timeout=20000)
    assert model.has_thumbnail(before)  # a file icon, not a placeholder waiting forever
    assert "图片无法解码：只保存了原始文件。" in model.data(model.index(before), Qt.ItemDataRole.ToolTipRole)
    history = read(page, qtbot, lambda case: case.history())
    assert [h.what for h in history].count("evidence.undecodable") == 1
    dialog.close()
    settle(page, qtbot)
