"""Search across the library and what OCR read, without the OCR engine: the index answers a
query of three characters or more, a shorter one scans the texts; each hit says which case,
which exhibit and what kind of text it was found in, with the words around it. (The tests with
the real engine are in test_ocr_case.py.)"""

import json

import pytest

from tbcase.domain.errors import KnownError
from tbcase.domain.ocrfields import Suggestion, TextBox
from tbcase.storage import screenshots
from tbcase.storage.library import Library
from tests.helpers import FIXTURES, ORDER, make_png

OTHER = "4528716093384027000"


@pytest.fixture
def library(library_dir, new_case):
    case = new_case()
    case.set_field("facts", "杯口有裂纹，客服不回复")
    chat = case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天.txt")
    line = case.evidence.messages(chat.id)[0].text
    new_case(order=OTHER, shop="别家小店").close()
    case.close()
    return Library(library_dir), chat.exhibit, line


@pytest.mark.parametrize("query", ["裂纹", "杯口有裂纹"])  # two characters scan, five use the index
def test_a_hit_names_the_case_the_exhibit_and_the_words_around_it(library, query):
    lib, _, _ = library
    [hit] = lib.find(query)
    assert (hit.path, hit.order_no, hit.exhibit, hit.kind) == (lib.folder / f"{ORDER}.tbcase", ORDER, 0, "case")
    assert hit.evidence_id == 0 and "杯口有裂纹，客服不回复" in hit.snippet


def test_a_chat_line_is_found_in_its_exhibit(library):
    lib, exhibit, line = library
    words = line[:6]
    hits = [h for h in lib.find(words) if h.kind == "chat"]
    assert [(h.order_no, h.exhibit) for h in hits] == [(ORDER, exhibit)] and words in hits[0].snippet


def test_percent_and_underscore_are_characters_not_wildcards(library):
    lib, _, _ = library
    assert lib.find("%") == [] and lib.find("_") == [] and lib.find("%_") == []
    assert [h.order_no for h in lib.find("小店")] == [OTHER]


def test_images_not_yet_read_are_pending_a_chat_log_never_is(new_case):
    case = new_case()
    case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天.txt")
    first = case.evidence.add(make_png(300, 400, seed=1), "a.png").id
    second = case.evidence.add(make_png(300, 400, seed=2), "b.png").id
    assert case.ocr.pending() == [first, second]
    case.ocr.save(first, "rapidocr", "test", [TextBox("运单号 78009858271980", (0, 0, 10, 10), 0.9)])
    assert case.ocr.pending() == [second]


def _suggestion(field, value):
    return Suggestion("missing", field, value, "", 1, 1, value, (0, 0, 10, 10))


def test_an_accepted_suggestion_sets_its_field_and_an_unknown_field_names_those_that_can_be(new_case):
    case = new_case()
    screenshots.accept(case, _suggestion("amount", "59.90"))
    assert case.case().amount_fen == 5990
    with pytest.raises(KnownError) as info:
        screenshots.accept(case, _suggestion("item", "杯子"))
    assert info.value.code == "unknown_field"
    assert "没有字段“item”，可修改的字段：order, amount, ordered, signed, shop" == str(info.value)


def test_a_chat_screenshots_bubbles_keep_their_sides_when_the_user_names_their_nick(new_case):
    """Lines read from a chat screenshot have no nick: right is the buyer, left the seller.
    Naming the buyer's nick later (which re-reads who said what in chat logs) leaves them so."""
    case = new_case()
    shot = case.evidence.add(make_png(1080, 1400, seed=5, text_lines=3), "聊天截图.png").id
    boxes = [TextBox(t, (40, y, 600, y + 40), 0.9) for y, t in ((40, "青禾家居旗舰店"), (200, "亲，在的"))]
    boxes.append(TextBox("杯子碎了", (800, 400, 1040, 440), 0.9))
    assert case.ocr.save(shot, "rapidocr", "test", boxes) == 2
    said = [("亲，在的", "seller"), ("杯子碎了", "buyer")]
    assert [(m.text, m.role) for m in case.evidence.messages(shot)] == said
    case.set_field("buyer_nick", "tb3849027715")
    assert [(m.text, m.role) for m in case.evidence.messages(shot)] == said


def test_suggestions_follow_the_exhibit_order_the_user_set(new_case):
    """Two screenshots read different tracking numbers; the user moved the second to the front.
    The suggestions are listed (and numbered for ``tbcase suggest --accept N``) in exhibit order,
    so number 1 is the one read in exhibit 1."""
    case = new_case()
    ids = [case.evidence.add(make_png(300, 400, seed=seed), f"{seed}.png").id for seed in (1, 2)]
    for eid, number in zip(ids, ("78009858271980", "YT7512345678901"), strict=True):
        case.ocr.save(eid, "rapidocr", "test", [TextBox(f"运单号 {number}", (0, 0, 10, 10), 0.9)])
    case.evidence.move(ids[1], 1)
    assert [(r.evidence_id, r.exhibit) for r in case.ocr.all()] == [(ids[1], 1), (ids[0], 2)]
    found = [(s.value, s.exhibit) for s in screenshots.case_suggestions(case) if s.kind == "tracking"]
    assert found == [("YT7512345678901", 1), ("78009858271980", 2)]
    assert screenshots.accept_number(case, 1).value == "YT7512345678901"


def test_a_snippet_shows_the_same_words_either_side_of_a_match_at_the_start_or_inside():
    from tbcase.storage.search import SNIPPET, snippet

    after = "客服一直不回复，" * 10
    assert snippet("裂纹" + after, "裂纹") == "裂纹" + after[:SNIPPET] + "…"
    assert snippet(after + "裂纹" + after, "裂纹") == "…" + after[-SNIPPET:] + "裂纹" + after[:SNIPPET] + "…"
    assert snippet("杯口\n有裂纹", "没有") == "杯口 有裂纹"  # not found: the start, on one line


def test_without_an_index_the_files_are_read_and_say_the_same(library, monkeypatch):
    """No key for the index (or a read-only folder): search reads every case file itself, and a
    hit names the same case file, order, exhibit, kind and words as the index's."""
    import tbcase.storage.library as library_module

    lib, exhibit, line = library
    words = line[:6]
    indexed = lib.find(words) + lib.find("杯口有裂纹")
    monkeypatch.setattr(library_module, "_user_key", lambda: None)
    direct = lib.find(words) + lib.find("杯口有裂纹")
    assert direct == indexed and (direct[0].path, direct[0].exhibit) == (lib.folder / f"{ORDER}.tbcase", exhibit)


def test_a_line_read_with_full_confidence_is_kept(new_case):
    """The engine's confidence is 0..1, both ends included: a line read at 1.0 is kept as read
    (not taken for a damaged row, which would have ``tbcase ocr`` read the image again)."""
    case = new_case()
    shot = case.evidence.add(make_png(300, 400, seed=1), "a.png").id
    case.ocr.save(shot, "rapidocr", "test", [TextBox("运单号 78009858271980", (0, 0, 10, 10), 1.0)])
    [read] = case.ocr.all()
    assert read.boxes == (TextBox("运单号 78009858271980", (0, 0, 10, 10), 1.0),) and case.ocr.pending() == []


def test_a_page_full_of_chinese_text_is_kept_as_read(new_case):
    """800 lines of 500 Chinese characters (a long chat screenshot): the boxes are stored as
    UTF-8 text, well inside the bound a stored row is read under (as \\u escapes they would be
    six times longer, past it, and the image would be read again each time)."""
    from tbcase.domain.ocrfields import MAX_LINE

    case = new_case()
    shot = case.evidence.add(make_png(300, 400, seed=1), "a.png").id
    boxes = [TextBox("裂" * MAX_LINE, (0, 10 * n, 10, 10 * n + 9), 0.9) for n in range(800)]
    case.ocr.save(shot, "rapidocr", "test", boxes)
    [read] = case.ocr.all()
    assert read.boxes == tuple(boxes) and case.ocr.pending() == []


def test_a_case_made_from_a_screenshot_holds_it_as_exhibit_1_with_what_was_read_and_its_tracking_numbers(
        library_dir):
    """``tbcase new --from-screenshot`` without the engine: the values the user confirmed make the
    case, the screenshot is exhibit 1 (a screenshot, come in by OCR) with the boxes read in it under
    the engine's name and version, and each tracking number is added with the carrier the user named (None: by
    its shape)."""
    from tbcase.storage.casefile import CaseFile

    boxes = [TextBox("运单号 78009858271980", (0, 0, 200, 20), 0.9), TextBox("实付款 ¥59.90", (0, 40, 200, 60), 0.8)]
    path = screenshots.create_from_screenshot(
        Library(library_dir), make_png(300, 600, seed=3), "订单详情.png", boxes, ("rapidocr", "1.4.4"),
        order_no=ORDER, complaint_type="logistics", shop="青禾家居旗舰店", amount="59.90",
        tracking=[("78009858271980", None), ("DPK123456789", "我的快递")])
    assert path == library_dir / f"{ORDER}.tbcase"
    with CaseFile.open(path) as case:
        row = case.case()
        assert (row.order_no, row.complaint_type, row.shop, row.amount_fen) == (
            ORDER, "logistics", "青禾家居旗舰店", 5990)
        [shot] = case.evidence.all()
        assert (shot.exhibit, shot.kind, shot.title, shot.original_name) == (
            1, "screenshot", "订单详情", "订单详情.png")
        added = next(h for h in case.history() if h.what == "evidence.added")
        assert added.detail["via"] == "ocr"
        [read] = case.ocr.all()
        assert (read.evidence_id, read.exhibit, read.engine, read.version, read.boxes) == (
            shot.id, 1, "rapidocr", "1.4.4", tuple(boxes))
        assert [(t.number, t.carrier) for t in case.tracking.all()] == [
            ("78009858271980", "zto"), ("DPK123456789", "我的快递")]
        assert case.ocr.pending() == []


def test_a_suggestion_is_made_only_of_what_the_case_does_not_say_and_is_accepted_by_its_number(new_case):
    """What the case already holds is no suggestion (a tracking number it has, the same amount);
    a value it lacks is "missing", another than it holds "differs" (with the value it holds);
    a number outside 1..count is refused naming both."""
    case = new_case(amount="59.90")
    case.tracking.add("78009858271980")
    shot = case.evidence.add(make_png(300, 400, seed=1), "a.png").id
    case.ocr.save(shot, "rapidocr", "test", [
        TextBox("运单号 78009858271980", (0, 0, 10, 10), 0.9), TextBox("运单号 YT7512345678901", (0, 20, 10, 30), 0.9),
        TextBox("实付款 ¥59.90", (0, 40, 10, 50), 0.9), TextBox("签收时间 2026-11-20 10:00:00", (0, 60, 10, 70), 0.9),
        TextBox("订单编号 4528716093384027000", (0, 80, 10, 90), 0.9)])
    found = [(s.kind, s.field, s.value, s.current, s.exhibit) for s in screenshots.case_suggestions(case)]
    assert found == [("tracking", "tracking", "YT7512345678901", "", 1),
                     ("differs", "order", "4528716093384027000", ORDER, 1),
                     ("missing", "signed", "2026-11-20 10:00:00", "", 1)]
    for n in (0, 4):
        with pytest.raises(KnownError) as info:
            screenshots.accept_number(case, n)
        assert (info.value.code, info.value.params) == ("suggestion_not_found", {"n": n, "count": 3})
    assert screenshots.accept_number(case, 3).field == "signed"
    assert case.case().signed_at is not None and case.tracking.all()[-1].number == "78009858271980"
    assert screenshots.accept_number(case, 1).value == "YT7512345678901"
    assert [t.number for t in case.tracking.all()] == ["78009858271980", "YT7512345678901"]
    assert [s.field for s in screenshots.case_suggestions(case)] == ["order"]


def _box(text="运单号", box=(0, 0, 10, 10), score=0.5):
    return [text, list(box), score]


@pytest.mark.parametrize("raw", [
    b'[["a", [0, 0, 1, 1], 0.5]]', None, "not json", '{"boxes": []}', "[1]", "[[]]",
    json.dumps([["a", [0, 0, 1, 1]]]), json.dumps([["a", [0, 0, 1, 1], 0.5, "x"]]),
    json.dumps([[1, [0, 0, 1, 1], 0.5]]),
    json.dumps([["a", "0 0 1 1", 0.5]]), json.dumps([["a", [0, 0, 1], 0.5]]), json.dumps([["a", [0, 0, 1, 1, 1], 0.5]]),
    json.dumps([["a", [0, 0, True, 1], 0.5]]), json.dumps([["a", [0, -1, 1, 1], 0.5]]),
    json.dumps([["a", [0, 0, 1_000_000, 1], 0.5]]), json.dumps([["a", [0, 0, 1.5, 1], 0.5]]),
    json.dumps([["a", [0, 0, 1, 1], True]]), json.dumps([["a", [0, 0, 1, 1], -0.01]]),
    json.dumps([["a", [0, 0, 1, 1], 1.01]]), json.dumps([["a", [0, 0, 1, 1], "0.5"]]),
    json.dumps([_box()] + [["a", [0, 0, 1, 1], None]]),
])
def test_stored_boxes_that_are_not_what_the_engine_writes_read_as_not_done(raw):
    """Boxes from a file that may come from anyone: anything but a list of [text, [four whole
    numbers from 0 below 1,000,000], a score from 0 to 1] reads as not done (read again)."""
    from tbcase.storage.ocr import boxes_from_json

    assert boxes_from_json(raw) is None


def test_stored_boxes_read_back_within_their_bounds():
    from tbcase.domain.ocrfields import MAX_BOXES, MAX_LINE
    from tbcase.storage.ocr import MAX_STORED_CHARS, boxes_from_json, boxes_to_json

    edge = [_box("裂" * (MAX_LINE + 5), (0, 0, 999_999, 999_999), 1), _box("", (0, 0, 0, 0), 0)]
    assert boxes_from_json(json.dumps(edge)) == (TextBox("裂" * MAX_LINE, (0, 0, 999_999, 999_999), 1.0),
                                                 TextBox("", (0, 0, 0, 0), 0.0))
    boxes = (TextBox("运单号：78009858271980", (1, 2, 3, 4), 0.25),)
    assert boxes_to_json(boxes) == '[["运单号：78009858271980", [1, 2, 3, 4], 0.25]]'
    assert boxes_from_json(boxes_to_json(boxes)) == boxes
    assert len(boxes_from_json(json.dumps([_box()] * MAX_BOXES))) == MAX_BOXES
    assert boxes_from_json(json.dumps([_box()] * (MAX_BOXES + 1))) is None
    padded = "[" + " " * (MAX_STORED_CHARS - 2) + "]"
    assert boxes_from_json(padded) == () and boxes_from_json(padded + " ") is None


def test_an_image_whose_stored_boxes_do_not_read_is_read_again_and_replaced(new_case):
    """``pending`` lists an image whose row does not read (in exhibit order, deleted ones left
    out); saving what the engine read again replaces that row, once."""
    case = new_case()
    first, second, third = (case.evidence.add(make_png(300, 400, seed=n), f"{n}.png").id for n in (1, 2, 3))
    for eid in (first, second, third):
        case.ocr.save(eid, "rapidocr", "old", [TextBox("旧", (0, 0, 1, 1), 0.5)])
    with case.writing():
        case.db.execute_sql("UPDATE ocr_text SET boxes = '[1]' WHERE evidence_id IN (?, ?)", (first, third))
    case.evidence.delete(third)
    assert case.ocr.pending() == [first] and [r.evidence_id for r in case.ocr.all()] == [second]
    assert case.ocr.get(first) is None and case.ocr.get(second).version == "old"
    case.ocr.save(first, "rapidocr", "new", [TextBox("新", (0, 0, 1, 1), 0.5)])
    assert case.ocr.pending() == [] and [(r.evidence_id, r.version, r.text) for r in case.ocr.all()] == [
        (first, "new", "新"), (second, "old", "旧")]
    assert case.db.execute_sql("SELECT COUNT(*) FROM ocr_text").fetchone()[0] == 3


def test_text_read_in_an_image_is_found_in_its_exhibit_with_or_without_the_index(new_case, library_dir,
                                                                                 monkeypatch):
    """What OCR read in a screenshot is searched too (kind ``ocr``, the image's evidence id and
    exhibit), the same whether the index answers or every file is read."""
    import tbcase.storage.library as library_module

    case = new_case()
    case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天.txt")
    shot = case.evidence.add(make_png(300, 400, seed=3), "物流.png")
    case.ocr.save(shot.id, "rapidocr", "test", [TextBox("运单号 YT7512345678901 门卫代收", (0, 0, 10, 10), 0.9)])
    case.close()
    lib = Library(library_dir)
    want = [(lib.folder / f"{ORDER}.tbcase", ORDER, shot.id, shot.exhibit, "ocr", "运单号 YT7512345678901 门卫代收")]
    for query in ("YT7512345678901", "代收"):  # through the index, and a scan
        assert [(h.path, h.order_no, h.evidence_id, h.exhibit, h.kind, h.snippet) for h in lib.find(query)] == want
    monkeypatch.setattr(library_module, "_user_key", lambda: None)
    assert [(h.path, h.order_no, h.evidence_id, h.exhibit, h.kind, h.snippet)
            for h in lib.find("YT7512345678901")] == want


def test_hits_come_by_case_then_exhibit_and_stop_at_the_limit_with_or_without_the_index(new_case, library_dir,
                                                                                       monkeypatch):
    """Three cases say the same words; a search lists them by case file, at most ``limit`` of them,
    whether the index answers or every file is read."""
    import tbcase.storage.library as library_module

    orders = ["4528716093384027001", "4528716093384027002", "4528716093384027003"]
    for order in reversed(orders):
        case = new_case(order=order)
        case.set_field("facts", "杯口有裂纹")
        case.close()
    lib = Library(library_dir)
    for query in ("杯口有裂纹", "裂纹"):
        assert [h.order_no for h in lib.find(query)] == orders
        assert [h.order_no for h in lib.find(query, limit=2)] == orders[:2]
        assert [h.order_no for h in lib.find(query, limit=1)] == orders[:1]
    monkeypatch.setattr(library_module, "_user_key", lambda: None)
    assert [h.order_no for h in lib.find("杯口有裂纹", limit=2)] == orders[:2]
    assert [h.order_no for h in lib.find("杯口有裂纹")] == orders


def test_a_blank_query_or_an_empty_library_finds_nothing(library, tmp_path):
    lib, _, _ = library
    assert lib.find("") == [] and lib.find(" \n\t ") == []
    assert [h.order_no for h in lib.find("  杯口\n有裂纹 ")] == []  # spaces are one space, not nothing
    assert [h.order_no for h in lib.find("杯口有裂纹")] == [ORDER]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert Library(empty).find("杯口有裂纹") == []


def test_a_text_changed_inside_the_index_is_not_shown(library):
    """Each row of the index is signed: a row whose text was changed there (by anyone but the
    library) is not shown as a hit, and the rows after it still are."""
    import sqlite3

    from tbcase.storage.library import INDEX_NAME

    lib, _, _ = library
    assert [h.order_no for h in lib.find("陶瓷马克杯")] == [OTHER, ORDER]  # by case file name
    with sqlite3.connect(lib.folder / INDEX_NAME) as con:
        con.execute("UPDATE doc SET text = replace(text, '别家小店', '别家大店') WHERE kind = 'case'")
    con.close()
    assert lib.find("别家大店") == []
    assert [h.order_no for h in lib.find("陶瓷马克杯")] == [ORDER]


def test_a_query_is_its_words_with_one_space_between_them_and_may_span_two_fields(library):
    """The case's own fields are searched as one text, a space between each: a query of an
    order number and its shop finds the case, however many spaces or line breaks it had."""
    lib, _, _ = library
    for query in (f"{OTHER} 别家小店", f" {OTHER}  \n别家小店 ", "小店 陶瓷"):
        [hit] = lib.find(query)
        assert (hit.order_no, hit.kind) == (OTHER, "case")
    assert [h.order_no for h in lib.find("店 陶")] == [OTHER, ORDER]


def test_a_percent_an_underscore_and_a_backslash_are_found_as_themselves(new_case, library_dir):
    case = new_case()
    case.set_field("facts", "只退了50%货款 文件名a_b 路径C:\\下载")
    case.close()
    lib = Library(library_dir)
    for query in ("0%", "a_b", "_b", ":\\", "\\下", "50%货款"):
        assert [h.order_no for h in lib.find(query)] == [ORDER], query
    assert lib.find("0_") == [] and lib.find("a%") == []


def test_a_chat_hit_shows_the_words_around_it_across_its_lines_and_the_first_match(library):
    from tbcase.storage.search import snippet

    lib, exhibit, line = library
    case_text = lib.find("杯口有裂纹")[0]
    assert case_text.snippet == snippet("4528716093384027715 青禾家居旗舰店 陶瓷马克杯 2只装 杯口有裂纹，客服不回复",
                                        "杯口有裂纹")
    [hit] = [h for h in lib.find(line[:6]) if h.kind == "chat"]
    assert line in hit.snippet and "\n" not in hit.snippet and hit.snippet.startswith(line[:6])
    twice = "开头" + "一" * 40 + "裂纹在前" + "二" * 40 + "裂纹在后" + "三" * 40
    assert "裂纹在前" in snippet(twice, "裂纹") and "裂纹在后" not in snippet(twice, "裂纹")


def test_a_search_row_is_genuine_only_as_signed_for_this_user_and_the_file_as_it_is_now(library):
    """``SignedIndex.genuine``: the row's values and signature under this user's key and the key
    (time, size, stamp) of its case file now; a changed value, a signature of another kind, another
    user's key, a file rewritten since or gone: not genuine."""
    import os
    import sqlite3

    from tbcase.storage.library import INDEX_NAME, SignedIndex, _user_key

    lib, _, _ = library
    assert lib.find("杯口有裂纹")
    con = sqlite3.connect(lib.folder / INDEX_NAME)
    try:
        [(name, eid, exhibit, kind, text, sig)] = [
            r for r in con.execute("SELECT name, evidence_id, exhibit, kind, text, sig FROM doc WHERE kind = 'case'")
            if "裂纹" in r[4]]
        values = (eid, exhibit, kind, text)
        index = SignedIndex(lib.folder, con, _user_key())
        assert index.genuine(name, values, sig)
        assert not index.genuine(name, (eid, exhibit, kind, text + " "), sig)
        assert not index.genuine(name, values, sig.encode()) and not index.genuine(name, values, None)
        assert not SignedIndex(lib.folder, con, b"k" * 32).genuine(name, values, sig)
        path = lib.folder / name
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert index.genuine(name, values, sig)  # what it found of the file is kept for the search
        assert not SignedIndex(lib.folder, con, _user_key()).genuine(name, values, sig)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        path.rename(lib.folder / "elsewhere.bin")
        assert not SignedIndex(lib.folder, con, _user_key()).genuine(name, values, sig)
    finally:
        con.close()


def test_a_shop_read_in_a_screenshot_is_suggested_only_when_the_case_names_another_or_none(new_case):
    def shop_suggestions(case):
        return [(s.kind, s.value, s.current) for s in screenshots.case_suggestions(case) if s.field == "shop"]

    case = new_case(shop="")
    shot = case.evidence.add(make_png(300, 400, seed=1), "a.png").id
    case.ocr.save(shot, "rapidocr", "test", [TextBox("店铺：青禾家居旗舰店", (0, 0, 10, 10), 0.9)])
    assert shop_suggestions(case) == [("missing", "青禾家居旗舰店", "")]
    case.set_field("shop", "青禾家居旗舰店")
    assert shop_suggestions(case) == []
    case.set_field("shop", "别家小店")
    assert shop_suggestions(case) == [("differs", "青禾家居旗舰店", "别家小店")]


def test_an_order_time_the_case_holds_is_no_suggestion_and_another_one_differs(new_case):
    """The case already knows when the order was placed: a screenshot showing that time
    suggests nothing; one showing another time says it differs from the time held."""
    case = new_case()
    case.set_field("ordered", "2026-11-08 09:30")
    shot = case.evidence.add(make_png(300, 400, seed=2), "a.png").id
    case.ocr.save(shot, "rapidocr", "test", [TextBox("创建时间 2026-11-08 09:30:00", (0, 0, 10, 10), 0.9)])
    assert [s.field for s in screenshots.case_suggestions(case)] == []
    other = case.evidence.add(make_png(300, 400, seed=3), "b.png").id
    case.ocr.save(other, "rapidocr", "test", [TextBox("创建时间 2026-11-09 09:30:00", (0, 0, 10, 10), 0.9)])
    assert [(s.kind, s.field, s.value, s.current) for s in screenshots.case_suggestions(case)] == [
        ("differs", "ordered", "2026-11-09 09:30:00", "2026-11-08 09:30:00")]
