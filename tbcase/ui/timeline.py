"""The case's timeline, custom painted: steps taken above the axis, deadlines below,
today marked, overdue in red, estimated deadlines dashed and marked, each deadline's
source on hover."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from tbcase.domain.ladder import Deadline, DeadlineState
from tbcase.domain.model import format_due
from tbcase.storage.records import Step
from tbcase.ui.context import UiContext, plain_tip

STATE_COLOURS = {
    DeadlineState.UPCOMING: QColor("#1565c0"),
    DeadlineState.DUE_SOON: QColor("#e65100"),
    DeadlineState.OVERDUE: QColor("#c62828"),
    DeadlineState.MET: QColor("#2e7d32"),
    DeadlineState.IRRELEVANT: QColor("#9e9e9e"),
}
STEP_COLOUR = QColor("#37474f")
TODAY_COLOUR = QColor("#6a1b9a")


@dataclass
class _Mark:
    rect: QRectF
    tip: str


@dataclass
class StepLabel:
    """Where a step is drawn: its dot's x on the axis, its label's rectangle and row."""

    step: Step
    x: float
    rect: QRectF
    row: int
    text: str


MIN_ROWS = 3  # rows of step labels above the axis; more when steps crowd one place


class TimelineWidget(QWidget):
    """Draws what the deadline engine computed; it computes nothing itself."""

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.steps: list[Step] = []
        self.deadlines: list[Deadline] = []
        self.now = datetime.now().astimezone()
        self._marks: list[_Mark] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, 320)

    def set_data(self, steps: list[Step], deadlines: list[Deadline], now: datetime) -> None:
        self.steps = steps
        # a period years long (the limitation period) would squash everything else: the
        # overview lists it instead
        self.deadlines = [d for d in deadlines if d.due - d.starts < timedelta(days=400)]
        self.now = now
        self._fit_height()
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()  # labels that shared a row may no longer fit side by side

    def _fit_height(self) -> None:
        fm = self.fontMetrics()
        self.setMinimumHeight(int(self._axis_y(self.step_labels()) + 60 + len(self.deadlines) * (fm.height() + 16)))

    def _axis_y(self, labels: list[StepLabel]) -> float:
        """Below the rows the step labels take (at least ``MIN_ROWS``)."""
        rows = max((label.row + 1 for label in labels), default=0)
        return 50.0 + max(rows, MIN_ROWS) * (self.fontMetrics().height() + 4)

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        return small

    def _x_of(self) -> Callable[[datetime], float]:
        lo, hi = self._span()
        left, right = 30.0, self.width() - 30.0
        return lambda t: left + (right - left) * ((t - lo) / (hi - lo))

    def step_labels(self) -> list[StepLabel]:
        """Each step's label, in time order, in the lowest row where it clears the labels
        already there (steps recorded on one day used to print over each other in three
        rows taken in turn), kept inside the widget. Rows are counted up from the axis."""
        if not self.steps:
            return []
        fm = QFontMetricsF(self._small_font())
        x_of = self._x_of()
        ends: list[float] = []  # the right end of the last label in each row
        out = []
        for s in sorted(self.steps, key=lambda s: (s.at, s.id)):
            x = x_of(s.at)
            text = f"{s.at:%m-%d} {self.ctx.word('step.' + s.kind.value)}"
            width = fm.horizontalAdvance(text)
            left = max(4.0, min(x - 4, self.width() - width - 4))
            row = next((r for r, end in enumerate(ends) if end + 8 <= left), len(ends))
            ends[row:row + 1] = [left + width]
            out.append(StepLabel(s, x, QRectF(left, 0, width, fm.height()), row, text))
        axis_y = self._axis_y(out)
        for label in out:  # now that the number of rows is known
            label.rect.moveBottom(axis_y - 24 - label.row * (self.fontMetrics().height() + 4) + fm.descent())
        return out

    def _span(self) -> tuple[datetime, datetime]:
        times = [s.at for s in self.steps] + [d.due for d in self.deadlines]
        times += [d.starts for d in self.deadlines] + [self.now]
        lo, hi = min(times), max(times)
        pad = max((hi - lo) * 0.06, timedelta(hours=12))
        return lo - pad, hi + pad

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        self._marks = []
        if not self.steps and not self.deadlines:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       QCoreApplication.translate("Timeline", "No steps yet. Record the first step (for example, your "
                                      "in-app complaint) and its deadlines appear here."))
            return
        left, right = 30.0, self.width() - 30.0
        x_of = self._x_of()
        labels = self.step_labels()
        axis_y = self._axis_y(labels)
        p.setPen(QPen(self.palette().mid().color(), 2))
        p.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
        p.setFont(self._small_font())
        fm = p.fontMetrics()
        # today
        tx = x_of(self.now)
        p.setPen(QPen(TODAY_COLOUR, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(tx, 10), QPointF(tx, self.height() - 10))
        p.setPen(TODAY_COLOUR)
        p.drawText(QPointF(tx + 4, 20), QCoreApplication.translate("Timeline", "Today"))
        # steps above the axis: a dot, a line up to its label (lines first: a label is
        # drawn over the lines of the steps whose labels sit higher)
        p.setPen(QPen(STEP_COLOUR, 1))
        p.setBrush(STEP_COLOUR)
        for label in labels:
            p.drawEllipse(QPointF(label.x, axis_y), 6, 6)
            p.drawLine(QPointF(label.x, axis_y - 6), QPointF(label.x, label.rect.bottom()))
        for label in labels:
            s = label.step
            p.fillRect(label.rect.adjusted(-2, 0, 2, 0), self.palette().base())
            p.drawText(QPointF(label.rect.left(), label.rect.bottom() - fm.descent()), label.text)
            tip = (f"{display(s.at)} {self.ctx.word('step.' + s.kind.value)}{' · ' + s.ref if s.ref else ''}"
                   f"{chr(10) + s.note if s.note else ''}")
            self._marks.append(_Mark(QRectF(label.x - 8, axis_y - 8, 16, 16), tip))
            self._marks.append(_Mark(label.rect.adjusted(-4, -2, 4, 2), tip))
        # deadlines below the axis: a span from start to due, a diamond at the due time
        for i, d in enumerate(self.deadlines):
            colour = STATE_COLOURS[d.state]
            x0, x1 = x_of(d.starts), x_of(d.due)
            y = axis_y + 30 + fm.height() + i * (fm.height() + 20)
            pen = QPen(colour, 3, Qt.PenStyle.DashLine if d.estimated else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.drawLine(QPointF(x0, y), QPointF(x1, y))
            diamond = QPainterPath()
            diamond.moveTo(x1, y - 7)
            diamond.lineTo(x1 + 7, y)
            diamond.lineTo(x1, y + 7)
            diamond.lineTo(x1 - 7, y)
            diamond.closeSubpath()
            p.setPen(QPen(colour, 1))
            p.setBrush(colour if not d.estimated else Qt.BrushStyle.NoBrush)
            p.drawPath(diamond)
            label = self.ctx.wording.text(d, "label")
            est = QCoreApplication.translate("Timeline", " [estimated]") if d.estimated else ""
            text = f"{label} · {format_due(d.due)} · {self.ctx.word('state.' + d.state.value)}{est}"
            width = fm.horizontalAdvance(text)
            # the label sits above its span and clear of the diamond (a short span put the
            # diamond into the text), kept inside the widget
            tx_ = min(max(4.0, x0), self.width() - width - 4)
            p.setPen(colour)
            p.drawText(QPointF(tx_, y - 9 - fm.descent()), text)
            due_word = QCoreApplication.translate("Timeline", "Due")
            tip = f"{label}\n{due_word}: {format_due(d.due)}"
            if d.legal_due is not None:
                extended = QCoreApplication.translate("Timeline", "Extended by law to")
                tip += f"\n{extended}: {format_due(d.legal_due)}"
            tip += "\n" + self.ctx.wording.basis_and_source(d)
            note = self.ctx.wording.text(d, "note")
            if note:
                tip += f"\n{note}"
            if d.estimated:
                tip += "\n" + self.ctx.word("estimated")
            left_edge = min(x0, tx_) - 8
            self._marks.append(_Mark(QRectF(left_edge, y - fm.height() - 12,
                                            max(x1, tx_ + width) - left_edge + 16, fm.height() + 20), tip))

    def tooltip_at(self, pos) -> str | None:
        for mark in reversed(self._marks):
            if mark.rect.contains(QPointF(pos)):
                return mark.tip
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        tip = self.tooltip_at(event.position().toPoint())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), plain_tip(tip), self)
        else:
            QToolTip.hideText()


def display(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M")
