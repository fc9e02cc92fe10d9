"""The steps a user took (and the answers they got), the countdowns they copied from
the order page, and the facts the deadline engine reads from them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tbcase.domain.errors import KnownError
from tbcase.domain.ladder import CaseFacts, Countdown, StepEvent
from tbcase.domain.model import (
    CaseStatus,
    Direction,
    StepKind,
    now,
    parse_choice,
    parse_datetime,
    to_iso,
)
from tbcase.storage.access import CaseAccess
from tbcase.storage.letters import LetterStore
from tbcase.storage.models import CaseRow, capped, room_for_one
from tbcase.storage.models import Countdown as CountdownRow
from tbcase.storage.models import Step as StepRow
from tbcase.storage.records import Letter, Step, TrackingNumber, optional_time, stored_choice, stored_time
from tbcase.storage.tracking import TrackingStore

# the steps that set the case's status when recorded
_STATUS_OF = {StepKind.RESOLVED: CaseStatus.RESOLVED, StepKind.CLOSED: CaseStatus.CLOSED}


def _step(step_id: int, kind: object, at: object, ref: object, note: object) -> Step:
    """A stored step row as a record (an unreadable kind or time is this case's clear error)."""
    return Step(int(step_id), stored_choice(StepKind, kind), stored_time(at), str(ref), str(note))


MAX_ID = 2**63 - 1  # SQLite's largest rowid: a larger number is no step (not a value it cannot read)


class StepStore:
    def __init__(self, case: CaseAccess, tracking: TrackingStore, letters: LetterStore) -> None:
        self._case = case
        self._tracking = tracking
        self._letters = letters

    @staticmethod
    def _row(step_id: int) -> StepRow:
        row = StepRow.get_or_none(StepRow.id == step_id) if 1 <= step_id <= MAX_ID else None
        if row is None:
            raise KnownError("step_not_found", id=step_id)
        return row

    def all(self) -> list[Step]:
        """The steps in the order they happened (equal times: in the order recorded)."""
        with self._case.reading():
            q = capped(StepRow.select(StepRow.id, StepRow.kind, StepRow.at, StepRow.ref, StepRow.note)
                       .order_by(StepRow.at, StepRow.id).tuples(), self._case.path)
            steps = [_step(*row) for row in q]
        # stored times all carry +08:00, so text order is time order; sorting the parsed
        # times keeps that true for a file written elsewhere with another offset
        return sorted(steps, key=lambda s: (s.at, s.id))

    def add(self, kind: str, *, at: str | datetime | None = None, ref: str = "",
            note: str = "") -> Step:
        step_kind = parse_choice(StepKind, kind, "step")
        when = at if isinstance(at, datetime) else (parse_datetime(at) if at else now())
        stamp = to_iso(when)
        with self._case.writing():
            room_for_one(StepRow, self._case.path)
            row = StepRow.create(kind=step_kind.value, at=stamp, ref=ref, note=note,
                                 created=to_iso(now()))
            self._case.log("step.added", kind=step_kind.value, at=stamp, ref=ref)
            new_status = _STATUS_OF.get(step_kind)
            if new_status is not None:
                case = CaseRow.get()
                if case.status != new_status:
                    CaseRow.update(status=new_status.value).execute()
                    self._case.log("case.status", case.status, new_status.value)
            return Step(int(row.id), step_kind, stored_time(stamp), ref, note)

    def withdraw(self, step_id: int, reason: str = "") -> Step:
        """Take back a step recorded by mistake (the wrong kind, time or case): it leaves the
        steps the deadlines, the next step and the letter are read from, and the history keeps
        what it was and why. A withdrawn 已解决/已关闭 step gives the case back the status the
        remaining steps say (处理中 when none does), unless the status was changed since."""
        with self._case.writing():
            row = self._row(step_id)
            step = _step(row.id, row.kind, row.at, row.ref, row.note)
            row.delete_instance()
            self._case.log("step.withdrawn", kind=step.kind.value, at=to_iso(step.at), ref=step.ref,
                           note=step.note, reason=reason)
            implied = _STATUS_OF.get(step.kind)
            case = CaseRow.get()
            if implied is not None and case.status == implied.value:
                left = (StepRow.select(StepRow.kind).where(StepRow.kind.in_([k.value for k in _STATUS_OF]))
                        .order_by(StepRow.at.desc(), StepRow.id.desc()).first())
                status = _STATUS_OF[stored_choice(StepKind, left.kind)] if left else CaseStatus.OPEN
                if status != implied:
                    CaseRow.update(status=status.value).execute()
                    self._case.log("case.status", implied.value, status.value)
            return step

    def letters_telling(self, step_id: int) -> list[Letter]:
        """The letters kept in the case that told this step: made since it was recorded, for
        a moment at or after its time. Withdrawing it leaves them as printed: the user is told
        (a letter not yet sent is made again)."""
        with self._case.reading():
            row = self._row(step_id)
            step = _step(row.id, row.kind, row.at, row.ref, row.note)
        return self._letters.telling(step.kind.value, step.at)

    def countdowns(self) -> list[Countdown]:
        with self._case.reading():
            q = capped(CountdownRow.select(CountdownRow.label, CountdownRow.due, CountdownRow.created)
                       .order_by(CountdownRow.id).tuples(), self._case.path)
            return [Countdown(str(label), stored_time(due), stored_time(created)) for label, due, created in q]

    def add_countdown(self, label: str, due: str | datetime,
                      created: datetime | None = None) -> Countdown:
        """A countdown read from the order page at ``created`` (now, unless it is known)."""
        when = due if isinstance(due, datetime) else parse_datetime(due)
        created = created or now()
        with self._case.writing():
            room_for_one(CountdownRow, self._case.path)
            CountdownRow.create(label=label, due=to_iso(when), created=to_iso(created))
            self._case.log("countdown.added", label=label, due=to_iso(when))
        return Countdown(label, stored_time(to_iso(when)), stored_time(to_iso(created)))

    def facts(self) -> CaseFacts:
        """What the deadline engine needs of this case."""
        with self._case.reading():
            case = CaseRow.get()
            signed, status = optional_time(case.signed_at), str(case.status)
        return case_facts(signed, status, self.all(), self._tracking.all(), self.countdowns())


def case_facts(signed_at: datetime | None, status: str, steps: Iterable[Step],
               tracking: Iterable[TrackingNumber], countdowns: Iterable[Countdown]) -> CaseFacts:
    """The engine's view of a case from its records (all times already parsed)."""
    ordered = sorted(steps, key=lambda s: (s.at, s.id))
    events = [StepEvent(s.kind, s.at) for s in ordered]
    tracking = list(tracking)
    returns = [s.at for s in ordered if s.kind == StepKind.RETURN_SIGNED]
    returns += [t.signed for t in tracking if t.direction == Direction.RETURN and t.signed]
    outbound = [t.signed for t in tracking if t.direction == Direction.OUT and t.signed]
    return CaseFacts(
        signed_at=signed_at or (min(outbound) if outbound else None),
        steps=events,
        return_signed_at=min(returns) if returns else None,
        countdowns=list(countdowns),
        closed=status in (CaseStatus.RESOLVED, CaseStatus.CLOSED),
    )
