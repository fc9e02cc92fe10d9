import io
import threading

import pytest
from PIL import Image

from tbcase.domain.errors import CancelledError, KnownError
from tbcase.domain.model import to_iso
from tbcase.storage import imaging
from tests.helpers import FIXTURES, make_jpeg, make_png


def test_png_screenshot_keeps_original_and_derives_thumbnail(new_case):
    case = new_case()
    data = make_png()
    info = case.evidence.add(data, "Screenshot_20261120.png")
    assert (info.kind, info.width, info.height, info.media_type) == ("screenshot", 1170, 2532, "image/png")
    assert case.evidence.original(info.id) == data
    thumb = Image.open(io.BytesIO(case.evidence.derived(info.id, "thumb")))
    assert max(thumb.size) == imaging.THUMB_SIZE and thumb.size[1] > thumb.size[0]
    display = Image.open(io.BytesIO(case.evidence.derived(info.id, "display")))
    assert max(display.size) == imaging.DISPLAY_SIZE


def test_jpeg_exif_rotation_and_capture_time(new_case):
    case = new_case()
    data = make_jpeg(400, 300, orientation=6, when="2026:11:18 14:03:05")
    info = case.evidence.add(data, "IMG_0001.jpg")
    assert info.kind == "photo"
    assert (info.width, info.height) == (300, 400)  # rotated for display
    assert to_iso(info.captured) == "2026-11-18T14:03:05+08:00" and info.captured_source == "exif"
    display = Image.open(io.BytesIO(case.evidence.derived(info.id, "display"))).convert("RGB")
    assert display.size == (300, 400)
    # orientation 6 = rotate 90° clockwise: the red top-left corner ends top-right
    r, g, b = display.getpixel((display.width - 5, 5))
    assert r > 200 and g < 60
    assert case.evidence.original(info.id) == data  # original untouched


def test_capture_time_falls_back_to_file_time_and_user_can_correct(new_case, tmp_path):
    case = new_case()
    f = tmp_path / "shot.png"
    f.write_bytes(make_png(300, 650))
    added, failed = case.evidence.import_files([f])
    assert failed == [] and added[0].captured_source == "file"
    case.evidence.update(added[0].id, captured="2026-11-17 08:00", title="订单截图")
    ev = case.evidence.all()[0]
    assert to_iso(ev.captured) == "2026-11-17T08:00:00+08:00" and ev.captured_source == "user"
    assert ev.title == "订单截图"


def test_duplicate_is_detected_not_stored_twice(new_case):
    case = new_case()
    data = make_png(300, 600)
    first = case.evidence.add(data, "a.png")
    second = case.evidence.add(data, "copy of a.png")
    assert second.duplicate and second.id == first.id
    assert len(case.evidence.all()) == 1


@pytest.mark.parametrize("name, make, code", [
    ("empty.png", lambda: b"", "empty_file"),
    ("fake.png", lambda: b"this is not an image at all" * 10, "not_an_image"),
    ("cut.png", lambda: make_png(600, 1200)[:3000], "image_corrupt"),
    ("cut.jpg", lambda: make_jpeg(800, 600)[:1500], "image_corrupt"),
])
def test_bad_images_change_nothing(new_case, name, make, code):
    case = new_case()
    history_before = len(case.history())
    with pytest.raises(KnownError) as info:
        case.evidence.add(make(), name)
    assert info.value.code == code
    assert case.evidence.all() == [] and len(case.history()) == history_before


def test_decompression_bomb_is_refused(new_case):
    # a tiny PNG that claims 20000 x 20000 pixels
    img = Image.new("1", (20000, 20000))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    data = buf.getvalue()
    assert len(data) < 200_000
    case = new_case()
    with pytest.raises(KnownError) as info:
        case.evidence.add(data, "bomb.png")
    assert info.value.code == "image_bomb"
    assert case.evidence.all() == []


def test_other_files_kept_whole_as_documents(new_case):
    case = new_case()
    pdf = b"%PDF-1.4\n%fake receipt\n" + bytes(range(256)) * 4
    info = case.evidence.add(pdf, "receipt.pdf")
    assert info.kind == "receipt" and info.media_type == "application/pdf"
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(1000)
    assert case.evidence.add(video, "unboxing.mp4").kind == "document"
    fake = b"not an image"
    assert case.evidence.add(fake, "fake.png", kind="document").kind == "document"


def test_clipboard_bytes_are_first_class(new_case):
    case = new_case()
    info = case.evidence.add(make_png(300, 700), "", kind="screenshot")
    assert info.kind == "screenshot" and info.title == "screenshot"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_chat_log_in_each_encoding(new_case, encoding):
    case = new_case()
    text = (FIXTURES / "chat_sample_utf8.txt").read_text(encoding="utf-8")
    data = text.encode(encoding)
    info = case.evidence.add(data, "聊天记录.txt")
    assert info.kind == "chat" and case.evidence.original(info.id) == data
    msgs = case.evidence.messages(info.id)
    assert msgs[0].text == "你好，在吗？今天收到的杯子碎了一个"
    assert case.case().buyer_nick == "tb3849027715"


def test_buyer_correction_reassigns_roles(new_case):
    case = new_case()
    info = case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "chat.txt")
    case.set_field("buyer_nick", "青禾家居旗舰店:小满")
    roles = {m.speaker: m.role for m in case.evidence.messages(info.id) if m.speaker}
    assert roles == {"tb3849027715": "seller", "青禾家居旗舰店:小满": "buyer"}


def test_binary_named_txt_is_a_document_not_a_chat(new_case):
    case = new_case()
    info = case.evidence.add(bytes(range(256)) * 50, "log.txt")
    assert info.kind == "document"
    with pytest.raises(KnownError):
        case.evidence.add(bytes(range(256)) * 51, "log.txt", kind="chat")


def test_cancel_in_the_middle_of_a_batch(new_case, tmp_path):
    case = new_case()
    files = []
    for i in range(8):
        f = tmp_path / f"s{i}.png"
        f.write_bytes(make_png(300, 600, seed=i))
        files.append(f)
    seen = []

    def progress(i, n, name):
        seen.append(i)

    with pytest.raises(CancelledError):
        case.evidence.import_files(files, progress=progress, cancelled=lambda: len(seen) >= 4)
    items = case.evidence.all()
    assert len(items) == 4
    assert [e.exhibit for e in items] == [1, 2, 3, 4]
    assert case.check() == []


def test_batch_reports_bad_files_and_keeps_going(new_case, tmp_path):
    case = new_case()
    good = tmp_path / "good.png"
    good.write_bytes(make_png(300, 600))
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff garbage")
    added, failed = case.evidence.import_files([bad, good, tmp_path / "missing.png"])
    assert [a.original_name for a in added] == ["good.png"]
    assert [(p.name, e.code) for p, e in failed] == [("bad.jpg", "image_corrupt"),
                                                     ("missing.png", "file_missing")]


def test_exhibit_order_reorder_delete_undo(new_case):
    case = new_case()
    ids = [case.evidence.add(make_png(200, 400, seed=i), f"{i}.png").id for i in range(4)]
    case.evidence.move(ids[3], 1)
    assert [e.id for e in case.evidence.all()] == [ids[3], ids[0], ids[1], ids[2]]
    assert [e.exhibit for e in case.evidence.all()] == [1, 2, 3, 4]
    case.evidence.delete(ids[0])
    assert [e.id for e in case.evidence.all()] == [ids[3], ids[1], ids[2]]
    assert [e.exhibit for e in case.evidence.all()] == [1, 2, 3]
    case.evidence.restore(ids[0], position=2)
    assert [e.id for e in case.evidence.all()] == [ids[3], ids[0], ids[1], ids[2]]
    case.evidence.delete(ids[1])
    assert case.evidence.purge_deleted() == 1
    assert len(case.evidence.all()) == 3 and case.check() == []


def test_concurrent_reader_sees_whole_items(new_case):
    """A reader in another thread during an import only ever sees whole items."""
    case = new_case()
    stop = threading.Event()
    bad = []

    def reader():
        while not stop.is_set():
            for e in case.evidence.all():
                if case.evidence.derived(e.id, "thumb") is None:
                    bad.append(e.id)

    th = threading.Thread(target=reader)
    th.start()
    for i in range(6):
        case.evidence.add(make_png(300, 600, seed=i), f"{i}.png")
    stop.set()
    th.join()
    assert bad == []


def test_heic_photo_from_an_iphone(new_case):
    pillow_heif = pytest.importorskip("pillow_heif")
    img = Image.new("RGB", (640, 480), (30, 140, 200))
    heif = pillow_heif.from_pillow(img)
    buf = io.BytesIO()
    heif.save(buf, quality=70)
    info = new_case().evidence.add(buf.getvalue(), "IMG_0042.HEIC")
    assert info.media_type == "image/heic" and (info.width, info.height) == (640, 480)
    assert info.kind == "photo"


def test_a_heic_photo_without_the_heic_reader_is_refused_saying_what_to_do(new_case, monkeypatch):
    """Where pillow-heif is missing, an iPhone photo is not stored half-read: the user is told
    to install it or convert the photo, in their language, and the case stays as it was."""
    from tbcase.messages import EN, ZH, message

    pillow_heif = pytest.importorskip("pillow_heif")
    buf = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (30, 140, 200))).save(buf, quality=70)
    monkeypatch.setattr(imaging, "HEIC", False)
    case = new_case()
    with pytest.raises(KnownError) as info:
        case.evidence.add(buf.getvalue(), "IMG_0042.HEIC")
    assert (info.value.code, info.value.params.get("name")) == ("heic_unsupported", "IMG_0042.HEIC")
    assert "pillow-heif" in message(info.value.code, ZH, **info.value.params)
    assert "convert it to JPEG" in message(info.value.code, EN, **info.value.params)
    assert case.evidence.all() == []
