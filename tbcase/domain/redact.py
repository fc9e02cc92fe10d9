"""Redaction, the pure part: boxes over an image (parsed, checked, clipped), where phone
numbers, ID numbers and addresses stand in a text, the boxes to offer over the lines OCR
read, and a text with spans replaced by ■.

No Pillow and no database here: ``storage/redaction.py`` burns the boxes into pixels and
keeps the copy; the window and the command line ask this module what to offer.

The patterns:
- mainland mobile numbers: 11 digits 1[3-9]xxxxxxxxx (with +86, spaces or hyphens as
  people write them), and the masked forms apps show (138****5678);
- resident ID numbers: 18 characters, the last a check digit (GB 11643-1999, ISO 7064
  MOD 11-2) that must hold, so an 18-digit run of an order number is not taken;
- addresses: 省/自治区, 市, 区/县/旗, then road and number (路/街/大道/巷/弄 … 号/栋/室),
  at least two levels together, and the rest of the phrase (a building, a room) up to
  punctuation or a word that ends it (的, 了, 门口, 收 as in …室收: ``_STOP``).
Every pattern is bounded (no unbounded repetition), so a scan is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from tbcase.domain.errors import KnownError
from tbcase.domain.ocrfields import TextBox

MAX_BOXES = 200  # more boxes than any screenshot needs; a bigger list is a mistake
MAX_SPANS = 200
MAX_SPAN_CHARS = 200
MASK = "■"


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels of the image as shown (EXIF orientation applied)."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.w, self.h]

    def text(self) -> str:
        return f"{self.x},{self.y},{self.w},{self.h}"


class Found(Enum):
    PHONE = "phone"
    ID_NUMBER = "id"
    ADDRESS = "address"


@dataclass(frozen=True)
class Span:
    """Where a private detail stands in a text: [start, end) and what it is."""

    start: int
    end: int
    kind: Found


@dataclass(frozen=True)
class Offer:
    """A box offered over an image, and what was found there."""

    box: Box
    kind: Found
    text: str


_BOX = re.compile(r"\s*(-?\d{1,7})\s*,\s*(-?\d{1,7})\s*,\s*(-?\d{1,7})\s*,\s*(-?\d{1,7})\s*")


def parse_box(text: str) -> Box:
    """``X,Y,W,H`` in pixels; a clear KnownError for anything else (a negative width or
    height is refused; a zero one too, as a box that hides nothing)."""
    m = _BOX.fullmatch(text)
    if m is None:
        raise KnownError("redact_box_bad", value=text[:60])
    x, y, w, h = (int(v) for v in m.groups())
    if w <= 0 or h <= 0:
        raise KnownError("redact_box_empty", value=text[:60])
    return Box(x, y, w, h)


def clip(box: Box, width: int, height: int) -> Box | None:
    """The part of ``box`` inside a ``width`` x ``height`` image (None: nothing of it)."""
    left, top = max(0, box.x), max(0, box.y)
    right, bottom = min(width, box.right), min(height, box.bottom)
    if right <= left or bottom <= top:
        return None
    return Box(left, top, right - left, bottom - top)


def checked_boxes(boxes: list[Box] | tuple[Box, ...], width: int, height: int) -> tuple[Box, ...]:
    """The boxes to burn in, each clipped to the image. A zero-size box, one wholly
    outside the image, no box at all or far too many: KnownError, and nothing is made."""
    if not boxes:
        raise KnownError("redact_no_boxes")
    if len(boxes) > MAX_BOXES:
        raise KnownError("redact_too_many", count=len(boxes), limit=MAX_BOXES)
    out = []
    for b in boxes:
        if b.w <= 0 or b.h <= 0:
            raise KnownError("redact_box_empty", value=b.text())
        c = clip(b, width, height)
        if c is None:
            raise KnownError("redact_box_outside", value=b.text(), width=width, height=height)
        out.append(c)
    return tuple(out)


# ---------------------------------------------------------------- finding private details

_PHONE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}[ -]?[0-9]{4}|[*＊xX•]{4}[0-9]{4})(?![0-9])")
_ID = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_HAN = "\u4e00-\u9fa5"
_PROVINCE = rf"[{_HAN}]{{2,7}}?(?:省|自治区)"
_CITY = rf"[{_HAN}]{{2,7}}?市"
_DISTRICT = rf"[{_HAN}]{{1,7}}?(?:区|县|旗)"
_ROAD = rf"[{_HAN}A-Za-z0-9]{{1,12}}?(?:大道|大街|胡同|路|街|巷|弄)"
_NUMBER = r"[0-9０-９一二三四五六七八九十百-]{1,6}(?:号|弄|栋|幢|号楼|单元|室)"
_PUNCT = r"\s,，。;；!！?？:：、()（）\[\]【】"
# what ends the phrase after an address though no punctuation does: a particle (寄到…90号的包裹,
# …号了, …号吗), a place word (门口, 楼下, 附近), or 收/里/内/外 as a word of their own (…室收,
# …号里面, …号收到了): not as part of a name (丰收大厦, 三里屯), so the name stays masked
# ... but only when no more of an address follows it: a digit, a Latin letter or an address word
# in the next words (…文三路的90号, …88号了望大厦3层, …南区的高新南七道) means the address goes on,
# and is masked on (a leak is worse than a word too many hidden). Looked at over at most 12
# characters, so the scan stays linear.
_ADDRESS_WORD = r"(?:[0-9０-９A-Za-z号楼层室栋幢座塔村镇乡路街道巷弄区县市省]|单元|大厦|小区|花园|公寓|广场|中心|胡同)"
_PLAIN = rf"(?:(?!{_ADDRESS_WORD})[^{_PUNCT}])"
_STOP = (rf"(?:[的了吗呢吧啊呀嘛哦这]|门口|楼下|附近|旁边|对面|那(?:边|里|儿)"
         rf"|[收里内外](?=[到件货下好了的面边头没吗呢吧]|[{_PUNCT}]|$))"
         rf"(?={_PLAIN}{{0,12}}(?:[{_PUNCT}]|$)|{_PLAIN}{{12}})")
_TAIL = rf"(?:(?!{_STOP})[^{_PUNCT}]){{0,30}}"
# each part in a group of its own, so the first one's end is known (``_address_start``)
_ADDRESS = re.compile(
    rf"(?:(?P<p1>{_PROVINCE})?(?P<c1>{_CITY})(?P<d1>{_DISTRICT})|(?P<p2>{_PROVINCE})(?P<c2>{_CITY})"
    rf"|(?P<c3>{_CITY})?(?P<d3>{_DISTRICT})?(?P<r3>{_ROAD}){_NUMBER})" + _TAIL)
# words that lead into an address without being part of it (地址是…, 寄到…)
_LEAD = re.compile(r"地址是|地址为|地址|住址|收货人|是|在|到|寄往|发往")


def id_number_valid(text: str) -> bool:
    """An 18-character resident ID whose check digit holds (GB 11643-1999)."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def find_private(text: str) -> list[Span]:
    """Phone numbers, ID numbers and addresses in ``text``, in order, not overlapping."""
    spans: list[Span] = []
    for m in _PHONE.finditer(text):
        spans.append(Span(m.start(), m.end(), Found.PHONE))
    for m in _ID.finditer(text):
        if id_number_valid(m.group()):
            spans.append(Span(m.start(), m.end(), Found.ID_NUMBER))
    for m in _ADDRESS.finditer(text):
        spans.append(Span(_address_start(text, m), m.end(), Found.ADDRESS))
    spans.sort(key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for s in spans:
        if out and s.start < out[-1].end:
            if s.end > out[-1].end:
                out[-1] = Span(out[-1].start, s.end, out[-1].kind)
            continue
        out.append(s)
    return out


def _address_start(text: str, m: re.Match[str]) -> int:
    """Where the address ``m`` found begins: after the last word leading into it (到底是不是
    广州天河路123号: after the second 是, not the first 到), so the words before it stay
    readable. Only a word inside the name of the first part found (广州天河 of 广州天河路),
    leaving at least two characters of that name, and only when the rest still reads as an
    address to the same end: every 省, 市, 区, 路 and number found stays under the mask.
    The match's own start when no such word is in it. (A match is at most a few dozen
    characters: the words tried are bounded.)"""
    first = min(m.end(g) for g, v in m.groupdict().items() if v is not None) - m.start()
    for lead in reversed(list(_LEAD.finditer(m.group(), 0, max(0, first - 3)))):
        rest = _ADDRESS.match(text, m.start() + lead.end())
        if rest is not None and rest.end() >= m.end():
            return rest.start()
    return m.start()


def literal_spans(text: str, chosen: list[str] | tuple[str, ...]) -> list[Span]:
    """Every occurrence of each chosen string (the user's own spans) in ``text``."""
    out: list[Span] = []
    for piece in chosen:
        if not piece:
            continue
        start = text.find(piece)
        while start >= 0:
            out.append(Span(start, start + len(piece), Found.ADDRESS))
            start = text.find(piece, start + len(piece))
    return out


def mask(text: str, spans: list[Span]) -> tuple[str, int]:
    """``text`` with every character of the spans (but line breaks) replaced by ■, and
    how many characters were hidden."""
    if not spans:
        return text, 0
    hide = bytearray(len(text))
    for s in spans:
        hide[max(0, s.start):min(len(text), s.end)] = b"\x01" * (min(len(text), s.end) - max(0, s.start))
    hidden = 0
    parts: list[str] = []
    for ch, flag in zip(text, hide, strict=True):
        if flag and ch not in "\r\n":
            parts.append(MASK)
            hidden += 1
        else:
            parts.append(ch)
    return "".join(parts), hidden


def redact_text(text: str, chosen: list[str] | tuple[str, ...] = (), auto: bool = True) -> tuple[str, int]:
    """The chat log's text with the chosen spans and (``auto``) every phone number, ID
    number and address masked; how many characters were hidden."""
    if len(chosen) > MAX_SPANS:
        raise KnownError("redact_too_many", count=len(chosen), limit=MAX_SPANS)
    if any(len(c) > MAX_SPAN_CHARS for c in chosen):
        raise KnownError("redact_span_long", limit=MAX_SPAN_CHARS)
    spans = literal_spans(text, chosen) + (find_private(text) if auto else [])
    return mask(text, spans)


# ---------------------------------------------------------------- boxes to offer


def _weight(ch: str) -> int:
    """How wide a character draws, in half-widths (CJK and full-width forms take two)."""
    return 2 if ord(ch) >= 0x2E80 else 1


def offers(lines: list[TextBox] | tuple[TextBox, ...], width: int, height: int) -> list[Offer]:
    """Boxes over the private details in the lines OCR read: the part of each line's box
    where the detail stands (by the characters' widths), padded by a character on each
    side and clipped to the image."""
    out: list[Offer] = []
    for line in lines:
        left, top, right, bottom = line.box
        total = sum(_weight(c) for c in line.text) or 1
        unit = (right - left) / total
        for s in find_private(line.text):
            before = sum(_weight(c) for c in line.text[:s.start])
            inside = sum(_weight(c) for c in line.text[s.start:s.end])
            x0 = int(left + unit * (before - 1))
            x1 = int(left + unit * (before + inside + 1) + 0.999)
            pad = max(1, (bottom - top) // 8)
            box = clip(Box(x0, top - pad, max(1, x1 - x0), bottom - top + 2 * pad), width, height)
            if box is not None:
                out.append(Offer(box, s.kind, line.text[s.start:s.end]))
    return out
