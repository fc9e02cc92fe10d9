"""Small values typed by users and shown back: each refusal carries its code and the text given,
each accepted form gives the exact value (fen, Asia/Shanghai time, an order number), and the
tone check, countdowns and the checklist say exactly what they found."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from tbcase.domain.checklist import ChecklistItem, readiness
from tbcase.domain.countdown import parse_countdown
from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    SHANGHAI,
    format_amount,
    format_due,
    from_iso,
    normalise_order_number,
    now,
    order_number_warnings,
    parse_amount,
    parse_date,
    parse_datetime,
    safe_file_stem,
    to_iso,
)
from tbcase.domain.tone import ToneHint, check_tone
from tbcase.domain.tracking import carrier_by_name, normalise_tracking_number


def refused(fn, *args):
    with pytest.raises(KnownError) as info:
        fn(*args)
    return info.value.code, info.value.params


@pytest.mark.parametrize("text, fen", [
    ("39.5", 3950), ("¥39.50", 3950), ("￥ 39.50元", 3950), ("1,234.05", 123405), ("0", 0),
    ("100000000", 10_000_000_000), (" 7 ", 700),
])
def test_amounts_in_fen(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text", ["", "abc", "-1", "1.005", "NaN", "Infinity", "100000000.01"])
def test_bad_amounts_name_the_text(text):
    assert refused(parse_amount, text) == ("bad_amount", {"value": text})


def test_amount_none_is_refused_as_empty():
    assert refused(parse_amount, None) == ("bad_amount", {"value": None})


def test_format_amount():
    assert [format_amount(f) for f in (None, 0, 5, 3950, 123405)] == ["", "0.00", "0.05", "39.50", "1234.05"]


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20", datetime(2026, 11, 20, tzinfo=SHANGHAI)),
    ("2026/11/20 9:05", datetime(2026, 11, 20, 9, 5, tzinfo=SHANGHAI)),
    ("2026年11月20日 14:00", datetime(2026, 11, 20, 14, 0, tzinfo=SHANGHAI)),
    ("2026-11-20T14:00:30+08:00", datetime(2026, 11, 20, 14, 0, 30, tzinfo=SHANGHAI)),
    ("2026-11-20T06:00:00Z", datetime(2026, 11, 20, 14, 0, tzinfo=SHANGHAI)),
    ("2026-11-20 06:00:00+0000", datetime(2026, 11, 20, 14, 0, tzinfo=SHANGHAI)),
    ("2026-11-20 01:30:00-05:30", datetime(2026, 11, 20, 15, 0, tzinfo=SHANGHAI)),
    ("2026-11-20 14:00+09:45", datetime(2026, 11, 20, 12, 15, tzinfo=SHANGHAI)),
])
def test_datetimes_typed_by_users_are_shanghai_times(text, expected):
    got = parse_datetime(text)
    assert got == expected and got.utcoffset() == timedelta(hours=8) and got.tzinfo == SHANGHAI


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-13-01", "2026-02-30 10:00", "2026-11-20 25:00"])
def test_bad_datetimes_name_the_text(text):
    assert refused(parse_datetime, text) == ("bad_datetime", {"value": text})


def test_parse_date_and_iso_round_trip():
    assert parse_date("2026年2月3日 23:59").isoformat() == "2026-02-03"
    assert to_iso(None) is None and from_iso(None) is None and from_iso("") is None
    assert to_iso(datetime(2026, 1, 2, 3, 4, 5, 999)) == "2026-01-02T03:04:05+08:00"  # naive = Shanghai
    assert to_iso(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T11:04:05+08:00"
    naive = from_iso("2026-01-02T03:04:05")
    assert naive == datetime(2026, 1, 2, 3, 4, 5, tzinfo=SHANGHAI) and naive.tzinfo == SHANGHAI
    other = from_iso("2026-01-02T03:04:05+00:00")
    assert other.tzinfo == SHANGHAI and other.hour == 11


def test_now_is_shanghai_to_the_second():
    t = now()
    assert t.tzinfo == SHANGHAI and t.microsecond == 0
    assert abs(t - datetime.now(UTC)) < timedelta(seconds=5)


def test_format_due_shows_end_of_day_as_24_00():
    assert format_due(None) == ""
    assert format_due(datetime(2026, 11, 13, tzinfo=SHANGHAI)) == "2026-11-12 24:00"
    assert format_due(datetime(2026, 11, 13, 9, 5, tzinfo=SHANGHAI)) == "2026-11-13 09:05"
    assert format_due(datetime(2026, 11, 12, 16, tzinfo=UTC)) == "2026-11-12 24:00"


def test_order_numbers():
    assert normalise_order_number(" 4528 7160\u30009338 4027715\n") == "4528716093384027715"
    assert normalise_order_number(None) == ""
    assert order_number_warnings("") == ["order_empty"]
    assert order_number_warnings("12a4567890123456") == ["order_not_digits"]
    assert order_number_warnings("1" * 15) == ["order_length"]
    assert order_number_warnings("1" * 20) == ["order_length"]
    assert order_number_warnings("1" * 16) == [] and order_number_warnings("1" * 19) == []


def test_safe_file_stem():
    assert safe_file_stem('a/b\\c:d*e?f"g<h>i|j\x01') == "a_b_c_d_e_f_g_h_i_j_"
    assert safe_file_stem(" .name. ") == "name"
    assert safe_file_stem("..") == "case"
    assert safe_file_stem("x" * 200) == "x" * 120


def test_countdowns_from_the_order_page():
    at = datetime(2026, 11, 20, 10, 0, 0, 500, tzinfo=SHANGHAI)
    assert parse_countdown("卖家还剩 2天23时 处理", at) == datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
    assert parse_countdown("1日 2小时 3分钟 4秒", at) == datetime(2026, 11, 21, 12, 3, 4, tzinfo=SHANGHAI)
    assert parse_countdown("5分", at) == datetime(2026, 11, 20, 10, 5, tzinfo=SHANGHAI)
    assert parse_countdown("剩余 3 天", at).microsecond == 0
    assert refused(parse_countdown, "马上", at) == ("countdown_bad", {"value": "马上"})
    assert refused(parse_countdown, None, at) == ("countdown_bad", {"value": None})


@pytest.mark.parametrize("text", ["99999999天", "9" * 25 + "天", "2天99999999999时", "2天23时" + "1" * 5000 + "分",
                                  "367天", "366天1秒"])
def test_a_countdown_no_order_page_shows_is_refused(text):
    """`tbcase countdown CASE x 99999999天` (or the window's field) was an internal error
    (OverflowError: the due day after 9999; 5,000 digits: int() refused), and 367 days was
    taken as an order page's countdown."""
    at = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
    assert refused(parse_countdown, text, at) == ("countdown_bad", {"value": text})
    assert parse_countdown("366天", at) == datetime(2027, 11, 21, 10, 0, tzinfo=SHANGHAI)


def test_working_days_asked_for_are_at_most_ten_years():
    """`tbcase workdays add 2026-09-30 3000000` counted to the year 9999 and failed there."""
    from tbcase.cli.parser import build_parser

    parser = build_parser()
    assert parser.parse_args(["workdays", "add", "2026-09-30", "2500"]).n == 2500
    for n in ("0", "2501", "3000000"):
        with pytest.raises(SystemExit):
            parser.parse_args(["workdays", "add", "2026-09-30", n])
    assert parser.parse_args(["due", "--within", "3"]).within == 3
    with pytest.raises(SystemExit):  # (an internal error: OverflowError)
        parser.parse_args(["due", "--within", "9" * 30])


def test_known_error_keeps_code_and_params_and_reads_as_a_sentence():
    err = KnownError("bad_amount", value="abc")
    assert (err.code, err.params, err.args) == ("bad_amount", {"value": "abc"}, ("bad_amount", {"value": "abc"}))
    from tbcase.messages import message

    assert str(err) == message("bad_amount", "zh", value="abc") and "abc" in str(err)


def test_tone_hints_name_what_they_found():
    hints = check_tone("这个骗子！！太过分了，黑心商家？？", "退款", "1", 1)
    assert hints == [ToneHint("abusive", "骗子、黑心"), ToneHint("emotional", "太过分"),
                     ToneHint("shouting", "！！ ？？")]
    assert check_tone("傻b", "退款", "1", 1) == [ToneHint("abusive", "傻B")]  # any case
    assert check_tone("坏了", "退款", "", 0) == [ToneHint("missing_order"), ToneHint("missing_evidence")]
    assert check_tone(" ", "请处理", "1", 1) == [ToneHint("missing_facts"), ToneHint("missing_demand")]
    assert check_tone("坏了!!!", "", "1", 1) == [ToneHint("shouting", "!!!"), ToneHint("missing_demand")]


def _case(**kw):
    base = {"order_no": "1", "item": "杯子", "facts": "杯子碎了，卖家不回复，已经等了三天了，请处理",
            "outcome": "refund", "complaint_type": "quality"}
    base.update(kw)
    return SimpleNamespace(**base)


def _ev(kind, title=""):
    return SimpleNamespace(kind=kind, title=title)


def test_checklist_reads_each_fact():
    items = readiness(_case(), [_ev("photo"), _ev("screenshot", "Order page"), _ev("chat")],
                      [SimpleNamespace(carrier="sf")])
    got = {i.key: i.present for i in items}
    assert all(got.values()), got
    assert items[0] == ChecklistItem(items[0].key, True)
    assert len(items) == len({i.key for i in items})
    bare = {i.key: i.present for i in readiness(_case(item=" ", facts="短", complaint_type="logistics"), [],
                                                [SimpleNamespace(carrier="unknown")])}
    assert bare["item"] is False and bare["facts"] is True and bare["carrier"] is False and bare["tracking"]
    for title in ("订单详情", "付款记录", "支付宝", "PAYMENT"):
        assert {i.key: i.present for i in readiness(_case(), [_ev("screenshot", title)], [])}["purchase_proof"]
    assert not {i.key: i.present for i in readiness(_case(), [_ev("screenshot", "聊天")], [])}["purchase_proof"]
    assert {i.key: i.present for i in readiness(_case(), [_ev("receipt", "")], [])}["purchase_proof"]
    assert not {i.key: i.present for i in readiness(_case(), [_ev("screenshot", None)], [])}["purchase_proof"]
    assert not {i.key: i.present for i in readiness(_case(complaint_type="logistics"), [],
                                                    [SimpleNamespace(carrier="")])}["carrier"]
    assert {i.key: i.present for i in readiness(_case(complaint_type="after_sales", item="杯"), [], [])}["item_info"]


def test_checklist_description_needs_twenty_characters():
    def description(facts):
        items = readiness(_case(complaint_type="platform", facts=facts), [], [])
        return {i.key: i.present for i in items}["description"]

    assert description("一" * 20) and not description("一" * 19 + "  ")
    assert {i.key for i in readiness(_case(complaint_type="unknown-type"), [], [])}


def test_carrier_by_user_name_ignores_case_and_blanks():
    assert carrier_by_name(" Sf Express ").code == "sf"
    assert carrier_by_name("JD LOGISTICS").code == "jd"
    assert carrier_by_name("中通").code == "zto"
    assert carrier_by_name(None).code == "unknown"
    assert normalise_tracking_number(None) == ""


def test_utc_times_do_not_depend_on_the_machines_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert parse_datetime("2026-11-20T06:00:00Z") == datetime(2026, 11, 20, 14, 0, tzinfo=SHANGHAI)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_more_value_edges():
    assert safe_file_stem("X.") == "X"
    hints = check_tone("气死了，太过分", "退款", "1", 1)
    assert hints == [ToneHint("emotional", "气死、太过分")]
