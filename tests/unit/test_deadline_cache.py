"""Deadlines kept in the library index: computed once per rules/calendar version, brought
to the present with ``restate``, read back only when exactly what was written."""

import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tbcase.domain.ladder import CaseFacts, Countdown, StepEvent, compute_deadlines, headline, restate
from tbcase.domain.model import StepKind
from tbcase.storage.deadline_cache import (
    FIELDS,
    KeptDeadlines,
    deadlines_from_json,
    deadlines_to_json,
    deadlines_to_rows,
)
from tests.ladder_harness import BY_ID, CAL, RULES, t

START = t(2026, 9, 1, 10, 0)
KINDS = [k for k in StepKind]


@st.composite
def facts(draw):
    offsets = draw(st.lists(st.integers(0, 24 * 120), max_size=5))
    steps = [StepEvent(draw(st.sampled_from(KINDS)), START + timedelta(hours=h)) for h in offsets]
    signed = draw(st.one_of(st.none(), st.integers(0, 24 * 60).map(lambda h: START + timedelta(hours=h))))
    countdowns = [Countdown("卖家处理", START + timedelta(hours=h), START)
                  for h in draw(st.lists(st.integers(1, 24 * 60), max_size=2))]
    return CaseFacts(signed_at=signed, steps=steps, countdowns=countdowns, closed=draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(facts(), st.integers(-24 * 30, 24 * 200), st.integers(-24 * 30, 24 * 200))
def test_restate_is_computing_again_at_the_new_time(f, then_h, now_h):
    """Only an open deadline's state depends on the time: a list computed at one moment and
    restated at another equals the list computed at the other (the cache is never stale)."""
    then, now = START + timedelta(hours=then_h), START + timedelta(hours=now_h)
    assert restate(compute_deadlines(f, RULES, CAL, then), now) == compute_deadlines(f, RULES, CAL, now)


@settings(max_examples=100, deadline=None)
@given(facts(), st.integers(0, 24 * 200))
def test_cached_deadlines_read_back_equal(f, now_h):
    deadlines = compute_deadlines(f, RULES, CAL, START + timedelta(hours=now_h))
    assert deadlines_from_json(deadlines_to_json(deadlines), BY_ID) == deadlines


@settings(max_examples=300, deadline=None)
@given(facts(), st.integers(-24 * 30, 24 * 200), st.integers(-24 * 30, 24 * 400), st.integers(0, 3599),
       st.sampled_from([0, 1, 999_999]))
def test_the_headline_from_the_kept_times_is_the_headline_of_the_records(f, then_h, now_h, now_s, now_us):
    """The case list's deadline is found from the kept values without building every
    record: it is the one ``headline`` picks from the records brought to now (by hours,
    seconds and microseconds, so a due time and its 24-hour mark are crossed exactly).
    Its due time and state (``headline_key``: what the list sorts, filters and counts by)
    are known without building it, and are those of the record, kept or computed."""
    then = START + timedelta(hours=then_h)
    now = START + timedelta(hours=now_h, seconds=now_s, microseconds=now_us)
    computed = compute_deadlines(f, RULES, CAL, then)
    expected = headline(restate(computed, now))
    kept = KeptDeadlines.kept(json.loads(json.dumps(deadlines_to_rows(computed))), BY_ID)
    key = None if expected is None else (expected.due.timestamp(), expected.state)
    assert kept.headline_key(now) == key
    assert kept.headline(now) == expected
    assert kept.all() == computed
    assert kept.headline_key(now) == key  # built now: the records answer
    assert KeptDeadlines.computed(computed).headline_key(now) == key


def test_the_headline_key_crosses_the_due_time_and_its_24_hour_mark_exactly():
    """At the microsecond: due soon from exactly 24 hours before the decisive date, overdue
    only after it (``ladder._state``)."""
    facts = CaseFacts(signed_at=START, steps=[], countdowns=[Countdown("卖家处理", START + timedelta(days=3), START)],
                      closed=False)
    computed = compute_deadlines(facts, RULES, CAL, START)
    kept = KeptDeadlines.kept(json.loads(json.dumps(deadlines_to_rows(computed))), BY_ID)
    first = headline(computed)
    assert first is not None and first.rule == "countdown"
    us = timedelta(microseconds=1)
    for at, state in [(first.due - timedelta(hours=24) - us, "upcoming"), (first.due - timedelta(hours=24), "due_soon"),
                      (first.due, "due_soon"), (first.due + us, "overdue")]:
        key = kept.headline_key(at)
        assert key is not None and key[1] == state, (at, key)
        assert key == (first.due.timestamp(), headline(restate(computed, at)).state)
    own = [d for d in computed if d.who == "buyer" and d.is_open]
    assert own  # a window of the buyer's own: shown up to its last microsecond, then not
    computed = [d for d in computed if d.rule != "countdown"]
    kept = KeptDeadlines.kept(json.loads(json.dumps(deadlines_to_rows(computed))), BY_ID)
    for d in own:
        for at in (d.decisive_due, d.decisive_due + us):
            first = headline(restate(computed, at))
            assert kept.headline_key(at) == (None if first is None else (first.due.timestamp(), first.state))


def _valid_row():
    f = CaseFacts(signed_at=START, steps=[StepEvent(StepKind.COMPLAINT, START)])
    return json.loads(deadlines_to_json(compute_deadlines(f, RULES, CAL, START)))[0]


def _with(i, value):
    row = _valid_row()
    row[i] = value
    return json.dumps([row])


@pytest.mark.parametrize("bad", [
    None, 3, "", "{}", "[1]", "[[]]", "[" * 100_000, json.dumps([_valid_row() + [1]]),
    _with(FIELDS.index("rule"), "no_such_rule"), _with(FIELDS.index("rule"), 3),
    _with(FIELDS.index("label"), "a rule's words come from the rule"),
    _with(FIELDS.index("state"), "late"), _with(FIELDS.index("state"), 1),
    _with(FIELDS.index("state_basis"), None), _with(FIELDS.index("due"), "2026-01-02T00:00:00+08:00"),
    _with(FIELDS.index("due"), 1.5), _with(FIELDS.index("due"), True), _with(FIELDS.index("due"), -62135596800),
    _with(FIELDS.index("starts"), 253402300799), _with(FIELDS.index("met_at"), "x"),
    _with(FIELDS.index("estimated"), 0), _with(FIELDS.index("legal_estimated"), None),
    json.dumps([["countdown", 1, 2, "upcoming", False, None, False, None, "due", None]]),  # no label
])
def test_anything_but_what_was_written_is_refused(bad):
    assert deadlines_from_json(json.dumps([_valid_row()]), BY_ID)  # the valid row reads
    with pytest.raises(ValueError):
        deadlines_from_json(bad, BY_ID)
    try:
        rows = json.loads(bad) if isinstance(bad, str) else bad
    except (ValueError, RecursionError):
        return
    with pytest.raises(ValueError):  # checked as strictly when read lazily
        KeptDeadlines.kept(rows, BY_ID)


def test_a_kept_deadline_is_judged_against_its_decisive_date():
    """A buyer's window judged by its extended legal day (no shipped rule does this today,
    a user's rule may) is still actionable between its due and its legal day."""
    from dataclasses import replace

    from tbcase.domain.ladder import StateBasis

    buyer = next(r for r in RULES if r.who == "buyer")
    rules = {buyer.id: buyer}
    due, legal = int(START.timestamp()), int((START + timedelta(days=2)).timestamp())
    row = [buyer.id, due - 86400, due, "upcoming", False, legal, False, None, "legal_due", None]
    (record,) = KeptDeadlines.kept([row], rules).all()
    assert record.state_basis == StateBasis.LEGAL_DUE
    for now in (START + timedelta(days=1), START + timedelta(days=3)):
        assert KeptDeadlines.kept([row], rules).headline(now) == headline(restate([record], now))
    assert KeptDeadlines.kept([row], rules).headline(START + timedelta(days=1)) == replace(record, state="due_soon")
    assert KeptDeadlines.kept([row], rules).headline(START + timedelta(days=3)) is None
