"""Edges of the deadline engine that a planted bug once slipped through: a resubmission,
the exact due instant, a tie between "met" and "ended", and steps given out of time order."""

from datetime import timedelta

from tbcase.domain.ladder import (
    Action,
    DeadlineState,
)
from tbcase.domain.model import StepKind
from tests.ladder_harness import run, t


def test_a_resubmitted_complaint_restarts_its_clock():
    first, again = t(2026, 11, 2, 10), t(2026, 11, 20, 10)
    d, nxt = run([("written_complaint", first), ("written_complaint", again)], t(2026, 11, 23, 9))
    assert d["written_reply"].starts == again
    assert d["written_reply"].due == t(2026, 12, 2)  # 7 working days after Fri 11-20: Tue 12-01 ends
    assert d["written_reply"].state == DeadlineState.UPCOMING
    assert nxt.action == Action.WAIT_WRITTEN_REPLY
    # the same two steps given newest first: still the newest one counts
    d2, _ = run([("written_complaint", again), ("written_complaint", first)], t(2026, 11, 23, 9))
    assert d2["written_reply"].starts == again


def test_at_exactly_the_due_time_it_is_not_yet_overdue():
    complaint = t(2026, 11, 20, 10)
    due = complaint + timedelta(hours=24)
    d, _ = run([("complaint", complaint)], due)
    assert d["app_reply"].due == due and d["app_reply"].state == DeadlineState.DUE_SOON
    d, _ = run([("complaint", complaint)], due + timedelta(seconds=1))
    assert d["app_reply"].state == DeadlineState.OVERDUE
    # and exactly 24 hours before the due time is already "due soon", a second earlier is not
    d, _ = run([("written_complaint", t(2026, 11, 2, 10))], t(2026, 11, 11))
    assert d["written_reply"].due == t(2026, 11, 12) and d["written_reply"].state == DeadlineState.DUE_SOON
    d, _ = run([("written_complaint", t(2026, 11, 2, 10))], t(2026, 11, 11) - timedelta(seconds=1))
    assert d["written_reply"].state == DeadlineState.UPCOMING


def test_a_reply_at_the_same_moment_as_the_escalation_counts_as_met():
    at = t(2026, 11, 5, 10)
    steps = [("written_complaint", t(2026, 11, 2, 10)), ("alibaba", at), ("written_reply", at)]
    d, _ = run(steps, t(2026, 11, 6))
    assert d["written_reply"].state == DeadlineState.MET and d["written_reply"].met_at == at
    # one minute later than the escalation: the reply no longer meets it, the escalation ended it
    steps[2] = ("written_reply", at + timedelta(minutes=1))
    d, _ = run(steps, t(2026, 11, 6))
    assert d["written_reply"].state == DeadlineState.IRRELEVANT


def test_a_met_deadline_is_met_by_a_step_after_its_start_only():
    steps = [("written_reply", t(2026, 11, 1, 10)), ("written_complaint", t(2026, 11, 2, 10))]
    d, _ = run(steps, t(2026, 11, 3))
    assert d["written_reply"].state == DeadlineState.UPCOMING and d["written_reply"].met_at is None


def test_next_step_follows_time_not_the_order_steps_were_given():
    """A back-dated step recorded last must not be taken as the latest one."""
    in_time = [("complaint", t(2026, 11, 1, 10)), ("written_complaint", t(2026, 11, 3, 10)),
               ("written_reply", t(2026, 11, 6, 10))]
    recorded = [in_time[0], in_time[2], in_time[1]]  # the written complaint entered late, back-dated
    for steps in (in_time, recorded, list(reversed(in_time))):
        d, nxt = run(steps, t(2026, 11, 7))
        assert nxt.action == Action.DECIDE_ON_REPLY, steps
        assert nxt.escalate_to == StepKind.ALIBABA
        assert d["written_reply"].state == DeadlineState.MET


def test_a_closing_step_recorded_before_a_later_one_does_not_close():
    steps = [("complaint", t(2026, 11, 1, 10)), ("written_complaint", t(2026, 11, 3, 10)),
             ("resolved", t(2026, 11, 2, 10))]
    _, nxt = run(steps, t(2026, 11, 4))
    assert nxt.action == Action.WAIT_WRITTEN_REPLY
    _, nxt = run(list(reversed(steps)), t(2026, 11, 4))
    assert nxt.action == Action.WAIT_WRITTEN_REPLY


def test_the_first_reply_in_time_meets_the_deadline_whatever_the_order_given():
    first_reply, second_reply = t(2026, 11, 5, 10), t(2026, 11, 6, 10)
    steps = [("written_complaint", t(2026, 11, 2, 10)), ("written_reply", second_reply),
             ("written_reply", first_reply)]
    d, _ = run(steps, t(2026, 11, 7))
    assert d["written_reply"].met_at == first_reply
