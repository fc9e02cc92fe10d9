"""The engine over rules made in the test (independent of the shipped rule data, which follows
the law and may change): every field of a deadline, the legal extension of natural-day periods,
the clock starts, countdowns, and the next step's button for each end of the ladder."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from tbcase.domain.ladder import (
    Action,
    Basis,
    CaseFacts,
    Countdown,
    Deadline,
    DeadlineState,
    Rule,
    StateBasis,
    StepEvent,
    compute_deadlines,
    due_time,
    headline,
    legal_extension,
    next_step,
)
from tbcase.domain.model import SHANGHAI, StepKind
from tbcase.domain.workdays import WorkingDayCalendar

CAL = WorkingDayCalendar.default()


def t(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def rule(**kw):
    base = dict(id="r", who="seller", label_zh="标签", label_en="Label", starts="complaint", unit="days",
                amount=3, met_by=("platform_reply",), ends=("closed",), basis=Basis.LAW, source_zh="来源",
                source_en="Source", checked="2026-11-29", valid_from=date(2000, 1, 1), valid_to=None,
                extend=False, note_zh="注意", note_en="Note")
    base.update(kw)
    return Rule(**base)


def facts(*steps, **kw):
    return CaseFacts(steps=[StepEvent(StepKind(k), at) for k, at in steps], **kw)


def test_every_field_of_a_deadline_comes_from_its_rule():
    (d,) = compute_deadlines(facts(("complaint", t(2026, 11, 2, 10))), [rule()], CAL, t(2026, 11, 3))
    assert d == Deadline("r", "标签", "Label", "seller", t(2026, 11, 2, 10), t(2026, 11, 6), DeadlineState.UPCOMING,
                         False, Basis.LAW, "来源", "Source", None, False, None, StateBasis.DUE, "注意", "Note")


def test_a_natural_day_period_ending_on_a_holiday_is_extended_for_the_other_party():
    # 3 days from 2026-09-28 end on Thu 10-01 (National Day): the legal last day is Thu 10-08
    f = facts(("complaint", t(2026, 9, 28, 10)))
    (d,) = compute_deadlines(f, [rule(extend=True)], CAL, t(2026, 10, 5))
    assert d.due == t(2026, 10, 2) and d.legal_due == t(2026, 10, 9) and not d.legal_estimated
    assert d.state_basis == StateBasis.LEGAL_DUE and d.state == DeadlineState.UPCOMING  # not late before 10-09
    assert d.decisive_due == t(2026, 10, 9)
    # the buyer's own window is warned against the unextended day
    (b,) = compute_deadlines(f, [rule(extend=True, who="buyer")], CAL, t(2026, 10, 5))
    assert b.legal_due == t(2026, 10, 9) and b.state_basis == StateBasis.DUE and b.state == DeadlineState.OVERDUE
    # not extended: rules that do not say so, hours, working days
    for r in (rule(), rule(extend=True, unit="hours", amount=72), rule(extend=True, unit="working_days")):
        (n,) = compute_deadlines(f, [r], CAL, t(2026, 10, 5))
        assert n.legal_due is None and n.state_basis == StateBasis.DUE and not n.legal_estimated


def test_a_years_period_is_extended_too_and_a_working_last_day_is_not():
    (d,) = compute_deadlines(facts(("complaint", t(2023, 10, 1, 10))), [rule(extend=True, unit="years", amount=3)],
                             CAL, t(2026, 9, 1))
    assert d.due == t(2026, 10, 2) and d.legal_due == t(2026, 10, 9)
    (w,) = compute_deadlines(facts(("complaint", t(2026, 11, 2, 10))), [rule(extend=True)], CAL, t(2026, 11, 3))
    assert w.legal_due is None  # Thu 11-05 is a working day


def test_legal_extension_into_a_year_without_data_is_estimated():
    ext, estimated = legal_extension(t(2099, 1, 4), CAL)  # last day Sat 2099-01-03
    assert ext == t(2099, 1, 6) and estimated
    assert legal_extension(t(2026, 11, 6), CAL) == (t(2026, 11, 6), False)


def test_due_times_per_unit():
    start = t(2024, 2, 29, 15)
    assert due_time("hours", 24, start, CAL) == (t(2024, 3, 1, 15), False)
    assert due_time("days", 1, start, CAL) == (t(2024, 3, 2), False)
    assert due_time("years", 1, start, CAL) == (t(2025, 3, 1), False)  # 2025-02-28 ends: no 29th
    assert due_time("working_days", 1, t(2099, 1, 1), CAL) == (t(2099, 1, 3), True)
    with pytest.raises(ValueError, match="fortnights"):
        due_time("fortnights", 1, start, CAL)


def test_clock_starts():
    harm = rule(starts="harm.known", unit="years", amount=3, met_by=(), ends=())
    f = facts(("complaint", t(2026, 11, 5, 10)), ("complaint", t(2026, 11, 3, 10)), ("alibaba", t(2026, 11, 1)))
    assert compute_deadlines(f, [harm], CAL, t(2026, 11, 6))[0].starts == t(2026, 11, 1)  # the first complaint, any
    f2 = replace(f, signed_at=t(2026, 10, 30, 18))
    assert compute_deadlines(f2, [harm], CAL, t(2026, 11, 6))[0].starts == t(2026, 10, 30, 18)
    # signed for after a complaint: the complaint shows the harm was known first
    assert compute_deadlines(replace(f, signed_at=t(2026, 11, 2)), [harm], CAL, t(2026, 11, 6))[0].starts == \
        t(2026, 11, 1)
    assert compute_deadlines(facts(("platform_reply", t(2026, 11, 1))), [harm], CAL, t(2026, 11, 6)) == []
    signed = rule(starts="order.signed")
    assert compute_deadlines(f2, [signed], CAL, t(2026, 11, 6))[0].starts == t(2026, 10, 30, 18)
    returned = rule(starts="return.signed")
    assert compute_deadlines(f2, [returned], CAL, t(2026, 11, 6)) == []
    f3 = replace(f2, return_signed_at=t(2026, 11, 4, 9))
    assert compute_deadlines(f3, [returned], CAL, t(2026, 11, 6))[0].starts == t(2026, 11, 4, 9)
    # a rule applies by the date its clock starts
    late = rule(valid_from=date(2026, 11, 4))
    assert compute_deadlines(facts(("complaint", t(2026, 11, 3, 23))), [late], CAL, t(2026, 11, 6)) == []
    assert compute_deadlines(facts(("complaint", t(2026, 11, 4, 0))), [late], CAL, t(2026, 11, 6))


def test_regulator_clock_starts_at_a_reply_to_a_regulator_complaint_only():
    r = rule(starts="regulator.accepted", met_by=("resolved",))
    to_association = facts(("consumer_association", t(2026, 11, 1)), ("third_party_reply", t(2026, 11, 2)))
    assert compute_deadlines(to_association, [r], CAL, t(2026, 11, 3)) == []
    both = facts(("third_party", t(2026, 11, 1)), ("third_party_reply", t(2026, 11, 2)),
                 ("third_party_reply", t(2026, 11, 4)))
    assert compute_deadlines(both, [r], CAL, t(2026, 11, 5))[0].starts == t(2026, 11, 4)


def test_a_reply_at_the_very_moment_the_clock_starts_meets_it():
    at = t(2026, 11, 2, 10)
    (d,) = compute_deadlines(facts(("complaint", at), ("platform_reply", at)), [rule()], CAL, t(2026, 11, 3))
    assert d.state == DeadlineState.MET and d.met_at == at


def test_closed_case_makes_open_clocks_irrelevant():
    f = facts(("complaint", t(2026, 11, 2, 10)), closed=True)
    (d,) = compute_deadlines(f, [rule()], CAL, t(2026, 12, 1))
    assert d.state == DeadlineState.IRRELEVANT and d.met_at is None


def test_countdowns_copied_from_the_order_page():
    cd = Countdown("卖家还剩 2天", t(2026, 11, 5, 12), t(2026, 11, 3, 12))
    (d,) = compute_deadlines(CaseFacts(countdowns=[cd]), [], CAL, t(2026, 11, 4, 13))
    assert d == Deadline("countdown", "卖家还剩 2天", "卖家还剩 2天", "seller", t(2026, 11, 3, 12), t(2026, 11, 5, 12),
                         DeadlineState.DUE_SOON, False, Basis.PLATFORM, "订单页面倒计时", "Countdown on the order page")
    (closed,) = compute_deadlines(CaseFacts(countdowns=[cd], closed=True), [], CAL, t(2026, 11, 4, 13))
    assert closed.state == DeadlineState.IRRELEVANT


def test_deadlines_are_sorted_by_due_time_and_headline_picks_the_earliest_actionable():
    f = facts(("complaint", t(2026, 11, 2, 10)))
    ds = compute_deadlines(f, [rule(id="long", amount=9), rule(id="short", amount=1)], CAL, t(2026, 11, 2, 11))
    assert [d.rule for d in ds] == ["short", "long"]
    assert headline(ds).rule == "short"
    assert headline([]) is None
    own_late = compute_deadlines(f, [rule(who="buyer", amount=1)], CAL, t(2026, 11, 10))
    assert own_late[0].state == DeadlineState.OVERDUE and headline(own_late) is None


@pytest.mark.parametrize("steps, action, record, escalate", [
    ([("written_complaint", 1), ("rejected", 2)], Action.RESUBMIT_OR_12315, StepKind.WRITTEN_COMPLAINT,
     StepKind.THIRD_PARTY),
    ([("third_party", 1), ("refused", 2)], Action.RECONSIDER_OR_THIRD_PARTY, StepKind.THIRD_PARTY, None),
    ([("complaint", 1), ("platform_reply", 2)], Action.DECIDE_ON_REPLY, StepKind.RESOLVED,
     StepKind.WRITTEN_COMPLAINT),
    ([("alibaba", 1)], Action.WAIT_ALIBABA, StepKind.RESOLVED, StepKind.THIRD_PARTY),
    ([("complaint", 1), ("closed", 2)], Action.NONE, None, None),
])
def test_next_step_buttons(steps, action, record, escalate):
    f = facts(*[(k, t(2026, 11, day, 10)) for k, day in steps])
    nxt = next_step(f, [])
    assert (nxt.action, nxt.record, nxt.escalate_to) == (action, record, escalate)
    if action == Action.WAIT_ALIBABA:
        assert nxt.after is None


def test_waiting_shows_until_when_on_the_decisive_date():
    f = facts(("written_complaint", t(2026, 11, 2, 10)))
    d = replace(compute_deadlines(f, [rule(id="written_reply", starts="written_complaint")], CAL, t(2026, 11, 3))[0],
                legal_due=t(2026, 11, 9), state_basis=StateBasis.LEGAL_DUE)
    nxt = next_step(f, [d])
    assert nxt.action == Action.WAIT_WRITTEN_REPLY and nxt.after == t(2026, 11, 9)
    late = replace(d, state=DeadlineState.OVERDUE)
    assert next_step(f, [late]).action == Action.ALIBABA
    f3 = facts(("third_party", t(2026, 11, 2, 10)))
    r = replace(late, rule="regulator_handling")
    nxt = next_step(f3, [r])
    assert (nxt.action, nxt.record, nxt.after) == (Action.WAIT_THIRD_PARTY, StepKind.THIRD_PARTY_REPLY, t(2026, 11, 9))
    assert next_step(f3, []).after is None
    assert next_step(f3, [replace(r, state=DeadlineState.UPCOMING)]).after == t(2026, 11, 9)


def test_deadline_due_soon_is_24_hours():
    (d,) = compute_deadlines(facts(("complaint", t(2026, 11, 2, 10))), [rule(unit="hours", amount=48)], CAL,
                             t(2026, 11, 3, 10))
    assert d.state == DeadlineState.DUE_SOON
    assert timedelta(hours=24) == d.due - t(2026, 11, 3, 10)
