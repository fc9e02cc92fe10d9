"""A case file from elsewhere with absurd numbers of steps, countdowns or tracking numbers
is listed quickly and with a clear error, never hiding the other cases, and the library
index does not keep what it held (a crafted file with 200,000 steps took 20 s to list,
then its 200,000 steps were kept in the index's snapshot and read at every later start).
A case reaching the limit in the app itself cannot be made unreadable: the next one is refused."""

import json
import sqlite3

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.library import INDEX_NAME, Library
from tbcase.storage.models import MAX_CASE_ROWS
from tbcase.wording import Wording

_INSERTS = {
    "step": ("INSERT INTO step (kind, at, ref, note, created) VALUES ('complaint', ?, '', '', "
             "'2026-11-02T10:00:00+08:00')"),
    "countdown": "INSERT INTO countdown (label, due, created) VALUES ('确认收货', ?, '2026-11-02T10:00:00+08:00')",
    "tracking": ("INSERT INTO tracking (number, carrier, direction, signed_at, note, added) "
                 "VALUES ('SF' || ?, 'sf', 'out', NULL, '', '2026-11-02T10:00:00+08:00')"),
}


def _crafted(case_path, table: str, n: int, first: int = 0) -> None:
    """``n`` rows written into the file by another program (as a crafted file holds them)."""
    con = sqlite3.connect(case_path)
    values = ([(f"2026-11-{1 + i % 28:02d}T10:{i // 60 % 60:02d}:{i % 60:02d}+08:00",) for i in range(n)]
              if table != "tracking" else [(str(first + i),) for i in range(n)])
    with con:
        con.executemany(_INSERTS[table], values)
    con.close()


def _snapshot_bytes(folder) -> int:
    con = sqlite3.connect(folder / INDEX_NAME)
    (body,) = con.execute("SELECT body FROM listing").fetchone()
    con.close()
    return len(body)


def test_a_case_with_200000_steps_is_listed_with_its_error_and_not_kept_in_the_index(new_case, library_dir):
    from tbcase.storage.engine import DeadlineEngine

    for order in ("3000000000000000001", "3000000000000000002"):
        with new_case(order, signed="2026-11-01 10:00") as case:
            case.steps.add("complaint", at="2026-11-02 10:00")
    with new_case("9999999999999999999", signed="2026-11-01 10:00") as crafted:
        path = crafted.path
    _crafted(path, "step", 200_000)
    lib = Library(library_dir)
    for _start in range(2):  # reading the files, then from the index at the next start
        entries = {e.path.name: e for e in lib.entries(engine=DeadlineEngine())}
        bad = entries.pop(path.name)
        assert (bad.summary, bad.error, bad.error_params) == (
            None, "case_too_many_rows", {"path": str(path), "limit": str(MAX_CASE_ROWS)})
        assert len(entries) == 2 and all(e.summary is not None and e.deadlines for e in entries.values())
        assert _snapshot_bytes(library_dir) < 20_000  # three rows; 200,000 steps were 6 MB
    assert "超出上限" in Wording("zh").error(bad.error, **bad.error_params)
    assert "more steps, countdowns or tracking numbers" in Wording("en").error(bad.error, **bad.error_params)


@pytest.mark.parametrize("table", ["step", "countdown", "tracking"])
def test_the_limit_is_read_one_more_is_refused_and_adding_past_it_is_refused(new_case, table):
    """The limit itself is a case like any other (its deadlines are computed from all of
    it); one row more is this case's clear error wherever the case is read."""
    with new_case(signed="2026-11-01 10:00") as case:
        path = case.path
    _crafted(path, table, MAX_CASE_ROWS - 1)
    from tbcase.storage.casefile import CaseFile

    numbers = iter(("YT0000000000001", "YT0000000000002"))
    with CaseFile.open(path) as case:
        add = {"step": lambda: case.steps.add("complaint", at="2026-11-20 10:00"),
               "countdown": lambda: case.steps.add_countdown("确认收货", "2026-12-01 10:00"),
               "tracking": lambda: case.tracking.add(next(numbers), carrier="yto")}[table]
        add()  # the last one there is room for
        facts = case.summary().facts
        assert facts is not None
        assert len({"step": facts.steps, "countdown": facts.countdowns, "tracking": case.tracking.all()}[table]) \
            == MAX_CASE_ROWS
        history = len(case.history())
        with pytest.raises(KnownError) as info:
            add()
        assert info.value.code == "case_too_many_rows"
        assert len(case.history()) == history  # nothing was written
    _crafted(path, table, 1, MAX_CASE_ROWS)  # from elsewhere
    with CaseFile.open(path, readonly=True) as case:
        own = {"step": case.steps.all, "countdown": case.steps.countdowns, "tracking": case.tracking.all}[table]
        for read in (case.summary, case.steps.facts, own):
            with pytest.raises(KnownError) as info:
                read()
            assert info.value.code == "case_too_many_rows", read


def test_the_command_line_lists_the_others_and_names_the_crafted_case(new_case, library_dir, capsys):
    from tbcase.cli import main

    with new_case("3000000000000000001", signed="2026-11-01 10:00") as case:
        case.steps.add("complaint", at="2026-11-02 10:00")
    with new_case("9999999999999999999") as crafted:
        path = crafted.path
    _crafted(path, "countdown", MAX_CASE_ROWS + 1)
    assert main(["--library", str(library_dir), "list", "--json"]) == 0
    rows = {r["path"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[str(path)]["error"].startswith(f"案件文件 {path} 记录的步骤、倒计时或快递单号超出上限")
    assert [r["order_no"] for r in rows.values() if "error" not in r] == ["3000000000000000001"]


@pytest.mark.parametrize(("table", "n"), [("step", 200_000), ("countdown", MAX_CASE_ROWS + 1),
                                          ("tracking", MAX_CASE_ROWS + 1)])
def test_import_refuses_a_file_the_list_would_refuse_and_writes_nothing(new_case, tmp_path, table, n):
    """A file holding more steps, countdowns or tracking numbers than a case is read with is
    not imported: it was copied whole (200,000 steps: 2.3 s) into a new case that the list
    then showed only as ``case_too_many_rows``. Keeping the first 1,000 would state a case
    the file does not support (the deadlines are counted from every step), so it is refused
    before anything is written: the library is as it was, the sender's file unchanged."""
    with new_case("9999999999999999999", signed="2026-11-01 10:00") as crafted:
        path = crafted.path
    _crafted(path, table, n)
    before = path.read_bytes()
    lib = Library(tmp_path / "other")
    with pytest.raises(KnownError) as info:
        lib.import_case_report(path)
    assert (info.value.code, info.value.params) == (
        "import_too_many_rows", {"path": str(path), "limit": MAX_CASE_ROWS})
    assert path.read_bytes() == before
    assert list((tmp_path / "other").iterdir()) == []
    said = {lang: Wording(lang).error(info.value.code, **info.value.params) for lang in ("zh", "en")}
    assert "超出上限" in said["zh"] and "未导入" in said["zh"]
    assert "was not imported" in said["en"]


@pytest.mark.parametrize("table", ["step", "countdown", "tracking"])
def test_import_takes_a_file_at_the_limit_and_the_new_case_is_listed(new_case, tmp_path, table):
    with new_case("9999999999999999999", signed="2026-11-01 10:00") as crafted:
        path = crafted.path
    _crafted(path, table, MAX_CASE_ROWS)
    lib = Library(tmp_path / "other")
    target, left_out = lib.import_case_report(path)
    assert left_out == []
    (entry,) = lib.entries()
    assert (entry.path, entry.error) == (target, None)


def test_tbcase_import_says_why_it_refused_in_the_users_language(new_case, tmp_path, capsys, monkeypatch):
    from tbcase.cli import main

    with new_case("9999999999999999999") as crafted:
        path = crafted.path
    _crafted(path, "step", MAX_CASE_ROWS + 1)
    for lang, words in (("zh", "未导入"), ("en", "was not imported")):
        monkeypatch.setenv("TBCASE_LANG", lang)
        assert main(["--library", str(tmp_path / "other"), "import", str(path)]) == 3
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and words in err and str(path) in err
    assert list((tmp_path / "other").iterdir()) == []


def test_a_case_text_longer_than_tbcase_reads_is_this_cases_error_before_it_is_read(new_case, library_dir, tmp_path):
    """A note of 40,000,001 bytes (import keeps at most 10,000,000 characters, 4 bytes at
    most each): read whole, a crafted 120 MB note took 336 MB to list and 1.5 GB to export.
    It is this case's ``case_values_bad`` before the row is read; the others are listed; the
    file is not changed; import empties that field and says so."""
    from tbcase.storage.casefile import CaseFile
    from tests.helpers import raw_sql

    with new_case("3000000000000000001"):
        pass
    with new_case("9999999999999999999") as crafted:
        path = crafted.path
    raw_sql(path, ('UPDATE "case" SET notes = ?', ("x" * 40_000_001,)))
    before = path.stat().st_size, path.stat().st_mtime_ns
    entries = {e.path.name: e for e in Library(library_dir).entries()}
    bad = entries.pop(path.name)
    assert (bad.summary, bad.error) == (None, "case_values_bad")
    assert [e.summary.order_no for e in entries.values()] == ["3000000000000000001"]
    with CaseFile.open(path, readonly=True) as case, pytest.raises(KnownError) as info:
        case.case()
    assert info.value.code == "case_values_bad"
    assert (path.stat().st_size, path.stat().st_mtime_ns) == before
    _target, left_out = Library(tmp_path / "other").import_case_report(path)
    assert [(f.code, dict(f.params)) for f in left_out] == [
        ("import_replaced", {"table": "case", "row": "1", "column": "notes", "kind": "text", "now": "''"})]
