"""Pasting a picture (issue 14): the window hands the pixels (or the bytes the clipboard
held) to a worker process, which encodes, decodes and makes the renditions; the result is
stored through the case session. Nothing is lost: the stored original decodes to exactly
the pasted pixels."""

import hashlib
import io
import random

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from tests.helpers import make_jpeg, make_png
from tests.integration.test_window import demo_dir, evidence, open_demo, read, tbapp  # noqa: F401

pytestmark = pytest.mark.gui


def noisy_image(width: int, height: int, fmt: QImage.Format, seed: int = 1) -> QImage:
    """A QImage whose pixels do not compress (its PNG is well over 1 MB)."""
    rnd = random.Random(seed)
    pil = Image.frombytes("RGBA", (width, height), rnd.randbytes(width * height * 4))
    image = QImage(pil.tobytes(), width, height, width * 4, QImage.Format.Format_RGBA8888)
    return image.convertToFormat(fmt)


def stored_original(page, qtbot):
    last = evidence(page).items[-1]
    return last, read(page, qtbot, lambda case: case.evidence.original(last.id))


@pytest.mark.parametrize("fmt", [QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32,
                                 QImage.Format.Format_RGB888, QImage.Format.Format_Indexed8])
def test_a_pasted_picture_is_stored_with_exactly_its_pixels(tbapp, qtbot, fmt, monkeypatch):  # noqa: F811
    """Each layout a clipboard image comes in (and a rare one, converted first) ends up as a
    PNG holding the very pixels pasted; it is prepared in another process (the window's own
    ``intake.prepare`` is never called) and its 3 MB original is written in chunks."""
    from tbcase.storage import intake

    def not_here(*_args, **_kwargs):
        raise AssertionError("the paste was prepared in the window's process")

    monkeypatch.setattr(intake, "prepare", not_here)
    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    image = noisy_image(900, 1000, fmt)
    QGuiApplication.clipboard().setImage(image)
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: len(model.items) == 5 and len(model.thumbs) == 4, timeout=60000)
    last, original = stored_original(page, qtbot)
    assert (last.kind, last.width, last.height) == ("screenshot", 900, 1000)
    assert hashlib.sha256(original).hexdigest() == last.sha256
    assert len(original) > 1 << 20 or fmt == QImage.Format.Format_Indexed8  # 256 colours compress
    stored = Image.open(io.BytesIO(original))
    assert stored.format == "PNG"
    expected = image.convertToFormat(QImage.Format.Format_RGBA8888)
    want = Image.frombuffer("RGBA", (900, 1000), bytes(expected.constBits()), "raw", "RGBA",
                            expected.bytesPerLine(), 1)
    if not image.hasAlphaChannel():
        want = want.convert("RGB")
    assert stored.mode == want.mode and stored.tobytes() == want.tobytes()


def test_a_picture_pasted_as_file_bytes_is_kept_as_those_bytes(tbapp, qtbot):  # noqa: F811
    """A clipboard holding a PNG's own bytes (what another program offers as image/png):
    stored unchanged, same SHA-256, not decoded and re-encoded."""
    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    png = make_png(600, 1300, seed=7)
    mime = QMimeData()
    mime.setData("image/png", png)
    QGuiApplication.clipboard().setMimeData(mime)
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: len(model.items) == 5 and len(model.thumbs) == 4, timeout=60000)
    last, original = stored_original(page, qtbot)
    assert original == png and last.sha256 == hashlib.sha256(png).hexdigest()
    assert (last.kind, last.width, last.height) == ("screenshot", 600, 1300)


def test_a_broken_pasted_picture_is_refused_in_the_users_language(tbapp, qtbot, monkeypatch):  # noqa: F811
    """Bytes that say PNG but are not a picture: a warning in Chinese (the window's
    language), nothing added."""
    said = []
    monkeypatch.setattr("tbcase.ui.case_page.common.show_message",
                        lambda parent, kind, title, text, buttons=None: said.append((title, text)))
    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    mime = QMimeData()
    mime.setData("image/png", b"\x89PNG\r\n\x1a\n" + bytes(5000))
    QGuiApplication.clipboard().setMimeData(mime)
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: bool(said), timeout=60000)
    title, text = said[0]
    assert title == "粘贴" and "图片" in text and not any(c.isascii() and c.isalpha() for c in text), said
    assert len(model.items) == 4


def accept_paste_dialog(accept: bool = True, opened: list | None = None):
    """Accepts (or rejects) the paste dialog once it is open (``exec`` runs its own event
    loop), noting in ``opened`` that it was. Returns what stops the watch (a watch left
    running would answer the next test's dialog)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tbcase.ui.dialogs import PasteChatDialog

    watching = [True]

    def answer():
        if not watching[0]:
            return
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PasteChatDialog):
            if opened is not None:
                opened.append(modal)
            modal.accept() if accept else modal.reject()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    return lambda: watching.__setitem__(0, False)


def test_a_pasted_chat_log_is_parsed_in_another_process(tbapp, qtbot, monkeypatch):  # noqa: F811
    """The chat parser is never entered in the window's process, on any thread: a 5 MB log
    parsed on a thread of the window's process held its interpreter lock (GUI gaps up to
    163 ms). The log still arrives whole: its lines, its buyer, its bytes."""
    import tbcase.domain.chat as chatmod

    entered = []

    def not_here(name):
        def refuse(*_args, **_kwargs):
            entered.append(name)
            raise AssertionError(f"the chat parser ({name}) ran in the window's process")
        return refuse

    for name in ("parse_chat", "decode_text", "text_or_none"):
        monkeypatch.setattr(chatmod, name, not_here(name))
    page = open_demo(tbapp, qtbot, tab="chat")
    chat = page.tab("chat")
    qtbot.waitUntil(lambda: chat.logs.count() >= 1, timeout=10000)
    before = chat.logs.count()
    text = "".join(f"tb_buyer77 2026-11-{10 + i // 40} {9 + i % 10}:{i % 60:02d}:00\n第{i}条：杯子是碎的\n"
                   for i in range(120))
    QGuiApplication.clipboard().setText(text)
    said = []
    page.status.connect(said.append)
    accept_paste_dialog()
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: chat.logs.count() == before + 1 and chat.model.rowCount() == 120, timeout=60000)
    assert not entered
    assert said[0] == "正在读取聊天记录…" and said[-1].startswith("聊天记录已添加为证据"), said
    assert [m.text for m in chat.model.messages[:2]] == ["第0条：杯子是碎的", "第1条：杯子是碎的"]
    assert chat.model.messages[-1].at.hour == 9 + 119 % 10
    eid = chat.current_log()
    original = read(page, qtbot, lambda case: case.evidence.original(eid))
    assert original == text.encode("utf-8")


def test_a_pasted_chat_log_is_shown_selected_with_its_lines(tbapp, qtbot):  # noqa: F811
    """Ctrl+V with a chat log: the dialog, then the log is parsed and stored off the UI
    thread, and the chat tab shows the new log selected with every line (read once)."""
    page = open_demo(tbapp, qtbot, tab="chat")
    chat = page.tab("chat")
    qtbot.waitUntil(lambda: chat.logs.count() >= 1, timeout=10000)
    before = chat.logs.count()
    lines = [f"tb_buyer88 2026-11-{10 + i // 40}  {9 + i % 10}:{i % 60:02d}:00\n第{i}条：杯子是碎的"
             for i in range(300)]
    QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
    reads = []
    original = page.session.query

    def counting(op, *args, **kwargs):
        reads.append(getattr(op, "__qualname__", ""))
        return original(op, *args, **kwargs)

    page.session.query = counting
    accept_paste_dialog()
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: chat.logs.count() == before + 1 and chat.model.rowCount() == 300, timeout=60000)
    qtbot.waitUntil(lambda: not page.session.busy(), timeout=10000)
    assert chat.logs.currentIndex() == chat.logs.count() - 1  # the new log is the one shown
    assert chat.model.messages[0].text == "第0条：杯子是碎的" and chat.model.messages[-1].text == "第299条：杯子是碎的"
    assert sum("_show_log" in r for r in reads) == 1, reads


def test_files_copied_in_a_file_manager_are_pasted_as_themselves(tbapp, qtbot, tmp_path):  # noqa: F811
    """A photo copied in Explorer / a file manager: the clipboard holds its path and often a
    picture too (Finder offers the file's icon, chat programs a re-encoded copy). The file
    itself is imported: its very bytes, its SHA-256 and its EXIF capture time, as a photo."""
    from datetime import datetime

    from PySide6.QtCore import QUrl

    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(make_jpeg(800, 600, when="2026:11:02 18:30:05", seed=4))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    mime.setData("image/png", make_png(64, 64, seed=3))  # the icon the file manager also offers
    QGuiApplication.clipboard().setMimeData(mime)
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: len(model.items) == 5 and len(model.thumbs) == 4, timeout=60000)
    last, original = stored_original(page, qtbot)
    assert original == photo.read_bytes() and last.sha256 == hashlib.sha256(original).hexdigest()
    assert (last.kind, last.width, last.height) == ("photo", 800, 600)
    assert (last.captured.replace(tzinfo=None), last.captured_source) == (datetime(2026, 11, 2, 18, 30, 5), "exif")
    assert page.current_tab() == "evidence"


def test_a_pasted_camera_photo_is_called_a_photo_and_the_status_bar_says_so_at_once(tbapp, qtbot):  # noqa: F811
    """A camera's JPEG on the clipboard (its EXIF says when it was taken): the status bar
    says the picture is being added before the worker process starts (a 24-megapixel photo
    took 5-16 s to appear, with nothing said), and it is stored as 照片, not 截图."""
    page = open_demo(tbapp, qtbot)
    model = evidence(page)
    said = []
    page.status.connect(said.append)
    mime = QMimeData()
    mime.setData("image/jpeg", make_jpeg(900, 600, when="2026:11:01 12:00:00", seed=9))
    QGuiApplication.clipboard().setMimeData(mime)
    tbapp.window.commands.paste()
    assert said == ["正在添加粘贴的图片…"]
    qtbot.waitUntil(lambda: len(model.items) == 5 and len(model.thumbs) == 4, timeout=60000)
    last = model.items[-1]
    assert (last.kind, last.title, last.captured_source) == ("photo", "粘贴的照片", "exif")
    qtbot.waitUntil(lambda: said[-1] == "图片已添加为证据 5。", timeout=10000)


@pytest.mark.parametrize("answer", ["no", "yes"])
def test_a_copied_web_link_asks_before_it_becomes_a_chat_log(tbapp, qtbot, monkeypatch, answer):  # noqa: F811
    """A link copied in a browser (or an app's share text) is not a chat log: the window
    says so in Chinese, with the link, and that tbcase never opens it; no keeps nothing
    (the clipboard still holds it), yes keeps the text as a log, as before."""
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def question(parent, kind, title, text, buttons=None):
        asked.append((kind, title, text))
        return QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No

    monkeypatch.setattr("tbcase.ui.case_page.page.show_message", question)
    page = open_demo(tbapp, qtbot, tab="chat")
    chat = page.tab("chat")
    qtbot.waitUntil(lambda: chat.logs.count() >= 1, timeout=10000)
    before = chat.logs.count()
    share = "【淘宝】假一赔四 https://m.tb.cn/h.5ZQ9xY 「加厚保温杯」点击链接直接打开"
    QGuiApplication.clipboard().setText(share)
    opened = []
    stop = accept_paste_dialog(accept=answer == "yes", opened=opened)  # were it to open on no, it is closed
    tbapp.window.commands.paste()
    assert len(asked) == 1
    kind, title, text = asked[0]
    assert (kind, title) == ("question", "粘贴") and "https://m.tb.cn/h.5ZQ9xY" in text and "网页链接" in text
    assert "截图" in text and "不会打开链接" in text
    if answer == "yes":
        qtbot.waitUntil(lambda: chat.logs.count() == before + 1, timeout=60000)
        eid = chat.current_log()
        assert read(page, qtbot, lambda case: case.evidence.original(eid)) == share.encode("utf-8")
    else:
        qtbot.wait(300)
        stop()
        assert opened == [] and chat.logs.count() == before and QGuiApplication.clipboard().text() == share


def test_a_chat_log_holding_a_link_is_pasted_without_a_question(tbapp, qtbot, monkeypatch):  # noqa: F811
    asked = []
    monkeypatch.setattr("tbcase.ui.case_page.page.show_message", lambda *a, **k: asked.append(a))
    page = open_demo(tbapp, qtbot, tab="chat")
    chat = page.tab("chat")
    qtbot.waitUntil(lambda: chat.logs.count() >= 1, timeout=10000)
    before = chat.logs.count()
    QGuiApplication.clipboard().setText("小满 2026-11-10 9:00:00\n退货地址见 https://m.tb.cn/h.5ZQ9xY\n")
    accept_paste_dialog()
    tbapp.window.commands.paste()
    qtbot.waitUntil(lambda: chat.logs.count() == before + 1, timeout=60000)
    assert asked == []
