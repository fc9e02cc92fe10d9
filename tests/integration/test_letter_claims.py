"""The letter and its 12315 copy sheet state only what the case file supports (issue #11).

Each factual claim of ``tbcase.domain.claims.CLAIMS`` is checked both ways on a real case
file and a real PDF (pdftotext)."""

from datetime import date, datetime

from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tests.helpers import FIXTURES, make_png, pdf_text


def at(text):
    return datetime.fromisoformat(text + "+08:00")


def letter(case, tmp_path, sent, made):
    result = render_case_letter(case, DeadlineEngine(), sent=sent, made=at(made),
                                with_images=False)
    return pdf_text(result.pdf).replace("\n", ""), result.copy_sheet


def test_escalating_two_hours_later_claims_no_24_hour_wait(new_case, tmp_path):
    case = new_case()
    case.steps.add("complaint", at="2026-11-20 10:00")
    case.steps.add("written_complaint", at="2026-11-20 12:00")
    text, sheet = letter(case, tmp_path, date(2026, 11, 20), "2026-11-20T12:30")
    assert "2026-11-20 于App内提交投诉。" in text
    assert "未获处理" not in text and "未获处理" not in sheet
    assert "未获书面答复" not in text and "未获书面答复" not in sheet


def test_written_complaint_three_days_later_with_no_reply_claims_the_wait(new_case, tmp_path):
    case = new_case()
    case.steps.add("complaint", at="2026-11-20 10:00")
    case.steps.add("written_complaint", at="2026-11-23 10:00")
    text, sheet = letter(case, tmp_path, date(2026, 11, 23), "2026-11-23T10:30")
    assert "2026-11-20 于App内提交投诉，24小时内未获处理。" in text
    assert "2026-11-20 于App内提交投诉，24小时内未获处理。" in sheet
    # a reply recorded before the written complaint takes the claim away
    case.steps.add("platform_reply", at="2026-11-21 09:00")
    text, sheet = letter(case, tmp_path, date(2026, 11, 23), "2026-11-23T10:30")
    assert "未获处理" not in text and "未获处理" not in sheet


def test_seven_working_days_claim_needs_the_days_to_have_passed(new_case, tmp_path):
    case = new_case()
    case.steps.add("written_complaint", at="2026-11-02 10:00")  # 7 working days: 11-11 24:00
    text, _ = letter(case, tmp_path, date(2026, 11, 11), "2026-11-11T20:00")
    assert "2026-11-02 向平台客服提交书面投诉。" in text and "未获书面答复" not in text
    text, _ = letter(case, tmp_path, date(2026, 11, 12), "2026-11-12T09:00")
    assert "2026-11-02 向平台客服提交书面投诉，7个工作日内未获书面答复。" in text


def test_steps_after_the_letters_date_are_not_told(new_case, tmp_path):
    case = new_case()
    case.steps.add("complaint", at="2026-11-20 10:00")
    text, sheet = letter(case, tmp_path, date(2026, 11, 19), "2026-11-25T10:00")
    assert "2026-11-20" not in text and "2026-11-20" not in sheet


def test_reply_due_is_counted_from_the_date_the_sentence_names(new_case, tmp_path):
    case = new_case()
    text, _ = letter(case, tmp_path, date(2026, 9, 30), "2026-09-30T09:00")
    # 7 working days after Wed 09-30, over the National Day holiday (10-01..10-07, 10-10 worked)
    assert "请自本投诉书发出之日（2026年9月30日）起7个工作日内，即2026年10月15日24时前，书面答复" in text
    assert "收到本投诉书之日" not in text and "日前" not in text


def test_originals_claim_needs_exhibits(new_case, tmp_path):
    case = new_case()
    text, _ = letter(case, tmp_path, date(2026, 11, 2), "2026-11-02T09:00")
    assert "证据原件完整保存于投诉人处" not in text
    case.evidence.add(make_png(seed=3), "订单截图.png")
    text, _ = letter(case, tmp_path, date(2026, 11, 2), "2026-11-02T09:00")
    assert "证据原件完整保存于投诉人处" in text


def test_an_exhibit_is_dated_by_when_it_was_taken_or_marked_as_added(new_case, tmp_path):
    """The evidence list's 日期 is the day an exhibit was taken where the case file records
    it (a photo's EXIF, a chat log's first message); a screenshot without one printed the
    day it was added to the case in the same column, unmarked, where a reader takes it for
    the day the screenshot was made. That date now carries （添加）, here and under the
    appendix image."""
    case = new_case()
    shot = case.evidence.add(make_png(seed=4), "订单截图.png")
    chat = case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天记录.txt")
    assert shot.captured is None and chat.captured is not None
    added, taken = shot.added.strftime("%Y-%m-%d"), chat.captured.strftime("%Y-%m-%d")
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 12, 1),
                                made=at("2026-12-01T09:00"), with_images=True)
    text = "".join(pdf_text(result.pdf).split())
    table = text[text.index("五、证据清单"):text.index("六、答复期限")]
    assert f"{added}（添加）" in table and table.count(added) == 1
    assert taken in table and f"{taken}（添加）" not in table
    appendix = text[text.index("附件：证据"):]
    assert f"{added}（添加）SHA-256" in appendix


def test_copy_sheet_lists_the_order_121_fields_and_says_which_are_empty(new_case):
    case = new_case()
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 2), with_images=False)
    lines = result.copy_sheet.splitlines()
    missing = next(line for line in lines if line.startswith("尚未填写："))
    for field in ("投诉人姓名", "投诉人联系电话", "投诉人通讯地址", "被投诉方名称（经营者）",
                  "被投诉方地址（以平台展示为准）"):
        assert field in missing
        assert f"{field}：（未填写）" in lines
    assert "店铺名称：青禾家居旗舰店" in lines and "网络交易平台：淘宝" in lines
    assert "事实和理由" in missing
    for field, value in (("complainant.name", "张三"), ("complainant.phone", "13800000000"),
                         ("complainant.address", "上海市徐汇区某路1号"),
                         ("seller_entity", "某某家居有限公司"), ("facts", "杯子破损。")):
        case.set_field(field, value)
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 2), with_images=False)
    lines = result.copy_sheet.splitlines()
    missing = next(line for line in lines if line.startswith("尚未填写："))
    assert missing == "尚未填写：被投诉方地址（以平台展示为准）"
    assert "投诉人姓名：张三" in lines and "被投诉方名称（经营者）：某某家居有限公司" in lines


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(new_case):
    """Seen in a rendered letter: 六、答复期限 at the foot of page 1, its sentence on page 2."""
    import io

    from pypdf import PdfReader

    case = new_case(signed="2026-11-13 18:00", amount="39.50")
    case.set_field("facts", "收到的杯子碎了一只，卖家承诺补发后不再回复。")
    case.set_field("complainant.name", "张三")
    for kind, when in (("complaint", "2026-11-20 10:00"), ("written_complaint", "2026-11-20 12:00"),
                       ("complaint", "2026-11-23 09:00"), ("written_complaint", "2026-11-26 10:00")):
        case.steps.add(kind, at=when)
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 26),
                                made=at("2026-11-26T11:00"), with_images=False)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(result.pdf)).pages]
    page = next(p for p in pages if "六、答复期限" in p)
    assert "请自本投诉书发出之日" in page
    assert "2026-11-23 于App内提交投诉，24小时内未获处理。" in "".join(pages).replace("\n", "")
