"""Chat-log bytes to text: every byte-order mark, UTF-16 without one (either byte order), GBK via
detection, and clear refusals (empty, too large, binary) with their codes and parameters."""

import pytest

from tbcase.domain import chat
from tbcase.domain.chat import decode_text, looks_like_text, text_or_none
from tbcase.domain.errors import KnownError

TEXT = "tb3849027715 2026-2-13 20:41:07\n你好，在吗？今天收到的杯子碎了一个\n" * 20


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    b"\xff\xfe" + TEXT.encode("utf-16-le"),
    b"\xfe\xff" + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),  # no BOM: NULs at odd offsets
    TEXT.encode("utf-16-be"),  # no BOM: NULs at even offsets
    TEXT.encode("utf-8"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
])
def test_every_encoding_a_copy_may_have_reads_back_exactly(data):
    assert decode_text(data) == TEXT
    assert text_or_none(data) == TEXT and looks_like_text(data)


def test_gbk_is_read_as_its_superset_gb18030():
    # "€" (0x80) exists in GB18030/GBK only by the superset's mapping; detection may say gbk
    text = "亲，退款已经处理，请查收。谢谢您的耐心等待！" * 30 + "\u00b7\u2014"
    assert decode_text(text.encode("gb18030")) == text


def test_big5_text_from_a_traditional_chinese_editor():
    text = "親，退款已經處理，請查收。謝謝您的耐心等待！這是繁體中文的聊天記錄。" * 20
    assert decode_text(text.encode("big5")) == text


def test_empty_file_is_refused_by_name():
    with pytest.raises(KnownError) as info:
        decode_text(b"")
    assert (info.value.code, info.value.params) == ("empty_file", {})


def test_too_large_is_refused_with_its_limit(monkeypatch):
    monkeypatch.setattr(chat, "MAX_CHAT_BYTES", 3 * 1024 * 1024)
    assert decode_text(b"a" * (3 * 1024 * 1024)) == "a" * (3 * 1024 * 1024)  # exactly the limit is fine
    with pytest.raises(KnownError) as info:
        decode_text(b"a" * (3 * 1024 * 1024 + 1))
    assert (info.value.code, info.value.params) == ("chat_too_large", {"mb": 3})


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 20,  # NULs but not every other byte
    (b"\x00" + b"\xff" * 9) * 100,  # a NUL every tenth byte: neither side is mostly NUL
    b"\x00\xd8\x41\x00" * 50,  # NULs every other byte, but UTF-16-LE with lone surrogates
])
def test_binary_is_not_text(data):
    with pytest.raises(KnownError) as info:
        decode_text(data)
    assert (info.value.code, info.value.params) == ("not_text", {})
    assert text_or_none(data) is None and not looks_like_text(data)


def test_nul_detection_reads_only_the_first_4096_bytes():
    gbk = "好" * 2048  # 4096 bytes of GBK, not UTF-8; a NUL only after them is no sign of UTF-16
    assert decode_text(gbk.encode("gbk") + b"\x00") == gbk + "\x00"
    with pytest.raises(KnownError):
        decode_text(gbk.encode("gbk")[:-2] + b"\x00")


def test_control_characters_up_to_five_percent_are_still_text():
    body = "a" * 95
    assert text_or_none((body + "\x01" * 5).encode()) == body + "\x01" * 5
    assert text_or_none((body[:-1] + "\x01" * 6).encode()) is None
    # tabs, CR, LF and form feeds are not control characters here; space and 0x1f are the edges
    assert text_or_none(("\t\r\n\f" * 50).encode()) is not None
    assert text_or_none(("\x1f" * 10 + "x" * 90).encode()) is None
    assert text_or_none((" " * 100).encode()) == " " * 100
    # only the first 4096 characters are sampled
    assert text_or_none(("x" * 4096 + "\x01" * 1000).encode()) is not None


def test_utf16_detection_threshold_is_more_than_30_percent_nuls():
    # 30 % NUL bytes on the even side exactly is not UTF-16 (nor anything else that decodes cleanly)
    exactly = bytes([0xE9, 0x00] * 3 + [0xE9, 0xE9] * 7)  # 3 of 10 second bytes are NUL: 30 %
    with pytest.raises(KnownError):
        decode_text(exactly * 10)
    more = bytes([0xE9, 0x00] * 4 + [0xE9, 0xE9] * 6)  # 40 %: UTF-16-LE
    assert decode_text(more * 10) == ("\u00e9" * 4 + "\ue9e9" * 6) * 10
    big_endian = bytes([0x00, 0xE9] * 4 + [0xE9, 0xE9] * 6)
    assert decode_text(big_endian * 10) == ("\u00e9" * 4 + "\ue9e9" * 6) * 10


def test_bytes_no_candidate_encoding_reads_are_not_text():
    with pytest.raises(KnownError) as info:
        decode_text(bytes(range(128, 256)) * 20)
    assert (info.value.code, info.value.params) == ("not_text", {})


def test_limit_is_reported_in_whole_megabytes(monkeypatch):
    monkeypatch.setattr(chat, "MAX_CHAT_BYTES", 3 * 1024 * 1024 + 5)
    with pytest.raises(KnownError) as info:
        decode_text(b"a" * (3 * 1024 * 1024 + 6))
    assert info.value.params == {"mb": 3} and type(info.value.params["mb"]) is int


def test_big_endian_detection_threshold_is_more_than_30_percent_nuls():
    exactly = bytes([0x00, 0xE9] * 3 + [0xE9, 0xE9] * 7)
    with pytest.raises(KnownError):
        decode_text(exactly * 10)
