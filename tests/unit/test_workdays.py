from datetime import date, timedelta

import pytest
from hypothesis import given, settings
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
