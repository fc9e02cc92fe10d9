from datetime import date, timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tbcase.domain.errors import KnownError
from tbcase.domain.workdays import WorkingDayCalendar, YearData, parse_year_file

CAL = WorkingDayCalendar.default()


@pytest.mark.parametrize("start, n, due, why", [
    # National Day 2025: 10-01..10-08 off, Sat 10-11 worked
    (date(2025, 9, 30), 7, date(2025, 10, 16), "national day 2025"),
    # National Day 2026: 10-01..10-07 off, Sat 10-10 worked
    (date(2026, 9, 30), 7, date(2026, 10, 15), "national day 2026"),
    # Spring Festival 2025: 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked
    (date(2025, 1, 24), 7, date(2025, 2, 10), "spring festival 2025"),
    # Spring Festival 2026: 02-15..02-23 off, Sat 02-14 and Sat 02-28 worked
    (date(2026, 2, 13), 7, date(2026, 3, 2), "spring festival 2026"),
    # Labour Day 2025: 05-01..05-05 off; start on the adjusted working Sunday 04-27
    (date(2025, 4, 27), 7, date(2025, 5, 9), "start on adjusted working day"),
    (date(2025, 4, 30), 7, date(2025, 5, 14), "labour day 2025"),
    # Labour Day 2026: start on a holiday; Sat 05-09 worked
    (date(2026, 5, 1), 7, date(2026, 5, 13), "start on a holiday"),
    # start on a plain weekend day
    (date(2026, 11, 28), 7, date(2026, 12, 8), "start on a Saturday"),
    (date(2026, 11, 27), 1, date(2026, 11, 30), "Friday + 1"),
])
def test_working_days_known_periods(start, n, due, why):
    result = CAL.add_working_days(start, n)
    assert (result.day, result.estimated) == (due, False), why


def test_official_data_has_adjusted_working_weekends():
    assert CAL.is_workday(date(2026, 2, 14))  # a Saturday worked before Spring Festival
    assert CAL.is_workday(date(2025, 10, 11))
    assert not CAL.is_workday(date(2026, 10, 1))
    assert not CAL.is_workday(date(2026, 2, 16))  # a Monday in the Spring Festival break


def test_year_without_data_is_estimated_then_exact_after_user_adds_it():
    cal = WorkingDayCalendar.default()
    assert not cal.has_data(2027)
    guess = cal.add_working_days(date(2026, 12, 28), 7)
    assert guess.estimated
    assert guess.day == date(2027, 1, 6)  # Mon-Fri only: 2027-01-01 counted as a working day
    cal.add_year(parse_year_file("2027-01-01..2027-01-03 休\n2027-02-06..2027-02-12 休\n"
                                 "2027-02-14 班\n"))
    exact = cal.add_working_days(date(2026, 12, 28), 7)
    assert exact == type(exact)(date(2027, 1, 7), False)


def test_year_boundary_with_data():
    # 2025-12-31 (Wed) + 2: 2026-01-01..03 off, Sun 01-04 worked
    r = CAL.add_working_days(date(2025, 12, 31), 2)
    assert r.day == date(2026, 1, 5) and not r.estimated


def test_user_data_never_overrides_official_year():
    cal = WorkingDayCalendar.default()
    cal.add_year(YearData(2026, frozenset({date(2026, 11, 30)}), source="user"))
    assert cal.is_workday(date(2026, 11, 30))


def test_year_file_errors_are_clear():
    with pytest.raises(KnownError) as info:
        parse_year_file("2027-01-01 maybe")
    assert info.value.code == "holiday_line_bad"
    with pytest.raises(KnownError):
        parse_year_file("2027-01-01 休\n2028-01-01 休")
    with pytest.raises(KnownError):
        parse_year_file("2027-01-01 休\n2027-01-01 班")


def test_json_year_file():
    y = parse_year_file('{"year": 2027, "holidays": ["2027-01-01"], "workdays": []}')
    assert y.year == 2027 and date(2027, 1, 1) in y.holidays


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(2004, 1, 1), max_value=date(2028, 12, 31)),
       n=st.integers(min_value=1, max_value=40))
def test_property_due_day_is_nth_working_day(start, n):
    result = CAL.add_working_days(start, n)
    assert result.day > start
    assert CAL.is_workday(result.day)
    assert CAL.working_days_between(start, result.day) == n
    # the day before the due day still had fewer than n working days
    assert CAL.working_days_between(start, result.day - timedelta(days=1)) == n - 1
    touched = range((start + timedelta(days=1)).year, result.day.year + 1)
    assert result.estimated == any(not CAL.has_data(y) for y in touched)


# An independent oracle: the State Council's notices, typed in by hand (not read from chinesecalendar).
# 国办发明电〔2024〕12号 (2025): 元旦 1月1日放假1天不调休；春节 1月28日至2月4日放假调休，共8天，1月26日（周日）、
# 2月8日（周六）上班；清明节 4月4日至6日；劳动节 5月1日至5日放假调休，共5天，4月27日（周日）上班；端午节 5月31日
# 至6月2日；国庆节、中秋节 10月1日至8日放假调休，共8天，9月28日（周日）、10月11日（周六）上班。
# 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04): 元旦 1月1日至3日放假调休，1月4日（周日）上班；春节
# 2月15日至23日放假调休，共9天，2月14日（周六）、2月28日（周六）上班；清明节 4月4日至6日；劳动节 5月1日至5日放假
# 调休，5月9日（周六）上班；端午节 6月19日至21日；中秋节 9月25日至27日；国庆节 10月1日至7日放假调休，共7天，
# 9月20日（周日）、10月10日（周六）上班。
def _days(a: str, b: str | None = None) -> set[date]:
    first, last = date.fromisoformat(a), date.fromisoformat(b or a)
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


NOTICE_OFF = set().union(
    _days("2025-01-01"), _days("2025-01-28", "2025-02-04"), _days("2025-04-04", "2025-04-06"),
    _days("2025-05-01", "2025-05-05"), _days("2025-05-31", "2025-06-02"), _days("2025-10-01", "2025-10-08"),
    _days("2026-01-01", "2026-01-03"), _days("2026-02-15", "2026-02-23"), _days("2026-04-04", "2026-04-06"),
    _days("2026-05-01", "2026-05-05"), _days("2026-06-19", "2026-06-21"), _days("2026-09-25", "2026-09-27"),
    _days("2026-10-01", "2026-10-07"),
)
NOTICE_WORK = {date.fromisoformat(s) for s in (
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")}
ADJUSTED = NOTICE_WORK | {d for d in NOTICE_OFF if d.weekday() < 5}  # where the notice differs from Mon–Fri


def _oracle_workday(d: date) -> bool:
    return d in NOTICE_WORK or (d.weekday() < 5 and d not in NOTICE_OFF)


def _oracle_add(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        n -= _oracle_workday(d)
    return d


def test_calendar_matches_the_notices_day_by_day():
    day = date(2025, 1, 1)
    while day.year < 2027:
        assert CAL.is_workday(day) == _oracle_workday(day), day
        day += timedelta(days=1)


def test_property_due_day_matches_the_notices():
    seen = {"examples": 0, "crosses_adjusted": 0, "crosses_adjusted_workday": 0}

    @settings(max_examples=300, deadline=None)
    @given(start=st.dates(min_value=date(2024, 12, 20), max_value=date(2026, 11, 20)),
           n=st.integers(min_value=1, max_value=25))
    def check(start, n):
        expected = _oracle_add(start, n)
        result = CAL.add_working_days(start, n)
        assert (result.day, result.estimated) == (expected, False)  # late December 2024 has no adjusted day
        span = {start + timedelta(days=i) for i in range(1, (expected - start).days + 1)}
        seen["examples"] += 1
        seen["crosses_adjusted"] += bool(span & ADJUSTED)
        seen["crosses_adjusted_workday"] += bool(span & NOTICE_WORK)
        event("crosses an adjusted day" if span & ADJUSTED else "plain weeks")

    check()  # the property is worthless if it never crossed a holiday or an adjusted working day
    assert seen["crosses_adjusted"] >= seen["examples"] * 0.2, seen
    assert seen["crosses_adjusted_workday"] >= 20, seen


@pytest.mark.parametrize("worked", sorted(NOTICE_WORK))
def test_every_adjusted_working_weekend_counts(worked):
    """The day before an adjusted working weekend + 1 working day: that weekend day itself."""
    assert CAL.add_working_days(worked - timedelta(days=1), 1).day == worked
