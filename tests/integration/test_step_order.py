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
