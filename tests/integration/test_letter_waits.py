"""The letter's "no answer within …" sentences say a length of time; they must be true of
that length, whatever the rules in use say and whatever the calendar does not know.

``CLAIMS`` prints "，24小时内未获处理" and "，7个工作日内未获书面答复" word for word. The
deadline rules are the user's to change (a ladder.toml in the settings folder replaces a
rule by id, see ``resources/rules/ladder.toml``), and a year the installed holiday notices
do not cover is counted as an estimate (weekends only: 元旦, 春节 and 国庆 unknown)."""

from datetime import date, datetime

from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tests.helpers import pdf_text

LADDER = """
[[rule]]
id = "app_reply"
who = "platform"
label_zh = "平台答复App内投诉"
label_en = "Platform answers the in-app complaint"
starts = "complaint"
period = { hours = 2 }
met_by = ["platform_reply"]
ends = ["written_complaint", "alibaba", "third_party", "consumer_association", "resolved", "closed"]
basis = "guide"
source_zh = "我自己的规则"
source_en = "my own rule"
checked = "2026-11-29"
valid_from = "2000-01-01"

[[rule]]
id = "written_reply"
who = "platform"
label_zh = "平台客服书面答复"
label_en = "Platform customer service answers in writing"
starts = "written_complaint"
period = { days = 1 }
met_by = ["written_reply"]
ends = ["alibaba", "third_party", "consumer_association", "resolved", "closed"]
basis = "guide"
source_zh = "我自己的规则"
source_en = "my own rule"
checked = "2026-11-29"
valid_from = "2000-01-01"
"""


def at(text):
    return datetime.fromisoformat(text + "+08:00")


def letter_text(case, engine, sent, made):
    result = render_case_letter(case, engine, sent=sent, made=at(made), with_images=False)
    return pdf_text(result.pdf).replace("\n", ""), result.copy_sheet


def test_shorter_rules_of_the_user_do_not_make_the_letter_claim_24_hours_or_7_working_days(
        new_case, tmp_path):
    """A user's ladder.toml waits 2 hours for the app and 1 day for the written answer: the
    deadlines follow it, but the letter still says only what is true of 24 hours and 7
    working days (3 hours and 2 days passed)."""
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "ladder.toml").write_text(LADDER, encoding="utf-8")
    engine = DeadlineEngine()
    assert {r.id: (r.unit, r.amount) for r in engine.rules}["app_reply"] == ("hours", 2)
    case = new_case()
    case.steps.add("complaint", at="2026-11-20 10:00")
    case.steps.add("written_complaint", at="2026-11-20 13:00")
    text, sheet = letter_text(case, engine, date(2026, 11, 23), "2026-11-23T10:00")
    assert "2026-11-20 于App内提交投诉。" in text and "2026-11-20 于App内提交投诉。" in sheet
    assert "2026-11-20 向平台客服提交书面投诉。" in text
    assert "未获处理" not in text + sheet and "未获书面答复" not in text + sheet
    # the same case with the shipped rules: no claim either (the times are what decide)
    text, sheet = letter_text(case, DeadlineEngine(tmp_path / "other"), date(2026, 11, 23), "2026-11-23T10:00")
    assert "未获处理" not in text + sheet and "未获书面答复" not in text + sheet


def test_seven_working_days_are_not_claimed_over_holidays_the_calendar_does_not_know(new_case):
    """A written complaint on 2027-09-28: the 2027 notice is not installed, so the count is
    an estimate over weekends only (it ends 2027-10-07); 国庆 (1-7 October) will be
    holidays, so on 9 October only 2 working days may have passed. The letter must not say
    that 7 working days went unanswered."""
    engine = DeadlineEngine()
    assert not engine.calendar.has_data(2027)
    assert engine.calendar.add_working_days(date(2027, 9, 28), 7).estimated
    case = new_case()
    case.steps.add("written_complaint", at="2027-09-28 10:00")
    text, sheet = letter_text(case, engine, date(2027, 10, 9), "2027-10-09T10:00")
    assert "2027-09-28 向平台客服提交书面投诉。" in text
    assert "未获书面答复" not in text + sheet
    # a year the calendar knows keeps the claim (2026: 7 working days end 11-11)
    case.steps.add("written_complaint", at="2026-11-02 10:00")
    text, _ = letter_text(case, engine, date(2026, 11, 12), "2026-11-12T09:00")
    assert "2026-11-02 向平台客服提交书面投诉，7个工作日内未获书面答复。" in text
