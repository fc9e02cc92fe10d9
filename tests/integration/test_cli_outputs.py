"""What the command line puts out, checked against the case: ``due --within`` keeps only what falls
due in the window, calendar events end at the due time, and the library's search reads chat text."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from tbcase.domain.model import SHANGHAI
from tbcase.storage.library import Library
from tests.helpers import add_evidence

SOON, LATER = "4528716093384027715", "4528716093384020001"


def tb(*args, library):
    r = subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library), *args],
                       capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def _minute(dt):
    return dt.strftime("%Y-%m-%d %H:%M")


def _two_cases(library):
    now = datetime.now(SHANGHAI)
    for order in (SOON, LATER):
        tb("new", "--order", order, "--type", "quality", library=library)
    tb("step", SOON, "complaint", "--at", _minute(now - timedelta(hours=2)), library=library)  # due in ~22 h
    tb("step", LATER, "written_complaint", "--at", _minute(now - timedelta(hours=1)), library=library)  # >= 9 days


def test_due_within_keeps_only_what_falls_due_in_the_window(library_dir):
    _two_cases(library_dir)
    everything = json.loads(tb("due", "--json", library=library_dir))
    assert {d["order_no"] for d in everything} == {SOON, LATER}
    window = json.loads(tb("due", "--within", "3", "--json", library=library_dir))
    assert window and {d["order_no"] for d in window} == {SOON}
    horizon = datetime.now(SHANGHAI) + timedelta(days=3)
    assert all(datetime.fromisoformat(d["due"]) <= horizon for d in window)
    assert len(window) < len(everything)
    text = tb("due", "--within", "3", library=library_dir)
    assert SOON in text and LATER not in text


def test_calendar_events_end_at_the_due_time(library_dir, tmp_path):
    _two_cases(library_dir)
    timeline = json.loads(tb("timeline", LATER, "--json", library=library_dir))
    open_dues = sorted(datetime.fromisoformat(d["due"]) for d in timeline["deadlines"]
                       if d["state"] in ("upcoming", "due_soon", "overdue"))
    out = tmp_path / "case.ics"
    tb("ics", LATER, "-o", str(out), library=library_dir)
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    ends = sorted(e.decoded("dtend") for e in events)
    assert ends == open_dues
    for e in events:
        assert e.decoded("dtend") - e.decoded("dtstart") == timedelta(minutes=30)
    # the library-wide file too
    both = tmp_path / "due.ics"
    tb("due", "--ics", str(both), library=library_dir)
    rows = json.loads(tb("due", "--json", library=library_dir))
    ends = sorted(e.decoded("dtend") for e in Calendar.from_ical(both.read_bytes()).walk("VEVENT"))
    assert ends == sorted(datetime.fromisoformat(d["due"]) for d in rows)


def test_library_search_text_includes_the_chat_log(library_dir, new_case):
    case = new_case(order=SOON)
    case.set_field("facts", "杯子碎了")
    add_evidence(case, "tb1 2026-1-1 10:00:00\n萤火虫杯垫还有货吗\n".encode(), "chat.txt")
    case.close()
    other = new_case(order=LATER)
    other.close()
    found = [e.summary.order_no for e in Library(library_dir).entries()
             if e.summary is not None and "萤火虫杯垫" in e.summary.search_text]
    assert found == [SOON]


@pytest.mark.parametrize(("lang", "words", "foreign"), [
    ("zh", ("tbcase 期限", "· 订单 ", "订单号：", "依据（", "即将到期"), ("Order number", "due soon")),
    ("en", ("tbcase deadlines", "· order ", "Order number: ", "Source (", "is due soon"), ("订单", "依据", "期限")),
])
def test_the_calendar_file_is_in_the_users_language(library_dir, tmp_path, monkeypatch, lang, words, foreign):
    """``tbcase ics`` and ``tbcase due --ics`` word every event in the user's language
    (they were Chinese only); the deadline's own label and source follow it too."""
    monkeypatch.setenv("TBCASE_LANG", lang)
    _two_cases(library_dir)
    for args, out in ((["ics", LATER, "-o"], tmp_path / "case.ics"), (["due", "--ics"], tmp_path / "due.ics")):
        tb(*args, str(out), library=library_dir)
        cal = Calendar.from_ical(out.read_bytes())
        events = cal.walk("VEVENT")
        text = "\n".join([str(cal["x-wr-calname"])] + [
            f"{e['summary']}\n{e['description']}\n" + "\n".join(str(a["description"]) for a in e.walk("VALARM"))
            for e in events])
        assert events and all(w in text for w in words), text
        assert not any(f in text for f in foreign), text
