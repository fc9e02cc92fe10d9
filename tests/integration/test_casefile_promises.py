"""What the case file promises while it is open and when it is read: a committed change
survives a crash (WAL, synchronous FULL, foreign keys on), a read-only opening writes nothing,
every change moves the case's 'updated' time, the library's search text holds what the user
typed and the chat said, and check() names each kind of damage in its own words."""

import sqlite3

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.casefile import CaseFile
from tests.helpers import FIXTURES, make_png


def test_an_open_case_is_written_durably(new_case):
    case = new_case()
    case.set_field("notes", "x")
    assert case.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert case.db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert case.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert case.db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_a_case_opened_and_only_read_is_left_as_it_was(new_case):
    """Opening a case to look at it writes nothing: the switch to WAL (a rewritten header,
    four fsyncs on the way to the window's first frame, a new time that made the library
    read the case again) waits for the first write, which is made in WAL mode. A write
    inside a read transaction, where the mode cannot change, is made in the journal's."""
    case = new_case()
    case.set_field("facts", "事实")
    path = case.path
    case.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    case = CaseFile.open(path)
    try:
        assert case.case().facts == "事实" and case.evidence.all() == [] and case.history()
        assert case.evidence.missing_renditions() == case.evidence.stale_renditions() == []
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        assert not [p for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]
        with case.snapshot():
            case.set_field("facts", "读中改")
        assert case.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "delete"
        case.set_field("notes", "改")
        assert case.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert (path.parent / (path.name + "-wal")).exists()
    finally:
        case.close()
    with CaseFile.open(path, readonly=True) as ro:
        assert (ro.case().facts, ro.case().notes) == ("读中改", "改")
    assert not [p for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def test_a_read_only_opening_reads_and_never_writes(new_case):
    case = new_case()
    case.set_field("facts", "事实")
    path = case.path
    case.close()
    before = path.read_bytes()
    with CaseFile.open(path, readonly=True) as ro:
        assert ro.case().facts == "事实" and ro.readonly
        with pytest.raises(Exception):  # noqa: B017 - any refusal: the point is that nothing is written
            ro.set_field("facts", "改")
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def test_every_recorded_change_moves_updated(new_case, monkeypatch):
    from datetime import timedelta

    import tbcase.storage.casefile as casefile

    case = new_case()
    first = case.case().updated
    assert case.case().created == first
    monkeypatch.setattr(casefile, "now", lambda: first + timedelta(minutes=5))
    case.set_field("notes", "记一笔")
    second = case.case().updated
    assert second == first + timedelta(minutes=5) and case.history()[-1].at == second
    case.set_field("notes", "记一笔")  # unchanged: not recorded, not moved
    assert case.case().updated == second


def test_amount_history_and_the_buyers_own_nick(new_case):
    case = new_case()
    case.set_field("amount", "12")
    case.set_field("amount", "")
    entries = [(h.old, h.new) for h in case.history() if h.what == "case.amount"]
    assert entries == [(None, "12.00"), ("12.00", None)]
    log = case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天.txt")
    before = {m.speaker: m.role for m in case.evidence.messages(log.id)}
    seller = next(s for s, r in before.items() if r == "seller")
    case.set_field("buyer_nick", seller)  # the user says which nick is theirs
    after = {m.speaker: m.role for m in case.evidence.messages(log.id)}
    assert after[seller] == "buyer"
    with pytest.raises(KnownError) as info:
        case.set_field("colour", "red")
    assert info.value.code == "unknown_field" and "complainant.address" in str(info.value)


def test_the_library_searches_what_the_user_typed_and_the_chat_said(new_case):
    case = new_case(item="陶瓷马克杯")
    case.set_field("notes", "客服电话打不通")
    case.set_field("facts", "杯口有裂纹")
    case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天.txt")
    case.evidence.add(make_png(300, 400), "a.png")
    summary = case.summary()
    for words in (case.case().order_no, "青禾家居旗舰店", "陶瓷马克杯", "客服电话打不通", "杯口有裂纹"):
        assert words in summary.search_text
    first_line = case.evidence.messages(case.evidence.all()[0].id)[0].text
    assert first_line in summary.search_text
    assert summary.evidence_count == 2 and summary.status == "open" and summary.path == str(case.path)


def _raw(path, *sql):
    con = sqlite3.connect(path)
    try:
        for s in sql:
            con.execute(s)
        con.commit()
    finally:
        con.close()


def test_check_names_missing_bytes_and_broken_references(new_case):
    case = new_case()
    case.evidence.add(make_png(300, 400, seed=1), "a.png")
    path = case.path
    case.close()
    _raw(path, "DELETE FROM evidence_blob", "INSERT INTO derived (evidence_id, kind, media_type, width, height, "
         "data) VALUES (77, 'x', 'image/png', 1, 1, x'00')")
    with CaseFile.open(path) as again:
        problems = again.check()
    assert "hash: Exhibit 1 has no stored bytes" in problems
    assert "foreign keys: 1 broken references" in problems


def test_a_value_that_does_not_parse_is_this_cases_error(new_case):
    case = new_case()
    case.steps.add("complaint", at="2026-11-20 10:00")
    path = case.path
    case.close()
    _raw(path, "UPDATE step SET kind = 'bogus'")
    with CaseFile.open(path) as again:
        with pytest.raises(KnownError) as info:
            again.steps.all()
        assert info.value.code in ("case_values_bad", "stored_value_bad") and "bogus" in str(info.value)
        assert any(p.startswith("value: ") for p in again.check())
    _raw(path, 'DELETE FROM "case"')
    with CaseFile.open(path) as again:
        with pytest.raises(KnownError) as info:
            again.case()
        assert info.value.code == "case_values_bad" and "the case row is missing" in str(info.value)
        assert "value: the case row is missing or unreadable" in again.check()


def test_a_letter_asked_for_that_is_not_there_is_named(new_case):
    case = new_case()
    with pytest.raises(KnownError) as info:
        case.letters.pdf(7)
    assert str(info.value) == "没有编号为 7 的投诉书。"


def test_a_summary_holds_each_field_the_list_shows_and_searches_within_its_bounds(new_case):
    """The library's row of a case: every field as the case holds it, the deadline facts the
    engine reads of it, and the text it searches: the case's own words, the first 1,000 chat
    lines and what OCR read (each image's lines on one line), at most 20,000 characters."""
    from tbcase.domain.ocrfields import TextBox
    from tbcase.storage.casefile import SUMMARY_CHAT_MESSAGES, SUMMARY_SEARCH_CHARS

    case = new_case(amount="39.50", complaint_type="logistics", signed="2026-11-13 18:00")
    lines = "".join(f"tb1 2026-11-14 10:{n // 60:02d}:{n % 60:02d}\n第{n}句\n"
                    for n in range(SUMMARY_CHAT_MESSAGES + 1))
    case.evidence.add(lines.encode("utf-8"), "聊天.txt")
    shot = case.evidence.add(make_png(300, 400), "a.png")
    case.ocr.save(shot.id, "rapidocr", "test",
                  [TextBox("运单号", (0, 0, 9, 9), 0.9), TextBox("7800985", (0, 20, 9, 29), 0.9)])
    case.steps.add("resolved", at="2026-11-20 10:00")
    summary = case.summary()
    row = case.case()
    assert (summary.path, summary.order_no, summary.shop, summary.item, summary.complaint_type, summary.status,
            summary.amount, summary.updated, summary.evidence_count) == (
        str(case.path), row.order_no, "青禾家居旗舰店", "陶瓷马克杯 2只装", "logistics", "resolved", "39.50",
        row.updated, 2)
    assert summary.facts == case.steps.facts() and summary.facts.closed
    assert summary.facts.signed_at == row.signed_at and [s.kind for s in summary.facts.steps] == ["resolved"]
    text = summary.search_text
    assert text.startswith(f"{row.order_no} 青禾家居旗舰店 陶瓷马克杯 2只装 ") and text.endswith(" 运单号 7800985")
    assert f"第{SUMMARY_CHAT_MESSAGES - 1}句" in text and f"第{SUMMARY_CHAT_MESSAGES}句" not in text
    case.set_field("notes", "注" * SUMMARY_SEARCH_CHARS)
    text = case.summary().search_text
    assert len(text) == SUMMARY_SEARCH_CHARS and text.startswith(f"{row.order_no} 青禾家居旗舰店") and text[-1] == "注"
