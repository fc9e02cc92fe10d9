"""Every path through a case, explored (issue 12): a hypothesis state machine over a real
case file. Steps of every kind in any order (a reply before the complaint, two
``return_signed``, steps dated before the order), evidence added, deleted, restored (Ctrl+Z,
back in place or at the end) and moved, image text read by OCR, redacted copies made and
cleared, tracking numbers, countdowns, field edits (valid and not), letters, and export ->
import. After every rule, every view the user has must work: show, timeline, list, due,
check, the letter's content and the calendar file, each either succeeding or refusing with
a known, translated error; the history only grows.

The normal suite runs a bounded number of examples. For a long run:

    HYPOTHESIS_PROFILE=long TBCASE_MACHINE_STATS=/tmp/machine.json \\
        .venv/bin/python -m pytest -q -p no:cacheprovider tests/integration/test_case_machine.py

(``TBCASE_MACHINE_STATS`` writes how many examples ran and how many distinct step
sequences they explored; ``TBCASE_MACHINE_EXAMPLES`` sets the number of examples, 2000.)
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)

from tbcase.domain.checklist import readiness
from tbcase.domain.errors import KnownError
from tbcase.domain.model import SHANGHAI, Direction, StepKind
from tbcase.messages import MESSAGES
from tbcase.storage.bundle import export_case
from tbcase.storage.casefile import CaseFile
from tbcase.storage.engine import DeadlineEngine
from tbcase.storage.ics import deadlines_to_ics
from tbcase.storage.library import Library
from tbcase.wording import Wording
from tests.helpers import FIXTURES, make_jpeg, make_png

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
BASE = datetime(2026, 11, 1, 10, 0, tzinfo=SHANGHAI)  # order placed around here
MOMENT = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)  # "now" for deadline states
ORDER = "4528716093384027715"

# A small pool of real files: the same bytes twice is a case the app must handle too.
POOL = [
    ("订单截图.png", make_png(300, 650, seed=1, text_lines=8)),
    ("物流截图.png", make_png(320, 700, seed=2, text_lines=8)),
    ("IMG_0001.jpg", make_jpeg(when="2026:11:03 09:00:00")),
    ("IMG_0002.jpg", make_jpeg(seed=3)),
    ("聊天记录.txt", (FIXTURES / "chat_sample_utf8.txt").read_bytes()),
    ("凭证.pdf", b"%PDF-1.4\n% a receipt\n"),
    ("notes.bin", b"\x00\x01\x02 not text"),
]
TRACKING = ["SF1234567890123", "YT8876543210123", "78009858271980", "JDX012345678901"]
FIELD_VALUES = {
    "shop": ["青禾家居旗舰店", "", "<b>店</b>"],
    "item": ["陶瓷马克杯", ""],
    "amount": ["39.50", "0", "abc", "-1", "100000001"],
    "ordered": ["2026-10-30 09:00", "tomorrow", ""],
    "signed": ["2026-11-03 18:30", "2026-02-30", ""],
    "type": ["quality", "logistics", "after_sales", "platform", "nope"],
    "outcome": ["refund", "return", "other", "x"],
    "status": ["open", "resolved", "closed", "done"],
    "facts": ["到货破损，卖家不回复。", ""],
    "seller_address": ["浙江省杭州市余杭区", ""],
    "demands": ["退款39.50元", ""],
    "buyer_nick": ["tb3849027715", "青禾家居旗舰店:小满", ""],
    "order": ["4528 7160 9338 4027 715", "  "],
    "complainant.name": ["张三", ""],
    "nonexistent": ["x"],
}

_engine: DeadlineEngine | None = None
SEEN: set[tuple[str, ...]] = set()
STATS = {"examples": 0, "rules": 0, "known_errors": {}, "step_orders": set()}


def engine() -> DeadlineEngine:
    global _engine
    if _engine is None:
        _engine = DeadlineEngine(config_dir=Path(tempfile.mkdtemp(prefix="tbcase-engine-")))
    return _engine


def known(exc: KnownError) -> None:
    """A refusal must be one the user can read in both languages."""
    assert exc.code in MESSAGES, exc.code
    STATS["known_errors"][exc.code] = STATS["known_errors"].get(exc.code, 0) + 1


def case_view(case: CaseFile) -> dict:
    """What the user sees of a case (what export -> import must carry over)."""
    row = case.case()
    fields = {k: v for k, v in row.columns().items() if k not in ("created", "updated")}
    return {
        "case": fields,
        "evidence": [(e.sha256, e.kind, e.title, e.note, e.captured) for e in case.evidence.all()],
        "tracking": [(t.number, t.carrier, t.direction, t.signed, t.note) for t in case.tracking.all()],
        "steps": [(s.kind, s.at, s.ref, s.note) for s in case.steps.all()],
        "countdowns": [(c.label, c.due) for c in case.steps.countdowns()],
    }


class CaseMachine(RuleBasedStateMachine):
    exhibits = Bundle("exhibits")
    deleted = Bundle("deleted")

    @initialize()
    def open_case(self):
        self.dir = Path(tempfile.mkdtemp(prefix="tbcase-machine-"))
        self.library = Library(self.dir / "library")
        self.case = self.library.create(order_no=ORDER, complaint_type="quality", shop="青禾家居旗舰店",
                                        item="陶瓷马克杯", signed="2026-11-03 18:00")
        self.history = self.case.history()
        self.trace: list[str] = []
        self.steps_taken: list[str] = []

    def teardown(self):
        if hasattr(self, "case"):
            self.case.close()
            SEEN.add(tuple(self.trace))
            STATS["step_orders"].add(tuple(self.steps_taken))
            STATS["examples"] += 1
            STATS["rules"] += len(self.trace)
            shutil.rmtree(self.dir, ignore_errors=True)
            write_stats()

    # -- rules

    @rule(kind=st.sampled_from(list(StepKind)), hours=st.integers(-24 * 60, 24 * 60),
          ref=st.sampled_from(["", "TS20261114001", "<script>"]))
    def add_step(self, kind, hours, ref):
        at = BASE + timedelta(hours=hours)
        step = self.case.steps.add(kind.value, at=at, ref=ref)
        assert step.kind == kind and step.at == at
        self.trace.append(f"step:{kind.value}")
        self.steps_taken.append(kind.value)

    @precondition(lambda self: hasattr(self, "case") and self.case.steps.all())
    @rule(data=st.data(), reason=st.sampled_from(["", "记错了"]))
    def withdraw_step(self, data, reason):
        steps = self.case.steps.all()
        step = data.draw(st.sampled_from(steps))
        status = self.case.case().status
        assert self.case.steps.withdraw(step.id, reason) == step
        left = self.case.steps.all()
        assert step not in left and len(left) == len(steps) - 1
        after = self.case.case().status
        assert after == status or step.kind in (StepKind.RESOLVED, StepKind.CLOSED)
        self.trace.append(f"withdraw:{step.kind.value}")

    @rule(target=exhibits, item=st.sampled_from(POOL))
    def add_evidence(self, item):
        name, data = item
        try:
            info = self.case.evidence.add(data, name)
        except KnownError as exc:
            known(exc)
            self.trace.append("evidence:refused")
            return None
        self.trace.append("evidence:add")
        return info.id

    @rule(target=deleted, eid=consumes(exhibits))
    def delete_evidence(self, eid):
        if eid is None:
            return None
        self.case.evidence.delete(eid)
        self.trace.append("evidence:delete")
        return eid

    @rule(target=exhibits, eid=consumes(deleted), position=st.sampled_from([None, 1, 99]))
    def restore_evidence(self, eid, position):
        """Ctrl+Z in the evidence tab: back where it was (or at the end)."""
        if eid is None:
            return None
        self.case.evidence.restore(eid, position)
        self.trace.append("evidence:restore")
        return eid

    @rule(eid=exhibits, lines=st.lists(st.sampled_from(["订单号 4528716093384027715", "您好，亲", "13800000000",
                                                        "2026-11-14 10:00", ""]), max_size=4))
    def read_text(self, eid, lines):
        """What OCR read in an image saved (the window's OCR queue), chat lines made once."""
        from tbcase.storage.ocr import TextBox

        if eid is None or not self.case.evidence.get(eid).media_type.startswith("image/"):
            return  # only images are read
        boxes = [TextBox(t, (10, 40 * i, 200 + 30 * (i % 2), 40 * i + 30), 0.9) for i, t in enumerate(lines)]
        try:
            self.case.ocr.save(eid, "rapidocr", "1", boxes)
        except KnownError as exc:
            known(exc)
        self.trace.append("ocr")

    @rule(eid=exhibits, position=st.integers(0, 9))
    def move_evidence(self, eid, position):
        if eid is None:
            return
        try:
            self.case.evidence.move(eid, position)
        except KnownError as exc:  # it was deleted meanwhile
            known(exc)
        self.trace.append("evidence:move")

    @rule(eid=exhibits, title=st.sampled_from(["订单详情", "", "破损照片"]),
          captured=st.sampled_from([None, "2026-11-02 08:00", "not a time"]))
    def edit_evidence(self, eid, title, captured):
        if eid is None:
            return
        try:
            self.case.evidence.update(eid, title=title or None, captured=captured)
        except KnownError as exc:
            known(exc)
        self.trace.append("evidence:edit")

    @rule(number=st.sampled_from(TRACKING), direction=st.sampled_from(list(Direction)),
          signed=st.sampled_from([None, "2026-11-03 18:00", "2026-11-12 10:00", "bad"]),
          note=st.sampled_from(["", "原订单包裹"]))
    def add_tracking(self, number, direction, signed, note):
        try:
            self.case.tracking.add(number, direction=direction.value, signed=signed, note=note)
        except KnownError as exc:
            known(exc)
        self.trace.append(f"tracking:{direction.value}")

    @rule(label=st.sampled_from(["卖家处理退款", "确认收货"]), hours=st.integers(-72, 24 * 10))
    def add_countdown(self, label, hours):
        self.case.steps.add_countdown(label, MOMENT + timedelta(hours=hours))
        self.trace.append("countdown")

    @rule(field=st.sampled_from(sorted(FIELD_VALUES)), data=st.data())
    def set_field(self, field, data):
        value = data.draw(st.sampled_from(FIELD_VALUES[field]))
        try:
            self.case.set_field(field, value)
        except KnownError as exc:
            known(exc)
        self.trace.append(f"set:{field}")

    @precondition(lambda self: LONG or len(self.trace) < 40)
    @rule(eid=exhibits, how=st.sampled_from(["image", "chat", "clear"]),
          boxes=st.lists(st.tuples(st.integers(-50, 700), st.integers(-50, 800), st.integers(-5, 400),
                                   st.integers(-5, 400)), max_size=3))
    def redact(self, eid, how, boxes):
        """A redacted copy made, replaced or cleared (issue 17); check() after it stays clean."""
        from tbcase.domain.redact import Box

        if eid is None:
            return
        try:
            if how == "clear":
                self.case.redactions.clear(eid)
            elif how == "chat":
                self.case.redactions.redact_chat(eid, ["小满", "杯子"], auto=True)
            else:
                self.case.redactions.redact_image(eid, [Box(*b) for b in boxes])
        except KnownError as exc:
            known(exc)
            self.trace.append("redact:refused")
            return
        self.trace.append(f"redact:{how}")

    @rule(sent=st.sampled_from([date(2026, 11, 20), date(2026, 10, 1), date(2027, 2, 1)]))
    def make_letter(self, sent):
        from tbcase.pdf.letter import render_case_letter

        result = render_case_letter(self.case, engine(), sent, with_images=False, made=MOMENT)
        assert result.pdf.startswith(b"%PDF-") and "12315" in result.copy_sheet
        letter = self.case.letters.add(result.pdf, sent)
        assert self.case.letters.pdf(letter.id) == result.pdf
        self.trace.append("letter")

    @rule()
    def export_and_import(self):
        out = self.dir / f"export-{len(self.trace)}"
        export_case(self.case, out)
        other = Library(self.dir / f"imported-{len(self.trace)}")
        path, problems = other.import_bundle(out)
        assert problems == []
        with CaseFile.open(path) as copy:
            assert case_view(copy) == case_view(self.case)
        self.trace.append("export-import")

    # -- after every rule

    @invariant()
    def every_view_works(self):
        if not hasattr(self, "case"):
            return
        case = self.case
        eng = engine()
        row = case.case()
        evidence = case.evidence.all(with_messages=True)
        tracking = case.tracking.all()
        steps = case.steps.all()
        case.letters.all()
        assert [s.at for s in steps] == sorted(s.at for s in steps)
        readiness(row, evidence, tracking)  # show
        facts = case.steps.facts()
        assert [s.at for s in facts.steps] == sorted(s.at for s in facts.steps)
        timeline = eng.timeline(facts, MOMENT)  # timeline
        for lang in ("zh", "en"):  # the calendar file in either language
            deadlines_to_ics([(row.order_no, row.item, d) for d in timeline.deadlines if d.is_open],
                             Wording.for_language(lang))
        from tbcase.pdf.content import build_letter_data

        build_letter_data(case, eng, date(2026, 11, 20), with_images=False, made=MOMENT)
        entries = self.library.entries()  # list and due read the library's summaries
        assert [(e.error, e.summary is not None) for e in entries] == [(None, True)]
        eng.timeline(entries[0].summary.facts, MOMENT)
        assert case.check() == []
        history = case.history()
        assert history[:len(self.history)] == self.history  # only grows, never rewritten
        self.history = history


CaseMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("TBCASE_MACHINE_EXAMPLES", "2000")) if LONG else 12,
    stateful_step_count=40 if LONG else 12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def write_stats() -> None:
    out = os.environ.get("TBCASE_MACHINE_STATS")
    if out:
        Path(out).write_text(json.dumps({
            "examples": STATS["examples"], "rules_run": STATS["rules"],
            "distinct_rule_sequences": len(SEEN),
            "distinct_step_orders": len(STATS["step_orders"]),
            "known_errors": STATS["known_errors"],
        }, ensure_ascii=False, indent=2), encoding="utf-8")


def test_case_machine():
    SEEN.clear()
    STATS.update(examples=0, rules=0, known_errors={}, step_orders=set())
    CaseMachine.TestCase("runTest").runTest()
