"""The drawn timeline, checked on its pixels: a deadline's diamond sits where its due time is
on the axis, in its state's colour; today's line sits at today. (Sizes say nothing.)"""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtGui import QColor

from tbcase.domain.ladder import Basis, Deadline, DeadlineState
from tbcase.domain.model import SHANGHAI, StepKind

pytestmark = pytest.mark.gui
T0 = datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)
WIDTH = 900


class _Step(dict):
    """A recorded step as the timeline takes it: a dict of text before the storage split (issue 12),
    a record with a datetime and a StepKind after it. This one answers both ways."""

    def __getattr__(self, name):
        if name == "at":
            return datetime.fromisoformat(self["at"])
        if name == "kind":
            return StepKind(self["kind"])
        return self[name]


def _step(n, kind, at):
    return _Step(id=n, kind=kind, at=at.isoformat(), ref="", note="")


def _deadline(starts, due, state):
    return Deadline("written_reply", "书面答复期限", "Written reply", "seller", starts, due, state, False,
                    Basis.PRACTICE, "来源", "source")


def _widget(qtbot):
    """A timeline in Chinese, on a context with just what it asks for."""
    from tbcase.ui.timeline import TimelineWidget
    from tbcase.wording import Wording

    wording = Wording("zh")
    w = TimelineWidget(SimpleNamespace(lang="zh", word=wording.word, wording=wording))
    qtbot.addWidget(w)
    return w


def _draw(qtbot, steps, deadlines, now):
    w = _widget(qtbot)
    w.set_data(steps, deadlines, now)
    w.resize(WIDTH, max(w.minimumHeight(), 320))
    return w.grab().toImage()


def _pixels(img, colour: QColor):
    rgb = colour.rgb() & 0xFFFFFF
    return [(x, y) for y in range(img.height()) for x in range(img.width())
            if img.pixel(x, y) & 0xFFFFFF == rgb]


def _expected_x(t, times):
    """A linear time axis from 30 px to width-30 px over the span, padded 6% (at least 12 hours)."""
    lo, hi = min(times), max(times)
    pad = max((hi - lo) * 0.06, timedelta(hours=12))
    lo, hi = lo - pad, hi + pad
    return 30 + (WIDTH - 60) * ((t - lo) / (hi - lo))


def _diamond_centre(img, colour):
    px = _pixels(img, colour)
    assert px, "the deadline is not drawn at all"
    rows: dict[int, list[int]] = {}
    for x, y in px:
        rows.setdefault(y, []).append(x)
    line_y = max(rows, key=lambda y: len(rows[y]))  # the span from start to due is the longest run
    below = rows.get(line_y + 4, [])  # 4 px under the 3 px line only the diamond is drawn
    assert below, "no marker at the due end of the deadline"
    return (min(below) + max(below)) / 2, min(rows[line_y]), max(rows[line_y])


@pytest.mark.parametrize("due_days, state", [(10, DeadlineState.OVERDUE), (4, DeadlineState.UPCOMING),
                                             (7, DeadlineState.MET)])
def test_deadline_marker_is_drawn_at_its_due_time_in_its_state_colour(qtbot, due_days, state):
    from tbcase.ui.timeline import STATE_COLOURS

    due = T0 + timedelta(days=due_days)
    now = T0 + timedelta(days=12)
    steps = [_step(1, "written_complaint", T0)]
    img = _draw(qtbot, steps, [_deadline(T0, due, state)], now)
    times = [T0, due, now]
    centre, line_from, line_to = _diamond_centre(img, STATE_COLOURS[state])
    assert abs(centre - _expected_x(due, times)) <= 2, (centre, _expected_x(due, times))
    assert abs(line_from - _expected_x(T0, times)) <= 3  # the span starts where the clock started
    assert abs(line_to - _expected_x(due, times)) <= 8
    # other states' colours are not used for this deadline
    for other, colour in STATE_COLOURS.items():
        if other != state and colour != STATE_COLOURS[state]:
            assert len(_pixels(img, colour)) < 5, other


def test_today_line_and_step_marker_positions(qtbot):
    from tbcase.ui.timeline import STEP_COLOUR, TODAY_COLOUR

    step_at, now = T0 + timedelta(days=2), T0 + timedelta(days=6)
    steps = [_step(1, "complaint", T0), _step(2, "written_complaint", step_at)]
    img = _draw(qtbot, steps, [], now)
    times = [T0, step_at, now]
    today_xs = {x for x, _ in _pixels(img, TODAY_COLOUR)}
    assert any(abs(x - _expected_x(now, times)) <= 2 for x in today_xs)
    step_xs = sorted({x for x, _ in _pixels(img, STEP_COLOUR)})
    for t in (T0, step_at):
        assert any(abs(x - _expected_x(t, times)) <= 2 for x in step_xs), t


def test_empty_timeline_draws_no_marker(qtbot):
    from tbcase.ui.timeline import STATE_COLOURS, STEP_COLOUR

    img = _draw(qtbot, [], [], T0)
    # (the grey of "irrelevant" is also the placeholder text's grey)
    for state, colour in STATE_COLOURS.items():
        if state != DeadlineState.IRRELEVANT:
            assert _pixels(img, colour) == [], state
    assert _pixels(img, STEP_COLOUR) == []


def test_steps_recorded_on_one_day_each_get_a_readable_label(qtbot):
    """Six steps on one day (a user who catches up on what they did): each label gets a row
    of its own above the axis, none overlaps another or leaves the widget, the widget grows
    so the deadlines below stay in view, and each dot still sits at its time. Before, labels
    took three rows in turn and the fourth printed over the first."""
    from itertools import combinations

    from tbcase.ui.timeline import STEP_COLOUR

    kinds = ["complaint", "platform_reply", "written_complaint", "written_reply", "alibaba", "third_party"]
    steps = [_step(n, kind, T0 + timedelta(minutes=n)) for n, kind in enumerate(kinds)]
    now = T0 + timedelta(days=3)
    w = _widget(qtbot)
    w.set_data(steps[:1], [_deadline(T0, now, DeadlineState.UPCOMING)], now)
    one_step_height = w.minimumHeight()
    w.set_data(steps, [_deadline(T0, now, DeadlineState.UPCOMING)], now)
    w.resize(WIDTH, max(w.minimumHeight(), 320))
    img = w.grab().toImage()
    labels = w.step_labels()
    assert sorted(label.row for label in labels) == list(range(6))
    for a, b in combinations(labels, 2):
        assert not a.rect.intersects(b.rect), (a.text, b.text)
    assert all(0 <= label.rect.left() and label.rect.right() <= WIDTH and label.rect.top() >= 0 for label in labels)
    assert w.minimumHeight() > one_step_height
    step_xs = {x for x, _ in _pixels(img, STEP_COLOUR)}
    assert any(abs(x - _expected_x(T0, [T0, now])) <= 2 for x in step_xs)


def test_labels_of_steps_far_apart_share_the_first_row(qtbot):
    steps = [_step(1, "complaint", T0), _step(2, "written_complaint", T0 + timedelta(days=20))]
    w = _widget(qtbot)
    w.resize(WIDTH, 320)
    w.set_data(steps, [], T0 + timedelta(days=21))
    assert [label.row for label in w.step_labels()] == [0, 0]
