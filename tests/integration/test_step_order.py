"""Steps reach the deadline engine in time order, whatever order they were recorded in
(a back-dated ``tbcase step … --at`` is recorded last but happened earlier)."""

import json
import os
import subprocess
import sys

from tests.helpers import ORDER, add_step, case_facts, step_kinds


def tb(*args, library):
    return subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library), *args],
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)


def test_case_facts_hold_steps_in_time_order_with_ties_in_recorded_order(new_case):
    case = new_case()
    add_step(case, "complaint", at="2026-11-01 10:00")
    add_step(case, "written_reply", at="2026-11-06 10:00")
    add_step(case, "written_complaint", at="2026-11-03 10:00")  # back-dated, recorded last
    add_step(case, "alibaba", at="2026-11-06 10:00")  # same minute as the reply: after it
    kinds = [str(s.kind) for s in case_facts(case).steps]
    assert kinds == ["complaint", "written_complaint", "written_reply", "alibaba"]
    assert step_kinds(case) == kinds


def test_back_dated_step_from_the_command_line_gives_the_right_next_step(library_dir):
    assert tb("new", "--order", ORDER, "--type", "quality", library=library_dir).returncode == 0
    for kind, at in (("complaint", "2026-11-01 10:00"), ("written_reply", "2026-11-06 10:00"),
                     ("written_complaint", "2026-11-03 10:00")):
        r = tb("step", ORDER, kind, "--at", at, library=library_dir)
        assert r.returncode == 0, r.stderr
    r = tb("timeline", ORDER, "--json", library=library_dir)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["next_step"] == "decide_on_reply"
    written = next(d for d in data["deadlines"] if d["rule"] == "written_reply")
    assert written["state"] == "met"


def test_the_engines_facts_take_the_earliest_signing_of_each_parcel_and_close_when_resolved_or_closed():
    """``case_facts``: the goods' signing is the case's own, else the earliest signed parcel sent
    out; the return's is the earliest of a 退货已签收 step and a signed return parcel (an unsigned
    parcel tells nothing); countdowns as read; closed only when resolved or closed."""
    from datetime import datetime

    from tbcase.domain.ladder import Countdown
    from tbcase.domain.model import SHANGHAI, Direction, StepKind
    from tbcase.storage.records import Step, TrackingNumber
    from tbcase.storage.steps import case_facts as facts_of

    def t(day, hour=10):
        return datetime(2026, 11, day, hour, tzinfo=SHANGHAI)

    def parcel(number, direction, signed):
        return TrackingNumber(number, "sf", "顺丰速运", "SF Express", direction, signed, "")

    steps = [Step(2, StepKind.RETURN_SIGNED, t(9), "", ""), Step(1, StepKind.COMPLAINT, t(5), "", "")]
    tracking = [parcel("A", Direction.OUT, t(4)), parcel("B", Direction.OUT, t(3)), parcel("C", Direction.OUT, None),
                parcel("D", Direction.RETURN, t(8)), parcel("E", Direction.RETURN, None)]
    countdowns = [Countdown("确认收货", t(20), t(1))]
    got = facts_of(None, "open", steps, tracking, countdowns)
    assert (got.signed_at, got.return_signed_at, got.countdowns, got.closed) == (t(3), t(8), countdowns, False)
    assert [(s.kind, s.at) for s in got.steps] == [(StepKind.COMPLAINT, t(5)), (StepKind.RETURN_SIGNED, t(9))]
    assert facts_of(t(2), "open", steps, tracking[:1], []).signed_at == t(2)  # the case's own first
    only_out = facts_of(None, "open", [], [parcel("A", Direction.OUT, t(4))], [])
    assert (only_out.signed_at, only_out.return_signed_at) == (t(4), None)
    assert facts_of(None, "open", steps[:1], [], []).return_signed_at == t(9)
    assert [facts_of(None, status, [], [], []).closed for status in ("open", "resolved", "closed")] == [
        False, True, True]
    assert facts_of(None, "open", [], [parcel("C", Direction.OUT, None)], []).signed_at is None
