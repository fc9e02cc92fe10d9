"""Values of a case: enums, times in Asia/Shanghai, money in fen, order numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import TypeVar

from tbcase.domain.errors import KnownError

# Mainland China has kept UTC+8 without daylight saving since 1991; a fixed offset
# avoids needing the tz database (absent on Windows without the tzdata package).
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


class Platform(StrEnum):
    TAOBAO = "taobao"
    TMALL = "tmall"


class ComplaintType(StrEnum):
    QUALITY = "quality"
    LOGISTICS = "logistics"
    AFTER_SALES = "after_sales"
    PLATFORM = "platform"


class Outcome(StrEnum):
    REFUND = "refund"
    RETURN = "return"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    COMPENSATION = "compensation"
    OTHER = "other"


class CaseStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED = "closed"


class EvidenceKind(StrEnum):
    SCREENSHOT = "screenshot"
    PHOTO = "photo"
    CHAT = "chat"
    RECEIPT = "receipt"
    DOCUMENT = "document"


class Via(StrEnum):
    """How an exhibit came into the case (recorded in its ``evidence.added`` history entry;
    files added before tbcase recorded it have none, shown as 未记录 / not recorded)."""

    DROP = "drop"  # dragged onto the window
    OPEN = "open"  # chosen in the window's Add evidence… dialog
    PASTE = "paste"  # pasted (a screenshot or a chat log)
    PHONE = "phone"  # uploaded from a phone (扫码传图)
    IMPORT = "import"  # copied from an exported bundle
    CLI = "cli"  # tbcase add on the command line
    OCR = "ocr"  # tbcase new --from-screenshot
    DEMO = "demo"  # the demo library


class Direction(StrEnum):
    OUT = "out"
    RETURN = "return"


class StepKind(StrEnum):
    COMPLAINT = "complaint"
    PLATFORM_REPLY = "platform_reply"
    WRITTEN_COMPLAINT = "written_complaint"
    WRITTEN_REPLY = "written_reply"
    ALIBABA = "alibaba"
    THIRD_PARTY = "third_party"  # the market regulator (12315)
    CONSUMER_ASSOCIATION = "consumer_association"  # 消费者协会: no statutory answer time
    THIRD_PARTY_REPLY = "third_party_reply"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    REFUSED = "refused"
    CLOSED = "closed"
    RETURN_REQUESTED = "return_requested"  # 申请退货: the return notice of 七日办法 第10条
    RETURN_SHIPPED = "return_shipped"
    RETURN_SIGNED = "return_signed"


def now() -> datetime:
    return datetime.now(SHANGHAI).replace(microsecond=0)


# The years a case's times may fall in (what import accepts too): a step typed as 9999-12-25
# was taken, and the case's timeline and calendar file failed for good from then on
# (its deadlines run past the last day Python's calendar has; steps cannot be removed).
FIRST_YEAR, LAST_YEAR = 1990, 2200

_DT_PATTERN = (  # compiled when first used (re caches it), not when the window starts
    r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_datetime(text: str) -> datetime:
    """Parse a date or date-time typed by a user; naive input is Asia/Shanghai.

    Accepts ``2026-11-20``, ``2026/11/20 9:05``, ``2026-11-20T14:00:00+08:00``,
    ``2026年11月20日 14:00``. A bare date means the start of that day.
    """
    m = re.match(_DT_PATTERN, text or "")
    if not m:
        raise KnownError("bad_datetime", value=text)
    y, mo, d, hh, mm, ss, tz = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        raise KnownError("bad_datetime", value=text) from None
    if not FIRST_YEAR <= dt.year <= LAST_YEAR:
        raise KnownError("time_out_of_range", value=text, first=FIRST_YEAR, last=LAST_YEAR)
    if tz is None:
        return dt.replace(tzinfo=SHANGHAI)
    if tz == "Z":
        return dt.replace(tzinfo=UTC).astimezone(SHANGHAI)
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset > timedelta(hours=14):  # +25:00 was an internal error (no such time zone)
        raise KnownError("bad_datetime", value=text)
    return dt.replace(tzinfo=timezone(sign * offset)).astimezone(SHANGHAI)


def parse_date(text: str) -> date:
    return parse_datetime(text).date()


def to_iso(dt: datetime | None) -> str | None:
    """ISO 8601 with offset, in Asia/Shanghai, to the second."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=SHANGHAI)
    return dt.astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def from_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=SHANGHAI)
    return dt.astimezone(SHANGHAI)


def end_of_day(d: date) -> datetime:
    """24:00 of day ``d`` in Asia/Shanghai (= 00:00 of the next day)."""
    return datetime.combine(d + timedelta(days=1), time(0), SHANGHAI)


def format_due(dt: datetime | None) -> str:
    """A deadline as people read it: an end-of-day time shows as ``24:00`` of that day."""
    if dt is None:
        return ""
    dt = dt.astimezone(SHANGHAI)
    if dt.time() == time(0):
        return f"{(dt - timedelta(days=1)).date().isoformat()} 24:00"
    return dt.strftime("%Y-%m-%d %H:%M")


MAX_AMOUNT_FEN = 10_000_000_000  # 1亿元: far above any order


def parse_amount(text: str) -> int:
    """An amount in yuan (``39.5``, ``¥39.50``, ``39.50元``) as whole fen."""
    from decimal import Decimal, InvalidOperation  # not needed to start the window

    cleaned = (text or "").strip().replace("¥", "").replace("￥", "").replace("元", "")
    cleaned = cleaned.replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise KnownError("bad_amount", value=text) from None
    # the upper bound first: quantize() fails (InvalidOperation) on more than 28 digits
    if not value.is_finite() or value < 0 or value * 100 > MAX_AMOUNT_FEN:
        raise KnownError("bad_amount", value=text)
    if value != value.quantize(Decimal("0.01")):
        raise KnownError("bad_amount", value=text)
    return int(value * 100)


def format_amount(fen: int | None) -> str:
    if fen is None:
        return ""
    return f"{fen // 100}.{fen % 100:02d}"


ORDER_DIGITS = re.compile(r"^\d+$")


def normalise_order_number(text: str) -> str:
    """Strip spaces a copy from the app adds; the number stays a string."""
    return re.sub(r"[\s\u3000]", "", text or "")


def order_number_warnings(order_no: str) -> list[str]:
    """Codes of what looks wrong; Taobao/Tmall order numbers are 16 to 19 digits."""
    if not order_no:
        return ["order_empty"]
    if not ORDER_DIGITS.match(order_no):
        return ["order_not_digits"]
    if not 16 <= len(order_no) <= 19:
        return ["order_length"]
    return []


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_file_stem(name: str) -> str:
    """A file name stem that is valid on Windows, macOS and Linux."""
    stem = _UNSAFE_NAME.sub("_", name).strip(" .")
    return stem[:120] or "case"


@dataclass(frozen=True)
class Complainant:
    """Who complains: the name, phone, account and address the letter gives."""

    name: str = ""
    phone: str = ""
    account: str = ""
    address: str = ""


_E = TypeVar("_E", bound=StrEnum)


def parse_choice(enum: type[_E], value: str, what: str) -> _E:
    """``value`` as a member of ``enum``; anything else is a KnownError listing the choices."""
    try:
        return enum(value)
    except ValueError:
        raise KnownError("bad_choice", what=what, value=value,
                         choices=", ".join(e.value for e in enum)) from None
