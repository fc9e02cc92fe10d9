"""What the letter and its 12315 copy sheet say about the order, read back as the user reads
them: the order table (amount, times to the minute, tracking numbers with the return marked),
the demand written for them when they wrote none, chat times to the second, the reply day in
Chinese, and a long item name cut to the form's 50 characters."""

import re
from datetime import date, datetime

from tbcase.pdf.content import build_letter_data, copy_sheet, step_sentence, zh_date
from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tests.helpers import FIXTURES, add_evidence, make_png, pdf_text

SENT = date(2026, 11, 30)


def _flat(text):
    return re.sub(r"\s+", "", text)


def test_the_order_table_says_what_the_case_file_holds(new_case):
    case = new_case(amount="39.50", ordered="2026-11-01 10:05", signed="2026-11-03 18:30", outcome="return")
    case.tracking.add("YT7512345678901", carrier="yto")
    case.tracking.add("SF1234567890123", carrier="sf", direction="return")
    data, _ = build_letter_data(case, DeadlineEngine(), SENT, with_images=False)
    rows = dict(data.order_rows)
    assert rows["实付金额"] == "¥39.50"
    assert rows["下单时间"] == "2026-11-01 10:05" and rows["签收时间"] == "2026-11-03 18:30"
    assert rows["快递单号"] == "圆通速递 YT7512345678901；顺丰速运 SF1234567890123（退货）"
    assert [k for k, _ in data.order_rows] == ["订单号", "商品名称", "实付金额", "下单时间", "签收时间", "快递单号",
                                               "店铺"]
    # the demand the user did not write: the outcome asked for, with the amount
    assert data.demands == "请求退货退款人民币39.50元。"
    text = _flat(pdf_text(render_case_letter(case, DeadlineEngine(), sent=SENT, with_images=False).pdf))
    assert "实付金额¥39.50" in text and "下单时间2026-11-0110:05" in text
    assert "请求退货退款人民币39.50元。" in text


def test_without_an_amount_the_demand_and_table_say_none(new_case):
    case = new_case(outcome="exchange")
    data, _ = build_letter_data(case, DeadlineEngine(), SENT, with_images=False)
    rows = dict(data.order_rows)
    assert rows["实付金额"] == "" and rows["下单时间"] == "" and rows["快递单号"] == ""
    assert data.demands == "请求换货。"
    case.set_field("demands", "  退一赔三  ")
    data, _ = build_letter_data(case, DeadlineEngine(), SENT, with_images=False)
    assert data.demands == "退一赔三"


def test_exhibits_carry_their_kind_day_and_chat_lines(new_case):
    case = new_case()
    add_evidence(case, make_png(300, 600, seed=1), "订单截图.png")
    chat = add_evidence(case, (FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天记录.txt")
    add_evidence(case, b"%PDF-1.4 receipt", "发票.pdf")
    data, extra = build_letter_data(case, DeadlineEngine(), SENT, with_images=True)
    assert extra["evidence_count"] == 3
    shot, log, receipt = data.exhibits
    assert [e.kind_label for e in data.exhibits] == ["截图", "聊天记录", "凭证"]
    assert [e.number for e in data.exhibits] == [1, 2, 3]
    assert shot.image is not None and shot.image[:3] == b"\xff\xd8\xff" and not shot.transcript
    assert log.image is None and receipt.image is None and not receipt.transcript
    assert len(log.transcript) == len(case.evidence.messages(chat.id)) > 0
    assert log.date == chat.captured.strftime("%Y-%m-%d") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", shot.date)
    without, _ = build_letter_data(case, DeadlineEngine(), SENT, with_images=False)
    assert all(e.image is None for e in without.exhibits)
    # the appendix prints each chat line with its time to the second
    first = log.transcript[0]
    text = pdf_text(render_case_letter(case, DeadlineEngine(), sent=SENT, with_images=False).pdf)
    assert first.at.strftime("%Y-%m-%d %H:%M:%S") in text


def test_the_copy_sheet_cuts_a_long_item_name_and_lists_the_exhibits(new_case):
    case = new_case(item="超" * 60)
    add_evidence(case, make_png(300, 600, seed=2), "订单截图.png")
    data, _ = build_letter_data(case, DeadlineEngine(), SENT, with_images=False)
    lines = copy_sheet(data).splitlines()
    assert lines[0] == "【12315 投诉填写参考】"
    assert "商品名称（≤50字）：" + "超" * 49 + "…" in lines
    assert lines[-1] == "证据：证据1 订单截图"
    assert lines[lines.index("事实和理由：") + 1] == "（未填写）"
    short = new_case(order="4528716093384011111", item="超" * 50)
    data, _ = build_letter_data(short, DeadlineEngine(), SENT, with_images=False)
    sheet = copy_sheet(data)
    assert "商品名称（≤50字）：" + "超" * 50 + "\n" in sheet and sheet.endswith("证据：（暂无）\n")
    assert "已采取的处理步骤：" not in sheet
    short.steps.add("complaint", at="2026-11-20 10:00", ref="TS-9")
    data, _ = build_letter_data(short, DeadlineEngine(), SENT, with_images=False)
    sheet = copy_sheet(data).splitlines()
    told = sheet[sheet.index("已采取的处理步骤：") + 1]
    assert told.startswith("2026-11-20 于App内提交投诉（编号：TS-9）")


def test_dates_in_words():
    assert zh_date(date(2026, 1, 5)) == "2026年1月5日"
    at = datetime.fromisoformat("2026-11-02T09:00:00+08:00")
    assert step_sentence("resolved", at, "") == "2026-11-02 问题解决。"
    assert step_sentence("some_future_kind", at, "") == "2026-11-02 some_future_kind。"
