"""The library index is a cache and trusted no more than its folder (issue 13): a forged
entry must not hide an overdue deadline, a malformed one must not crash the list."""

import json
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
        for row in con.execute("SELECT name, mtime, size, wal, summary, error FROM entry").fetchall():
            con.execute("UPDATE entry SET sig = ? WHERE name = ?", (_sign(key, row), row[0]))
    con.close()
