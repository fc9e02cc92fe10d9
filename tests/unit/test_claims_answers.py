"""'，24小时内未获处理' says the in-app complaint was not handled within 24 hours: any answer
from the platform recorded within them makes it untrue, a written one (平台客服书面答复) as much
as an in-app one. '，7个工作日内未获书面答复' is about a written answer only: an in-app reply
does not make it untrue."""

from datetime import datetime

from tbcase.domain.claims import ClaimKind, unanswered_wait
from tbcase.domain.ladder import StepEvent
from tbcase.domain.model import SHANGHAI, StepKind
from tbcase.domain.workdays import WorkingDayCalendar

CAL = WorkingDayCalendar.default()


def t(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def wait_of(steps, moment):
    events = [StepEvent(StepKind(k), at) for k, at in steps]
    return unanswered_wait(events[0], events, CAL, moment)


def test_a_written_answer_within_24_hours_is_an_answer_to_the_app_complaint():
    steps = [("complaint", t(2026, 11, 20, 10)), ("written_reply", t(2026, 11, 20, 15)),
             ("alibaba", t(2026, 11, 23, 10))]
    assert wait_of(steps, t(2026, 11, 25)) is None
    unanswered = [("complaint", t(2026, 11, 20, 10)), ("alibaba", t(2026, 11, 23, 10))]
    assert wait_of(unanswered, t(2026, 11, 25)) == ClaimKind.NO_APP_REPLY


def test_an_in_app_reply_is_not_a_written_answer():
    steps = [("written_complaint", t(2026, 11, 2, 10)), ("platform_reply", t(2026, 11, 3, 10)),
             ("alibaba", t(2026, 11, 12, 9))]
    assert wait_of(steps, t(2026, 11, 20)) == ClaimKind.NO_WRITTEN_REPLY
