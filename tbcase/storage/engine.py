"""The deadline engine as the app uses it: shipped rules plus the user's overrides,
the official working-day calendar plus the years the user entered."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase.domain.ladder import (
    CaseFacts,
    CaseWarning,
    Deadline,
    NextStep,
    Rule,
    case_warnings,
    compute_deadlines,
    load_rules,
    next_step,
)
from tbcase.domain.model import now as now_
from tbcase.paths import resource, user_config_dir

if TYPE_CHECKING:
    from tbcase.domain.workdays import WorkingDayCalendar, YearData


@dataclass
class Timeline:
    """A case's deadlines, its next step and the warnings about its facts."""

    deadlines: list[Deadline]
    next_step: NextStep
    warnings: list[CaseWarning] = field(default_factory=list)


class DeadlineEngine:
    """The rules and the calendar are read on first use (from any thread): starting the
    window lists cases from the library index without them (``deadline_cache``)."""

    def __init__(self, config_dir: Path | None = None) -> None:
        self.config_dir = config_dir or user_config_dir()
        self._lock = threading.Lock()
        self._rules: list[Rule] | None = None
        self._calendar: WorkingDayCalendar | None = None

    @property
    def rules_files(self) -> tuple[Path, Path]:
        """The shipped rules and the user's (which replace them by id)."""
        return resource("rules", "ladder.toml"), self.config_dir / "ladder.toml"

    @property
    def rules(self) -> list[Rule]:
        if self._rules is None:
            with self._lock:
                if self._rules is None:
                    self._rules = load_rules(*self.rules_files)
        return self._rules

    @property
    def calendar(self) -> WorkingDayCalendar:
        if self._calendar is None:
            with self._lock:
                if self._calendar is None:
                    from tbcase.domain.workdays import WorkingDayCalendar, load_user_years

                    self._calendar = WorkingDayCalendar.default(load_user_years(self.holidays_file))
        return self._calendar

    def __getstate__(self) -> dict[str, Any]:  # crosses to the letter's worker process
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _lock=threading.Lock())

    def rules_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @property
    def holidays_file(self) -> Path:
        return self.config_dir / "holidays.json"

    def deadlines(self, facts: CaseFacts, now: datetime | None = None) -> list[Deadline]:
        return compute_deadlines(facts, self.rules, self.calendar, now or now_())

    def timeline(self, facts: CaseFacts, now: datetime | None = None) -> Timeline:
        deadlines = compute_deadlines(facts, self.rules, self.calendar, now or now_())
        return Timeline(deadlines, next_step(facts, deadlines), case_warnings(facts))

    def add_user_year(self, data: YearData) -> None:
        from tbcase.domain.workdays import save_user_year

        save_user_year(self.holidays_file, data)
        self.calendar.add_year(data)

    def import_year_file(self, text: str) -> YearData:
        from tbcase.domain.workdays import parse_year_file

        data = parse_year_file(text)
        self.add_user_year(data)
        return data
