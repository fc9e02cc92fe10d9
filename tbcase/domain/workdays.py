"""Mainland China working days: weekends and statutory holidays off, adjusted
working weekend days (调休上班) on, from the State Council's yearly notices.

The official data comes from the maintained ``chinesecalendar`` package. We use its
raw tables (holidays and adjusted working days) rather than its helper functions,
and do the counting ourselves by the rule of 民法典 第201条: the start day is never
counted, whatever kind of day it is. A year the package has no data for (and the
user has not entered) is counted by the plain Monday–Friday rule and every result
that touches it is flagged ``estimated``: never silently wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tbcase.domain.errors import KnownError

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class YearData:
    """One year's official notice: the days off and the adjusted working days."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date] = frozenset()
    source: str = "official"

    def __post_init__(self) -> None:
        for d in self.holidays | self.workdays:
            if d.year != self.year:
                raise KnownError("holiday_wrong_year", day=d.isoformat(), year=self.year)
        both = self.holidays & self.workdays
        if both:
            raise KnownError("holiday_both", day=min(both).isoformat())

    def to_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "workdays": sorted(d.isoformat() for d in self.workdays),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object], source: str = "user") -> YearData:
        try:
            year = int(data["year"])  # type: ignore[call-overload]
            hol = frozenset(date.fromisoformat(str(s)) for s in data.get("holidays", []))  # type: ignore[attr-defined]
            work = frozenset(date.fromisoformat(str(s)) for s in data.get("workdays", []))  # type: ignore[attr-defined]
        except (KeyError, TypeError, ValueError, OverflowError) as exc:  # "year": 1e400
            raise KnownError("holiday_file_bad", detail=str(exc)) from None
        return cls(year, hol, work, source)


def official_years() -> dict[int, YearData]:
    """The years the installed ``chinesecalendar`` package has notices for."""
    from chinese_calendar import constants

    by_year: dict[int, tuple[set[date], set[date]]] = {}
    for d in constants.holidays:
        by_year.setdefault(d.year, (set(), set()))[0].add(d)
    for d in constants.workdays:
        by_year.setdefault(d.year, (set(), set()))[1].add(d)
    first, last = min(by_year), max(by_year)
    return {
        y: YearData(y, frozenset(by_year.get(y, (set(), set()))[0]),
                    frozenset(by_year.get(y, (set(), set()))[1]))
        for y in range(first, last + 1)
    }


@dataclass(frozen=True)
class Count:
    """A counted date and whether any year it relied on lacked official data."""

    day: date
    estimated: bool


@dataclass
class WorkingDayCalendar:
    years: dict[int, YearData] = field(default_factory=dict)

    @classmethod
    def default(cls, user_years: Iterable[YearData] = ()) -> WorkingDayCalendar:
        cal = cls(official_years())
        for y in user_years:
            cal.add_year(y)
        return cal

    def add_year(self, data: YearData) -> None:
        """User-entered data fills a missing year; it never overrides an official one."""
        existing = self.years.get(data.year)
        if existing is not None and existing.source == "official":
            return
        self.years[data.year] = data

    def has_data(self, year: int) -> bool:
        return year in self.years

    def covered_years(self) -> list[int]:
        return sorted(self.years)

    def is_workday(self, d: date) -> bool:
        data = self.years.get(d.year)
        if data is not None:
            if d in data.workdays:
                return True
            if d in data.holidays:
                return False
        return d.weekday() < 5

    def is_rest_day(self, d: date) -> bool:
        return not self.is_workday(d)

    def add_working_days(self, start: date, n: int) -> Count:
        """The day on which N working days after ``start`` end (start day not counted)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        d = start
        estimated = False
        remaining = n
        while remaining:
            d += ONE_DAY
            estimated = estimated or not self.has_data(d.year)
            if self.is_workday(d):
                remaining -= 1
        return Count(d, estimated)

    def next_workday_on_or_after(self, d: date) -> Count:
        estimated = not self.has_data(d.year)
        while not self.is_workday(d):
            d += ONE_DAY
            estimated = estimated or not self.has_data(d.year)
        return Count(d, estimated)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        count = 0
        d = start
        while d < end:
            d += ONE_DAY
            count += self.is_workday(d)
        return count


def load_user_years(path: Path) -> list[YearData]:
    """The user's own years, as saved by ``save_user_year``; a missing file is no years."""
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise KnownError("holiday_file_bad", detail=str(exc)) from None
    if isinstance(raw, dict):
        raw = raw.get("years", [raw])
    return [YearData.from_json(item) for item in raw]


def save_user_year(path: Path, data: YearData) -> None:
    years = {y.year: y for y in load_user_years(path)}
    years[data.year] = data
    payload = {"years": [years[y].to_json() for y in sorted(years)]}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def parse_year_file(text: str) -> YearData:
    """A year's notice typed by a user, as JSON or as plain lines.

    Plain lines: ``2027-01-01 休`` / ``2027-02-07 班`` (also ``holiday`` / ``workday``),
    ranges ``2027-10-01..2027-10-07 休``; ``#`` starts a comment.
    """
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError) as exc:  # RecursionError: arrays nested 100,000 deep
            raise KnownError("holiday_file_bad", detail=str(exc)) from None
        return YearData.from_json(data)
    hol: set[date] = set()
    work: set[date] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in {"休", "班", "holiday", "workday"}:
            raise KnownError("holiday_line_bad", line=lineno)
        try:
            if ".." in parts[0]:
                a, b = (date.fromisoformat(s) for s in parts[0].split(".."))
            else:
                a = b = date.fromisoformat(parts[0])
        except ValueError:
            raise KnownError("holiday_line_bad", line=lineno) from None
        if a.year != b.year or a > b:  # a range inside one year, in order (not 0001..9999)
            raise KnownError("holiday_line_bad", line=lineno)
        target = hol if parts[1] in {"休", "holiday"} else work
        target.update(a + timedelta(days=i) for i in range((b - a).days + 1))
    days = hol | work
    if not days:
        raise KnownError("holiday_file_bad", detail="empty")
    years = {d.year for d in days}
    if len(years) != 1:
        raise KnownError("holiday_file_bad", detail="more than one year")
    return YearData(years.pop(), frozenset(hol), frozenset(work), "user")
