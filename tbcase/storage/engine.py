"""The deadline engine as the app uses it: shipped rules plus the user's overrides,
the official working-day calendar plus the years the user entered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

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
from tbcase.domain.workdays import (
    WorkingDayCalendar,
    YearData,
    load_user_years,
    parse_year_file,
    save_user_year,
)
from tbcase.paths import resource, user_config_dir


@dataclass
class Timeline:
    deadlines: list[Deadline]
    next_step: NextStep
    warnings: list[CaseWarning] = field(default_factory=list)


class DeadlineEngine:
    def __init__(self, config_dir: Path | None = None) -> None:
        self.config_dir = config_dir or user_config_dir()
        self.rules: list[Rule] = load_rules(resource("rules", "ladder.toml"),
                                            self.config_dir / "ladder.toml")
        self.calendar = WorkingDayCalendar.default(load_user_years(self.holidays_file))

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
        save_user_year(self.holidays_file, data)
        self.calendar.add_year(data)

    def import_year_file(self, text: str) -> YearData:
        data = parse_year_file(text)
        self.add_user_year(data)
        return data
