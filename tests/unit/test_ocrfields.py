"""Field extraction from OCR text boxes (pure; fixtures are text, no engine needed).

``tests/fixtures/ocr_boxes.json`` holds what the engine returned for four corpus
screenshots (tests/ocr/corpus.py, pages 0–3); the other cases are hand-made boxes for
layouts the corpus does not draw.
"""

import json
from datetime import datetime

import pytest

from tbcase.domain.model import SHANGHAI
from tbcase.domain.ocrfields import (
    TextBox,
    datetime_in,
    extract,
    money_in,
    order_number_in,
    rows,
    tracking_numbers_in,
)
from tests.helpers import FIXTURES

RECORDED = json.loads((FIXTURES / "ocr_boxes.json").read_text(encoding="utf-8"))


def _boxes(name):
    return [TextBox(t, tuple(b), s) for t, b, s in RECORDED[name]]


def _line(y, *texts, h=40):
    """Boxes on one row at height ``y``, spread left to right."""
    return [TextBox(t, (40 + 400 * i, y, 40 + 400 * i + 30 * len(t), y + h), 0.99) for i, t in enumerate(texts)]


def test_recorded_order_page():
    f = extract(_boxes("000-order-1284-q86.jpg"))
    assert f.order_no.value == "6428410366485628023"
    assert f.amount_fen.value == 9073  # 实付款, not 商品总价 108.80 nor 店铺优惠 18.07
    assert f.shop.value == "山野茶叶小店"
    assert f.item.value == "明前龙井绿茶250g礼盒装"
    assert f.ordered_at.value == datetime(2026, 11, 18, 6, 21, 34, tzinfo=SHANGHAI)
    assert f.tracking == ()
    # the order number's box is the one the number was read from (the user sees it)
    assert "6428410366485628023" in f.order_no.text and f.order_no.box[1] > f.amount_fen.box[1]


def test_recorded_logistics_page():
    f = extract(_boxes("001-logistics-1440-q72.jpg"))
    assert [(t.number, t.carrier.code) for t in f.tracking] == [("774668771375205", "sto")]
    assert f.signed_at.value == datetime(2026, 2, 21, 3, 31, 46, tzinfo=SHANGHAI)
    assert f.order_no is None and f.amount_fen is None


def test_recorded_chat_and_refund_pages():
    chat = extract(_boxes("002-chat-1284-dark-q79.jpg"))
    assert chat.order_no.value == "2800176969615652921"
    assert chat.shop.value == "南极人服饰专卖店"
    refund = extract(_boxes("003-refund-720-q91.jpg"))
    assert refund.order_no.value == "5032748562921261231"  # not the 退款编号 above it
    assert refund.refund_fen.value == 40795 and refund.amount_fen is None


def test_rows_join_label_and_value_boxes():
    boxes = _line(100, "实付款", "¥12.30") + _line(160, "订单编号", "1234567890123456789")
    rs = rows(list(reversed(boxes)))
    assert [r.text for r in rs] == ["实付款 ¥12.30", "订单编号 1234567890123456789"]


def test_value_on_the_row_below_its_label():
    f = extract(_line(100, "订单编号") + _line(150, "1234567890123456789"))
    assert f.order_no.value == "1234567890123456789"


def test_alipay_trade_number_is_not_the_order_number():
    f = extract(_line(100, "支付宝交易号", "2026214618792685065905075906") + _line(200, "其他"))
    assert f.order_no is None


@pytest.mark.parametrize("text, want", [
    ("订单编号：4012 3456 7890 1234 567", "4012345678901234567"),
    ("订单号 40l2345678901234567", "4012345678901234567"),  # l read for 1
    ("订单号 4O12345678901234567", "4012345678901234567"),  # O read for 0
    ("订单号 123456789012345", None),  # 15 digits: not an order number
    ("订单号 12345678901234567890", None),  # 20 digits: not one either
])
def test_order_numbers(text, want):
    assert order_number_in(text) == want


@pytest.mark.parametrize("text, want", [
    ("实付款¥128.50", 12850), ("￥ 39", 3900), ("合计 59.90元", 5990), ("¥1,5", 150), ("没有金额", None),
])
def test_money(text, want):
    assert money_in(text) == want


@pytest.mark.parametrize("text, want", [
    ("创建时间：2026-10-0314:22:05", datetime(2026, 10, 3, 14, 22, 5, tzinfo=SHANGHAI)),
    ("2026年3月1日 9:05", datetime(2026, 3, 1, 9, 5, tzinfo=SHANGHAI)),
    ("2026/02/30 10:00", None),  # no such day
    ("2026-02-01", None),  # a date without a time is not an order time
])
def test_datetimes(text, want):
    assert datetime_in(text) == want


def test_amount_prefers_what_was_paid():
    boxes = (_line(100, "商品总价", "¥138.00") + _line(150, "店铺优惠", "-¥9.50")
             + _line(200, "实付款", "¥128.50"))
    assert extract(boxes).amount_fen.value == 12850
    assert extract(_line(100, "商品总价", "¥138.00") + _line(150, "合计", "¥138.00")).amount_fen.value == 13800


def test_shop_label_and_discount_row():
    f = extract(_line(100, "店铺优惠", "-¥9.50") + _line(150, "店铺：青禾家居旗舰店"))
    assert f.shop.value == "青禾家居旗舰店"


def test_tracking_carrier_named_on_screen_wins_and_duplicates_are_one():
    boxes = _line(100, "韵达快递") + _line(150, "运单号：4312345678901 复制") + _line(300, "4312345678901")
    f = extract(boxes)
    assert [(t.number, t.carrier.code) for t in f.tracking] == [("4312345678901", "yunda")]
    assert tracking_numbers_in("SF1234567890123 和 JT0001112223334") == [
        ("SF1234567890123", tracking_numbers_in("SF1234567890123")[0][1]),
        ("JT0001112223334", tracking_numbers_in("JT0001112223334")[0][1])]


def test_labelled_unknown_shape_is_kept_as_unknown_carrier():
    f = extract(_line(100, "快递单号：AB12345678X"))
    assert [(t.number, t.carrier.code) for t in f.tracking] == [("AB12345678X", "unknown")]


def test_signed_from_a_timeline_event():
    boxes = _line(100, "2026-03-02 18:40:00", "已签收") + _line(160, "2026-03-02 08:00:00", "派送中")
    assert extract(boxes).signed_at.value == datetime(2026, 3, 2, 18, 40, tzinfo=SHANGHAI)
    below = _line(100, "您的快件已签收，签收人：本人") + _line(150, "2026-03-02 18:40")
    assert extract(below).signed_at.value == datetime(2026, 3, 2, 18, 40, tzinfo=SHANGHAI)


def test_hostile_text_is_bounded():
    long = "订单号" + "1" * 100_000 + "¥" * 100_000
    boxes = [TextBox(long, (0, i * 50, 100, i * 50 + 40), 0.5) for i in range(3000)]
    f = extract(boxes)  # returns promptly; nothing longer than a line is read
    assert f.order_no is None
    assert extract([]) == extract([TextBox("", (0, 0, 0, 0), 0.0)])


def test_chat_screenshot_becomes_a_conversation():
    from tbcase.domain.ocrfields import chat_bubbles

    bubbles = chat_bubbles(_boxes("002-chat-1284-dark-q79.jpg"), 1284)
    assert [(b.side, b.text) for b in bubbles] == [
        ("right", "你好，我买的杯子收到就是裂的"),
        ("left", "亲，非常抱歉给您带来不便"),
        ("right", "订单号2800176969615652921"),
        ("left", "亲，可以申请退货退款哦，运费我们承担"),
        ("right", "好的，我现在申请"),
    ]
    assert {b.at for b in bubbles} == {datetime(2026, 6, 21, 22, 19, tzinfo=SHANGHAI)}
    assert chat_bubbles([], 0) == []


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_only_the_chat_page_reads_as_a_conversation(name):
    """Of the corpus pages the engine read, the chat page alone becomes a conversation:
    an order, logistics or refund page (label left, value right) never does."""
    from tbcase.domain.ocrfields import conversation

    width = int(name.split("-")[2])
    found = conversation(_boxes(name), width)
    if "-chat-" in name:
        assert [b.side for b in found] == ["right", "left", "right", "left", "right"]
    else:
        assert found == []


def test_a_one_sided_or_full_width_page_is_no_conversation():
    from tbcase.domain.ocrfields import conversation

    left_only = [TextBox(t, (40, y, 600, y + 40), 0.9)  # the first row is the title bar (the shop)
                 for y, t in ((40, "青禾家居旗舰店"), (200, "亲，在的"), (300, "请问有什么可以帮您"))]
    assert conversation(left_only, 1080) == []
    mixed = left_only + [TextBox("好的", (800, 400, 1040, 440), 0.9)]
    assert [b.side for b in conversation(mixed, 1080)] == ["left", "left", "right"]
    labels = mixed + [TextBox(f"标签{i}  值{i}", (40, 500 + 60 * i, 1040, 540 + 60 * i), 0.9) for i in range(3)]
    assert conversation(labels, 1080) == []  # most rows span the width: a form, not a chat
