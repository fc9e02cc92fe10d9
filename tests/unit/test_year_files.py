"""A year's notice typed by a user, saved and loaded again; the official years taken from the
calendar package inside the test (so they count as tested); errors with codes and parameters."""

import json
from datetime import date

import pytest

from tbcase.domain.errors import KnownError
from tbcase.domain.workdays import (
    WorkingDayCalendar,
    YearData,
    load_user_years,
    official_years,
    parse_year_file,
    save_user_year,
)


def refused(fn, *args):
    with pytest.raises(KnownError) as info:
        fn(*args)
    return info.value.code, info.value.params


def test_plain_lines_with_ranges_comments_and_both_words():
    y = parse_year_file("# 2027 notice\n2027-01-01..2027-01-03 休  # New Year\n\n"
                        "2027-02-14 班\n2027-05-01 holiday\n2027-05-08 workday\n2027-10-01..2027-10-01 休\n")
    assert y == YearData(2027, frozenset({date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3), date(2027, 5, 1),
                                          date(2027, 10, 1)}),
                         frozenset({date(2027, 2, 14), date(2027, 5, 8)}), "user")
    assert y.source == "user"


@pytest.mark.parametrize("text, line", [
    ("2027-01-01 maybe", 1), ("2027-01-01", 1), ("2027-01-01 休 extra", 1), ("\n# c\n2027-13-01 休", 3),
    ("2027-01-01 休\n2027-01-05..x 班", 2), ("2027-01-01 HOLIDAY", 1), ("2027-01-01 Workday", 1),
])
def test_bad_lines_are_named_by_number(text, line):
    assert refused(parse_year_file, text) == ("holiday_line_bad", {"line": line})


@pytest.mark.parametrize("text, detail", [
    ("# nothing\n\n", "empty"),
    ("2027-01-01 休\n2028-01-01 休", "more than one year"),
])
def test_bad_files_say_why(text, detail):
    assert refused(parse_year_file, text) == ("holiday_file_bad", {"detail": detail})


def test_a_day_both_off_and_worked_is_refused():
    assert refused(parse_year_file, "2027-01-01 休\n2027-01-01 班") == ("holiday_both", {"day": "2027-01-01"})


def test_a_day_of_another_year_is_refused():
    with pytest.raises(KnownError) as info:
        YearData(2027, frozenset({date(2028, 1, 1)}))
    assert (info.value.code, info.value.params) == ("holiday_wrong_year", {"day": "2028-01-01", "year": 2027})
    with pytest.raises(KnownError) as info:
        YearData(2027, frozenset(), frozenset({date(2026, 12, 31)}))
    assert info.value.params == {"day": "2026-12-31", "year": 2027}


def test_json_form_and_its_errors():
    y = parse_year_file(' {"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-02-14"]} ')
    assert y == YearData(2027, frozenset({date(2027, 1, 1)}), frozenset({date(2027, 2, 14)}), "user")
    assert YearData.from_json({"year": "2027"}) == YearData(2027, frozenset(), frozenset(), "user")
    assert YearData.from_json({"year": 2027}, source="official").source == "official"
    code, params = refused(parse_year_file, '{"year": 2027, "holidays": ["soon"]}')
    assert code == "holiday_file_bad" and params == {"detail": "Invalid isoformat string: 'soon'"}
    assert refused(parse_year_file, '{"holidays": []}') == ("holiday_file_bad", {"detail": "'year'"})
    code, params = refused(parse_year_file, '{"year": 2027,')
    assert code == "holiday_file_bad" and "Expecting" in params["detail"] and set(params) == {"detail"}


def test_to_json_round_trip():
    y = YearData(2027, frozenset({date(2027, 1, 2), date(2027, 1, 1)}), frozenset({date(2027, 2, 14)}))
    assert y.to_json() == {"year": 2027, "holidays": ["2027-01-01", "2027-01-02"], "workdays": ["2027-02-14"]}
    assert YearData.from_json(y.to_json(), source="official") == y


def test_user_years_saved_and_loaded(tmp_path):
    path = tmp_path / "deep" / "config" / "holidays.json"
    assert load_user_years(path) == []
    first = YearData(2027, frozenset({date(2027, 1, 1)}), frozenset({date(2027, 2, 14)}), "user")
    second = YearData(2028, frozenset({date(2028, 1, 1)}), source="user")
    save_user_year(path, second)
    save_user_year(path, first)
    save_user_year(path, first)  # saving again replaces, never duplicates
    assert load_user_years(path) == [first, second]
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == {"years": [first.to_json(), second.to_json()]}
    assert text.startswith('{\n  "years": [\n    {\n      "year": 2027')  # readable, indented by 2
    assert not list(path.parent.glob("*.tmp"))
    # a single year object (as a user might write by hand) is read too
    path.write_text(json.dumps({"year": 2029, "holidays": ["2029-01-01"]}), encoding="utf-8")
    assert [y.year for y in load_user_years(path)] == [2029]
    path.write_text("{broken", encoding="utf-8")
    code, params = refused(load_user_years, path)
    assert code == "holiday_file_bad" and set(params) == {"detail"} and params["detail"]


def test_user_years_file_is_utf8_with_chinese_comments_kept_out(tmp_path):
    path = tmp_path / "holidays.json"
    path.write_bytes('{"years": [{"year": 2027, "holidays": ["2027-01-01"], "备注": "元旦"}]}'.encode())
    assert load_user_years(path)[0].holidays == frozenset({date(2027, 1, 1)})


def test_official_years_cover_a_continuous_range_with_both_kinds_of_day():
    years = official_years()
    assert list(years) == list(range(min(years), max(years) + 1))
    assert {2025, 2026} <= set(years)
    assert date(2026, 2, 14) in years[2026].workdays and date(2026, 2, 14) not in years[2026].holidays
    assert date(2026, 10, 1) in years[2026].holidays and date(2026, 10, 1) not in years[2026].workdays
    assert all(y.source == "official" for y in years.values())


def test_calendar_helpers():
    cal = WorkingDayCalendar.default([YearData(2099, frozenset({date(2099, 1, 1)}), source="user")])
    assert cal.covered_years()[-1] == 2099 and cal.covered_years() == sorted(cal.covered_years())
    assert cal.is_rest_day(date(2099, 1, 1)) and not cal.is_rest_day(date(2099, 1, 2))  # a Friday
    assert cal.is_rest_day(date(2026, 10, 1)) and not cal.is_rest_day(date(2026, 2, 14))
    # next working day on or after: a holiday run, a working day itself, an estimated year
    r = cal.next_workday_on_or_after(date(2026, 10, 1))
    assert (r.day, r.estimated) == (date(2026, 10, 8), False)
    r = cal.next_workday_on_or_after(date(2026, 2, 14))
    assert (r.day, r.estimated) == (date(2026, 2, 14), False)
    r = cal.next_workday_on_or_after(date(2098, 1, 3))
    assert (r.day, r.estimated) == (date(2098, 1, 3), True)
    r = cal.next_workday_on_or_after(date(2027, 12, 31)) if not cal.has_data(2027) else None
    if r is not None:
        assert r.estimated
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 1, 1), 0)
    r = cal.add_working_days(date(2026, 12, 31), 1)
    assert r.estimated == (not cal.has_data(2027))


def test_more_edges_of_years():
    assert min(official_years()) == 2004  # the calendar package's first notice
    with pytest.raises(ValueError, match="n must be at least 1"):
        WorkingDayCalendar.default().add_working_days(date(2026, 1, 1), -1)
    cal = WorkingDayCalendar({2099: YearData(2099, frozenset({date(2099, 12, 31)}), source="user")})
    r = cal.next_workday_on_or_after(date(2099, 12, 31))  # a holiday: the next day is in 2100, unknown
    assert (r.day, r.estimated) == (date(2100, 1, 1), True)
    y = parse_year_file("2027-01-01 休 # 元旦 # 注\n")
    assert y.holidays == frozenset({date(2027, 1, 1)})


@pytest.mark.parametrize("text", ["2027-12-31..9999-12-31 休", "0001-01-01..9999-12-30 休",
                                  "2027-03-01..2027-02-01 班"])
def test_a_range_is_inside_one_year_and_in_order(text):
    """A year's notice may come from anywhere (a forum post, a file sent by a friend). The last
    day of 9999 stopped `holidays import` with an internal error (the day after it does not
    exist); 0001-01-01..9999-12-30 took 11 s and 400 MB before being refused as two years; a
    range backwards added nothing and said nothing."""
    assert refused(parse_year_file, text) == ("holiday_line_bad", {"line": 1})
    assert parse_year_file("9999-12-31 休").holidays == frozenset({date(9999, 12, 31)})


@pytest.mark.parametrize("text", ['{"year": ' + "[" * 100_000 + "]" * 100_000 + "}", '{"year": 1e400}'])
def test_json_that_python_cannot_hold_is_a_bad_file(text, tmp_path):
    """Arrays nested 100,000 deep (RecursionError) and a year of 1e400 (OverflowError) were
    internal errors, in `holidays import` and, saved in the config folder, in every command."""
    assert refused(parse_year_file, text)[0] == "holiday_file_bad"
    path = tmp_path / "holidays.json"
    path.write_text(text.replace('{"year": ', '{"years": [{"year": ', 1) + "]}", encoding="utf-8")
    assert refused(load_user_years, path)[0] == "holiday_file_bad"


def test_a_broken_user_years_file_says_what_is_wrong(tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text("{broken", encoding="utf-8")
    code, params = refused(load_user_years, path)
    assert code == "holiday_file_bad" and "Expecting" in params["detail"]
