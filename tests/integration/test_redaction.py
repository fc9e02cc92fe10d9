"""Redacted copies (issue 17): opaque boxes burned into a derived copy of an image (or ■ in
a chat log's text), the original's bytes and SHA-256 never changed, the copy recorded in
the hash-chained history so that ``check`` names a copy changed behind tbcase's back, and
the letter printing the copy while it still lists the original's SHA-256 as the original's.

Why: the user shares the letter (and posts on 黑猫投诉) without their phone number and
address, while the original stays checkable — 最高人民法院关于民事诉讼证据的若干规定 第93条
judges electronic data by whether it was kept completely and reliably, so the original must
survive the redaction unchanged.
"""

import io
import json
import shutil
import subprocess
from datetime import date

import pytest
from PIL import Image

from tbcase.domain.errors import KnownError
from tbcase.domain.redact import Box, parse_box
from tbcase.storage.casefile import CaseFile
from tbcase.storage.intake import sha256_hex
from tbcase.storage.models import HISTORY_TRIGGERS
from tests.helpers import (
    ADDRESS_LINE,
    FIXTURES,
    PHONE_LINE,
    make_jpeg,
    make_phone_screenshot,
    make_png,
    pdf_text,
    raw_sql,
)


def _box_of(where, key):
    left, top, right, bottom = where[key]
    return Box(left - 4, top - 4, right - left + 8, bottom - top + 8)


@pytest.fixture
def shot_case(new_case):
    case = new_case()
    data, where = make_phone_screenshot()
    shot = case.evidence.add(data, "订单截图.png")
    return case, shot, data, where


def _decoded(data):
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_boxes_are_burned_into_a_copy_and_the_original_is_unchanged(shot_case):
    case, shot, data, where = shot_case
    boxes = [_box_of(where, "name"), _box_of(where, "address")]
    made = case.redactions.redact_image(shot.id, boxes)
    copy = case.redactions.data(shot.id)
    assert made.sha256 == sha256_hex(copy) and made.media_type == "image/png"
    # the original: same row, same bytes, same SHA-256
    assert case.evidence.original(shot.id) == data
    assert case.evidence.get(shot.id).sha256 == shot.sha256 == sha256_hex(data)
    img, orig = _decoded(copy), _decoded(data)
    assert img.size == orig.size == (shot.width, shot.height)
    for b in boxes:  # every pixel under a box is black; the original had text there
        region = img.crop((b.x, b.y, b.right, b.bottom))
        assert region.getextrema() == ((0, 0), (0, 0), (0, 0))
        assert orig.crop((b.x, b.y, b.right, b.bottom)).getextrema() != ((0, 0), (0, 0), (0, 0))
    # outside the boxes the copy is the picture
    shop = where["shop"]
    assert img.crop(shop).tobytes() == orig.crop(shop).tobytes()
    entry = [h for h in case.history() if h.what == "evidence.redacted"][-1]
    assert f"sha256:{shot.sha256}" in entry.old and f"sha256:{made.sha256}" in entry.new
    assert json.dumps([b.as_list() for b in boxes], separators=(",", ":")) in entry.new
    assert entry.exhibit == shot.exhibit and "证据" not in entry.old + entry.new  # data, not words
    from tbcase.wording import Wording

    assert Wording("en").history(entry.what, entry.detail)[1] == (
        f"Exhibit {shot.exhibit} {shot.title} sha256:{shot.sha256}")
    assert case.check() == []


def test_exif_orientation_is_applied_as_shown_and_metadata_is_dropped(new_case):
    case = new_case()
    data = make_jpeg(400, 300, orientation=6, when="2026:11:14 09:00:00")
    photo = case.evidence.add(data, "破损.jpg")
    assert (photo.width, photo.height) == (300, 400)  # as shown, turned
    made = case.redactions.redact_image(photo.id, [Box(250, 0, 50, 60)])
    img = Image.open(io.BytesIO(case.redactions.data(photo.id)))
    assert img.format == "JPEG" and img.size == (300, 400) and (made.width, made.height) == (300, 400)
    assert not img.getexif() and "exif" not in img.info
    # orientation 6 turns the red top-left corner of the stored picture to the top right:
    # the box there is black, the rest of that corner is still red
    rgb = img.convert("RGB")
    assert max(rgb.getpixel((270, 30))) < 10
    r, g, b = rgb.getpixel((230, 30))
    assert r > 200 and g < 60


def test_boxes_partly_outside_are_clipped_and_wholly_outside_are_refused(shot_case):
    case, shot, _, _ = shot_case
    made = case.redactions.redact_image(shot.id, [Box(700, 1300, 500, 500)])
    img = _decoded(case.redactions.data(shot.id))
    assert img.size == (750, 1334) and img.getpixel((749, 1333)) == (0, 0, 0)
    entry = [h for h in case.history() if h.what == "evidence.redacted"][-1]
    assert "[[700,1300,50,34]]" in entry.new  # the box as clipped
    before = (case.redactions.get(shot.id), len(case.history()))
    for bad in ([Box(800, 10, 20, 20)], [Box(10, 10, 20, 20), Box(-50, -50, 40, 40)]):
        with pytest.raises(KnownError) as err:
            case.redactions.redact_image(shot.id, bad)
        assert err.value.code == "redact_box_outside"
    with pytest.raises(KnownError) as err:
        case.redactions.redact_image(shot.id, [Box(10, 10, 0, 20)])
    assert err.value.code == "redact_box_empty"
    with pytest.raises(KnownError) as err:
        case.redactions.redact_image(shot.id, [])
    assert err.value.code == "redact_no_boxes"
    assert (case.redactions.get(shot.id), len(case.history())) == before  # nothing written
    assert made.sha256 == before[0].sha256


@pytest.mark.parametrize(("text", "code"), [("10,10,0,5", "redact_box_empty"), ("1,2,3,-4", "redact_box_empty"),
                                            ("1,2,3", "redact_box_bad"), ("a,b,c,d", "redact_box_bad")])
def test_box_text_is_parsed_or_refused_with_a_message(text, code):
    with pytest.raises(KnownError) as err:
        parse_box(text)
    assert err.value.code == code


def test_other_evidence_and_deleted_exhibits_are_refused(shot_case):
    case, shot, _, _ = shot_case
    doc = case.evidence.add(b"%PDF-1.4 receipt", "发票.pdf")
    with pytest.raises(KnownError) as err:
        case.redactions.redact_image(doc.id, [Box(0, 0, 5, 5)])
    assert err.value.code == "redact_not_redactable"
    with pytest.raises(KnownError) as err:
        case.redactions.redact_chat(shot.id, ["x"])
    assert err.value.code == "redact_image_text"
    case.evidence.delete(shot.id)
    with pytest.raises(KnownError) as err:
        case.redactions.redact_image(shot.id, [Box(0, 0, 5, 5)])
    assert err.value.code == "redact_deleted"
    assert case.redactions.all() == {}


def test_a_chat_log_is_redacted_with_squares(new_case):
    case = new_case()
    log = (FIXTURES / "chat_sample_utf8.txt").read_text(encoding="utf-8")
    log += "\n2026-11-16 10:00:00 买家:\n我的电话 13812345678，地址北京市朝阳区建国路88号\n"
    chat = case.evidence.add(log.encode("utf-8"), "聊天.txt")
    with pytest.raises(KnownError) as err:
        case.redactions.redact_image(chat.id, [Box(0, 0, 5, 5)])
    assert err.value.code == "redact_chat_boxes"
    case.redactions.redact_chat(chat.id, ["青禾"], auto=True)
    copy = case.redactions.data(chat.id).decode("utf-8")
    assert "13812345678" not in copy and "建国路" not in copy and "青禾" not in copy
    assert len(copy) == len(log) and copy.count("\n") == log.count("\n")
    assert "■" * 11 in copy
    lines = case.redactions.transcript(chat.id)
    assert any("■■■■■■■■■■■" in m.text for m in lines)
    assert case.evidence.original(chat.id).decode("utf-8") == log
    assert case.check() == []


def test_check_names_a_redacted_copy_changed_with_raw_sql(shot_case, tmp_path):
    case, shot, _, where = shot_case
    made = case.redactions.redact_image(shot.id, [_box_of(where, "name")])
    assert case.check() == []
    path = case.path
    case.close()
    copy_path = tmp_path / "tampered.tbcase"
    shutil.copyfile(path, copy_path)
    # someone swaps the copy's pixels for the unredacted picture
    with CaseFile.open(copy_path) as c:
        display = c.evidence.original(shot.id)
    raw_sql(copy_path, ('UPDATE derived SET data = ? WHERE kind = ?', (display, "redacted")))
    with CaseFile.open(copy_path) as c:
        problems = c.check()
    assert any("Exhibit 1's redacted copy does not match the SHA-256 recorded in history entry" in p
               and made.sha256[:16] in p for p in problems), problems
    # and with the recorded hash rewritten to match (the triggers dropped first): the chain
    # breaks at that entry
    with CaseFile.open(copy_path) as c:
        entry = [h for h in c.history() if h.what == "evidence.redacted"][-1]
    raw_sql(copy_path, ("DROP TRIGGER history_no_update", ()),
         ("UPDATE history SET new = replace(new, ?, ?) WHERE id = ?",
          (made.sha256, sha256_hex(display), entry.id)), (HISTORY_TRIGGERS[0], ()))
    with CaseFile.open(copy_path) as c:
        problems = c.check()
    assert not any("redacted copy does not match" in p for p in problems)
    assert any(f"the chain breaks at entry {entry.id}" in p for p in problems), problems
    # removed: the letter would print the original instead, so check names it too
    raw_sql(copy_path, ('DELETE FROM derived WHERE kind = ?', ("redacted",)))
    with CaseFile.open(copy_path) as c:
        problems = c.check()
    assert any("Exhibit 1's redacted copy (history entry" in p and "is missing" in p for p in problems)
    # planted with no entry
    raw_sql(copy_path, ("INSERT INTO derived (evidence_id, kind, media_type, width, height, data) "
                     "VALUES (?, 'redacted', 'image/png', 1, 1, ?)", (shot.id, b"x")))
    raw_sql(copy_path, ("DROP TRIGGER history_no_delete", ()),
         ("DELETE FROM history WHERE what = 'evidence.redacted'", ()), (HISTORY_TRIGGERS[1], ()))
    with CaseFile.open(copy_path) as c:
        problems = c.check()
    assert any("Exhibit 1 has a redacted copy that no history entry records" in p for p in problems)


def test_clearing_is_logged_and_the_letter_then_prints_the_original(shot_case):
    from tbcase.pdf.content import build_letter_data
    from tbcase.storage.engine import DeadlineEngine

    case, shot, _, where = shot_case
    case.redactions.redact_image(shot.id, [_box_of(where, "name")])
    data, _ = build_letter_data(case, DeadlineEngine(), date(2026, 11, 23))
    assert data.exhibits[0].redacted and data.exhibits[0].image == case.redactions.data(shot.id)
    assert case.redactions.clear(shot.id) is True
    assert case.redactions.clear(shot.id) is False
    entry = case.history()[-1]
    assert entry.what == "evidence.redaction_cleared" and f"sha256:{shot.sha256}" in entry.old
    data, _ = build_letter_data(case, DeadlineEngine(), date(2026, 11, 23))
    assert not data.exhibits[0].redacted
    assert data.exhibits[0].image == case.evidence.derived(shot.id, "display")
    assert case.check() == []


def _render(pdf, tmp_path, page):
    (tmp_path / "l.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page),
                    str(tmp_path / "l.pdf"), str(tmp_path / "p")], check=True)
    return Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")


def _band(img):
    """Where the screenshot's orange title band is on the rendered page: (left, top, right)."""
    w, h = img.size
    px = img.load()
    hits = [(x, y) for y in range(0, h, 2) for x in range(0, w, 2)
            if (lambda p: p[0] > 220 and 50 < p[1] < 120 and p[2] < 60)(px[x, y])]
    assert hits, "the screenshot is not on this page"
    return min(x for x, _ in hits), min(y for _, y in hits), max(x for x, _ in hits)


def _sample(img, band, box, inset=0.25):
    left, top, right = band
    scale = (right - left) / 750
    x0 = left + (box.x + box.w * inset) * scale
    x1 = left + (box.right - box.w * inset) * scale
    y0 = top + (box.y + box.h * inset) * scale
    y1 = top + (box.bottom - box.h * inset) * scale
    return img.crop((int(x0), int(y0), int(x1), int(y1)))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
def test_the_letter_prints_the_redacted_copy_and_the_originals_hash(shot_case, tmp_path):
    from tbcase.pdf.letter import render_case_letter
    from tbcase.storage.engine import DeadlineEngine

    case, shot, data, where = shot_case
    name_box = _box_of(where, "name")
    plain = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 23)).pdf
    made = case.redactions.redact_image(shot.id, [name_box, _box_of(where, "address")])
    pdf = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 23)).pdf
    pages = len(list(__import__("pypdf").PdfReader(io.BytesIO(pdf)).pages))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    page = _render(pdf, tmp_path / "a", pages)
    region = _sample(page, _band(page), name_box)
    lo, hi = zip(*region.getextrema(), strict=True)
    assert max(hi) - min(lo) <= 6 and max(hi) < 40, region.getextrema()  # one dark colour
    # the same place in the letter printed before the redaction shows the text
    before = _render(plain, tmp_path / "b", pages)
    lo, hi = zip(*_sample(before, _band(before), name_box).getextrema(), strict=True)
    assert max(hi) - min(lo) > 100
    # the original in the case still has its old SHA-256
    assert case.evidence.get(shot.id).sha256 == shot.sha256 == sha256_hex(case.evidence.original(shot.id))
    text = pdf_text(pdf).replace("\n", "").replace(" ", "")
    assert "遮挡副本" in text and "原件SHA-256" in text and shot.sha256 in text
    assert made.sha256 not in text  # the copy's hash is never printed as an exhibit's
    assert "13812345678" not in pdf_text(pdf)
    assert "未遮挡的原件完整保存于案件文件中" in text
    assert "遮挡副本" not in pdf_text(plain)


def test_cli_redact_suggest_clear_in_both_languages(shot_case, capsys, monkeypatch):
    from tbcase.cli import main
    from tbcase.domain.ocrfields import TextBox

    case, shot, _, where = shot_case
    case.ocr.save(shot.id, "test", "1", [TextBox(PHONE_LINE, where["name"], 0.99),
                                         TextBox(ADDRESS_LINE, where["address"], 0.98)])
    path = str(case.path)
    case.close()
    assert main(["redact", path, "1", "--suggest"]) == 0
    out = capsys.readouterr().out
    assert "电话号码" in out and "地址" in out
    boxes = [line.split()[1] for line in out.splitlines() if line.startswith("--box")]
    assert len(boxes) == 2
    assert main(["redact", path, "1", *sum((["--box", b] for b in boxes), [])]) == 0
    out = capsys.readouterr().out
    assert "已为证据1制作遮挡副本（遮挡 2 处）" in out and shot.sha256 in out
    with CaseFile.open(path) as c:
        img = _decoded(c.redactions.data(shot.id))
        phone_at = where["name"][2] - 20, (where["name"][1] + where["name"][3]) // 2
        assert img.getpixel(phone_at) == (0, 0, 0)  # the offered box covers the number's end
        assert c.check() == []
    monkeypatch.setenv("TBCASE_LANG", "en")
    assert main(["redact", path, "1", "--box", "5000,5000,10,10"]) == 3
    assert "lies wholly outside the image (750×1334 pixels)" in capsys.readouterr().err
    assert main(["redact", path, "1", "--box", "1,1,0,1"]) == 3
    assert "has no width or height" in capsys.readouterr().err
    assert main(["redact", path, "7", "--box", "1,1,1,1"]) == 3
    assert "no exhibit 7" in capsys.readouterr().err
    assert main(["redact", path, "1", "--clear"]) == 0
    assert "Removed the redacted copy of exhibit 1" in capsys.readouterr().out
    monkeypatch.setenv("TBCASE_LANG", "zh")
    assert main(["redact", path, "1", "--clear"]) == 0
    assert "证据1没有遮挡副本" in capsys.readouterr().out


def test_a_repaired_copy_keeps_the_redaction_and_its_record(shot_case, tmp_path):
    from tbcase.storage.repair import repair_into

    case, shot, _, where = shot_case
    made = case.redactions.redact_image(shot.id, [_box_of(where, "name")])
    path = case.path
    case.close()
    target = tmp_path / "repaired.tbcase"
    report = repair_into(path, target)
    assert not [line for line in report.left_out if "derived" in line], report.left_out
    with CaseFile.open(target) as c:
        (eid,) = [e.id for e in c.evidence.all()]
        assert c.redactions.get(eid).sha256 == made.sha256
        assert c.check() == []


def test_public_export_has_copies_and_no_personal_details(shot_case, tmp_path, capsys):
    from tbcase.cli import main

    case, shot, data, where = shot_case
    case.set_field("complainant.name", "张小明")
    case.set_field("complainant.phone", "13812345678")
    case.set_field("complainant.address", "浙江省杭州市余杭区文一西路969号3栋402室")
    case.set_field("facts", "杯子碎了。卖家让我打13812345678联系张小明，寄到文一西路969号。")
    case.tracking.add("78009858271980")
    photo = case.evidence.add(make_jpeg(400, 300), "破损.jpg")
    log = "2026-11-16 10:00:00 买家:\n我的电话 13912345678，我叫张小明\n"
    case.evidence.add(log.encode("utf-8"), "聊天.txt")
    case.evidence.add(b"%PDF-1.4 receipt", "发票.pdf", kind="receipt")
    made = case.redactions.redact_image(shot.id, [_box_of(where, "name"), _box_of(where, "address")])
    path = str(case.path)
    case.close()
    out = tmp_path / "public"
    assert main(["export", path, "-o", str(out), "--public"]) == 0
    err = capsys.readouterr().err
    assert "证据2没有遮挡副本，画面未经遮挡导出" in err and "证据1" not in err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["001_订单截图（遮挡副本）.png", "002_破损.jpg", "003_聊天（遮挡副本）.txt",
                     "manifest.json", "公开说明.txt"], names
    assert (out / names[0]).read_bytes() != data
    assert sha256_hex((out / names[0]).read_bytes()) == made.sha256
    everything = "\n".join((out / n).read_bytes().decode("utf-8", errors="replace") for n in names
                           if n.endswith((".txt", ".json")))
    for private in ("张小明", "13812345678", "13912345678", "文一西路", "78009858271980"):
        assert private not in everything, private
    readme = (out / "公开说明.txt").read_text(encoding="utf-8")
    assert shot.sha256 not in everything and made.sha256 not in everything  # no hash for a copy
    assert f"原件，SHA-256 {photo.sha256}" in readme  # the photo is the original: its own hash
    assert "发票" in readme and "未包含在公开导出中" in readme
    assert "杯子碎了" in readme and "陶瓷马克杯" in readme
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "public" and [f["redacted"] for f in manifest["files"]] == [True, False, True]
    # a second export replaces the first; an ordinary export is still the full bundle
    assert main(["export", path, "-o", str(out), "--public"]) == 0
    full = tmp_path / "full"
    assert main(["export", path, "-o", str(full)]) == 0
    assert (full / "001_订单截图.png").read_bytes() == data


def test_cli_redacts_a_chat_log(new_case, capsys):
    from tbcase.cli import main

    case = new_case()
    log = "tb3849027715 2026-11-15 10:01:00\n我的电话 13812345678 ■\n"
    case.evidence.add(log.encode("utf-8"), "聊天.txt")
    path = str(case.path)
    case.close()
    assert main(["redact", path, "1", "--auto"]) == 0
    assert "遮挡 11 个字" in capsys.readouterr().out  # the ■ already there is not counted
    assert main(["redact", path, "1", "--box", "1,1,5,5"]) == 3
    assert "是聊天记录" in capsys.readouterr().err
    assert main(["redact", path, "1", "--text", "没有这句"]) == 3
    assert "没有找到要遮挡的文字" in capsys.readouterr().err


def test_an_exhibit_deleted_while_its_copy_is_burned_is_refused_by_number(shot_case, monkeypatch):
    """Burning the boxes takes a moment outside the write; the exhibit was deleted meanwhile
    (the phone page, another window): nothing is stored and the message names the exhibit."""
    import tbcase.storage.redaction as redaction

    case, shot, _, _ = shot_case
    burn = redaction.burn_boxes

    def burn_while_deleted(*args):
        case.evidence.delete(shot.id)
        return burn(*args)

    monkeypatch.setattr(redaction, "burn_boxes", burn_while_deleted)
    with pytest.raises(KnownError) as err:
        case.redactions.redact_image(shot.id, [Box(0, 0, 5, 5)])
    assert (err.value.code, err.value.params) == ("redact_deleted", {"exhibit": 1, "title": "订单截图"})
    assert str(err.value) == "原证据1（订单截图）已删除，不能遮挡；请先恢复。" and case.redactions.all() == {}


def test_a_bundles_copy_of_an_exhibit_that_cannot_be_redacted_is_refused_by_name(new_case):
    """An imported bundle lists a redacted copy for a PDF receipt: nothing is taken over and
    the refusal names the exhibit and its kind."""
    case = new_case()
    doc = case.evidence.add(b"%PDF-1.4 receipt", "发票.pdf")
    with pytest.raises(KnownError) as err:
        case.redactions.take_over(doc.id, [], b"%PDF-1.4 masked", "0" * 64)
    assert (err.value.code, err.value.params) == ("redact_not_redactable", {"exhibit": 1, "kind": doc.kind})
    assert case.redactions.all() == {}


def test_a_redacted_exhibit_purged_and_added_again_comes_back_without_its_copy_and_check_stays_clean(shot_case):
    """The copy leaves with its exhibit when the deleted exhibit is purged (the history says so
    by the original's SHA-256): the same file added again has no copy, and check does not call
    the copy its entry recorded missing."""
    case, shot, _, where = shot_case
    original = case.evidence.original(shot.id)
    case.redactions.redact_image(shot.id, [_box_of(where, "name")])
    case.evidence.delete(shot.id)
    assert case.check() == [] and case.redactions.ids() == {shot.id}
    assert case.evidence.purge_deleted() == 1
    assert case.redactions.ids() == set() and case.check() == []
    again = case.evidence.add(original, "again.png")
    assert again.sha256 == shot.sha256 and case.redactions.get(again.id) is None
    assert case.check() == []
    made = case.redactions.redact_image(again.id, [_box_of(where, "address")])
    assert case.redactions.boxes(again.id) == (_box_of(where, "address"),) and case.check() == []
    assert case.redactions.get(again.id) == made


def test_each_refusal_to_redact_names_the_exhibit_and_why(shot_case):
    """Every refusal says which exhibit (its number, or the id of one deleted or not there) and,
    where it matters, its kind; nothing is stored by any of them."""
    case, shot, _, _ = shot_case
    doc = case.evidence.add(b"%PDF-1.4 receipt", "发票.pdf")
    chat = case.evidence.add("tb1 2026-11-14 10:00:00\n杯子碎了\n".encode(), "聊天.txt")
    original = case.evidence.original(chat.id).decode("utf-8")
    asks = [
        (lambda: case.redactions.redact_image(doc.id, [Box(0, 0, 5, 5)]),
         ("redact_not_redactable", {"exhibit": doc.exhibit, "kind": "receipt"})),
        (lambda: case.redactions.redact_chat(doc.id, ["x"]),
         ("redact_not_redactable", {"exhibit": doc.exhibit, "kind": "receipt"})),
        (lambda: case.redactions.redact_chat(shot.id, ["x"]), ("redact_image_text", {"exhibit": shot.exhibit})),
        (lambda: case.redactions.redact_image(chat.id, [Box(0, 0, 5, 5)]),
         ("redact_chat_boxes", {"exhibit": chat.exhibit})),
        (lambda: case.redactions.redact_chat(chat.id, ["不在里面"], auto=False),
         ("redact_nothing_found", {"exhibit": chat.exhibit})),
        (lambda: case.redactions.take_over(doc.id, [], b"x", "0" * 64),
         ("redact_not_redactable", {"exhibit": doc.exhibit, "kind": "receipt"})),
        (lambda: case.redactions.take_over(chat.id, [], ("X" + original[1:]).encode(), "0" * 64),
         ("redact_copy_not_masked", {"exhibit": chat.exhibit})),  # a character changed, not masked
        (lambda: case.redactions.take_over(chat.id, [], None, "0" * 64),
         ("redact_copy_not_masked", {"exhibit": chat.exhibit})),
        (lambda: case.redactions.take_over(chat.id, [], original[:-1].encode(), "0" * 64),
         ("redact_copy_not_masked", {"exhibit": chat.exhibit})),
        (lambda: case.redactions.redact_image(999, [Box(0, 0, 5, 5)]), ("evidence_not_found", {"id": 999})),
        (lambda: case.redactions.clear(999), ("evidence_not_found", {"id": 999})),
    ]
    for ask, want in asks:
        with pytest.raises(KnownError) as err:
            ask()
        assert (err.value.code, err.value.params) == want
    case.evidence.delete(shot.id)
    for ask in (lambda: case.redactions.redact_image(shot.id, [Box(0, 0, 5, 5)]),
                lambda: case.redactions.offers(shot.id)):
        with pytest.raises(KnownError) as err:
            ask()
        assert (err.value.code, err.value.params) == ("redact_deleted", {"exhibit": 1, "title": "订单截图"})
    assert case.redactions.clear(shot.id) is False  # a deleted one may be cleared: it has nothing to clear
    assert case.redactions.all() == {} and case.redactions.ids() == set()
    assert not [h for h in case.history() if h.what.startswith("evidence.redact")]


def test_boxes_are_offered_over_the_private_details_ocr_read_in_that_image_only(new_case):
    """The offers come from what OCR read in this image, clipped to its stored size; an image
    not read yet and a chat log get none."""
    from tbcase.domain import redact
    from tbcase.domain.ocrfields import TextBox

    case = new_case()
    first = case.evidence.add(make_png(300, 400, seed=1), "a.png")
    second = case.evidence.add(make_png(300, 400, seed=2), "b.png")
    chat = case.evidence.add("tb1 2026-11-14 10:00:00\n电话 13812345678\n".encode(), "聊天.txt")
    lines = [TextBox("收货人电话 13812345678", (10, 100, 290, 130), 0.9),
             TextBox("订单已签收", (10, 200, 200, 230), 0.9)]
    case.ocr.save(second.id, "rapidocr", "test", lines)
    assert case.redactions.offers(first.id) == [] and case.redactions.offers(chat.id) == []
    offered = case.redactions.offers(second.id)
    assert offered == redact.offers(lines, 300, 400) and [o.text for o in offered] == ["13812345678"]
    assert all(0 <= o.box.x and o.box.right <= 300 and 100 > o.box.y >= 90 for o in offered)


def test_the_boxes_an_entry_records_are_read_back_only_when_each_is_four_whole_numbers_of_some_size(shot_case):
    """A history entry from elsewhere may list anything after ``boxes:``: only entries of four
    whole numbers with a width and height above zero are boxes; the last entry for the original
    is the one read."""
    from tbcase.storage.redaction import REDACTED_WHAT

    case, shot, _, where = shot_case
    case.redactions.redact_image(shot.id, [_box_of(where, "name")])
    with case.writing():
        case.log(REDACTED_WHAT, f"sha256:{shot.sha256}",
                 "sha256:" + "0" * 64 + " boxes:[[1,2,3],[1,2,3,4],[0,0,0,5],[0,0,5,0],[1,1,5,-1],[9,9,9,9,9],1]")
    assert case.redactions.boxes(shot.id) == (Box(1, 2, 3, 4),)
    with case.writing():
        case.log(REDACTED_WHAT, f"sha256:{shot.sha256}", "sha256:" + "0" * 64 + " boxes:[[1,2,3,4")
    assert case.redactions.boxes(shot.id) == ()


def test_a_deleted_exhibits_copy_cleared_is_named_by_the_number_it_had_in_the_history(shot_case):
    case, shot, _, where = shot_case
    case.redactions.redact_image(shot.id, [_box_of(where, "name")])
    case.evidence.delete(shot.id)
    assert case.redactions.clear(shot.id) is True
    entry = case.history()[-1]
    assert entry.what == "evidence.redaction_cleared" and "exhibit" not in entry.detail
    assert (entry.detail["former_exhibit"], entry.detail["evidence_id"], entry.detail["title"]) == (
        1, shot.id, "订单截图")
    assert case.redactions.ids() == set() and case.check() == []


def test_a_rendition_that_does_not_read_counts_as_white_and_is_made_again():
    from tbcase.storage import imaging

    def jpeg(colour):
        out = io.BytesIO()
        Image.new("L", (64, 64), colour).save(out, "JPEG")
        return out.getvalue()

    assert [imaging.all_white(data) for data in (b"not a picture", jpeg(255), jpeg(252), jpeg(128))] == [
        True, True, True, False]


def test_a_rendition_with_any_dark_part_is_not_white():
    """Only a rendition with no dark pixel at all is taken for a stale white one: a white
    screenshot with a line of dark text (a white background, as most are) is kept."""
    from tbcase.storage import imaging

    img = Image.new("L", (64, 64), 255)
    img.paste(20, (8, 30, 56, 34))
    out = io.BytesIO()
    img.save(out, "JPEG")
    assert imaging.all_white(out.getvalue()) is False
