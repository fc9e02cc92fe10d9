"""The demand the letter writes when the user wrote none: the outcome asked for, and an
amount only where the amount the case holds is the one asked for.

The case holds one amount, the price paid (实付金额, as the window and the order table label
it). Asking for a refund, or for a refund on return, of that price is what the user chose;
an exchange or a repair asks for no money, and a compensation's amount is not the price
(the user never entered one). A letter printing 请求换货人民币89.00元 or 请求赔偿人民币89.00元
states a demand the case file does not hold."""

from datetime import date

import pytest

from tbcase.pdf.content import build_letter_data
from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tests.helpers import pdf_text

SENT = date(2026, 11, 25)


@pytest.mark.parametrize(("outcome", "demand"), [
    ("refund", "请求退款人民币89.00元。"),
    ("return", "请求退货退款人民币89.00元。"),
    ("exchange", "请求换货。"),
    ("repair", "请求维修。"),
    ("compensation", "请求赔偿。"),
])
def test_only_a_refund_asks_for_the_price_paid(new_case, outcome, demand):
    case = new_case(outcome=outcome, amount="89.00")
    data, _ = build_letter_data(case, DeadlineEngine(), SENT, with_images=False)
    assert data.demands == demand
    result = render_case_letter(case, DeadlineEngine(), sent=SENT, with_images=False)
    text = pdf_text(result.pdf).replace("\n", "")
    assert demand in text and f"投诉请求：{demand}" in result.copy_sheet
    assert ("人民币" in text) == (outcome in ("refund", "return"))


def test_an_outcome_of_other_is_a_demand_not_yet_written(new_case):
    """请求其他 says nothing: the demand is shown as not filled in, and the 12315 sheet lists it."""
    case = new_case(outcome="other", amount="89.00")
    data, _ = build_letter_data(case, DeadlineEngine(), SENT, with_images=False)
    assert data.demands == ""
    result = render_case_letter(case, DeadlineEngine(), sent=SENT, with_images=False)
    text = pdf_text(result.pdf).replace("\n", "")
    assert "请求其他" not in text and "投诉请求（未填写）" in text.replace(" ", "")
    assert "投诉请求：（未填写）" in result.copy_sheet
    assert "投诉请求" in result.copy_sheet.splitlines()[1]  # 尚未填写：… 投诉请求 …
