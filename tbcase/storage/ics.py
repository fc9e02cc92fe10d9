"""Deadlines as iCalendar events with a reminder, for a phone calendar (icalendar)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from icalendar import Alarm, Calendar, Event

from tbcase import __version__
from tbcase.domain.ladder import Deadline
from tbcase.domain.model import now


def deadlines_to_ics(rows: Iterable[tuple[str, str, Deadline]]) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//tbcase//tbcase {__version__}//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "tbcase 期限")
    stamp = now()
    for order_no, item, d in rows:
        ev = Event()
        uid = hashlib.sha1(f"{order_no}|{d.rule}|{d.starts.isoformat()}".encode()).hexdigest()
        ev.add("uid", f"{uid}@tbcase")
        ev.add("dtstamp", stamp)
        est = "（估算）" if d.estimated else ""
        ev.add("summary", f"{d.label_zh}{est} · 订单 {order_no}")
        # a deadline is a moment: the event ends at the due time
        ev.add("dtstart", d.due - timedelta(minutes=30))
        ev.add("dtend", d.due)
        desc = [f"订单号：{order_no}", f"商品：{item}", f"依据：{d.source_zh}"]
        if d.legal_due is not None:
            desc.append(f"依法顺延至：{d.legal_due.isoformat()}")
        if d.estimated:
            desc.append("该期限涉及尚无官方节假日安排的年份，为估算结果。")
        ev.add("description", "\n".join(desc))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{d.label_zh} 即将到期")
        alarm.add("trigger", timedelta(hours=-24))
        ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())
