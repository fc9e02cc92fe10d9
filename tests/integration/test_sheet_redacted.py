"""The evidence-preservation sheet says which exhibits the letter prints as redacted copies
(issue 17, left over): per exhibit, "本函印出的是遮挡副本", and the hash it lists is labelled
as the original's — so a reader who holds the sheet against the appendix knows the picture
with black boxes is not the file whose SHA-256 is printed.

Why: the letter may state only what the case file supports; a sheet that printed "SHA-256"
beside an exhibit shown redacted would let the reader take the copy for the hashed original.
"""

import re
from datetime import date

from tbcase.domain.redact import Box
from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tests.helpers import FIXTURES, make_phone_screenshot, make_png, pdf_text


def _flat(text):
    return "".join(text.split())


def _blocks(sheet):
    """The sheet's text cut into one piece per exhibit block (证据N … up to the next)."""
    parts = re.split(r"(?=证据\d+\s)", sheet)
    return {int(re.match(r"证据(\d+)", p).group(1)): p for p in parts if re.match(r"证据\d+\s", p)}


def test_the_sheet_names_each_exhibit_printed_as_a_redacted_copy(new_case):
    case = new_case()
    data, where = make_phone_screenshot()
    shot = case.evidence.add(data, "订单截图.png")
    left, top, right, bottom = where["name"]
    case.redactions.redact_image(shot.id, [Box(left, top, right - left, bottom - top)])
    log = (FIXTURES / "chat_sample_utf8.txt").read_text(encoding="utf-8") + \
        "\n2026-11-16 10:00:00 买家:\n我的电话 13812345678\n"
    chat = case.evidence.add(log.encode("utf-8"), "聊天.txt")
    case.redactions.redact_chat(chat.id, [], auto=True)
    plain = case.evidence.add(make_png(300, 400, seed=3), "plain.png")
    text = pdf_text(render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 23)).pdf)
    sheet = text[text.index("证据保全说明\n"):]
    sheet = sheet[:sheet.index("案件历史记录")]
    blocks = {n: _flat(b) for n, b in _blocks(sheet).items()}
    assert set(blocks) == {shot.exhibit, chat.exhibit, plain.exhibit}
    for ev, what in ((shot, "遮挡1处"), (chat, "文字以■遮挡")):
        assert f"本函印出的是遮挡副本（{what}），不是原件" in blocks[ev.exhibit]
        assert f"原件SHA-256{ev.sha256}" in blocks[ev.exhibit]  # the original's hash, labelled so
        assert "原件完整保存在案件文件中（副本的哈希见manifest.json）。" in blocks[ev.exhibit]  # the file to look in
    assert "遮挡副本" not in blocks[plain.exhibit] and f"SHA-256{plain.sha256}" in blocks[plain.exhibit]
    assert "原件SHA-256" not in blocks[plain.exhibit]
    # printed alone (tbcase manifest) it says what a letter prints
    from datetime import datetime

    from tbcase.pdf.manifest import render_sheet
    from tbcase.storage.manifest import build_manifest

    alone = _flat(pdf_text(render_sheet(build_manifest(case), datetime.now().astimezone())))
    assert alone.count("信函中印出的是遮挡副本") == 2 and "本函" not in alone
