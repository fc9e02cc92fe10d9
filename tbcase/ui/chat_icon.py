"""A chat log's icon in the evidence grid: a small conversation (its first lines in bubbles,
the buyer's on the right in green, the seller's on the left in white, as the chat tab
shows them), not the generic document icon every other file has."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPixmap,
    QPolygonF,
)

from tbcase.domain.bidi import neutral

SIZE = 128
BUBBLES = 3
_FILL = {"buyer": "#dcf8c6", "seller": "#ffffff", "system": "#ececec"}


def chat_icon(lines: list[tuple[str, str]]) -> QIcon:
    """The icon of a log whose first messages are ``lines`` ((role, text) pairs); with none
    known (yet), bubbles with grey strokes where the words would be."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0  # sharp at scale 1.75 too
    pm = QPixmap(round(SIZE * ratio), round(SIZE * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor("#c4c4c4"))
    p.setBrush(QColor("#eef1f4"))
    p.drawRoundedRect(QRectF(3.5, 3.5, SIZE - 7, SIZE - 7), 12, 12)
    font = QFont()
    font.setPixelSize(11)
    p.setFont(font)
    metrics = QFontMetrics(font)
    shown = lines[:BUBBLES] or [("seller", ""), ("buyer", ""), ("seller", "")]
    height, gap = 30.0, 7.0
    top = (SIZE - BUBBLES * height - (BUBBLES - 1) * gap) / 2
    for i, (role, text) in enumerate(shown):
        right = role == "buyer"
        rect = QRectF(20 if right else 12, top + i * (height + gap), 96, height)
        bubble = QPainterPath()
        bubble.addRoundedRect(rect, 9, 9)
        tip = rect.right() + 6 if right else rect.left() - 6
        base = rect.right() - 4 if right else rect.left() + 4
        tail = QPainterPath()
        tail.addPolygon(QPolygonF([QPointF(base, rect.bottom() - 14), QPointF(tip, rect.bottom() - 2),
                                   QPointF(base - (8 if right else -8), rect.bottom() - 3)]))
        p.setPen(QColor("#a9b2ba"))
        p.setBrush(QColor(_FILL.get(role, "#fff8e1")))
        p.drawPath(bubble.united(tail))
        inner = rect.adjusted(6, 0, -6, 0)
        first = text.strip().split("\n", 1)[0] if text else ""
        if first:
            p.setPen(QColor("#212121"))
            p.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                       metrics.elidedText(neutral(first), Qt.TextElideMode.ElideRight, int(inner.width())))
        else:  # strokes for words
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#b9c2ca"))
            p.drawRoundedRect(QRectF(inner.left(), rect.center().y() - 2.5, inner.width() * (0.8 - 0.2 * (i % 2)), 5),
                              2.5, 2.5)
    p.end()
    return QIcon(pm)
