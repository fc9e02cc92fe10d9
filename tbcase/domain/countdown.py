"""Countdowns copied from the order page, e.g. ``卖家还剩 2天23时 处理``."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from tbcase.domain.errors import KnownError

_PART = re.compile(r"(\d+)\s*(天|日|小时|时|分钟|分|秒)")
LONGEST = timedelta(days=366)  # an order page counts down days, not years
_UNITS = {"天": "days", "日": "days", "小时": "hours", "时": "hours", "分钟": "minutes",
          "分": "minutes", "秒": "seconds"}


def parse_countdown(text: str, now: datetime) -> datetime:
    """The end time of a countdown read at ``now``."""
    parts = _PART.findall(text or "")
    if not parts:
        raise KnownError("countdown_bad", value=text)
    delta = timedelta()
    for number, unit in parts:
        if len(number) > 6:  # 99999999天 ran past the calendar's last day: an internal error
            raise KnownError("countdown_bad", value=text)
        delta += timedelta(**{_UNITS[unit]: int(number)})
    if delta > LONGEST:
        raise KnownError("countdown_bad", value=text)
    return (now + delta).replace(microsecond=0)
