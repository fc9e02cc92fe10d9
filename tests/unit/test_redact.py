"""The pure part of redaction: where phone numbers, ID numbers and addresses stand in a
text, the boxes offered over OCR lines, and masking with ■.

The ID check digit is GB 11643-1999's (ISO 7064 MOD 11-2): weights 7 9 10 5 8 4 2 1 6 3 7 9
10 5 8 4 2 over the first 17 digits, the sum mod 11 indexing "10X98765432"; the standard's
own example 11010519491231002X holds, and changing its last character breaks it.
"""

import re
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


# (sentence, the address in it): the address is masked whole, what follows it stays readable
_AFTER_ADDRESS = [
    ("寄到浙江省杭州市西湖区文三路90号的包裹", "浙江省杭州市西湖区文三路90号"),
    ("寄到浙江省杭州市西湖区文三路90号了", "浙江省杭州市西湖区文三路90号"),
    ("收货地址上海市浦东新区张江路88号的快递", "上海市浦东新区张江路88号"),
    ("地址：上海市浦东新区张江路88号3栋201室收", "上海市浦东新区张江路88号3栋201室"),
    ("浙江省杭州市西湖区文三路90号收到了吗", "浙江省杭州市西湖区文三路90号"),
    ("我家在杭州市西湖区文三路90号里面没人", "杭州市西湖区文三路90号"),
    ("快递员送到文三路90号门口就走了", "文三路90号"),
    ("放在北京市朝阳区建国路88号SOHO现代城5号楼1203楼下", "北京市朝阳区建国路88号SOHO现代城5号楼1203"),
    ("杭州市西湖区的快递点", "杭州市西湖区"),
    ("你寄的是广州天河路123号吗", "广州天河路123号"),
    ("寄到广州天河路123号，谢谢", "广州天河路123号"),
    # a name that holds one of the words goes on (丰收, 三里屯): its rest is masked too
    ("寄到文三路90号丰收大厦3楼", "文三路90号丰收大厦3楼"),
    ("寄到建国路88号三里屯SOHO", "建国路88号三里屯SOHO"),
    # the mask starts at the address, after the last word that leads into it: the words
    # before it (到底是不是…, 到时候…) are no address (到底… used to lose 底是不是 into the mask)
    ("到底是不是广州天河路123号", "广州天河路123号"),
    ("是不是寄到广州天河路123号了", "广州天河路123号"),
    ("到时候寄到上海市浦东新区张江路88号的快递", "上海市浦东新区张江路88号"),
    ("现在到底在不在杭州市西湖区文三路90号里面", "杭州市西湖区文三路90号"),
    ("小区地址是杭州市西湖区文三路90号", "杭州市西湖区文三路90号"),
    ("在吗？到底是寄到北京市朝阳区建国路88号吗", "北京市朝阳区建国路88号"),
]


@pytest.mark.parametrize(("text", "address"), _AFTER_ADDRESS)
def test_the_mask_covers_the_address_and_not_the_words_after_it(text, address):
    """寄到…文三路90号的包裹 used to lose 的包裹 into the mask (the phrase ran on to the next
    punctuation), 到底是不是广州天河路123号 its 底是不是 (the mask began after the first word
    leading into an address, 到). The address itself is still masked whole: no digit and no
    road name left."""
    start = text.index(address)
    out, hidden = redact_text(text)
    assert out == text[:start] + "■" * len(address) + text[start + len(address):]
    assert hidden == len(address)
    assert not any(c.isdigit() for c in out)
    assert not any(road in out for road in ("文三路", "张江路", "建国路", "天河路", "西湖区", "现代城", "大厦"))


@pytest.mark.parametrize("text", [
    "寄到浙江省杭州市西湖区文三路的90号",  # 的 inside the address: its number follows
    "地址：北京市朝阳区建国路88号了望大厦3层",  # 了 starts a building's name
    "发往深圳市南山区科技园南区的高新南七道",  # 的 before a road
    "寄到杭州市西湖区文三路90号这栋楼3单元",
    "寄到杭州市西湖区的文三路90号B座",
])
def test_a_word_that_ends_the_mask_does_not_when_more_of_the_address_follows(text):
    """A particle or place word ends the mask only when no more of an address follows it:
    what the redacted copy is for is that nothing of the address is left to read."""
    out, _ = redact_text(text)
    lead = _LEAD_WORDS.match(text)
    assert out == text[:lead.end()] + "■" * (len(text) - lead.end()), out


_LEAD_WORDS = re.compile(r"^(?:寄到|地址：|发往)")


def test_two_addresses_in_one_sentence_are_both_masked():
    out, _ = redact_text("寄到广州天河路123号、深圳市南山区科技园路1号的仓库")
    assert out == "寄到" + "■" * 9 + "、" + "■" * 12 + "的仓库"


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
