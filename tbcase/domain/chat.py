"""Chat records copied out of Qianniu / Wangwang (千牛/旺旺).

No official export format exists: the parser follows the usual layout (a header
line ``<nick> <YYYY-M-D> <H:MM:SS>``, text lines until the next header, status and
system lines without a header) and keeps every line it cannot place as text,
never dropping one. The verbatim text stays the evidence; these messages are derived.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tbcase.domain.errors import KnownError
from tbcase.domain.model import SHANGHAI

MAX_CHAT_BYTES = 64 * 1024 * 1024

# Every pattern here is applied to one stripped line and is linear in its length: no
# lazy or greedy run followed by an optional run over the same characters (``.+?\s*``
# backtracks quadratically on a line of spaces). The header's nick is what precedes a
# date and a time at the END of the line, found from the right.
_DATE_AT_END = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")  # searched in the last 10 chars
_TIME_ONLY = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})")
_DATE_MAX = len("2026-12-31")
STATUS_LINES = {"已读", "未读", "发送中"}
_RECALLED = "撤回了一条消息"
_HANDOVER = "转交给"


def _split_header(stripped: str) -> tuple[str, tuple[str, ...]] | None:
    """``<nick> <YYYY-M-D> <H:MM:SS>`` (the nick may touch the date): nick and the six numbers.

    The nick is what remains before the date; it is empty for a line with only a date
    and a time (older clients put the nick on the line before).
    """
    parts = stripped.rsplit(None, 1)
    if len(parts) != 2:
        return None
    t = _TIME_ONLY.fullmatch(parts[1])
    if t is None:
        return None
    head = parts[0].rstrip()
    start = max(0, len(head) - _DATE_MAX)
    d = _DATE_AT_END.search(head, start)
    if d is None:
        return None
    return head[: d.start()].strip(), d.groups() + t.groups()


def _header(stripped: str) -> tuple[str, tuple[str, ...]] | None:
    split = _split_header(stripped)
    return split if split is not None and split[0] else None


def _time_only(stripped: str) -> tuple[str, ...] | None:
    split = _split_header(stripped)
    return split[1] if split is not None and not split[0] else None


def _recall(stripped: str) -> bool:
    """``<nick> 撤回了一条消息``"""
    return stripped.endswith(_RECALLED) and bool(stripped[: -len(_RECALLED)].strip())


def _system_line(line: str) -> bool:
    """``由 <a> 转交给 <b>``, ``原因：…``, ``当前用户来自…``"""
    if line.startswith(("原因：", "原因:", "当前用户来自")):
        return True
    if not line.startswith("由"):
        return False
    i = line.find(_HANDOVER, 2)  # at least one character between 由 and 转交给
    return i != -1 and i + len(_HANDOVER) < len(line)


class Role:
    BUYER = "buyer"
    SELLER = "seller"
    SYSTEM = "system"
    UNKNOWN = "unknown"


@dataclass
class Message:
    at: datetime | None
    speaker: str
    role: str
    text: str
    status: str = ""


@dataclass
class ParsedChat:
    messages: list[Message] = field(default_factory=list)
    buyer: str = ""
    parsed: bool = False  # False: no header found, show the log as plain text


def decode_text(data: bytes) -> str:
    """Bytes of a chat log as text: UTF-8 (with or without BOM), GBK/GB18030, UTF-16."""
    if not data:
        raise KnownError("empty_file")
    if len(data) > MAX_CHAT_BYTES:
        raise KnownError("chat_too_large", mb=MAX_CHAT_BYTES // (1024 * 1024))
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:  # a BOM, then bytes that are not that encoding
                raise KnownError("not_text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        # NUL bytes in text mean UTF-16 without BOM or a binary file
        even_zero = data[1:4096:2].count(0) > len(data[1:4096:2]) * 0.3
        odd_zero = data[0:4096:2].count(0) > len(data[0:4096:2]) * 0.3
        if even_zero or odd_zero:
            try:
                return data.decode("utf-16-le" if even_zero else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise KnownError("not_text")
    from charset_normalizer import from_bytes  # loaded on first use: start-up stays quick

    best = from_bytes(data[:1_000_000], cp_isolation=["gb18030", "gbk", "big5", "utf_16"]).best()
    if best is None:
        raise KnownError("not_text")
    encoding = best.encoding
    if encoding in ("gbk", "gb2312"):
        encoding = "gb18030"  # a superset: never fails where gbk worked
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise KnownError("not_text") from None


def text_or_none(data: bytes) -> str | None:
    """The bytes decoded, if they read as text with hardly any control characters."""
    try:
        text = decode_text(data)
    except KnownError:
        return None
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return text if control <= len(sample) * 0.05 else None


def looks_like_text(data: bytes) -> bool:
    return text_or_none(data) is not None


_WEB_LINK = re.compile(r"https?://[^\s<>\"'“”「」【】]+", re.IGNORECASE)
SHARE_CHARS, SHARE_LINES = 2_000, 3  # an app's share text is a line or two around its link


def web_link(text: str) -> str | None:
    """The link, when pasted ``text`` is a web link rather than a chat log: a link alone, or
    the few lines an app shares around one (``【淘宝】… https://m.tb.cn/h.… 「商品」点击链接
    直接打开``), no line of it a message header. Only short text is looked at: a log is long."""
    if len(text) > SHARE_CHARS:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or len(lines) > SHARE_LINES or any(_header(line) for line in lines):
        return None
    found = _WEB_LINK.search(text)
    return found.group(0) if found else None


def _at(y: str, mo: str, d: str, h: str, mi: str, s: str) -> datetime | None:
    try:
        return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=SHANGHAI)
    except ValueError:
        return None


def _shop_of(speaker: str) -> str | None:
    for sep in (":", "："):
        if sep in speaker:
            return speaker.split(sep, 1)[0].strip()
    return None


def guess_buyer(speakers: list[str], shop: str = "") -> str:
    """The buyer is the speaker who is not the shop (``shop:agent``), most often."""
    counts = Counter(speakers)  # in order of first appearance
    first = {s: i for i, s in enumerate(counts)}
    candidates = [s for s in counts if _shop_of(s) is None and not (shop and s.startswith(shop))]
    if not candidates:
        return ""
    return max(candidates, key=lambda s: (counts[s], -first[s]))


def role_of(speaker: str, buyer: str, shop: str = "") -> str:
    if not speaker:
        return Role.SYSTEM
    if speaker == buyer:
        return Role.BUYER
    if _shop_of(speaker) is not None or (shop and speaker.startswith(shop)):
        return Role.SELLER
    return Role.SELLER if buyer else Role.UNKNOWN


class _Text:
    """A message's text being collected: lines in a list, joined once (``+=`` on a
    growing string is quadratic)."""

    __slots__ = ("parts",)

    def __init__(self, first: str = "") -> None:
        self.parts = [first] if first else []

    def blank(self) -> None:
        if self.parts:
            self.parts.append("\n")

    def add(self, line: str) -> None:
        if self.parts and self.parts[-1] != "\n":
            self.parts.append("\n")
        self.parts.append(line)

    def drop_suffix(self, suffix: str) -> None:
        """Remove ``suffix`` from the end when the last line ends with it."""
        if self.parts and self.parts[-1].endswith(suffix):
            self.parts[-1] = self.parts[-1][: -len(suffix)]
            if not self.parts[-1]:
                self.parts.pop()

    def text(self) -> str:
        return "".join(self.parts).strip("\n")


def parse_chat(text: str, shop: str = "", buyer: str = "") -> ParsedChat:
    """Messages of a copied chat log, in time linear in its length."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    raw: list[Message] = []
    current: Message | None = None
    body = _Text()
    pending_nick: str | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            current.text = body.text()
            raw.append(current)
            current = None

    def start(msg: Message, first: str = "") -> None:
        nonlocal current, body
        flush()
        current, body = msg, _Text(first)

    for line in text.split("\n"):
        stripped = line.strip()
        header = _header(stripped)
        if header is None and pending_nick is not None:
            t = _time_only(stripped)
            if t is not None:  # older clients: name on one line, time on the next
                if current is not None:
                    body.drop_suffix(pending_nick)
                start(Message(_at(*t), pending_nick, "", ""))
                pending_nick = None
                continue
        pending_nick = None
        if header is not None:
            at = _at(*header[1])
            if at is not None:
                start(Message(at, header[0], "", ""))
                continue
        if not stripped:
            if current is not None:
                body.blank()
            continue
        if stripped in STATUS_LINES and current is not None and current.role != Role.SYSTEM:
            current.status = stripped
            continue
        recalled = _recall(stripped)
        if recalled or _system_line(stripped):
            flush()
            raw.append(Message(None, "", Role.SYSTEM, stripped, "recalled" if recalled else ""))
            continue
        if current is None or current.role == Role.SYSTEM:
            # a line we cannot place: kept as text of its own
            start(Message(None, "", Role.UNKNOWN, ""), stripped)
            pending_nick = stripped
            continue
        body.add(line.rstrip())
        pending_nick = stripped
    flush()

    # A message's time carries to the system lines after it (for ordering)
    last_at = None
    for msg in raw:
        if msg.at is None:
            msg.at = last_at
        last_at = msg.at
    speakers = [m.speaker for m in raw if m.speaker]
    parsed = bool(speakers)
    if not buyer:
        buyer = guess_buyer(speakers, shop)
    for msg in raw:
        if msg.role in ("", Role.UNKNOWN) and msg.speaker:
            msg.role = role_of(msg.speaker, buyer, shop)
        elif not msg.role:
            msg.role = Role.UNKNOWN
        msg.text = msg.text.strip("\n")
    messages = [m for m in raw if m.text or m.speaker]
    return ParsedChat(messages, buyer, parsed)
