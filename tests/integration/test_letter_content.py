"""What the letter says, read back from the PDF's text: every exhibit row with the start of its
own SHA-256 and the day it was captured, and the "no reply in time" sentences only where the case
file shows the clock ran out."""

import hashlib
import re
from datetime import date

from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tests.helpers import FIXTURES, add_evidence, add_step, day_of, make_jpeg, make_png, pdf_text

NO_WRITTEN_REPLY = "7个工作日内未获书面答复"
NO_APP_REPLY = "24小时内未获处理"


def _exhibit_section(text: str) -> str:
    start, end = text.index("五、证据清单"), text.index("六、答复期限")
    return text[start:end]


def _letter_text(case) -> str:
    return pdf_text(render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 30)).pdf)


def test_exhibit_list_has_every_row_its_hash_and_capture_day(new_case):
    case = new_case()
    items = [
        (make_png(400, 800, seed=1), "订单截图.png"),
        (make_jpeg(800, 600, when="2026:11:14 09:00:00"), "破损照片.jpg"),
        ((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天记录.txt"),
        (make_png(400, 800, seed=2), "物流截图.png"),
    ]
    infos = [add_evidence(case, data, name) for data, name in items]
    section = _exhibit_section(_letter_text(case))
    flat = re.sub(r"\s+", "", section)
    numbers = [int(n) for n in re.findall(r"证据(\d+)", flat)]
    assert numbers == [1, 2, 3, 4]  # every row, the last one too, in exhibit order
    for info, (data, _) in zip(infos, items, strict=True):
        digest = hashlib.sha256(data).hexdigest()
        assert info.sha256 == digest
        # the full 64 hex digits, in one piece (issue 17: compare with sha256sum)
        assert digest in flat, info.title
        assert info.title in flat
    # the photo is dated by its capture (EXIF), not by the day it was imported
    photo = infos[1]
    assert day_of(photo.captured) == "2026-11-14" and day_of(photo.added) != "2026-11-14"
    # the date column in exhibit order (whether the extractor reads by rows or by columns)
    days = re.findall(r"\d{4}-\d{2}-\d{2}", flat)
    assert len(days) == 4 and days[1] == "2026-11-14", days


def test_no_reply_sentences_appear_when_the_clocks_ran_out(new_case):
    case = new_case()
    add_step(case, "complaint", at="2026-11-01 10:00")
    add_step(case, "written_complaint", at="2026-11-03 10:00")
    text = re.sub(r"\s+", "", _letter_text(case))
    # escalating two days later, with no in-app reply: its 24 hours had run out
    assert "2026-11-01于App内提交投诉，" + NO_APP_REPLY in text
    # no written reply, and 7 working days after 2026-11-03 are long past (today is later)
    assert "2026-11-03向平台客服提交书面投诉，" + NO_WRITTEN_REPLY in text


def test_no_reply_sentences_are_absent_when_a_reply_came(new_case):
    case = new_case()
    add_step(case, "complaint", at="2026-11-01 10:00")
    add_step(case, "platform_reply", at="2026-11-01 18:00")
    add_step(case, "written_complaint", at="2026-11-03 10:00")
    add_step(case, "written_reply", at="2026-11-05 10:00")
    text = re.sub(r"\s+", "", _letter_text(case))
    assert NO_APP_REPLY not in text and NO_WRITTEN_REPLY not in text
    assert "2026-11-05平台客服书面答复" in text
