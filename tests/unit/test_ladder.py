from datetime import timedelta

import pytest

from tbcase.domain.ladder import (
    Action,
    CaseFacts,
    Countdown,
    DeadlineState,
    StepEvent,
    compute_deadlines,
    load_rules,
)
from tbcase.domain.model import StepKind
from tbcase.paths import resource
from tests.ladder_harness import CAL, RULES, run, t


def test_every_rule_has_source_dates_and_basis():
    assert {r.id for r in RULES} >= {"app_reply", "written_reply", "regulator_handling",
                                     "no_reason_return", "refund_after_return", "limitation"}
    for r in RULES:
        assert r.source_zh and r.source_en and r.checked and r.valid_from
    guide = {r.id for r in RULES if r.basis == "guide"}
    assert guide == {"app_reply", "written_reply"}
    assert not [r.id for r in RULES if r.basis == "practice"]


def test_no_complaint_yet_suggests_complaining_in_app():
    d, nxt = run([], t(2026, 11, 20, 9))
    assert nxt.action == Action.COMPLAIN_IN_APP and nxt.record == StepKind.COMPLAINT
    assert "app_reply" not in d


def test_24_hours_across_midnight_and_holidays_is_plain_clock_time():
    d, nxt = run([("complaint", t(2026, 9, 30, 22, 30))], t(2026, 10, 1, 12))
    assert d["app_reply"].due == t(2026, 10, 1, 22, 30)  # a holiday does not stop the clock
    assert d["app_reply"].state == DeadlineState.DUE_SOON
    assert nxt.action == Action.WAIT_APP_REPLY and nxt.record == StepKind.PLATFORM_REPLY


def test_states_upcoming_due_soon_overdue_met_irrelevant():
    complaint = [("written_complaint", t(2026, 11, 2, 10))]
    # due 2026-11-11 24:00 (7 working days after Mon 11-02)
    d, _ = run(complaint, t(2026, 11, 5, 10))
    assert d["written_reply"].due == t(2026, 11, 12) and d["written_reply"].state == "upcoming"
    d, _ = run(complaint, t(2026, 11, 11, 9))
    assert d["written_reply"].state == DeadlineState.DUE_SOON
    d, nxt = run(complaint, t(2026, 11, 12, 0, 0, 1))
    assert d["written_reply"].state == DeadlineState.OVERDUE
    assert nxt.action == Action.ALIBABA and nxt.record == StepKind.ALIBABA
    d, nxt = run(complaint + [("written_reply", t(2026, 11, 9))], t(2026, 11, 20))
    assert d["written_reply"].state == DeadlineState.MET
    assert nxt.action == Action.DECIDE_ON_REPLY and nxt.escalate_to == StepKind.ALIBABA
    d, _ = run(complaint + [("alibaba", t(2026, 11, 13))], t(2026, 11, 20))
    assert d["written_reply"].state == DeadlineState.IRRELEVANT


def test_ladder_transitions():
    c = t(2026, 11, 2, 10)
    _, nxt = run([("complaint", c)], c + timedelta(hours=25))
    assert nxt.action == Action.WRITTEN_COMPLAINT
    _, nxt = run([("complaint", c), ("platform_reply", c + timedelta(hours=3))], c + timedelta(days=1))
    assert nxt.action == Action.DECIDE_ON_REPLY and nxt.escalate_to == StepKind.WRITTEN_COMPLAINT
    _, nxt = run([("complaint", c), ("written_complaint", c + timedelta(days=2))], c + timedelta(days=3))
    assert nxt.action == Action.WAIT_WRITTEN_REPLY and nxt.after == t(2026, 11, 14)
    _, nxt = run([("alibaba", c)], c + timedelta(days=3))
    assert nxt.action == Action.WAIT_ALIBABA and nxt.escalate_to == StepKind.THIRD_PARTY
    _, nxt = run([("third_party", c)], c + timedelta(days=3))
    assert nxt.action == Action.WAIT_THIRD_PARTY
    _, nxt = run([("third_party", c)], c + timedelta(days=30))
    assert nxt.action == Action.WAIT_THIRD_PARTY and nxt.record == StepKind.THIRD_PARTY_REPLY
    _, nxt = run([("written_complaint", c), ("rejected", c + timedelta(days=3))], c + timedelta(days=4))
    assert nxt.action == Action.RESUBMIT_OR_12315 and nxt.escalate_to == StepKind.THIRD_PARTY
    _, nxt = run([("written_complaint", c), ("refused", c + timedelta(days=3))], c + timedelta(days=4))
    assert nxt.action == Action.RECONSIDER_OR_THIRD_PARTY
    _, nxt = run([("complaint", c), ("resolved", c + timedelta(days=3))], c + timedelta(days=4))
    assert nxt.action == Action.NONE


def test_regulator_clock_is_law_and_mediation_60_days_after_order_121():
    c = t(2026, 11, 2, 10)
    d, _ = run([("third_party", c), ("third_party_reply", t(2026, 11, 6, 10))], t(2026, 11, 7))
    assert d["regulator_handling"].basis == "law" and d["regulator_handling"].state == "met"
    assert d["mediation_limit"].due == t(2027, 1, 6)  # 60 days after 11-06, to 24:00


def test_no_reason_return_counts_from_day_after_signing_and_shows_legal_extension():
    # signed Fri 2026-09-25: 7 days end 10-02 (National Day holiday) -> legally 10-08
    d, _ = run([], t(2026, 9, 26), signed=t(2026, 9, 25, 18))
    r = d["no_reason_return"]
    assert r.due == t(2026, 10, 3) and r.legal_due == t(2026, 10, 9)
    assert r.basis == "law" and not r.estimated
    # signed on a Monday: last day is a Monday, no extension
    d, _ = run([], t(2026, 11, 10), signed=t(2026, 11, 9, 9))
    assert d["no_reason_return"].due == t(2026, 11, 17) and d["no_reason_return"].legal_due is None


def test_return_refund_and_limitation_clocks():
    d, _ = run([("return_requested", t(2026, 11, 3))], t(2026, 11, 10), signed=t(2026, 11, 1),
               return_signed_at=t(2026, 11, 5, 15))
    assert d["no_reason_return"].state == "met"
    assert d["refund_after_return"].due == t(2026, 11, 13)
    assert d["limitation"].due == t(2029, 11, 2)


def test_limitation_on_29_february_ends_on_28th():
    d, _ = run([], t(2028, 3, 1), signed=t(2028, 2, 29, 9))
    assert d["limitation"].due == t(2031, 3, 1)  # 2031-02-28 24:00


def test_written_reply_reaching_a_year_without_data_is_estimated():
    d, _ = run([("written_complaint", t(2026, 12, 28, 10))], t(2026, 12, 29))
    assert d["written_reply"].estimated
    d, _ = run([("written_complaint", t(2026, 11, 2, 10))], t(2026, 11, 3))
    assert not d["written_reply"].estimated


def test_countdown_from_order_page():
    cd = Countdown("卖家处理退款", t(2026, 11, 21, 9), t(2026, 11, 18, 10))
    d, _ = run([], t(2026, 11, 20, 10), countdowns=[cd])
    assert d["countdown"].state == DeadlineState.DUE_SOON


def test_closed_case_has_no_open_deadlines():
    d, nxt = run([("complaint", t(2026, 11, 2))], t(2026, 11, 20), closed=True)
    assert all(not x.is_open for x in d.values())
    assert nxt.action == Action.NONE


def test_user_rule_override_replaces_by_id(tmp_path):
    override = tmp_path / "ladder.toml"
    override.write_text('[[rule]]\nid = "app_reply"\nlabel_zh = "平台答复"\nlabel_en = "x"\n'
                        'starts = "complaint"\nperiod = { hours = 48 }\nbasis = "platform"\n'
                        'source_zh = "新规"\nsource_en = "new"\nchecked = "2026-12-01"\n',
                        encoding="utf-8")
    rules = load_rules(resource("rules", "ladder.toml"), override)
    app = next(r for r in rules if r.id == "app_reply")
    assert app.amount == 48 and app.basis == "platform" and len(rules) == len(RULES)


def test_rule_validity_dates(tmp_path):
    override = tmp_path / "ladder.toml"
    override.write_text('[[rule]]\nid = "app_reply"\nlabel_zh = "a"\nlabel_en = "a"\n'
                        'starts = "complaint"\nperiod = { hours = 24 }\n'
                        'valid_from = "2000-01-01"\nvalid_to = "2026-06-30"\n', encoding="utf-8")
    rules = load_rules(resource("rules", "ladder.toml"), override)
    facts = CaseFacts(steps=[StepEvent(StepKind.COMPLAINT, t(2026, 11, 2))])
    assert "app_reply" not in {d.rule for d in compute_deadlines(facts, rules, CAL, t(2026, 11, 3))}


@pytest.mark.parametrize("bad", ['period = { hours = 1, days = 2 }', 'period = { weeks = 1 }'])
def test_bad_rule_is_a_clear_error(tmp_path, bad):
    from tbcase.domain.errors import KnownError

    override = tmp_path / "ladder.toml"
    override.write_text(f'[[rule]]\nid = "x"\nlabel_zh = "a"\nlabel_en = "a"\nstarts = "complaint"\n'
                        f'{bad}\n', encoding="utf-8")
    with pytest.raises(KnownError) as info:
        load_rules(resource("rules", "ladder.toml"), override)
    assert info.value.code == "rules_bad"


def test_headline_skips_closed_buyer_windows():
    from tbcase.domain.ladder import headline

    d, _ = run([("written_complaint", t(2026, 11, 12, 15))], t(2026, 11, 28), signed=t(2026, 11, 10))
    assert d["no_reason_return"].state == "overdue" and not d["no_reason_return"].actionable
    assert headline(d.values()).rule == "written_reply"
    d, _ = run([], t(2026, 11, 12), signed=t(2026, 11, 10))
    assert headline(d.values()).rule == "no_reason_return"
