"""The escalation ladder and the deadline engine.

Rules are data (``resources/rules/ladder.toml``, overridable by the user); this
module turns a case's facts (sign-for time, recorded steps, user countdowns) into
deadlines with a state, and says what the user should do next.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase.domain.errors import KnownError
from tbcase.domain.model import StepKind, end_of_day

if TYPE_CHECKING:
    from tbcase.domain.workdays import WorkingDayCalendar

DUE_SOON = timedelta(hours=24)


class Basis(StrEnum):
    LAW = "law"
    PLATFORM = "platform"  # a published platform rule
    GUIDE = "guide"  # the complaint guide tbcase follows advises it; no published rule sets it
    PRACTICE = "practice"


class StateBasis(StrEnum):
    """Which of a deadline's two dates its state was computed against."""

    DUE = "due"  # the unextended date: the buyer's own windows, and clocks the law never extends
    LEGAL_DUE = "legal_due"  # the extended legal last day (民法典 第203条): the other party's clocks


class DeadlineState(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    IRRELEVANT = "irrelevant"


OPEN_STATES = (DeadlineState.UPCOMING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)


@dataclass(frozen=True)
class Rule:
    """One rung's deadline rule as the rules file states it, with the article it cites."""

    id: str
    who: str
    label_zh: str
    label_en: str
    starts: str
    unit: str  # hours | days | working_days | years
    amount: int
    met_by: tuple[str, ...]
    ends: tuple[str, ...]
    basis: Basis
    source_zh: str
    source_en: str
    checked: str
    valid_from: date
    valid_to: date | None = None
    extend: bool = False
    note_zh: str = ""
    note_en: str = ""

    def applies_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


_UNITS = ("hours", "days", "working_days", "years")
# the longest period a rule may have, per unit (ten years): a ladder.toml from elsewhere with
# { working_days = 3000000 } ran the calendar past 9999, and -5 days put a deadline before
# its start; every case then listed as a bug
_LONGEST = {"hours": 24 * 3660, "days": 3660, "working_days": 2500, "years": 10}


def _names(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("met_by and ends are lists of step kinds")
    return tuple(value)


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """A rule as the rules file writes it (``rule_from_dict`` reads it back equal)."""
    raw: dict[str, Any] = {
        "id": rule.id, "who": rule.who, "label_zh": rule.label_zh, "label_en": rule.label_en,
        "starts": rule.starts, "period": {rule.unit: rule.amount}, "met_by": list(rule.met_by),
        "ends": list(rule.ends), "basis": rule.basis.value, "source_zh": rule.source_zh,
        "source_en": rule.source_en, "checked": rule.checked, "valid_from": rule.valid_from.isoformat(),
        "extend": rule.extend, "note_zh": rule.note_zh, "note_en": rule.note_en,
    }
    if rule.valid_to is not None:
        raw["valid_to"] = rule.valid_to.isoformat()
    return raw


def rule_from_dict(raw: object) -> Rule:
    """One ``[[rule]]`` of a rules file; ``KnownError`` when it is not a rule."""
    if not isinstance(raw, dict):
        raise KnownError("rules_bad", rule="?", detail="a rule is a [[rule]] table")
    try:
        period = raw["period"]
        units = [u for u in _UNITS if u in period]
        if len(units) != 1:
            raise ValueError("period needs exactly one of " + ", ".join(_UNITS))
        amount = int(period[units[0]])
        if not 1 <= amount <= _LONGEST[units[0]]:
            raise ValueError(f"{units[0]} must be from 1 to {_LONGEST[units[0]]}")
        if not isinstance(raw["id"], str):
            raise ValueError("id is text")
        valid_to = raw.get("valid_to") or None
        return Rule(
            id=raw["id"],
            who=raw.get("who", ""),
            label_zh=raw["label_zh"],
            label_en=raw["label_en"],
            starts=raw["starts"],
            unit=units[0],
            amount=amount,
            met_by=_names(raw.get("met_by", [])),
            ends=_names(raw.get("ends", [])),
            basis=Basis(raw.get("basis", "practice")),
            source_zh=raw.get("source_zh", ""),
            source_en=raw.get("source_en", ""),
            checked=str(raw.get("checked", "")),
            valid_from=date.fromisoformat(str(raw.get("valid_from", "1900-01-01"))),
            valid_to=date.fromisoformat(str(valid_to)) if valid_to else None,
            extend=bool(raw.get("extend", False)),
            note_zh=str(raw.get("note_zh", "")),
            note_en=str(raw.get("note_en", "")),
        )
    except (KeyError, ValueError, TypeError, OverflowError) as exc:  # days = inf
        raise KnownError("rules_bad", rule=str(raw.get("id", "?"))[:40], detail=str(exc)) from None


def load_rules(shipped: Path, override: Path | None = None) -> list[Rule]:
    """Shipped rules, with the user's rules replacing them by id (or adding new ones)."""
    import tomllib  # loads with the rules, not with the window

    rules: dict[str, Rule] = {}
    for path in (shipped, override):
        if path is None or not path.exists():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise KnownError("rules_file_bad", path=str(path), detail=str(exc)) from None
        listed = data.get("rule", [])
        if not isinstance(listed, list):
            raise KnownError("rules_file_bad", path=str(path), detail="rule is not a list of [[rule]] tables")
        for raw in listed:
            rule = rule_from_dict(raw)
            rules[rule.id] = rule
    return list(rules.values())


@dataclass(frozen=True)
class StepEvent:
    """A step the user took (its kind) and when."""

    kind: StepKind
    at: datetime


@dataclass(frozen=True)
class Countdown:
    """A deadline the user copied from the order page, e.g. 卖家还剩 2天23时 处理."""

    label: str
    due: datetime
    created: datetime


@dataclass
class CaseFacts:
    """What the engine needs of a case; the storage layer fills it."""

    signed_at: datetime | None = None
    steps: list[StepEvent] = field(default_factory=list)
    return_signed_at: datetime | None = None
    countdowns: list[Countdown] = field(default_factory=list)
    closed: bool = False


@dataclass(frozen=True)
class Deadline:
    """A rule applied to a case: who must act, from when, by when, and how it stands."""

    rule: str
    label_zh: str
    label_en: str
    who: str
    starts: datetime
    due: datetime  # the safe deadline: never extended
    state: DeadlineState
    estimated: bool
    basis: Basis
    source_zh: str
    source_en: str
    legal_due: datetime | None = None  # extended to the next working day (民法典 第203条)
    legal_estimated: bool = False
    met_at: datetime | None = None
    state_basis: StateBasis = StateBasis.DUE
    note_zh: str = ""
    note_en: str = ""

    @property
    def decisive_due(self) -> datetime:
        """The date the state is computed against (see ``state_basis``)."""
        if self.state_basis == StateBasis.LEGAL_DUE and self.legal_due is not None:
            return self.legal_due
        return self.due

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def actionable(self) -> bool:
        """Open, and not a window of the buyer's own that has already closed."""
        return self.is_open and not (self.who == "buyer" and self.state == DeadlineState.OVERDUE)


def headline(deadlines: Iterable[Deadline]) -> Deadline | None:
    """The one deadline a case list shows: the earliest actionable one."""
    return min((d for d in deadlines if d.actionable), key=lambda d: d.due, default=None)


def due_time(rule_unit: str, amount: int, start: datetime, cal: WorkingDayCalendar
             ) -> tuple[datetime, bool]:
    """End of a period that starts at ``start``; the start day itself is not counted."""
    if rule_unit == "hours":
        return start + timedelta(hours=amount), False
    day = start.date()
    if rule_unit == "days":
        return end_of_day(day + timedelta(days=amount)), False
    if rule_unit == "working_days":
        count = cal.add_working_days(day, amount)
        return end_of_day(count.day), count.estimated
    if rule_unit == "years":
        import calendar

        year = day.year + amount
        last = min(day.day, calendar.monthrange(year, day.month)[1])
        return end_of_day(date(year, day.month, last)), False
    raise ValueError(rule_unit)


def legal_extension(due: datetime, cal: WorkingDayCalendar) -> tuple[datetime, bool]:
    """A natural-day period whose last day is a rest day ends on the next working day."""
    last_day = due.date() - timedelta(days=1)  # due is 24:00 of the last day
    count = cal.next_workday_on_or_after(last_day)
    return end_of_day(count.day), count.estimated


def _state(due: datetime, now: datetime) -> DeadlineState:
    if now > due:
        return DeadlineState.OVERDUE
    if due - now <= DUE_SOON:
        return DeadlineState.DUE_SOON
    return DeadlineState.UPCOMING


_COMPLAINTS = frozenset({StepKind.COMPLAINT, StepKind.WRITTEN_COMPLAINT, StepKind.ALIBABA, StepKind.THIRD_PARTY,
                         StepKind.CONSUMER_ASSOCIATION})


def _start_for(rule: Rule, facts: CaseFacts) -> datetime | None:
    if rule.starts == "order.signed":
        return facts.signed_at
    if rule.starts == "return.signed":
        return facts.return_signed_at
    if rule.starts == "regulator.accepted":
        accepted = [s.at for s in _regulator_replies(facts.steps)]
        return max(accepted) if accepted else None
    if rule.starts == "harm.known":
        # the earliest the case file shows it: signing for the goods, or any complaint (a
        # parcel late or broken in transit is complained of before it is signed for)
        known = [s.at for s in facts.steps if s.kind in _COMPLAINTS]
        known += [facts.signed_at] if facts.signed_at is not None else []
        return min(known) if known else None
    starts = [s.at for s in facts.steps if s.kind == rule.starts]
    return max(starts) if starts else None  # a resubmission restarts the clock


def _regulator_replies(steps: Iterable[StepEvent]) -> list[StepEvent]:
    """Third-party replies that answer a complaint to the market regulator (not to 消协)."""
    out = []
    level: StepKind | None = None
    for s in sorted(steps, key=lambda s: s.at):
        if s.kind in (StepKind.THIRD_PARTY, StepKind.CONSUMER_ASSOCIATION):
            level = s.kind
        elif s.kind == StepKind.THIRD_PARTY_REPLY and level == StepKind.THIRD_PARTY:
            out.append(s)
    return out


class CaseWarning(StrEnum):
    """Things about a case the user must know that are not a deadline."""

    CONSUMER_ASSOCIATION_12315 = "consumer_association_12315"


def case_warnings(facts: CaseFacts) -> list[CaseWarning]:
    out = []
    if any(s.kind == StepKind.CONSUMER_ASSOCIATION for s in facts.steps):
        # 总局令第121号 第16条 (暂行办法 第15条第2项 before): a dispute a consumer association
        # has already taken or handled is not accepted by the market regulator.
        out.append(CaseWarning.CONSUMER_ASSOCIATION_12315)
    return out


COUNTDOWN_SOURCE = ("订单页面倒计时", "Countdown on the order page")


def restate(deadlines: Iterable[Deadline], now: datetime) -> list[Deadline]:
    """Deadlines computed at some earlier moment, as ``compute_deadlines`` gives them at
    ``now``: only an open deadline's state depends on the time (against its decisive date),
    so the library index keeps computed lists and brings them to the present with this."""
    out = []
    for d in deadlines:
        state = _state(d.decisive_due, now) if d.is_open else d.state
        out.append(d if state == d.state else replace(d, state=state))  # frozen: shared when unchanged
    return out


def compute_deadlines(facts: CaseFacts, rules: Sequence[Rule], cal: WorkingDayCalendar,
                      now: datetime) -> list[Deadline]:
    out: list[Deadline] = []
    ordered = sorted(facts.steps, key=lambda s: s.at)
    for rule in rules:
        start = _start_for(rule, facts)
        if start is None or not rule.applies_on(start.date()):
            continue
        due, estimated = due_time(rule.unit, rule.amount, start, cal)
        legal_due = None
        legal_est = False
        if rule.extend and rule.unit in ("days", "years"):
            ext, legal_est = legal_extension(due, cal)
            if ext != due:
                legal_due = ext
        later = [s for s in ordered if s.at >= start]
        met = next((s for s in later if s.kind in rule.met_by), None)
        ended = next((s for s in later if s.kind in rule.ends), None)
        # The other party is late only after the legal last day; the buyer is warned
        # against the unextended one (the legal date is shown beside it).
        basis = (StateBasis.LEGAL_DUE if rule.who != "buyer" and legal_due is not None
                 else StateBasis.DUE)
        if met is not None and (ended is None or met.at <= ended.at):
            state, met_at = DeadlineState.MET, met.at
        elif ended is not None or facts.closed:
            state, met_at = DeadlineState.IRRELEVANT, None
        else:
            decisive = legal_due if basis == StateBasis.LEGAL_DUE and legal_due else due
            state, met_at = _state(decisive, now), None
        out.append(Deadline(rule.id, rule.label_zh, rule.label_en, rule.who, start, due, state,
                            estimated, rule.basis, rule.source_zh, rule.source_en, legal_due,
                            legal_est, met_at, basis, rule.note_zh, rule.note_en))
    for cd in facts.countdowns:
        state = DeadlineState.IRRELEVANT if facts.closed else _state(cd.due, now)
        out.append(Deadline("countdown", cd.label, cd.label, "seller", cd.created, cd.due, state,
                            False, Basis.PLATFORM, *COUNTDOWN_SOURCE))
    out.sort(key=lambda d: d.due)
    return out


class Action(StrEnum):
    """What the user should do next, following the ladder."""

    COMPLAIN_IN_APP = "complain_in_app"
    WAIT_APP_REPLY = "wait_app_reply"
    WRITTEN_COMPLAINT = "written_complaint"
    WAIT_WRITTEN_REPLY = "wait_written_reply"
    ALIBABA = "alibaba"
    WAIT_ALIBABA = "wait_alibaba"
    THIRD_PARTY = "third_party"
    WAIT_THIRD_PARTY = "wait_third_party"
    WAIT_CONSUMER_ASSOCIATION = "wait_consumer_association"
    RESUBMIT_OR_12315 = "resubmit_or_12315"
    RECONSIDER_OR_THIRD_PARTY = "reconsider_or_third_party"
    DECIDE_ON_REPLY = "decide_on_reply"
    NONE = "none"


@dataclass(frozen=True)
class NextStep:
    """What the user should do next on the ladder, and until when to wait."""

    action: Action
    record: StepKind | None  # the step the "done" button records
    after: datetime | None = None  # when waiting: until when
    escalate_to: StepKind | None = None  # when a reply came: where to go if unsatisfied


_LEVEL = {
    StepKind.COMPLAINT: 1,
    StepKind.WRITTEN_COMPLAINT: 2,
    StepKind.ALIBABA: 3,
    StepKind.THIRD_PARTY: 4,
    StepKind.CONSUMER_ASSOCIATION: 4,
}
_REPLY_OF = {
    StepKind.PLATFORM_REPLY: StepKind.COMPLAINT,
    StepKind.WRITTEN_REPLY: StepKind.WRITTEN_COMPLAINT,
    StepKind.THIRD_PARTY_REPLY: StepKind.THIRD_PARTY,
}
_NEXT_LEVEL = {
    StepKind.COMPLAINT: StepKind.WRITTEN_COMPLAINT,
    StepKind.WRITTEN_COMPLAINT: StepKind.ALIBABA,
    StepKind.ALIBABA: StepKind.THIRD_PARTY,
    StepKind.THIRD_PARTY: None,
    StepKind.CONSUMER_ASSOCIATION: None,
}
_WAIT = {
    StepKind.COMPLAINT: (Action.WAIT_APP_REPLY, "app_reply"),
    StepKind.WRITTEN_COMPLAINT: (Action.WAIT_WRITTEN_REPLY, "written_reply"),
    StepKind.ALIBABA: (Action.WAIT_ALIBABA, None),
    StepKind.THIRD_PARTY: (Action.WAIT_THIRD_PARTY, "regulator_handling"),
    StepKind.CONSUMER_ASSOCIATION: (Action.WAIT_CONSUMER_ASSOCIATION, None),  # no statutory clock
}
_GO = {
    StepKind.WRITTEN_COMPLAINT: Action.WRITTEN_COMPLAINT,
    StepKind.ALIBABA: Action.ALIBABA,
    StepKind.THIRD_PARTY: Action.THIRD_PARTY,
}


def next_step(facts: CaseFacts, deadlines: Iterable[Deadline]) -> NextStep:
    steps = sorted(facts.steps, key=lambda s: s.at)
    if facts.closed or any(s.kind in (StepKind.RESOLVED, StepKind.CLOSED) for s in steps[-1:]):
        return NextStep(Action.NONE, None)
    by_rule = {d.rule: d for d in deadlines}
    ladder = [s for s in steps if s.kind in _LEVEL or s.kind in _REPLY_OF
              or s.kind in (StepKind.REJECTED, StepKind.REFUSED)]
    if not ladder:
        return NextStep(Action.COMPLAIN_IN_APP, StepKind.COMPLAINT)
    last = ladder[-1]
    if last.kind == StepKind.REJECTED:
        return NextStep(Action.RESUBMIT_OR_12315, StepKind.WRITTEN_COMPLAINT,
                        escalate_to=StepKind.THIRD_PARTY)
    if last.kind == StepKind.REFUSED:
        return NextStep(Action.RECONSIDER_OR_THIRD_PARTY, StepKind.THIRD_PARTY)
    if last.kind in _REPLY_OF:
        level = _REPLY_OF[last.kind]
        return NextStep(Action.DECIDE_ON_REPLY, StepKind.RESOLVED,
                        escalate_to=_NEXT_LEVEL[level])
    level = last.kind
    wait_action, rule_id = _WAIT[level]
    deadline = by_rule.get(rule_id) if rule_id else None
    nxt = _NEXT_LEVEL[level]
    if deadline is not None and deadline.state == DeadlineState.OVERDUE:
        if nxt is None:  # the regulator is late: follow up with it
            return NextStep(Action.WAIT_THIRD_PARTY, StepKind.THIRD_PARTY_REPLY,
                            deadline.decisive_due)
        return NextStep(_GO[nxt], nxt)
    return NextStep(wait_action, _REPLY_STEP[level],
                    deadline.decisive_due if deadline is not None else None, escalate_to=nxt)


_REPLY_STEP = {
    StepKind.COMPLAINT: StepKind.PLATFORM_REPLY,
    StepKind.WRITTEN_COMPLAINT: StepKind.WRITTEN_REPLY,
    StepKind.ALIBABA: StepKind.RESOLVED,
    StepKind.THIRD_PARTY: StepKind.THIRD_PARTY_REPLY,
    StepKind.CONSUMER_ASSOCIATION: StepKind.THIRD_PARTY_REPLY,
}
