"""The pure part of redaction: where phone numbers, ID numbers and addresses stand in a
text, the boxes offered over OCR lines, and masking with ■.

The ID check digit is GB 11643-1999's (ISO 7064 MOD 11-2): weights 7 9 10 5 8 4 2 1 6 3 7 9
10 5 8 4 2 over the first 17 digits, the sum mod 11 indexing "10X98765432"; the standard's
own example 11010519491231002X holds, and changing its last character breaks it.
"""

import time

import pytest

from tbcase.domain.ocrfields import TextBox
from tbcase.domain.redact import (
    Box,
    Found,
    checked_boxes,
    clip,
    find_private,
    id_number_valid,
    mask,
    offers,
    redact_text,
)


def found(text):
    return [(text[s.start:s.end], s.kind) for s in find_private(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("电话13812345678", [("13812345678", Found.PHONE)]),
    ("手机：138 1234 5678。", [("138 1234 5678", Found.PHONE)]),
    ("+86-13912345678", [("+86-13912345678", Found.PHONE)]),
    ("联系人 138****5678", [("138****5678", Found.PHONE)]),
    ("身份证 11010519491231002X", [("11010519491231002X", Found.ID_NUMBER)]),
    ("收货地址：北京市朝阳区建国路88号SOHO现代城5号楼1203",
     [("北京市朝阳区建国路88号SOHO现代城5号楼1203", Found.ADDRESS)]),
    ("寄到浙江省杭州市余杭区文一西路969号，谢谢", [("浙江省杭州市余杭区文一西路969号", Found.ADDRESS)]),
    ("广州天河路123号", [("广州天河路123号", Found.ADDRESS)]),
])
def test_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "订单号4528716093384027715",          # 19 digits: no phone, no ID inside it
    "12812345678",                         # 12x is no mobile prefix
    "138123456789",                        # 12 digits
    "110105194912310021",                  # check digit wrong
    "我在市区逛街",                          # 市 and 区 without names
    "2026-11-20 14:30:00 买家: 好的",
    "快递单号 78009858271980",
])
def test_not_found(text):
    assert found(text) == []


def test_id_check_digit():
    assert id_number_valid("11010519491231002X") and id_number_valid("11010519491231002x")
    assert not id_number_valid("110105194912310020")
    assert not id_number_valid("1101051949123100")


def test_masking_keeps_length_and_line_breaks():
    text = "电话 13812345678\n地址 北京市朝阳区建国路88号\n"
    out, hidden = redact_text(text, ["电话"])
    assert len(out) == len(text) and out.count("\n") == 2
    assert out.startswith("■■ ■■■■■■■■■■■\n") and hidden == 2 + 11 + len("北京市朝阳区建国路88号")
    assert mask("ab", [])[0] == "ab"
    assert redact_text("abc", [], auto=True) == ("abc", 0)


def test_scanning_is_linear():
    text = ("北京市" * 3000 + "1" * 5000 + "路" * 3000) * 3
    start = time.perf_counter()
    find_private(text)
    assert time.perf_counter() - start < 2.0


def test_boxes_clip_and_refuse():
    assert clip(Box(-10, -10, 30, 30), 100, 100) == Box(0, 0, 20, 20)
    assert clip(Box(100, 0, 10, 10), 100, 100) is None
    assert checked_boxes([Box(90, 90, 50, 50)], 100, 100) == (Box(90, 90, 10, 10),)


def test_offers_cover_the_detail_not_the_whole_line():
    # "收货人：张小明 13812345678": 7 CJK (14 half-widths), a space, 11 digits = 26 units
    line = TextBox("收货人：张小明 13812345678", (40, 200, 300, 230), 0.9)
    (offer,) = offers([line], 750, 1334)
    assert offer.kind == Found.PHONE and offer.text == "13812345678"
    unit = 260 / 26
    assert offer.box.x <= 40 + 15 * unit and offer.box.right >= 300  # the digits, padded
    assert offer.box.x > 40 + 10 * unit  # the name before them stays visible
    assert offers([TextBox("没有", (0, 0, 10, 10), 0.9)], 100, 100) == []
