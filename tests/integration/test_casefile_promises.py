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
    assert "hash: 证据1 has no stored bytes" in problems
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
