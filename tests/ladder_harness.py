"""One harness for the ladder's unit tests: the shipped rules, the official calendar, and
the engine run over a list of (step kind, time) pairs."""

from datetime import datetime

from tbcase.domain.ladder import CaseFacts, StepEvent, compute_deadlines, load_rules, next_step
from tbcase.domain.model import SHANGHAI, StepKind
from tbcase.domain.workdays import WorkingDayCalendar
from tbcase.paths import resource

RULES = load_rules(resource("rules", "ladder.toml"))
BY_ID = {r.id: r for r in RULES}
CAL = WorkingDayCalendar.default()


def t(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def evaluate(steps, now, signed=None, **kw):
    """Deadlines by rule id, the next step, and the facts they came from."""
    kw.setdefault("signed_at", signed)
    facts = CaseFacts(steps=[StepEvent(StepKind(k), at) for k, at in steps], **kw)
    deadlines = compute_deadlines(facts, RULES, CAL, now)
    return {d.rule: d for d in deadlines}, next_step(facts, deadlines), facts


def run(steps, now, signed=None, **kw):
    """Deadlines by rule id and the next step."""
    by_rule, nxt, _ = evaluate(steps, now, signed, **kw)
    return by_rule, nxt
