"""The library index is a cache and trusted no more than its folder (issue 13): a forged
entry must not hide an overdue deadline, a malformed one must not crash the list."""

import json
import pathlib
import sqlite3

import pytest

from tbcase.storage.library import INDEX_NAME, Library
from tests.helpers import ORDER


@pytest.fixture
def overdue_library(library_dir, new_case):
    case = new_case(signed="2026-01-10 10:00")
    case.steps.add("complaint", at="2026-01-11 10:00")  # the app's 24 h reply is long overdue
    case.close()
    lib = Library(library_dir)
    (entry,) = lib.entries()
    assert not entry.summary.facts.closed
    return lib


def _rows(lib):
    con = sqlite3.connect(lib.folder / INDEX_NAME)
    rows = con.execute("SELECT * FROM entry").fetchall()
    con.close()
    return rows


def _write(lib, sql, *params):
    con = sqlite3.connect(lib.folder / INDEX_NAME)
    with con:
        con.execute(sql, params)
    con.close()


def _open_deadlines(lib):
    from tbcase.storage.engine import DeadlineEngine

    engine = DeadlineEngine()
    out = []
    for e in lib.entries():
        assert e.summary is not None, e.error
        out += [d for d in engine.timeline(e.summary.facts).deadlines if d.is_open]
    return out


def test_forged_entry_does_not_hide_a_deadline(overdue_library):
    lib = overdue_library
    assert _open_deadlines(lib)
    (row,) = _rows(lib)
    summary = json.loads(row[4])
    summary["facts"]["closed"] = True  # what a forger writes: the case looks closed
    summary["facts"]["steps"] = []
    _write(lib, "UPDATE entry SET summary = ?", json.dumps(summary, ensure_ascii=False))
    assert _open_deadlines(lib)  # the entry's signature no longer matches: the file is read
    (row,) = _rows(lib)
    assert not json.loads(row[4])["facts"]["closed"]  # and the index is rewritten from it


def test_entry_copied_from_another_users_index_is_not_used(overdue_library, tmp_path, monkeypatch):
    lib = overdue_library
    monkeypatch.setenv("TBCASE_CONFIG", str(tmp_path / "other-user"))  # a different key
    (row,) = _rows(lib)
    summary = json.loads(row[4])
    summary["facts"]["closed"] = True
    _write(lib, "UPDATE entry SET summary = ?", json.dumps(summary, ensure_ascii=False))
    assert _open_deadlines(lib)


@pytest.mark.parametrize("summary", [
    "not json", "[]", "{}", "null", json.dumps({"order_no": 1}),
])
def test_malformed_entry_is_rebuilt_not_a_crash(overdue_library, summary):
    lib = overdue_library
    _write(lib, "UPDATE entry SET summary = ?", summary)
    _resign(lib)
    (entry,) = lib.entries()
    assert entry.summary is not None and entry.summary.order_no == ORDER


@pytest.mark.parametrize("mutate", [
    lambda d: d["facts"].update(steps=[["bogus", "2026-01-11T10:00:00+08:00"]]),
    lambda d: d["facts"].update(steps=[["complaint", "not-a-date"]]),
    lambda d: d["facts"].update(signed_at="0001-01-01T00:00:00+08:00"),
    lambda d: d["facts"].update(closed="yes"),
    lambda d: d["facts"].update(countdowns=[[1, 2]]),
    lambda d: d["facts"].update(closed=True, later=1),  # facts of another shape would hide the deadline
    lambda d: d.update(evidence_count="many"),
    lambda d: d.update(extra=1),
    lambda d: d.pop("shop"),
])
def test_entry_with_wrong_values_is_rebuilt(overdue_library, mutate):
    lib = overdue_library
    (row,) = _rows(lib)
    d = json.loads(row[4])
    mutate(d)
    _write(lib, "UPDATE entry SET summary = ?", json.dumps(d))
    _resign(lib)
    assert _open_deadlines(lib)


def test_index_of_another_shape_is_rebuilt(overdue_library):
    lib = overdue_library
    _write(lib, "DROP TABLE entry")
    _write(lib, "CREATE TABLE entry (name TEXT)")
    assert _open_deadlines(lib)


def _resign(lib):
    """Sign the rows with this user's key, as a bug in an older version might have
    written them: the values themselves are then all that is checked."""
    from tbcase.storage.library import _sign, _user_key

    key = _user_key()
    con = sqlite3.connect(lib.folder / INDEX_NAME)
    with con:
        for row in con.execute("SELECT name, mtime, size, wal, summary, error, dkey, deadlines "
                               "FROM entry").fetchall():
            con.execute("UPDATE entry SET sig = ? WHERE name = ?", (_sign(key, row), row[0]))
    con.close()


# ---------------------------------------------------------------- deadlines kept in the index


def _engine(tmp_path, name="config", override=None):
    from tbcase.storage.engine import DeadlineEngine

    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    if override is not None:
        (folder / "ladder.toml").write_text(override, encoding="utf-8")
    return DeadlineEngine(folder)


def _counting(engine, monkeypatch):
    """The engine, counting the cases whose deadlines it computes."""
    calls = []
    original = engine.deadlines
    monkeypatch.setattr(engine, "deadlines", lambda facts, now=None: calls.append(1) or original(facts, now))
    return calls


def test_deadlines_are_computed_once_then_read_from_the_index(overdue_library, tmp_path, monkeypatch):
    """Start-up does not compute (nor open a file for) a case whose file and rules did not
    change; what comes from the index, brought to now, equals computing again."""
    from tbcase.domain.ladder import restate

    lib, engine = overdue_library, _engine(tmp_path)
    calls = _counting(engine, monkeypatch)
    (first,) = lib.entries(engine=engine)
    assert len(calls) == 1 and first.deadlines
    (again,) = lib.entries(engine=engine)
    assert len(calls) == 1  # from the index
    assert restate(again.deadlines, NOW) == engine.timeline(again.summary.facts, NOW).deadlines
    assert [d.is_open for d in again.deadlines] and any(d.is_open for d in again.deadlines)


NOW = __import__("tbcase.domain.model", fromlist=["now"]).now()


def test_a_changed_case_shows_its_new_deadlines(overdue_library, tmp_path, monkeypatch):
    from tbcase.storage.casefile import CaseFile

    lib, engine = overdue_library, _engine(tmp_path)
    (before,) = lib.entries(engine=engine)
    with CaseFile.open(before.path) as case:
        case.steps.add("closed", at="2026-01-12 10:00")  # settled: nothing is open any more
    (after,) = lib.entries(engine=engine)
    assert any(d.is_open for d in before.deadlines) and not any(d.is_open for d in after.deadlines)
    assert after.deadlines == engine.deadlines(after.summary.facts)


def test_other_rules_or_calendar_compute_the_deadlines_again(overdue_library, tmp_path, monkeypatch):
    """The kept deadlines are keyed by the rules and calendar they were computed with: a
    rule override or a year the user enters makes every case computed again (from the
    index's facts: no file is opened)."""
    from tbcase.domain.workdays import YearData
    from tbcase.storage.deadline_cache import engine_version

    lib, engine = overdue_library, _engine(tmp_path)
    lib.entries(engine=engine)
    rule = (pathlib.Path(__file__).parents[2] / "resources" / "rules" / "ladder.toml").read_text(
        encoding="utf-8").split("[[rule]]")[1].replace("hours = 24", "hours = 48")  # app_reply
    stricter = _engine(tmp_path, "other", "[[rule]]" + rule)
    assert engine_version(stricter) != engine_version(engine)
    calls = _counting(stricter, monkeypatch)
    monkeypatch.setattr(Library, "_read_with_documents", lambda *a: pytest.fail("a file was opened"))
    (entry,) = lib.entries(engine=stricter)
    assert calls == [1] and entry.deadlines == stricter.deadlines(entry.summary.facts)
    assert _rows(lib)[0][6] == engine_version(stricter)
    year = max(engine.calendar.covered_years()) + 1
    engine.add_user_year(YearData(year, frozenset(), source="user"))
    calls = _counting(engine, monkeypatch)
    lib.entries(engine=engine)
    assert calls == [1]


@pytest.mark.parametrize("deadlines", ["[]", "not json", '[["forged"]]'])
def test_kept_deadlines_that_were_tampered_with_are_not_used(overdue_library, tmp_path, deadlines):
    """Forged without the key: the row is not used (the file is read); re-signed with the
    key (a bug of an older version): what does not read back whole is computed again."""
    lib, engine = overdue_library, _engine(tmp_path)
    (good,) = lib.entries(engine=engine)
    _write(lib, "UPDATE entry SET deadlines = ?", deadlines)
    (entry,) = lib.entries(engine=engine)
    assert entry.deadlines == good.deadlines
    _write(lib, "UPDATE entry SET deadlines = ?", deadlines)
    _resign(lib)
    (entry,) = lib.entries(engine=engine)
    # what the key vouches for is used as written (as a summary is); anything else is computed
    assert entry.deadlines == ([] if deadlines == "[]" else good.deadlines)


def test_an_order_number_finds_its_case_whatever_the_file_is_called(library_dir, new_case):
    """``tbcase show 1234…``: the order number names the case even when its file has another
    name; two cases of one order are ambiguous, none is no such case."""
    from tbcase.domain.errors import KnownError

    lib = Library(library_dir)
    lib.create(order_no=ORDER, name="杯子", complaint_type="quality").close()
    assert lib.resolve(ORDER) == library_dir / "杯子.tbcase"
    lib.create(order_no=ORDER, name="杯子第二次", complaint_type="quality").close()
    for query, code in ((ORDER, "case_ambiguous"), ("4528716093384027000", "no_such_case")):
        with pytest.raises(KnownError) as info:
            lib.resolve(query)
        assert info.value.code == code
