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
