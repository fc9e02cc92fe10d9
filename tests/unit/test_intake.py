"""What happens to a file before it enters a case: no database involved."""

import pytest

from tbcase.domain.errors import KnownError
from tbcase.domain.model import EvidenceKind
from tbcase.storage import intake
from tests.helpers import FIXTURES, make_jpeg, make_png


def test_a_screenshot_is_recognised_with_renditions():
    item = intake.prepare(make_png(400, 900), "订单截图.png")
    assert item.kind == EvidenceKind.SCREENSHOT and item.media_type == "image/png"
    assert item.image is not None and item.image.thumb.data[:3] == b"\xff\xd8\xff"
    assert item.title == "订单截图" and item.sha256 == intake.sha256_hex(item.data)


def test_a_photo_takes_its_exif_time():
    item = intake.prepare(make_jpeg(when="2026:11:14 09:00:00"), "x.jpg")
    assert item.kind == EvidenceKind.PHOTO and item.captured_source == "exif"
    assert item.captured is not None and item.captured.isoformat() == "2026-11-14T09:00:00+08:00"


def test_a_chat_log_is_parsed_with_the_shop_telling_speakers_apart():
    data = (FIXTURES / "chat_sample_utf8.txt").read_bytes()
    item = intake.prepare(data, "聊天.txt", shop="青禾家居旗舰店")
    assert item.kind == EvidenceKind.CHAT and item.chat is not None and item.chat.messages
    assert item.captured_source == "chat" and item.chat.buyer == "tb3849027715"


def test_unknown_bytes_are_kept_as_a_document():
    item = intake.prepare(b"\x00\x01binary", "data.bin")
    assert item.kind == EvidenceKind.DOCUMENT and item.media_type == "application/octet-stream"
    assert intake.prepare(b"%PDF-1.4", "receipt.pdf").kind == EvidenceKind.RECEIPT


@pytest.mark.parametrize("data, code", [(b"", "empty_file"), (b"not an image", "not_an_image")])
def test_bad_input_is_a_known_error_naming_the_file(data, code):
    with pytest.raises(KnownError) as info:
        intake.prepare(data, "x.png", kind=EvidenceKind.PHOTO)
    assert info.value.code == code and info.value.params["name"] == "x.png"


def _photo_jpeg(width, height):
    """A camera-like JPEG without EXIF time (the ratio and the format decide its kind)."""
    return make_jpeg(width, height)


@pytest.mark.parametrize("name, data, kind", [
    ("Screenshot_20261101.jpg", make_jpeg(400, 300), EvidenceKind.SCREENSHOT),  # the name says so
    ("MyScreen.jpg", make_jpeg(400, 300), EvidenceKind.SCREENSHOT),
    ("微信截图.jpg", make_jpeg(400, 300), EvidenceKind.SCREENSHOT),
    ("截屏2026.jpg", make_jpeg(400, 300), EvidenceKind.SCREENSHOT),
    ("IMG_0001.jpg", make_jpeg(400, 300), EvidenceKind.PHOTO),  # 4:3, JPEG
    ("IMG_0002.jpg", make_jpeg(300, 570), EvidenceKind.SCREENSHOT),  # a phone-shaped page, ratio 1.9
    ("IMG_0003.jpg", make_jpeg(300, 560), EvidenceKind.PHOTO),  # ratio 1.87: a tall photo
    ("IMG_0004.jpg", make_jpeg(600, 300, when="2026:11:14 09:00:00"), EvidenceKind.PHOTO),  # EXIF time
    ("x.png", make_png(400, 300), EvidenceKind.SCREENSHOT),  # PNG: what phones save screenshots as
])
def test_the_kind_of_an_image_from_its_name_shape_and_format(name, data, kind):
    assert intake.prepare(data, name).kind == kind


def test_a_text_file_becomes_a_chat_log_only_by_its_suffix_or_when_asked():
    text = (FIXTURES / "chat_sample_utf8.txt").read_bytes()
    for name in ("聊天.txt", "聊天.LOG", "聊天"):
        item = intake.prepare(text, name)
        assert item.kind == EvidenceKind.CHAT and item.media_type == "text/plain; charset=utf-8", name
    kept = intake.prepare(text, "聊天.md")
    assert kept.kind == EvidenceKind.DOCUMENT and kept.chat is None and kept.data == text
    asked = intake.prepare(text, "聊天.md", kind=EvidenceKind.CHAT)
    assert asked.kind == EvidenceKind.CHAT and asked.chat is not None and asked.title == "聊天"
    doc = intake.prepare(text, "聊天.txt", kind=EvidenceKind.DOCUMENT)
    assert doc.kind == EvidenceKind.DOCUMENT and doc.chat is None and doc.media_type == "text/plain; charset=utf-8"


def test_a_log_with_a_bom_and_then_broken_bytes_is_refused_or_kept_never_a_crash():
    """A UTF-16 byte-order mark, then a lone surrogate: not text. Asked for as a chat log it is
    refused naming the file; arriving as a .txt it is kept whole as a document."""
    data = b"\xff\xfe" + b"\x00\xd8" * 300
    with pytest.raises(KnownError) as info:
        intake.prepare(data, "log.txt", kind=EvidenceKind.CHAT)
    assert info.value.code == "not_text" and info.value.params["name"] == "log.txt"
    kept = intake.prepare(data, "log.txt")
    assert kept.kind == EvidenceKind.DOCUMENT and kept.data == data


def test_the_capture_time_comes_from_exif_then_the_chat_then_the_file():
    from datetime import datetime

    from tbcase.domain.model import SHANGHAI as CHINA

    file_time = datetime(2026, 1, 2, 3, 4, tzinfo=CHINA)
    photo = intake.prepare(make_jpeg(400, 300, when="2026:11:14 09:00:00"), "p.jpg", file_time=file_time)
    assert (photo.captured_source, photo.captured.day) == ("exif", 14)
    chat = intake.prepare((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "c.txt", file_time=file_time)
    assert chat.captured_source == "chat" and chat.captured == chat.chat.messages[0].at
    plain = intake.prepare(make_png(300, 300), "p.png", file_time=file_time)
    assert (plain.captured, plain.captured_source) == (file_time, "file")
    unknown = intake.prepare(b"%PDF-1.4 receipt", "r.pdf")
    assert (unknown.captured, unknown.captured_source) == (None, "")
    assert unknown.media_type == "application/pdf" and unknown.title == "r"


def test_names_suffixes_and_titles():
    assert intake.prepare(b"\x00\x01data", "").title == "document"  # no name: the kind
    assert intake.prepare(b"\x00\x01data", "", title="发票").title == "发票"
    assert [intake.media_type_by_suffix(s) for s in (".png", ".jpeg", ".mp4", ".mov", ".xyz", ".txt")] == [
        "image/png", "image/jpeg", "video/mp4", "video/quicktime", "application/octet-stream",
        "text/plain; charset=utf-8"]
    assert [intake.suffix_for(m) for m in ("image/jpeg", "application/pdf", "video/mp4")] == [".jpg", ".pdf", ".bin"]
    assert intake.prepare(b"\x00\x01video", "clip.MP4").media_type == "video/mp4"


def test_size_limit_is_inclusive_and_named_in_megabytes(monkeypatch):
    monkeypatch.setattr(intake, "MAX_EVIDENCE_BYTES", 2 * 1024 * 1024)
    assert intake.check_size(b"a" * (2 * 1024 * 1024), "ok.bin") == intake.sha256_hex(b"a" * (2 * 1024 * 1024))
    with pytest.raises(KnownError) as info:
        intake.check_size(b"a" * (2 * 1024 * 1024 + 1), "big.bin")
    assert info.value.code == "file_too_large" and info.value.params == {"name": "big.bin", "mb": 2}


def test_pasted_pixels_are_a_screenshot_unless_bigger_than_a_screen_and_a_phone_photo(tmp_path):
    """What a user expects a pasted picture to be called: a capture (WeChat / QQ / Snipping
    Tool, a phone screenshot forwarded to the computer) is 截图; a 12.7-megapixel picture,
    more than any screen of this computer and than common screens, was a photo copied from
    a viewer (照片). Pixels carry no EXIF, so size is all there is to go by."""
    from tbcase.storage.intake import pasted_kind, prepare_paste

    assert pasted_kind(1170, 2532, 1920 * 1080) == EvidenceKind.SCREENSHOT  # a phone's, forwarded
    assert pasted_kind(3840, 2160, 3840 * 2160) == EvidenceKind.SCREENSHOT  # a whole 4K screen
    assert pasted_kind(4032, 3024, 1920 * 1080) == EvidenceKind.PHOTO
    assert pasted_kind(5120, 2880, 5120 * 2880) == EvidenceKind.SCREENSHOT  # a 5K screen's own capture
    width, height = 4100, 3100
    item = prepare_paste(str(tmp_path / "out"), "粘贴的截图", (width, height, width * 4, "BGRX"),
                         1920 * 1080, payload=bytes(width * height * 4))
    assert item.kind == EvidenceKind.PHOTO and item.image.width == width
    item = prepare_paste(str(tmp_path / "out2"), "粘贴的截图", (800, 600, 3200, "BGRX"), 1920 * 1080,
                         payload=bytes(800 * 600 * 4))
    assert item.kind == EvidenceKind.SCREENSHOT
    # a long strip (a page's banner): its rows are long, its pixels few; the guess counts pixels
    item = prepare_paste(str(tmp_path / "out3"), "粘贴的截图", (4000, 60, 16000, "BGRX"), 1920 * 1080,
                         payload=bytes(16000 * 60))
    assert item.kind == EvidenceKind.SCREENSHOT and (item.image.width, item.image.height) == (4000, 60)


def test_a_pasted_camera_jpeg_is_a_photo_with_its_capture_time(tmp_path):
    """The clipboard's own JPEG bytes with an EXIF capture time: a camera's photo, dated."""
    from tbcase.storage.intake import prepare_paste

    jpeg = make_jpeg(640, 480, when="2026:10:30 08:15:00")
    item = prepare_paste(str(tmp_path / "out"), "粘贴的截图", payload=jpeg)
    assert (item.kind, item.captured_source) == (EvidenceKind.PHOTO, "exif")
    assert (tmp_path / "out").read_bytes() == jpeg
    item = prepare_paste(str(tmp_path / "out2"), "粘贴的截图", payload=make_jpeg(640, 480))
    assert (item.kind, item.captured_source) == (EvidenceKind.SCREENSHOT, "")


def test_packed_chat_messages_come_back_exactly():
    """A pasted log's messages cross from the worker process as a few flat buffers
    (``PackedMessages``): every field comes back as it was, times to the microsecond,
    missing times, empty texts, characters outside the BMP and the real sample log."""
    from datetime import datetime

    from tbcase.domain.chat import Message, parse_chat
    from tbcase.domain.model import SHANGHAI
    from tbcase.storage.intake import PackedMessages

    sample = parse_chat((FIXTURES / "chat_sample_utf8.txt").read_text(encoding="utf-8"), shop="青禾家居旗舰店")
    odd = [Message(None, "", "system", "", ""),
           Message(datetime(2026, 11, 14, 9, 5, 3, 123456, tzinfo=SHANGHAI), "tb_买家😀", "buyer",
                   "杯子\n碎了😢", "已读"),
           Message(datetime(1999, 12, 31, 23, 59, 59, tzinfo=SHANGHAI), "店:小禾", "seller", "x" * 5000, "")]
    for messages in (sample.messages, odd, []):
        assert PackedMessages.pack(messages).unpack() == messages


def test_a_pasted_chat_log_prepared_in_the_worker_comes_back_whole():
    """``prepare_chat`` sends the item without its bytes and messages (the window has the bytes,
    the messages travel packed); ``chat_from_packed`` makes it the item ``prepare`` makes of the
    same paste: a chat log titled as the user said, its speakers told apart by shop and nick."""
    from tbcase.domain.model import Via

    data = (FIXTURES / "chat_sample_utf8.txt").read_bytes()
    reports = []
    sent, packed = intake.prepare_chat("粘贴的聊天", "青禾家居旗舰店", "tb3849027715", payload=data,
                                       report=lambda *a: reports.append(a))
    assert reports == [(0, 1, "")]
    assert sent.data == b"" and sent.chat is not None and sent.chat.messages == []
    whole = intake.prepare(data, "", kind=EvidenceKind.CHAT, title="粘贴的聊天", shop="青禾家居旗舰店",
                           buyer="tb3849027715", via=Via.PASTE)
    assert intake.chat_from_packed(sent, data, packed) == whole
    assert whole.via == Via.PASTE and whole.title == "粘贴的聊天" and whole.kind == EvidenceKind.CHAT
    assert {m.role for m in whole.chat.messages} >= {"buyer", "seller"}


def test_a_file_neither_picture_nor_chat_is_a_receipt_when_a_pdf_else_a_document():
    assert [intake.prepare(b"%PDF-1.4 x", name).kind for name in ("发票.pdf", "发票.PDF", "合同.docx", "x.bin")] == [
        EvidenceKind.RECEIPT, EvidenceKind.RECEIPT, EvidenceKind.DOCUMENT, EvidenceKind.DOCUMENT]
    assert intake.prepare(b"%PDF-1.4 x", "发票.pdf", kind=EvidenceKind.DOCUMENT).kind == EvidenceKind.DOCUMENT
