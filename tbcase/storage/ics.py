"""Deadlines as iCalendar events with a reminder, for a phone calendar (icalendar), in the
user's language (the ``Wording`` given: every word of the file comes from it)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event

from tbcase import __version__
from tbcase.domain.ladder import Deadline
from tbcase.domain.model import now

if TYPE_CHECKING:
    from tbcase.wording import Wording


def deadlines_to_ics(rows: Iterable[tuple[str, str, Deadline]], wording: Wording) -> bytes:
    w = wording.word
    cal = Calendar()
    cal.add("prodid", f"-//tbcase//tbcase {__version__}//{wording.lang.upper()}")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", w("ics.calendar"))
    stamp = now()
    for order_no, item, d in rows:
        ev = Event()
        uid = hashlib.sha1(f"{order_no}|{d.rule}|{d.starts.isoformat()}".encode()).hexdigest()
        ev.add("uid", f"{uid}@tbcase")
        ev.add("dtstamp", stamp)
        label = wording.text(d, "label")
        est = w("ics.estimated") if d.estimated else ""
        ev.add("summary", w("ics.summary").format(label=label + est, order=order_no))
        # a deadline is a moment: the event ends at the due time
        ev.add("dtstart", d.due - timedelta(minutes=30))
        ev.add("dtend", d.due)
        desc = [w("ics.order").format(order=order_no), w("ics.item").format(item=item),
                w("ics.source").format(basis=w("basis." + d.basis.value), source=wording.text(d, "source"))]
        if d.legal_due is not None:
            desc.append(w("ics.legal_due").format(date=d.legal_due.isoformat()))
        if d.estimated:
            desc.append(w("ics.estimated_note"))
        ev.add("description", "\n".join(desc))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", w("ics.alarm").format(label=label))
        alarm.add("trigger", timedelta(hours=-24))
        ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())
