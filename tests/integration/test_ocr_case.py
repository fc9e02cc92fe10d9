"""OCR results in the case file, and the commands over them (real engine, real files).

Only three screenshots are read here (an order page, a logistics page, a chat page): CI
stays quick. The corpus-wide figures come from ``python -m tests.ocr.report``.
"""

import json
import sqlite3

import pytest

from tbcase.cli import main
from tbcase.domain.ocrfields import TextBox
from tbcase.storage.casefile import CaseFile
from tbcase.storage.library import INDEX_NAME, Library
from tbcase.storage.models import SCHEMA_VERSION
from tests.ocr.corpus import logistics_page, page

TRACKING = "78009858271980"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def order_page():
    return page(0)  # order detail, 1284 px, light


def test_new_from_screenshot_fills_the_case(tmp_path, library_dir, capsys, order_page):
    """Done when: ``tbcase new --from-screenshot`` on an order screenshot creates a case
    with the right order number and amount (and the screenshot as exhibit 1)."""
    data, truth = order_page
    shot = tmp_path / "订单详情.jpg"
    shot.write_bytes(data)
    code, out, err = run(capsys, "new", "--from-screenshot", str(shot), "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["read"]["order"]["value"] == truth.order_no
    with CaseFile.open(made["path"]) as case:
        row = case.case()
        assert row.order_no == truth.order_no
        assert f"{row.amount_fen // 100}.{row.amount_fen % 100:02d}" == truth.amount
        assert row.shop == truth.shop
        assert row.ordered_at.strftime("%Y-%m-%d %H:%M:%S") == truth.ordered
        [exhibit] = case.evidence.all()
        assert exhibit.exhibit == 1 and exhibit.kind == "screenshot"
        assert case.evidence.original(exhibit.id) == data  # the original bytes, unchanged
        assert case.ocr.pending() == []  # read once, kept: ``tbcase ocr`` will not read it again
        [result] = case.ocr.all()
        assert result.engine == "rapidocr" and result.version and truth.order_no in result.text
        assert case.check() == []


def test_ocr_is_idempotent_and_find_searches_image_text(tmp_path, library_dir, capsys, new_case):
    """Done when: ``tbcase find 78009858271980`` finds the case whose logistics
    screenshot shows that number."""
    case = new_case()
    other = new_case(order="4528716093384027000")
    data, _ = logistics_page(TRACKING, "中通快递")
    shot = tmp_path / "物流.jpg"
    shot.write_bytes(data)
    case.evidence.add(data, "物流.jpg", kind="screenshot")
    path, other_path = case.path, other.path
    case.close()
    other.close()
    code, out, err = run(capsys, "ocr", "--all")
    assert code == 0, err
    assert "新识别 1 张图片" in out and "1/1" in err
    code, out, _ = run(capsys, "ocr", "--all")
    assert code == 0 and "新识别 0 张图片，1 张此前已识别" in out

    code, out, _ = run(capsys, "find", TRACKING, "--json")
    hits = json.loads(out)
    assert [(h["path"], h["exhibit"], h["kind"]) for h in hits] == [(str(path), 1, "ocr")]
    assert TRACKING in hits[0]["snippet"]
    code, out, _ = run(capsys, "find", TRACKING)
    assert code == 0 and "证据1" in out and "图片文字" in out
    assert run(capsys, "find", "没有这段文字")[0] == 1

    code, out, _ = run(capsys, "suggest", str(path), "--json")
    found = json.loads(out)["suggestions"]
    assert {"kind": "tracking", "value": TRACKING} in [{"kind": s["kind"], "value": s["value"]} for s in found]
    with CaseFile.open(path) as c:
        assert c.tracking.all() == []  # a suggestion is never written by itself
        assert c.schema_version() == SCHEMA_VERSION
    assert str(other_path) not in out


def test_forged_or_stale_index_rows_are_not_shown(library_dir, new_case):
    case = new_case()
    eid = case.evidence.add(logistics_page(TRACKING, "中通快递")[0], "物流.jpg").id
    case.ocr.save(eid, "rapidocr", "test", [TextBox(f"运单号：{TRACKING}", (0, 0, 10, 10), 0.9)])
    path = case.path
    case.close()
    lib = Library(library_dir)
    assert [h.exhibit for h in lib.find(TRACKING)] == [1]
    con = sqlite3.connect(library_dir / INDEX_NAME)
    with con:
        con.execute("INSERT INTO doc VALUES (?, 0, 0, 'case', ?, 'bad')", (path.name, "伪造的文字 forged"))
    con.close()
    assert lib.find("伪造的文字") == []
    with CaseFile.open(path) as c:  # the case changes: the index rows of the old file are not trusted
        c.set_field("notes", "新备注")
    assert [h.kind for h in lib.find("新备注")] == ["case"]
    assert [h.exhibit for h in lib.find(TRACKING)] == [1]


def test_unreadable_stored_boxes_read_as_not_done(new_case):
    case = new_case()
    eid = case.evidence.add(page(2)[0], "chat.jpg").id
    case.ocr.save(eid, "rapidocr", "x", [TextBox("你好", (1, 2, 3, 4), 0.5)])
    assert case.ocr.pending() == [] and case.ocr.get(eid).boxes[0].text == "你好"
    with case.writing():
        case.db.execute_sql("UPDATE ocr_text SET boxes = ?", ('[["x", [1, 2, 3], 2]]',))
    assert case.ocr.pending() == [eid] and case.ocr.all() == []


def test_without_the_extra_ocr_commands_say_how_to_enable_it(monkeypatch, capsys, new_case, tmp_path):
    from tbcase.ocr import engine

    monkeypatch.setattr(engine, "available", lambda: False)
    path = new_case().path
    for argv in (["ocr", str(path)], ["new", "--from-screenshot", str(tmp_path / "x.jpg")]):
        code, _, err = run(capsys, *argv)
        assert code == 3 and 'pip install "tbcase[ocr]"' in err
    code, _, _ = run(capsys, "find", "青禾")  # search works without the engine
    assert code == 0


def test_from_screenshot_without_an_order_number(tmp_path, capsys):
    data, _ = logistics_page(TRACKING, "中通快递")
    shot = tmp_path / "物流.jpg"
    shot.write_bytes(data)
    code, _, err = run(capsys, "new", "--from-screenshot", str(shot))
    assert code == 3 and "没有找到订单编号" in err and "--order" in err


def test_repair_copies_ocr_results_checked_and_rebuilds_their_text(new_case, tmp_path):
    """A case file from elsewhere keeps what was read in its images (no second OCR), but
    only rows that parse with the store's bounds, one per image kept, and the search text
    is made again from the boxes (a forged ``text`` column is not carried over)."""
    from tbcase.storage.repair import repair_into

    case = new_case()
    shot = case.evidence.add(logistics_page(TRACKING, "中通快递")[0], "物流.jpg").id
    chat = case.evidence.add("买家: 你好\n".encode(), "chat.txt", kind="chat").id
    other = case.evidence.add(page(2)[0], "chat.jpg").id
    case.ocr.save(shot, "rapidocr", "3.10", [TextBox(f"运单号：{TRACKING}", (1, 2, 300, 40), 0.9)])
    case.ocr.save(other, "rapidocr", "3.10", [TextBox("你好", (1, 2, 3, 4), 0.5)])
    with case.writing():
        case.db.execute_sql("UPDATE ocr_text SET text = '伪造' WHERE evidence_id = ?", (shot,))
        case.db.execute_sql("UPDATE ocr_text SET boxes = ? WHERE evidence_id = ?",
                            ('[["x", [1, 2, 3, 4], 7]]', other))  # a score out of bounds
        case.db.execute_sql("INSERT INTO ocr_text VALUES (?, 'rapidocr', 'x', '2026-01-01T00:00:00+08:00', "
                            "'聊天', '[]')", (chat,))  # not an image
    path = case.path
    case.close()
    report = repair_into(path, tmp_path / "fresh.tbcase")
    assert report.copied["ocr_text"] == 1
    assert sum("ocr_text" in line for line in report.left_out) == 2
    with CaseFile.open(tmp_path / "fresh.tbcase") as fresh:
        [kept] = fresh.ocr.all()
        assert (kept.evidence_id, kept.version, kept.boxes) == (shot, "3.10", (TextBox(
            f"运单号：{TRACKING}", (1, 2, 300, 40), 0.9),))
        assert fresh.ocr.pending() == [other]
        stored = fresh.db.execute_sql("SELECT text FROM ocr_text").fetchall()
        assert stored == [(f"运单号：{TRACKING}",)]


def test_a_chat_screenshot_becomes_chat_lines_and_the_letter_prints_them_beside_it(new_case):
    """What the engine read in the corpus's chat page (recorded) is stored as the image's
    chat lines, once; the letter's appendix prints them beside the screenshot."""
    from datetime import date

    from tbcase.pdf.letter import render_case_letter
    from tbcase.storage.engine import DeadlineEngine
    from tests.helpers import FIXTURES, pdf_text

    recorded = json.loads((FIXTURES / "ocr_boxes.json").read_text(encoding="utf-8"))
    boxes = [TextBox(t, tuple(b), s) for t, b, s in recorded["002-chat-1284-dark-q79.jpg"]]
    case = new_case()
    eid = case.evidence.add(page(2)[0], "聊天截图.jpg").id
    assert case.ocr.save(eid, "rapidocr", "test", boxes) == 5
    assert case.ocr.save(eid, "rapidocr", "test", boxes) == 0  # read again: the lines are not doubled
    lines = case.evidence.messages(eid)
    assert [(m.role, m.speaker) for m in lines][:2] == [("buyer", ""), ("seller", "")]
    assert lines[0].text == "你好，我买的杯子收到就是裂的" and lines[0].at.strftime("%H:%M") == "22:19"
    text = pdf_text(render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 30)).pdf)
    flat = "".join(text.split())
    assert "聊天截图，文字由图像识别整理，以截图为准" in flat
    assert "买家（右）" in flat and "你好，我买的杯子收到就是裂的" in flat and "亲，可以申请退货退款哦" in flat
    from tbcase.domain.redact import Box

    case.redactions.redact_image(eid, [Box(0, 0, 1284, 400)])  # the user hides part of the screenshot
    flat = "".join(pdf_text(render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 30)).pdf).split())
    assert "你好，我买的杯子收到就是裂的" not in flat  # its read text would print what the copy hides
    assert "遮挡副本" in flat


def test_suggest_accept_writes_only_the_chosen_suggestion(capsys, new_case):
    case = new_case()
    eid = case.evidence.add(logistics_page(TRACKING, "中通快递")[0], "物流.jpg").id
    case.ocr.save(eid, "rapidocr", "test", [TextBox(f"运单号：{TRACKING}", (0, 0, 10, 10), 0.9),
                                            TextBox("签收时间 2026-11-20 10:00:00", (0, 20, 10, 30), 0.9)])
    path = case.path
    case.close()
    code, out, _ = run(capsys, "suggest", str(path))
    assert code == 0 and out.splitlines()[0].startswith(" 1. ")
    lines = out.splitlines()
    n = next(i for i, line in enumerate(lines, 1) if TRACKING in line)
    code, out, _ = run(capsys, "suggest", str(path), "--accept", str(n))
    assert code == 0 and f"tracking = {TRACKING}" in out
    with CaseFile.open(path) as c:
        assert [t.number for t in c.tracking.all()] == [TRACKING]
        assert c.case().signed_at is None  # the other suggestion is still only a suggestion
    code, _, err = run(capsys, "suggest", str(path), "--accept", "9")
    assert code != 0 and "没有第 9 条建议" in err


def test_an_image_whose_text_cannot_be_read_is_named_by_its_number_in_each_language(
        library_dir, new_case, capsys, monkeypatch):
    """A picture taken in whole but whose pixels do not decode (as the phone receiver keeps
    one) is 证据1, its evidence id 2 (the first exhibit deleted): ``tbcase ocr`` names it
    证据1 / Exhibit 1 and says its text cannot be read. Before: ``#2: 图片  已损坏或不完整，
    未添加。`` (the internal id, an empty name, and "not added" of an exhibit that is there)."""
    from tbcase.cli.common import EXIT_FAILED
    from tbcase.storage import intake
    from tests.helpers import make_png
    from tests.integration.test_receive_renditions import whole_but_undecodable_png

    case = new_case()
    first = case.evidence.add(make_png(200, 300, seed=1, text_lines=2), "a.png")
    case.evidence.delete(first.id)
    bad = case.evidence.add_prepared(intake.prepare(whole_but_undecodable_png(), "b.png", renditions=False))
    assert (bad.id, bad.exhibit) == (2, 1)
    case.close()
    said = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv("TBCASE_LANG", lang)
        code, _, err = run(capsys, "ocr", "--all")
        assert code == EXIT_FAILED
        said[lang] = [line for line in err.splitlines() if line.startswith("  ")]
    assert said == {"zh": ["  证据1：图片已损坏或不完整，无法识别其中的文字。"],
                    "en": ["  Exhibit 1: The image is damaged or incomplete; its text cannot be read."]}
