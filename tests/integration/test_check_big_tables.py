"""检查案件 on a file from elsewhere with very many chat lines, steps, countdowns or tracking
numbers: each value was checked row by row in Python (1,000,000 chat lines: 9.3 s and 660 MB,
with no sign of life); now one pass of SQL passes over the rows every check would take
(``understood.doubtful_rows``) and only the others are checked in Python, with exactly the
findings of checking every row. A text that is not UTF-8 (Python's sqlite3 raises on reading
it) crashed ``check`` and made ``import`` refuse the whole file: it is now a value that does
not read, its row left out."""

import sqlite3

import pytest

from tests.helpers import raw_sql

GOOD_AT = "2026-11-14T10:00:00+08:00"
# (table, insert with ? for the odd value, odd values): each odd value in a row otherwise fine
ODD = {
    "chat_message": (
        "INSERT INTO chat_message (evidence_id, seq, at, speaker, role, text, status) VALUES {}",
        [f"(1, 5, '{GOOD_AT}', 'tb1', 'buyer', ?, '')", "(1, 5, ?, 'tb1', 'buyer', 'x', '')",
         f"(1, ?, '{GOOD_AT}', 'tb1', 'buyer', 'x', '')", f"(1, 5, '{GOOD_AT}', 'tb1', ?, 'x', '')"],
        [b"bytes", 7, 3.5, "2026-02-30T10:00:00+08:00", "2026-11-14T10:00:00+09:00", "2026-11-14",
         -1, 2**53, "5", "seller ", "Buyer", "seller"]),
    "step": (
        "INSERT INTO step (kind, at, ref, note, created) VALUES {}",
        [f"('complaint', ?, '', '', '{GOOD_AT}')", f"(?, '{GOOD_AT}', '', '', '{GOOD_AT}')",
         f"('complaint', '{GOOD_AT}', '', ?, '{GOOD_AT}')"],
        ["1989-12-31T23:59:59+08:00", "2200-12-31T23:59:59+08:00", "complaint", "Complaint", 2.5,
         "x\x00" + "y" * 10_000_000]),
    "tracking": (
        "INSERT INTO tracking (number, carrier, direction, signed_at, note, added) VALUES {}",
        [f"(?, 'sf', 'out', NULL, '', '{GOOD_AT}')", f"('SF' || abs(random()), 'sf', 'out', ?, '', '{GOOD_AT}')"],
        [12345, "SF2", "2026-11-14T24:00:00+08:00", 4.5]),
    "countdown": (
        "INSERT INTO countdown (label, due, created) VALUES {}",
        ["(?, '2026-12-01T10:00:00+08:00', ?)"], [b"\xe7\xa1\xae"]),
}
NOT_UTF8 = b"\xe6\x9d\xaf\xff"  # 杯 and a byte no UTF-8 has


def _filled(path, n_fine: int) -> None:
    """``n_fine`` fine chat lines, then each odd value of ``ODD`` in a row of its own, and
    text that is not UTF-8 in a chat line, a step and a tracking number."""
    con = sqlite3.connect(path)
    with con:
        con.execute("WITH RECURSIVE r(x) AS (SELECT 10 UNION ALL SELECT x + 1 FROM r WHERE x < ?) "
                    "INSERT INTO chat_message (evidence_id, seq, at, speaker, role, text, status) "
                    f"SELECT 1, x, '{GOOD_AT}', 'tb1', 'buyer', '杯子碎了 ' || x, '' FROM r", (9 + n_fine,))
        for _table, (insert, shapes, values) in ODD.items():
            for shape in shapes:
                for value in values:
                    con.execute(insert.format(shape), (value,) * shape.count("?"))
        con.execute("INSERT INTO chat_message (evidence_id, seq, at, speaker, role, text, status) "
                    f"VALUES (1, 9, '{GOOD_AT}', 'tb1', 'buyer', CAST(? AS TEXT), '')", (NOT_UTF8,))
        con.execute("INSERT INTO step (kind, at, ref, note, created) "
                    f"VALUES ('complaint', '{GOOD_AT}', '', CAST(? AS TEXT), '{GOOD_AT}')", (NOT_UTF8,))
        con.execute("INSERT INTO tracking (number, carrier, direction, signed_at, note, added) "
                    f"VALUES (CAST(? AS TEXT), 'sf', 'out', NULL, '', '{GOOD_AT}')", (NOT_UTF8,))
    con.close()


@pytest.fixture
def crafted(new_case):
    with new_case(signed="2026-11-13 18:00") as case:
        case.evidence.add("tb1 2026-11-14 10:00:00\n杯子碎了\n".encode(), "聊天.txt")
        path = case.path
    _filled(path, 3_000)
    return path


def test_value_findings_are_those_of_checking_every_row_and_only_doubtful_rows_are_read_one_by_one(
        crafted, monkeypatch):
    from tbcase.storage import understood
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.integrity import findings
    from tbcase.storage.leftout import MAX_REPORT, RepairReport
    with CaseFile.open(crafted, readonly=True) as case:
        every = RepairReport()
        understood.read_understood(case.db.connection(), every)
        expected = [(i.code, i.params) for i in every.items if i.code not in ("bytes", "letter", "rows")]
        read = []
        checked = understood._checked

        def counted(table, cols, row, report, n):
            read.append(table)
            return checked(table, cols, row, report, n)

        monkeypatch.setattr(understood, "_checked", counted)
        got = [f for f in findings(case) if f.code.startswith("value")]
    assert [(f.code[len("value_"):], f.params) for f in got] == expected
    assert len(expected) < MAX_REPORT  # all of them compared
    said = {(dict(p)["table"], dict(p)["column"]) for _code, p in expected}
    assert {("chat_message", "text"), ("chat_message", "at"), ("chat_message", "seq"), ("chat_message", "role"),
            ("step", "at"), ("step", "kind"), ("step", "note"), ("tracking", "number"),
            ("tracking", "signed_at"), ("countdown", "label")} <= said
    odd_chat = sum(len(ODD["chat_message"][2]) for _shape in ODD["chat_message"][1]) + 1
    assert 20 < read.count("chat_message") <= odd_chat  # some odd values are right; never the 3,001 fine lines


def test_a_text_that_is_not_utf8_is_a_finding_of_check_and_import_leaves_out_only_its_row(new_case, tmp_path):
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library

    with new_case(signed="2026-11-13 18:00") as case:
        case.evidence.add("tb1 2026-11-14 10:00:00\n杯子碎了\n".encode(), "聊天.txt")
        case.steps.add("complaint", at="2026-11-20 10:00")
        path = case.path
    raw_sql(path, ("UPDATE chat_message SET text = CAST(? AS TEXT)", (NOT_UTF8,)),
            ("UPDATE \"case\" SET shop = CAST(? AS TEXT)", (NOT_UTF8,)))
    with CaseFile.open(path, readonly=True) as case:
        got = [(f.code, dict(f.params)) for f in case.findings()]
    assert got == [("value_replaced", {"table": "case", "row": "1", "column": "shop", "kind": "text", "now": "''"}),
                   ("value_invalid", {"table": "chat_message", "row": "1", "column": "text", "kind": "text"})]
    target, left_out = Library(tmp_path / "other").import_case_report(path)
    assert [(f.code, dict(f.params)) for f in left_out] == [
        ("import_replaced", {"table": "case", "row": "1", "column": "shop", "kind": "text", "now": "''"}),
        ("import_invalid", {"table": "chat_message", "row": "1", "column": "text", "kind": "text"})]
    with CaseFile.open(target, readonly=True) as fresh:
        assert fresh.evidence.messages(fresh.evidence.all()[0].id) == []
        assert [s.kind.value for s in fresh.steps.all()] == ["complaint"]


def test_tbcase_check_names_the_line_that_is_not_utf8_instead_of_crashing(new_case, library_dir, capsys):
    from tbcase.cli import main
    from tests.helpers import ORDER

    with new_case(signed="2026-11-13 18:00") as case:
        case.evidence.add("tb1 2026-11-14 10:00:00\n杯子碎了\n".encode(), "聊天.txt")
    raw_sql(library_dir / f"{ORDER}.tbcase", ("UPDATE chat_message SET speaker = CAST(? AS TEXT)", (NOT_UTF8,)))
    assert main(["--library", str(library_dir), "check", ORDER]) == 1
    out = capsys.readouterr().out
    assert "chat_message" in out and "speaker" in out


def test_a_history_entry_that_is_not_utf8_is_this_cases_clear_error_and_import_keeps_the_entry(
        new_case, library_dir, tmp_path, capsys):
    """``tbcase history`` and ``check`` crashed (内部错误, exit 4) reading it."""
    from tbcase.cli import main
    from tbcase.storage.library import Library

    with new_case() as case:
        path = case.path
    con = sqlite3.connect(path)
    (trigger,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'history_no_update'").fetchone()
    with con:
        con.execute("DROP TRIGGER history_no_update")
        con.execute("UPDATE history SET new = CAST(? AS TEXT) WHERE id = 1", (NOT_UTF8,))
        con.execute(trigger)
    con.close()
    for command, code in (("history", 3), ("check", 1)):
        assert main(["--library", str(library_dir), command, str(path)]) == code
        said = capsys.readouterr()
        assert "内部错误" not in said.err and "not UTF-8: column 'new'" in said.out + said.err
        assert str(path) in said.out + said.err
    target, left_out = Library(tmp_path / "other").import_case_report(path)
    assert [(f.code, dict(f.params)) for f in left_out] == [
        ("import_replaced", {"table": "history", "row": "1", "column": "new", "kind": "text", "now": "None"})]
