"""The calendar file of deadlines (storage/ics.py), built in process: every field of every event,
in both languages. The command line's tests (test_cli_outputs.py) check the same file end to end."""

import hashlib
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from tbcase import __version__
from tbcase.domain.ladder import Basis, Deadline, DeadlineState
from tbcase.domain.model import SHANGHAI
from tbcase.storage.ics import deadlines_to_ics
from tbcase.wording import Wording

STARTS = datetime(2026, 3, 2, 9, 15, tzinfo=SHANGHAI)
FIRM = Deadline(rule="seller_reply", label_zh="商家回复", label_en="Seller replies", who="seller",
                starts=STARTS, due=datetime(2026, 3, 4, 9, 15, tzinfo=SHANGHAI), state=DeadlineState.UPCOMING,
                estimated=False, basis=Basis.PLATFORM, source_zh="淘宝规则第1条", source_en="Taobao rule 1")
GUESSED = Deadline(rule="limitation", label_zh="诉讼时效", label_en="Limitation period", who="buyer",
                   starts=STARTS, due=datetime(2029, 3, 2, 9, 15, tzinfo=SHANGHAI), state=DeadlineState.UPCOMING,
                   estimated=True, basis=Basis.LAW, source_zh="民法典第188条", source_en="Civil Code art. 188",
                   legal_due=datetime(2029, 3, 5, 9, 15, tzinfo=SHANGHAI))

WORDS = {
    "zh": {"calendar": "tbcase 期限", "firm": "商家回复 · 订单 111", "guessed": "诉讼时效（估算） · 订单 222",
           "firm_desc": "订单号：111\n商品：杯子\n依据（平台规则）：淘宝规则第1条",
           "guessed_desc": "订单号：222\n商品：碗\n依据（法律规定）：民法典第188条\n"
                           "依法顺延至：2029-03-05T09:15:00+08:00\n该期限涉及尚无官方节假日安排的年份，为估算结果。",
           "firm_alarm": "商家回复 即将到期", "guessed_alarm": "诉讼时效 即将到期"},
    "en": {"calendar": "tbcase deadlines", "firm": "Seller replies · order 111",
           "guessed": "Limitation period (estimated) · order 222",
           "firm_desc": "Order number: 111\nItem: 杯子\nSource (platform rules): Taobao rule 1",
           "guessed_desc": "Order number: 222\nItem: 碗\nSource (law): Civil Code art. 188\n"
                           "Extended by law to: 2029-03-05T09:15:00+08:00\n"
                           "This deadline falls in a year without an official holiday schedule yet: it is an estimate.",
           "firm_alarm": "Seller replies is due soon", "guessed_alarm": "Limitation period is due soon"},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_field_of_every_event_in_the_users_language(lang):
    """Each deadline is one event that ends at its due time (30 minutes after it starts), named
    by its label and order, described by order, item, source, the lawful extension and the
    estimate note when there are any, with a display alarm a day before; the uid is stable
    for the same order, rule and start; every word is the user's language."""
    words = WORDS[lang]
    before = datetime.now(SHANGHAI)
    data = deadlines_to_ics([("111", "杯子", FIRM), ("222", "碗", GUESSED)], Wording.for_language(lang))
    cal = Calendar.from_ical(data)
    assert str(cal["prodid"]) == f"-//tbcase//tbcase {__version__}//{lang.upper()}"
    assert str(cal["version"]) == "2.0"
    assert str(cal["x-wr-calname"]) == words["calendar"]
    firm, guessed = cal.walk("VEVENT")
    for event, (order, d), key in ((firm, ("111", FIRM), "firm"), (guessed, ("222", GUESSED), "guessed")):
        uid = hashlib.sha1(f"{order}|{d.rule}|{d.starts.isoformat()}".encode()).hexdigest()
        assert str(event["uid"]) == f"{uid}@tbcase"
        assert before - timedelta(seconds=1) <= event.decoded("dtstamp") <= datetime.now(SHANGHAI)
        assert str(event["summary"]) == words[key]
        assert event.decoded("dtend") == d.due
        assert event.decoded("dtstart") == d.due - timedelta(minutes=30)
        assert str(event["description"]) == words[f"{key}_desc"]
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert str(alarm["description"]) == words[f"{key}_alarm"]
        assert alarm.decoded("trigger") == timedelta(hours=-24)
    assert firm["dtstamp"].to_ical() == guessed["dtstamp"].to_ical()  # one stamp for the file
