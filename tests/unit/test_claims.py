"""Every claim of ``tbcase.domain.claims``, both ways: licensed → made, not licensed → not made."""

from datetime import date, datetime

import pytest

from tbcase.domain.claims import (
    CLAIMS,
    ClaimKind,
    letter_moment,
    step_is_told,
    unanswered_wait,
)
from tbcase.domain.ladder import StepEvent
from tbcase.domain.model import SHANGHAI, StepKind
from tbcase.domain.workdays import WorkingDayCalendar

CAL = WorkingDayCalendar.default()


def t(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def ev(kind, at):
    return StepEvent(StepKind(kind), at)


def wait_of(steps, i, moment):
    events = [ev(k, at) for k, at in steps]
    return unanswered_wait(events[i], events, CAL, moment)


def test_every_claim_names_its_licence():
    assert set(CLAIMS) == set(ClaimKind)
    for claim in CLAIMS.values():
        assert claim.words and len(claim.licence) > 20


@pytest.mark.parametrize(("later", "moment", "expected"), [
    # escalated two hours later: the 24 hours never ran out before the next step
    ([("written_complaint", t(2026, 11, 20, 12))], t(2026, 11, 25), None),
    # escalated three days later, no reply recorded
    ([("written_complaint", t(2026, 11, 23, 12))], t(2026, 11, 25), ClaimKind.NO_APP_REPLY),
    # a reply recorded within the 24 hours
    ([("platform_reply", t(2026, 11, 20, 18)), ("written_complaint", t(2026, 11, 23))],
     t(2026, 11, 25), None),
    # a reply recorded after the 24 hours but before the next step: conservative, no claim
    ([("platform_reply", t(2026, 11, 22)), ("written_complaint", t(2026, 11, 23))],
     t(2026, 11, 25), None),
    # nothing after the complaint: the letter's moment decides
    ([], t(2026, 11, 21, 9, 59), None),
    ([], t(2026, 11, 21, 10, 0), ClaimKind.NO_APP_REPLY),
])
def test_no_app_reply_within_24_hours(later, moment, expected):
    steps = [("complaint", t(2026, 11, 20, 10))] + later
    assert wait_of(steps, 0, moment) == expected


def test_no_written_reply_within_7_working_days():
    written = ("written_complaint", t(2026, 11, 2, 10))  # 7 working days end 11-11 24:00
    assert wait_of([written, ("alibaba", t(2026, 11, 12, 9))], 0, t(2026, 11, 20)) == \
        ClaimKind.NO_WRITTEN_REPLY
    assert wait_of([written, ("alibaba", t(2026, 11, 11, 23))], 0, t(2026, 11, 20)) is None
    assert wait_of([written, ("written_reply", t(2026, 11, 5)), ("alibaba", t(2026, 11, 12, 9))],
                   0, t(2026, 11, 20)) is None
    assert wait_of([written], 0, t(2026, 11, 11, 12)) is None
    # other steps never carry a waiting claim
    assert wait_of([("alibaba", t(2026, 11, 2))], 0, t(2027, 1, 1)) is None


def test_a_repeated_complaint_has_its_own_clock():
    steps = [("complaint", t(2026, 11, 20, 10)), ("complaint", t(2026, 11, 22, 10)),
             ("written_complaint", t(2026, 11, 22, 11))]
    # the first waited 48 hours unanswered; the second was followed by a letter an hour later
    assert wait_of(steps, 0, t(2026, 11, 25)) == ClaimKind.NO_APP_REPLY
    assert wait_of(steps, 1, t(2026, 11, 25)) is None


def test_letter_moment_and_steps_told():
    made = t(2026, 11, 23, 9)
    assert letter_moment(date(2026, 11, 23), made) == made
    assert letter_moment(date(2026, 11, 1), made) == t(2026, 11, 2)  # backdated: its own day
    assert step_is_told(ev("complaint", t(2026, 11, 1, 23)), t(2026, 11, 2))
    assert not step_is_told(ev("complaint", t(2026, 11, 20)), t(2026, 11, 2))
