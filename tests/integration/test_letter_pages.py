"""The printed letter as a reader checks it: every page numbered 第 x 页 / 共 y 页 with the
order number in its header, the PDF's own properties (title, author, maker), the SHA-256 of
an exhibit on one line under its row and in 32-digit halves under a picture, every cut said
with what was left out, and the respondent and signature block."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from tbcase import __version__
from tbcase.domain.model import Complainant
from tbcase.pdf import letter as letter_mod
from tbcase.pdf.content import Exhibit, LetterData
from tbcase.pdf.letter import ComplaintLetter, capped, render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tbcase.storage.records import ChatLine
from tests.helpers import FIXTURES, ORDER, add_evidence, make_png, pdf_text

SENT = date(2026, 11, 30)
DIGEST = "0123456789abcdef" * 4


def _data(**kw):
    fields = dict(platform_label="淘宝", shop="青禾家居旗舰店", seller_entity="", complainant=Complainant("张三"),
                  order_rows=[("订单号", ORDER)], facts="杯子碎了。", history_lines=[], demands="退款",
                  exhibits=[], sent=SENT, reply_due=date(2026, 12, 9), reply_estimated=False, order_no=ORDER,
                  item="杯子")
    fields.update(kw)
    return LetterData(**fields)


def _pages(pdf):
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_is_numbered_and_headed(new_case):
    case = new_case()
    case.set_field("complainant.name", "张三")
    for i in range(3):
        add_evidence(case, make_png(300, 640, seed=i), f"截图{i}.png")
    pdf = render_case_letter(case, DeadlineEngine(), sent=SENT).pdf
    pages = _pages(pdf)
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        assert f"第 {n} 页 / 共 {len(pages)} 页" in text, n
    assert f"书面投诉书 · 订单号 {ORDER}" in pages[0]
    assert f"附件：证据 · 订单号 {ORDER}" in pages[-1]
    assert "附件：证据" not in pages[0].replace(f"附件：证据 · 订单号 {ORDER}", "")
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == f"书面投诉书 {ORDER}" and meta.author == "张三" and meta.subject == "书面投诉书"
    assert meta.creator == f"tbcase {__version__}" and meta.producer == f"tbcase {__version__} (reportlab)"


def test_a_hash_is_one_line_in_the_list_and_two_halves_under_a_picture():
    exhibit = Exhibit(1, "订单截图", "截图", "2026-11-20", DIGEST, image=None)
    lines = pdf_text(ComplaintLetter(_data(exhibits=[exhibit])).render()).splitlines()
    assert any(line.strip().endswith(DIGEST) and "SHA-256" in line for line in lines), lines
    shot = Exhibit(1, "订单截图", "截图", "2026-11-20", DIGEST, image=_display_jpeg())
    text = pdf_text(ComplaintLetter(_data(exhibits=[shot])).render())
    appendix = text[text.index("附件：证据\n"):] if "附件：证据\n" in text else text.split("附件：证据")[-1]
    halves = [line.strip() for line in appendix.splitlines() if re.fullmatch(r"[0-9a-f]{32}", line.strip())]
    assert halves == [DIGEST[:32], DIGEST[32:]], appendix


def _display_jpeg():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 600), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_capped_says_where_it_cut_and_how_long_the_whole_is():
    assert capped("一二三", 3) == "一二三"
    assert capped("一二三四", 3) == "一二三……（以下略，全文共 4 字）"
    assert capped("x" * 12345, 10).endswith("全文共 12,345 字）")


def test_each_list_that_is_cut_says_how_much_is_left_out(monkeypatch):
    for name, value in (("MAX_HISTORY_LINES", 1), ("MAX_LIST_EXHIBITS", 1), ("MAX_APPENDIX_IMAGES", 1),
                        ("MAX_APPENDIX_MESSAGES", 2), ("MAX_FACTS_CHARS", 10)):
        monkeypatch.setattr(letter_mod, name, value)
    image = _display_jpeg()
    chat = [ChatLine(i, None, "卖家客服", "seller", f"第{i}条", "") for i in range(5)]
    exhibits = [Exhibit(1, "图一", "截图", "2026-11-20", DIGEST, image=image),
                Exhibit(2, "图二", "截图", "2026-11-20", DIGEST, image=image),
                Exhibit(3, "聊天", "聊天记录", "2026-11-20", DIGEST, transcript=chat)]
    data = _data(facts="事" * 15, history_lines=["2026-11-20 于App内提交投诉。", "2026-11-21 平台答复。"],
                 exhibits=exhibits)
    text = re.sub(r"\s+", "", pdf_text(ComplaintLetter(data).render()))
    assert "事" * 10 + "……（以下略，全文共15字）" in text
    assert "（另有1条处理记录未列出）" in text and "2026-11-21平台答复" not in text
    assert "（另有2项证据未列出，见案件原件）" in text
    assert "（另有1张图片证据未附，见证据原件）" in text
    assert "（以上为前2条；另有3条消息，见证据3的聊天记录原件及导出文件）" in text
    assert "第1条" in text and "第2条" not in text


def test_respondent_address_signature_and_the_empty_cases():
    data = _data(shop="", seller_entity="", exhibits=[], reply_due=None, facts="", demands="")
    text = re.sub(r"\s+", "", pdf_text(ComplaintLetter(data).render()))
    assert "被投诉方：（店铺名称未填写）" in text and "被投诉方地址" not in text
    assert text.count("（未填写）") >= 2  # facts and demands
    assert "五、证据清单（暂无）" in text and "请自本投诉书发出之日" not in text
    assert "此致淘宝平台客户服务部门投诉人（签名）：____________________日期：2026年11月30日" in text
    full = _data(seller_entity="杭州青禾家居有限公司", seller_address="杭州市余杭区某路1号")
    text = re.sub(r"\s+", "", pdf_text(ComplaintLetter(full).render()))
    assert "被投诉方：青禾家居旗舰店（经营者：杭州青禾家居有限公司）" in text
    assert "被投诉方地址（平台展示）：杭州市余杭区某路1号" in text
    assert "致：淘宝平台客户服务部门" in text
    assert "逾期未答复的，投诉人将向阿里巴巴集团及全国12315平台等第三方反映。" in text
    assert "估算" not in text


@pytest.mark.parametrize("role, text", [("buyer", "买家说"), ("seller", "卖家说"), ("system", "系统提示"),
                                        ("unknown", "无名之言")])
def test_chat_lines_keep_who_when_and_what(role, text):
    """Each line is headed by who said it and when: the nick as the log has it, a nameless
    buyer's or seller's line by its side (买家（右）/ 卖家（左）), a nameless line of a speaker
    of unknown role by its time alone (no guessed name); a system line is its text alone."""
    from datetime import datetime

    at = datetime.fromisoformat("2026-11-20T10:11:12+08:00")
    line = ChatLine(0, at, "tb3849027715" if role == "buyer" else "", role, text, "")
    data = _data(exhibits=[Exhibit(1, "聊天", "聊天记录", "2026-11-20", DIGEST, transcript=[line])])
    out = pdf_text(ComplaintLetter(data).render())
    assert "证据1：聊天（聊天记录整理）" in out and text in out
    lines = [" ".join(x.split()) for x in out.splitlines() if x.strip()]
    head = {"buyer": "tb3849027715 2026-11-20 10:11:12", "seller": "卖家（左） 2026-11-20 10:11:12",
            "unknown": "2026-11-20 10:11:12"}
    if role == "system":  # a system line is the text alone
        assert "2026-11-20 10:11:12" not in out
    else:
        assert lines[lines.index(text) - 1] == head[role], lines


def test_a_broken_display_copy_is_named_not_drawn():
    broken = Exhibit(1, "坏图", "截图", "2026-11-20", DIGEST, image=b"\xff\xd8\xff not really a jpeg")
    text = re.sub(r"\s+", "", pdf_text(ComplaintLetter(_data(exhibits=[broken])).render()))
    assert "（图片无法显示：存储的显示副本损坏或过大，请查看证据原件）" in text


def test_the_chat_fixture_prints_whole(new_case):
    case = new_case()
    add_evidence(case, (FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天记录.txt")
    text = pdf_text(render_case_letter(case, DeadlineEngine(), sent=SENT).pdf)
    for m in case.evidence.all(with_messages=True)[0].messages:
        assert m.text.splitlines()[0][:10] in text


def test_the_progress_the_window_shows_counts_up_to_the_whole_letter():
    """The letter window's progress bar follows reportlab's layout: one total (the story's
    parts), each step within it, the last one at it."""
    seen = []
    letter_mod.render_letter(_data(), [], lambda done, total, what: seen.append((done, total)))
    [total] = {t for _, t in seen}
    assert total > 10 and all(1 <= d <= total for d, _ in seen) and seen[-1] == (total, total)


def test_a_redacted_chat_log_prints_from_its_copy_with_who_said_what(new_case):
    """The letter's transcript of a chat log with a redacted copy: the nicks and times as the
    log has them, the chosen words masked."""
    case = new_case()
    log = add_evidence(case, (FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天.txt")
    case.redactions.redact_chat(log.id, ["杯子碎了"], auto=False)
    text = pdf_text(render_case_letter(case, DeadlineEngine(), sent=SENT).pdf)
    assert "聊天记录整理，遮挡副本）\n原件 SHA-256\n" in text and "杯子碎了" not in text  # the hash is the original's
    assert "tb3849027715 2026-02-13 20:41:07" in text and "青禾家居旗舰店:小满 2026-02-13 20:42:15" in text


def test_the_order_table_marks_only_the_return_parcel_and_a_letter_without_pictures_has_none(new_case):
    case = new_case()
    case.tracking.add("SF1234567890123", carrier="sf")
    case.tracking.add("YT1234567890123", carrier="yto", direction="return")
    add_evidence(case, make_png(300, 400, seed=3), "截图.png")
    pdf = render_case_letter(case, DeadlineEngine(), sent=SENT, with_images=False).pdf
    text = pdf_text(pdf)
    assert "SF1234567890123；" in text and "YT1234567890123（退货）" in text and "SF1234567890123（退货）" not in text
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages) == 0
    pdf = render_case_letter(case, DeadlineEngine(), sent=SENT).pdf
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages) == 1


def test_the_exhibit_list_names_whose_hash_each_row_prints():
    """In the exhibit list, a row's hash line says SHA-256 before an original's hash and 原件 SHA-256
    where the letter prints a redacted copy (the hash is still the original's), on one line."""
    plain = Exhibit(1, "订单截图", "截图", "2026-11-20", DIGEST)
    masked = Exhibit(2, "聊天截图", "截图", "2026-11-20", "f" * 64, redacted=True)
    lines = [" ".join(x.split()) for x in pdf_text(ComplaintLetter(_data(exhibits=[plain, masked])).render())
             .splitlines()]
    assert f"SHA-256 {DIGEST}" in lines and f"原件 SHA-256 {'f' * 64}" in lines, lines


def test_the_order_table_of_a_case_holds_each_field_or_nothing(new_case):
    """The letter's order table from the case file, row by row: an empty field is an empty cell
    (never a placeholder), a filled one as the case holds it (times to the minute, the return
    parcel marked)."""
    from tbcase.pdf.content import build_letter_data

    case = new_case()
    data, _ = build_letter_data(case, DeadlineEngine(), SENT)
    assert data.order_rows == [("订单号", ORDER), ("商品名称", "陶瓷马克杯 2只装"), ("实付金额", ""), ("下单时间", ""),
                               ("签收时间", ""), ("快递单号", ""), ("店铺", "青禾家居旗舰店")]
    case.set_field("amount", "59.9")
    case.set_field("ordered", "2026-11-10 12:00:59")
    case.set_field("signed", "2026-11-14 18:30")
    case.tracking.add("SF1234567890123", carrier="sf")
    case.tracking.add("YT1234567890123", carrier="yto", direction="return")
    data, _ = build_letter_data(case, DeadlineEngine(), SENT)
    assert data.order_rows == [("订单号", ORDER), ("商品名称", "陶瓷马克杯 2只装"), ("实付金额", "¥59.90"),
                               ("下单时间", "2026-11-10 12:00"), ("签收时间", "2026-11-14 18:30"),
                               ("快递单号", "顺丰速运 SF1234567890123；圆通速递 YT1234567890123（退货）"),
                               ("店铺", "青禾家居旗舰店")]


def test_the_note_of_exhibits_left_out_is_printed_small_like_the_note_below_it(monkeypatch):
    """The exhibit list's "另有 N 项证据未列出" is a note, printed in the small type of the note
    on originals below it, not in the letter's body type."""
    from tbcase.domain.claims import CLAIMS, ClaimKind

    monkeypatch.setattr(letter_mod, "MAX_LIST_EXHIBITS", 1)
    exhibits = [Exhibit(n, f"图{n}", "截图", "2026-11-20", DIGEST) for n in (1, 2)]
    pdf = ComplaintLetter(_data(exhibits=exhibits)).render()
    sizes: dict[str, set[float]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.setdefault(
            text.strip(), set()).add(round(size * tm[0] * cm[0], 2)) if text.strip() else None)

    def size_of(start: str) -> set[float]:
        return set().union(*(s for t, s in sizes.items() if t.startswith(start)))

    left_out, originals, body = size_of("（另有 1 项证据未列出"), size_of(CLAIMS[ClaimKind.ORIGINALS_KEPT].words[:6]), \
        size_of("一、")
    assert left_out and left_out == originals and max(left_out) < min(body), (left_out, originals, body)
