"""Fields of an order read from the text lines OCR found in a screenshot.

Pure: text boxes in, proposed values out, each with the box it came from so the user can
see where a value was read and confirm or correct it. Nothing here writes anything; a
proposal becomes a case field only when the user accepts it.

Screens put a label and its value on one row (``订单编号  4012…  复制``), sometimes as
separate boxes and sometimes run together (``实付款¥128.50``), or the value on the next
row. Rows are rebuilt from the boxes' positions first, then labels are looked for in rows.
Every pattern here is linear (no nested quantifiers over the same characters) and every
input line is cut to ``MAX_LINE`` characters: the text comes from an image anyone made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from tbcase.domain.model import SHANGHAI
from tbcase.domain.tracking import UNKNOWN, Carrier, carrier_by_name, normalise_tracking_number, recognise

MAX_LINE = 500
MAX_BOXES = 2000

Box = tuple[int, int, int, int]
T = TypeVar("T")


@dataclass(frozen=True)
class TextBox:
    """One line of text found in an image: its text, its box (left, top, right, bottom
    in pixels of the image as shown) and the engine's confidence (0..1)."""

    text: str
    box: Box
    score: float


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value read from the image, the text it was read from and where that text is."""

    value: T
    text: str
    box: Box


@dataclass(frozen=True)
class TrackingFound:
    number: str
    carrier: Carrier
    text: str
    box: Box


@dataclass(frozen=True)
class OrderFields:
    order_no: Found[str] | None = None
    amount_fen: Found[int] | None = None
    refund_fen: Found[int] | None = None
    shop: Found[str] | None = None
    item: Found[str] | None = None
    ordered_at: Found[datetime] | None = None
    signed_at: Found[datetime] | None = None
    tracking: tuple[TrackingFound, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Row:
    text: str  # the boxes' texts left to right, one space between
    box: Box
    parts: tuple[TextBox, ...]


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def rows(boxes: list[TextBox]) -> list[Row]:
    """Boxes grouped into visual rows (their vertical centres within each other's
    height), top to bottom, each row's boxes left to right."""
    ordered = sorted(boxes[:MAX_BOXES], key=lambda b: ((b.box[1] + b.box[3]) / 2, b.box[0]))
    groups: list[list[TextBox]] = []
    for b in ordered:
        centre = (b.box[1] + b.box[3]) / 2
        if groups:
            last = groups[-1]
            top = min(x.box[1] for x in last)
            bottom = max(x.box[3] for x in last)
            last_centre = (top + bottom) / 2
            height = max(bottom - top, b.box[3] - b.box[1], 1)
            if top <= centre <= bottom and abs(centre - last_centre) < height * 0.5:
                last.append(b)
                continue
        groups.append([b])
    out: list[Row] = []
    for g in groups:
        g.sort(key=lambda x: x.box[0])
        box = g[0].box
        for x in g[1:]:
            box = _union(box, x.box)
        out.append(Row(" ".join(x.text[:MAX_LINE] for x in g), box, tuple(g)))
    return out


# -- values

_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1",
                                   "S": "5", "B": "8", "Z": "2"})
_NUMBER_RUN = re.compile(r"[0-9OoDlI|SBZ][0-9OoDlI|SBZ \u3000]{10,40}")
_DATETIME = re.compile(
    r"(20\d\d)\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})\s?日?\s*(\d{1,2})\s?[:：]\s?(\d{2})(?:\s?[:：]\s?(\d{2}))?")
_MONEY = re.compile(r"[¥￥Y]\s?(\d{1,9}(?:[.,]\d{1,2})?)|(\d{1,9}\.\d{2})\s?元?")

ORDER_LABELS = re.compile(r"订单编号|订单号")
NOT_ORDER = re.compile(r"交易号|流水号|退款编号|运单|快递单|物流单|售后编号|服务单")
AMOUNT_LABELS = (re.compile(r"实付款|实付金额|实付"), re.compile(r"付款金额|支付金额|需付款"),
                 re.compile(r"订单金额|合计|总计"))
REFUND_LABELS = re.compile(r"退款金额|退款总额|退回金额")
ORDERED_LABELS = re.compile(r"创建时间|下单时间|订单创建时间|提交时间")
SIGNED_LABELS = re.compile(r"签收时间|收货时间")
SIGNED_EVENT = re.compile(r"已签收|签收人|本人签收|代签收|已代收")
TRACKING_LABELS = re.compile(r"运单号|运单编号|快递单号|物流单号|物流编号")
SHOP_LABEL = re.compile(r"(店铺名称|店铺|商家)\s*[：:]")
SHOP_SUFFIX = re.compile(r"(旗舰店|专卖店|专营店|官方店|企业店|小店|工厂店|直营店|自营店)")
_TRACKING_TOKEN = re.compile(r"[A-Z]{0,3}\d[\dA-Z \-]{9,24}\d")


def _digits(run: str) -> str:
    return re.sub(r"[\s\u3000]", "", run.translate(_DIGIT_LOOKALIKES))


def order_number_in(text: str) -> str | None:
    """The first 16–19 digit number in ``text`` (look-alike letters read as digits)."""
    for m in _NUMBER_RUN.finditer(text[:MAX_LINE]):
        for run in (d.group(0) for d in re.finditer(r"\d+", _digits(m.group(0)))):
            if 16 <= len(run) <= 19:
                return run
    return None


def datetime_in(text: str) -> datetime | None:
    m = _DATETIME.search(text[:MAX_LINE])
    if m is None:
        return None
    y, mo, d, hh, mm, ss = m.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), tzinfo=SHANGHAI)
    except ValueError:
        return None


def money_in(text: str) -> int | None:
    """The first amount in ``text`` as fen: ``¥128.50``, ``￥128``, ``128.50元``."""
    for m in _MONEY.finditer(text[:MAX_LINE]):
        raw = (m.group(1) or m.group(2) or "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            continue
        return int(value * 100)
    return None


def _after(row: Row, label: re.Pattern[str]) -> str:
    m = label.search(row.text)
    return row.text[m.end():] if m else row.text


def _labelled(rs: list[Row], label: re.Pattern[str], read: Callable[[str], T | None],
              exclude: re.Pattern[str] | None = None) -> Found[T] | None:
    """The value after ``label`` on its row, or on the next row when the label stands
    alone."""
    for i, r in enumerate(rs):
        if not label.search(r.text) or (exclude is not None and exclude.search(r.text)):
            continue
        value = read(_after(r, label))
        if value is not None:
            return Found(value, r.text, r.box)
        if i + 1 < len(rs):
            nxt = rs[i + 1]
            value = read(nxt.text)
            if value is not None:
                return Found(value, nxt.text, nxt.box)
    return None


def _order_number(rs: list[Row]) -> Found[str] | None:
    found: Found[str] | None = _labelled(rs, ORDER_LABELS, order_number_in, NOT_ORDER)
    if found is not None:
        return found
    for r in rs:  # no label read: an unlabelled 16–19 digit number on a row that names nothing else
        if NOT_ORDER.search(r.text):
            continue
        n = order_number_in(r.text)
        if n is not None:
            return Found(n, r.text, r.box)
    return None


def _amount(rs: list[Row]) -> Found[int] | None:
    for label in AMOUNT_LABELS:
        found: Found[int] | None = _labelled(rs, label, money_in, REFUND_LABELS)
        if found is not None:
            return found
    return None


def _clean_name(text: str) -> str:
    text = re.sub(r"^[\s:：>＞]+|[\s>＞〉]+$", "", text)
    return re.sub(r"\s*(进店|进入店铺|关注|联系卖家|联系客服)$", "", text).strip()


def _shop(rs: list[Row]) -> Found[str] | None:
    for r in rs:
        m = SHOP_LABEL.match(r.text)
        if m:
            name = _clean_name(r.text[m.end():])
            if name:
                return Found(name, r.text, r.box)
    for r in rs:
        m = SHOP_SUFFIX.search(r.text)
        if m and len(r.text) <= 40:
            name = _clean_name(r.text[:m.end()])
            if name and not re.search(r"\d{6,}", name):
                return Found(name, r.text, r.box)
    return None


def _item(rs: list[Row], shop: Found[str] | None) -> Found[str] | None:
    """The product title: the first long row after the shop's that is no label or price."""
    start = 0
    if shop is not None:
        for i, r in enumerate(rs):
            if r.box == shop.box:
                start = i + 1
                break
    for r in rs[start:start + 4]:
        text = re.sub(r"\s*[¥￥]\s?[\d.,]+.*$", "", r.text).strip()
        text = re.sub(r"\s*[xX×]\s?\d+$", "", text).strip()
        if (len(text) >= 6 and not re.search(r"[：:]", text) and not _DATETIME.search(text)
                and not any(lbl.search(text) for lbl in (ORDER_LABELS, *AMOUNT_LABELS, TRACKING_LABELS))):
            return Found(text, r.text, r.box)
    return None


def _signed(rs: list[Row]) -> Found[datetime] | None:
    found: Found[datetime] | None = _labelled(rs, SIGNED_LABELS, datetime_in)
    if found is not None:
        return found
    for i, r in enumerate(rs):
        if not SIGNED_EVENT.search(r.text):
            continue
        at = datetime_in(r.text)
        if at is not None:
            return Found(at, r.text, r.box)
        for j in (i - 1, i + 1):  # a timeline puts the time just above or below the event
            if 0 <= j < len(rs):
                at = datetime_in(rs[j].text)
                if at is not None:
                    return Found(at, rs[j].text, rs[j].box)
    return None


def tracking_numbers_in(text: str) -> list[tuple[str, Carrier]]:
    """Tokens of ``text`` that have a known carrier's shape."""
    out: list[tuple[str, Carrier]] = []
    for m in _TRACKING_TOKEN.finditer(text[:MAX_LINE].upper()):
        n = normalise_tracking_number(m.group(0))
        for candidate in {n, re.sub(r"[^\dA-Z]", "", n)}:
            c = recognise(candidate)
            if c is not UNKNOWN and all(candidate != o for o, _ in out):
                out.append((candidate, c))
    return out


def _carrier_named(text: str) -> Carrier:
    for name in re.findall(r"(顺丰|圆通|中通|申通|韵达|极兔|京东|德邦|EMS|邮政)", text):
        c = carrier_by_name("EMS" if name == "邮政" else name)
        if c is not UNKNOWN:
            return c
    return UNKNOWN


def _tracking(rs: list[Row]) -> tuple[TrackingFound, ...]:
    out: list[TrackingFound] = []
    seen: set[str] = set()
    for i, r in enumerate(rs):
        if ORDER_LABELS.search(r.text) or re.search(r"交易号|退款编号", r.text):
            continue
        labelled = TRACKING_LABELS.search(r.text)
        found = tracking_numbers_in(r.text)
        if labelled and not found:
            m = re.search(r"[A-Z0-9]{8,30}", _after(r, TRACKING_LABELS).upper().replace(" ", ""))
            if m:
                found = [(m.group(0), recognise(m.group(0)))]
        for number, carrier in found:
            if number in seen:
                continue
            named = _carrier_named(r.text)
            if named is UNKNOWN and i > 0:
                named = _carrier_named(rs[i - 1].text)
            if named is not UNKNOWN and (carrier is UNKNOWN or named.code != carrier.code):
                carrier = named  # the screen names the courier: believe it over the shape
            seen.add(number)
            out.append(TrackingFound(number, carrier, r.text, r.box))
    return tuple(out)


def extract(boxes: list[TextBox]) -> OrderFields:
    """Propose the order's fields from one screenshot's text boxes."""
    rs = rows(boxes)
    shop = _shop(rs)
    return OrderFields(
        order_no=_order_number(rs),
        amount_fen=_amount(rs),
        refund_fen=_labelled(rs, REFUND_LABELS, money_in),
        shop=shop,
        item=_item(rs, shop),
        ordered_at=_labelled(rs, ORDERED_LABELS, datetime_in),
        signed_at=_signed(rs),
        tracking=_tracking(rs),
    )


# -- suggestions for a case


@dataclass(frozen=True)
class CaseKnown:
    """What the case already says (the fields a screenshot can contradict)."""

    order_no: str = ""
    amount_fen: int | None = None
    ordered_at: datetime | None = None
    signed_at: datetime | None = None
    shop: str = ""
    tracking: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    """One thing a screenshot says that the case does not: ``kind`` is ``tracking``
    (a number not in the case), ``missing`` (a field the case leaves empty) or
    ``differs`` (the case says something else). Shown to the user; written only when
    the user accepts it."""

    kind: str
    field: str  # the case field's name as ``tbcase set`` knows it: order, amount, ordered, signed, shop, tracking
    value: str  # as the user would type it
    current: str
    evidence_id: int
    exhibit: int
    text: str
    box: Box


def _as_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value // 100}.{value % 100:02d}"
    return str(value)


def suggestions(known: CaseKnown, read: list[tuple[int, int, OrderFields]]) -> list[Suggestion]:
    """Suggestions from the fields read in each image (``(evidence_id, exhibit, fields)``),
    each said once (the first image that says it)."""
    out: list[Suggestion] = []
    said: set[tuple[str, str]] = set()

    def offer(kind: str, name: str, value: object, current: object, eid: int, exhibit: int, found: object) -> None:
        text = _as_text(value)
        if (name, text) in said:
            return
        said.add((name, text))
        out.append(Suggestion(kind, name, text, "" if current is None else _as_text(current), eid, exhibit,
                              getattr(found, "text", ""), getattr(found, "box", (0, 0, 0, 0))))

    for eid, exhibit, f in read:
        for t in f.tracking:
            if t.number not in known.tracking:
                offer("tracking", "tracking", t.number, None, eid, exhibit, t)
        pairs: list[tuple[str, Found[str] | Found[int] | Found[datetime] | None, object]] = [
            ("order", f.order_no, known.order_no or None), ("amount", f.amount_fen, known.amount_fen),
            ("ordered", f.ordered_at, known.ordered_at), ("signed", f.signed_at, known.signed_at),
            ("shop", f.shop, known.shop or None)]
        for name, found, current in pairs:
            if found is None:
                continue
            if current is None:
                offer("missing", name, found.value, None, eid, exhibit, found)
            elif _as_text(found.value) != _as_text(current):
                offer("differs", name, found.value, current, eid, exhibit, found)
    return out


# -- chat screenshots


@dataclass(frozen=True)
class ChatBubble:
    """One message read from a chat screenshot: ``side`` is ``right`` (the phone's owner,
    the buyer in the Taobao app) or ``left`` (the other party), ``at`` the last time stamp
    shown above it (centred rows), if any."""

    side: str
    at: datetime | None
    text: str
    box: Box


def chat_bubbles(boxes: list[TextBox], width: int) -> list[ChatBubble]:
    """The messages of a Qianniu/Taobao chat screenshot, top to bottom.

    A row centred on the screen that holds a time is a time stamp; a row touching the
    left third only is the other party's, one touching the right third only is the
    owner's; the first row (the title bar: shop name) is skipped. Lines of one bubble
    that wrap stay separate messages (the engine does not say which lines share one).
    """
    if width <= 0:
        return []
    out: list[ChatBubble] = []
    at: datetime | None = None
    for i, r in enumerate(rows(boxes)):
        left, _, right, _ = r.box
        centre = (left + right) / 2
        stamp = datetime_in(r.text)
        if stamp is not None and abs(centre - width / 2) < width * 0.15:
            at = stamp
            continue
        if i == 0 and left < width * 0.2 and stamp is None:
            continue  # the title bar
        if left > width * 0.25 and right > width * 0.75:
            side = "right"
        elif left < width * 0.25 and right < width * 0.85:
            side = "left"
        else:
            side = "right" if centre > width / 2 else "left"
        out.append(ChatBubble(side, at, r.text, r.box))
    return out


def conversation(boxes: list[TextBox], width: int) -> list[ChatBubble]:
    """The messages of ``boxes`` when the screenshot reads as a chat, else ``[]``.

    A chat has both sides speaking (rows that start past the left quarter and rows that end
    before the right sixth) and few rows that span the width: an order or logistics page,
    whose rows hold a label on the left and a value on the right, does not read as one.
    """
    bubbles = chat_bubbles(boxes, width)
    if len(bubbles) < 2:
        return []
    one_side = [b for b in bubbles if b.box[0] > width * 0.25 or b.box[2] < width * 0.85]
    sides = {b.side for b in one_side}
    if sides != {"left", "right"} or len(one_side) < 0.8 * len(bubbles):
        return []
    return bubbles
