"""Deadlines kept in the library index: computed once per rules/calendar version, brought
to the present with ``restate``, read back only when exactly what was written."""

import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tbcase.domain.ladder import CaseFacts, Countdown, StepEvent, compute_deadlines, restate
from tbcase.domain.model import StepKind
from tbcase.storage.deadline_cache import FIELDS, deadlines_from_json, deadlines_to_json
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
