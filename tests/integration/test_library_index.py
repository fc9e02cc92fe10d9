"""The library index is a cache and trusted no more than its folder (issue 13): a forged
entry must not hide an overdue deadline, a malformed one must not crash the list. The
list is kept as one signed snapshot (issue 14, storage/listing.py)."""

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


def _snapshot(lib):
    """The index's list snapshot (see storage/listing.py) as JSON."""
    con = sqlite3.connect(lib.folder / INDEX_NAME)
    (body,) = con.execute("SELECT body FROM listing").fetchone()
    con.close()
    return json.loads(body)


def _rows(lib):
    return _snapshot(lib)["rows"]


def _put(lib, doc, resign=False):
    """Write ``doc`` as the snapshot: as a forger would (the old signature), or signed with
    this user's key, as a bug in an older version might have written it (then the values
    themselves are all that is checked)."""
    from tbcase.storage.library import _user_key
    from tbcase.storage.listing import sign

    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    con = sqlite3.connect(lib.folder / INDEX_NAME)
    with con:
        con.execute("UPDATE listing SET body = ?", (body,))
        if resign:
            con.execute("UPDATE listing SET sig = ?", (sign(_user_key(), body),))
    con.close()


_FACT_NAMES = ["signed_at", "steps", "return_signed_at", "countdowns", "closed"]


def _as_dict(summary):
    """A kept summary (the list of its values, storage/listing.py) by field name."""
    from tbcase.storage.listing import _SUMMARY_FIELDS

    d = dict(zip(_SUMMARY_FIELDS, summary, strict=True))
    if d["facts"] is not None:
        d["facts"] = dict(zip(_FACT_NAMES, d["facts"], strict=True))
    return d


def _as_list(d):
    """``_as_dict`` undone: a name taken away leaves its value out, a name added adds one."""
    from tbcase.storage.listing import _SUMMARY_FIELDS

    def values(d, names):
        return [d[k] for k in names if k in d] + [v for k, v in d.items() if k not in names]

    return values({**d, "facts": values(d["facts"], _FACT_NAMES) if isinstance(d.get("facts"), dict)
                   else d.get("facts")}, _SUMMARY_FIELDS)


def _change_summary(lib, mutate, resign=False):
    doc = _snapshot(lib)
    summary = _as_dict(doc["rows"][0][4])
    mutate(summary)
    doc["rows"][0][4] = _as_list(summary)
    _put(lib, doc, resign)


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

    def forge(summary):  # what a forger writes: the case looks closed
        summary["facts"]["closed"] = True
        summary["facts"]["steps"] = []

    _change_summary(lib, forge)
    assert _open_deadlines(lib)  # the snapshot's signature no longer matches: the file is read
    assert not _as_dict(_rows(lib)[0][4])["facts"]["closed"]  # and the snapshot is written again from it


def test_entry_copied_from_another_users_index_is_not_used(overdue_library, tmp_path, monkeypatch):
    lib = overdue_library
    monkeypatch.setenv("TBCASE_CONFIG", str(tmp_path / "other-user"))  # a different key
    _change_summary(lib, lambda summary: summary["facts"].update(closed=True))
    assert _open_deadlines(lib)


@pytest.mark.parametrize("summary", [
    "not json", [], {}, None, {"order_no": 1},
])
def test_malformed_entry_is_rebuilt_not_a_crash(overdue_library, summary):
    lib = overdue_library
    doc = _snapshot(lib)
    doc["rows"][0][4] = summary
    _put(lib, doc, resign=True)
    (entry,) = lib.entries()
    assert entry.summary is not None and entry.summary.order_no == ORDER


@pytest.mark.parametrize("mutate", [
    lambda d: d["facts"].update(steps=[["bogus", 1768096800]]),
    lambda d: d["facts"].update(steps=[["complaint", "2026-01-11T10:00:00+08:00"]]),  # times are seconds
    lambda d: d["facts"].update(steps=[["complaint", 1768096800.5]]),
    lambda d: d["facts"].update(signed_at=-62135596800),  # year 1: overflows in a view
    lambda d: d.update(updated=253402300799),  # year 9999
    lambda d: d["facts"].update(closed="yes"),
    lambda d: d["facts"].update(countdowns=[[1, 2]]),
    lambda d: d.update(evidence_count="many"),
    lambda d: d.update(evidence_count=True),
    lambda d: d.update(extra=1),
    lambda d: d.pop("shop"),
    # facts of another shape would hide the deadline (its own id: mutmut's stats go by test name)
    pytest.param(lambda d: d["facts"].update(closed=True, later=1), id="facts_of_another_shape"),
])
def test_entry_with_wrong_values_is_rebuilt(overdue_library, mutate):
    lib = overdue_library
    _change_summary(lib, mutate, resign=True)
    assert _open_deadlines(lib)


@pytest.mark.parametrize("doc", [
    b"[]", b'{"format": 2}', b'{"format": 3, "version": null, "rules": null, "rows": []}',
    b'{"format": 2, "rows": [[1]]}',
    b"[" * 100_000, b"\xff\xfe not text",
])
def test_a_snapshot_that_is_not_ours_is_read_from_the_files(overdue_library, doc):
    """Signed but not what ``write_snapshot`` makes (outline, format, nesting, bytes):
    every case is read from its file, nothing crashes."""
    from tbcase.storage.library import _user_key
    from tbcase.storage.listing import sign

    lib = overdue_library
    _write(lib, "UPDATE listing SET body = ?, sig = ?", doc, sign(_user_key(), doc))
    (entry,) = lib.entries()
    assert entry.summary.order_no == ORDER
    assert _rows(lib)[0][0] == entry.path.name  # written again whole


def test_a_snapshot_of_the_first_format_is_read_from_the_files_and_written_again(three_cases, monkeypatch):
    """Summaries were kept as objects by name (format 1) before they were kept as lists of
    values: such a snapshot, genuinely signed, is not used; every case is read from its file
    once, shown as it is, and the snapshot written again in the present format."""
    from tbcase.storage.listing import FORMAT

    lib, orders = three_cases
    truth = _listed(lib)
    doc = _snapshot(lib)
    assert doc["format"] == FORMAT == 2 and all(type(row[4]) is list for row in doc["rows"])
    old = {**json.loads(json.dumps(doc)), "format": 1}
    for row in old["rows"]:
        row[4] = _as_dict(row[4])  # as format 1 wrote it
    _put(lib, old, resign=True)
    read = _reads(monkeypatch)
    assert _listed(lib) == truth
    assert sorted(read) == sorted(f"{o}.tbcase" for o in orders)
    assert _snapshot(lib) == doc  # written again as before
    read.clear()
    assert _listed(lib) == truth and read == []


def test_index_of_another_shape_is_rebuilt(overdue_library):
    lib = overdue_library
    _write(lib, "DROP TABLE listing")
    _write(lib, "CREATE TABLE listing (id INTEGER, body BLOB, sig TEXT)")
    assert _open_deadlines(lib)


# ---------------------------------------------------------------- one snapshot for the whole list


@pytest.fixture
def three_cases(library_dir, new_case):
    orders = ["1000000000000000001", "1000000000000000002", "1000000000000000003"]
    for n, order in enumerate(orders):
        case = new_case(order=order, shop=f"店{n}", signed="2026-01-10 10:00")
        case.steps.add("complaint", at="2026-01-11 10:00")
        case.close()
    lib = Library(library_dir)
    lib.entries()
    return lib, orders


def _listed(lib):
    return sorted((e.summary.order_no, e.summary.shop, e.summary.facts.closed) for e in lib.entries())


def _reads(monkeypatch):
    """The case files read (not taken from the snapshot)."""
    read = []
    original = Library._read_with_documents
    monkeypatch.setattr(Library, "_read_with_documents",
                        lambda self, path: read.append(path.name) or original(self, path))
    return read


def test_the_list_comes_from_one_snapshot_without_opening_files(three_cases, monkeypatch):
    lib, orders = three_cases
    shown = _listed(lib)
    read = _reads(monkeypatch)
    assert _listed(lib) == shown and read == []
    assert sorted(r[0] for r in _rows(lib)) == sorted(f"{o}.tbcase" for o in orders)


def test_a_tampered_snapshot_is_refused_and_every_case_still_shows(three_cases, monkeypatch):
    """Forging one row (a case looks closed, another disappears, a shop renamed) breaks the
    one signature: every case is read from its file, shown as it is, the snapshot rewritten."""
    lib, orders = three_cases
    truth = _listed(lib)
    doc = _snapshot(lib)
    doc["rows"][0][4][-1][-1] = True  # the facts' last: closed
    doc["rows"][1][4][1] = "伪造"  # the shop
    del doc["rows"][2]
    _put(lib, doc)
    read = _reads(monkeypatch)
    assert _listed(lib) == truth
    assert sorted(read) == sorted(f"{o}.tbcase" for o in orders)
    read.clear()
    assert _listed(lib) == truth and read == []  # the rewritten snapshot holds


def test_a_stale_snapshot_reads_only_what_changed(three_cases, monkeypatch, library_dir, new_case):
    """An older snapshot, genuinely signed (put back, or from before a change made by
    another program): a changed file, a new file and a removed one are noticed by name,
    size and time, and only those files are read."""
    from tbcase.storage.casefile import CaseFile

    lib, orders = three_cases
    before = _snapshot(lib)
    con = sqlite3.connect(lib.folder / INDEX_NAME)
    old = con.execute("SELECT body, sig FROM listing").fetchone()
    con.close()
    with CaseFile.open(library_dir / f"{orders[0]}.tbcase") as case:
        case.set_field("shop", "新店名")
    (library_dir / f"{orders[2]}.tbcase").unlink()
    new_case(order="1000000000000000009").close()
    lib.entries()
    _write(lib, "UPDATE listing SET body = ?, sig = ?", *old)  # the old snapshot is back
    assert _snapshot(lib) == before
    read = _reads(monkeypatch)
    listed = _listed(lib)
    assert sorted(read) == sorted([f"{orders[0]}.tbcase", "1000000000000000009.tbcase"])
    assert [(o, s) for o, s, _ in listed] == [(orders[0], "新店名"), (orders[1], "店1"),
                                              ("1000000000000000009", "青禾家居旗舰店")]
    assert len(_rows(lib)) == 3


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
    assert _snapshot(lib)["version"] == engine_version(stricter)
    year = max(engine.calendar.covered_years()) + 1
    engine.add_user_year(YearData(year, frozenset(), source="user"))
    calls = _counting(engine, monkeypatch)
    lib.entries(engine=engine)
    assert calls == [1]


@pytest.mark.parametrize("deadlines", [[], "not json", [["forged"]]])
def test_kept_deadlines_that_were_tampered_with_are_not_used(overdue_library, tmp_path, deadlines):
    """Forged without the key: the snapshot is not used (the file is read); re-signed with
    the key (a bug of an older version): what does not read back whole is computed again."""
    lib, engine = overdue_library, _engine(tmp_path)
    (good,) = lib.entries(engine=engine)
    doc = _snapshot(lib)
    doc["rows"][0][6] = deadlines
    _put(lib, doc)
    (entry,) = lib.entries(engine=engine)
    assert entry.deadlines == good.deadlines
    _put(lib, doc, resign=True)
    (entry,) = lib.entries(engine=engine)
    # what the key vouches for is used as written (as a summary is); anything else is computed
    assert entry.deadlines == ([] if deadlines == [] else good.deadlines)


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


def test_rules_round_trip_as_the_snapshot_keeps_them():
    from tbcase.domain.ladder import rule_from_dict, rule_to_dict
    from tbcase.storage.engine import DeadlineEngine

    rules = DeadlineEngine().rules
    assert rules and [rule_from_dict(rule_to_dict(r)) for r in rules] == rules


@pytest.mark.parametrize("mutate", [
    lambda r: r.update(period={"hours": "24"}), lambda r: r.update(label_zh=7), lambda r: r.update(met_by="x"),
    lambda r: r.update(extra=1), lambda r: r.pop("id"),
])
def test_kept_rules_that_do_not_read_back_exactly_are_read_from_the_rules_file(overdue_library, tmp_path,
                                                                                 monkeypatch, mutate):
    """The kept deadlines are read with the rules kept beside them (the rules file is not
    parsed at start-up); rules that are not exactly what was written are not used."""
    lib, engine = overdue_library, _engine(tmp_path)
    (good,) = lib.entries(engine=engine)
    assert engine._rules is not None
    doc = _snapshot(lib)
    mutate(doc["rules"][0])
    _put(lib, doc, resign=True)
    fresh = _engine(tmp_path)
    (entry,) = lib.entries(engine=fresh)
    assert entry.deadlines == good.deadlines and fresh._rules is not None  # read from the file
    again = _engine(tmp_path)
    (entry,) = lib.entries(engine=again)
    assert entry.deadlines == good.deadlines and again._rules is None  # the snapshot's, written again


def test_the_list_reports_its_progress_over_the_files_it_reads(library_dir, new_case):
    """The window's progress bar: the first file read (and every 50th) reports (its place, how
    many), the end (all, all); a second listing reads nothing (the snapshot holds both) and
    reports nothing."""
    for order in (ORDER, "4528716093384027000"):
        new_case(order=order).close()
    lib = Library(library_dir)
    seen: list[tuple[int, int]] = []
    assert len(lib.entries(progress=lambda i, n: seen.append((i, n)))) == 2
    assert seen == [(0, 2), (2, 2)]
    seen.clear()
    assert len(lib.entries(progress=lambda i, n: seen.append((i, n)))) == 2 and seen == []


def test_the_progress_counts_the_files_read_not_the_rows_kept(library_dir, new_case):
    """Every 50th file read reports, with its place among all the files: 110 cases read
    report at 0, 50 and 100; when 55 of them change (every other one), the 1st and the 51st
    changed are read at places 0 and 100, and the kept rows between report nothing."""
    import os
    import shutil

    new_case().close()
    source = library_dir / f"{ORDER}.tbcase"
    for k in range(1, 110):
        shutil.copy(source, library_dir / f"copy{k:03}.tbcase")
    lib = Library(library_dir)
    seen: list[tuple[int, int]] = []
    assert len(lib.entries(progress=lambda i, n: seen.append((i, n)))) == 110
    assert seen == [(0, 110), (50, 110), (100, 110), (110, 110)]
    names = sorted(p.name for p in library_dir.glob("*.tbcase"))
    for name in names[::2]:  # places 0, 2, … 108
        st = (library_dir / name).stat()
        os.utime(library_dir / name, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    seen.clear()
    assert len(lib.entries(progress=lambda i, n: seen.append((i, n)))) == 110
    assert seen == [(0, 110), (100, 110), (110, 110)]


def test_a_file_that_is_no_case_is_listed_from_the_snapshot_without_reading_it_again(library_dir, new_case,
                                                                                        monkeypatch):
    """A file the list could not read keeps its error in the snapshot; the next listing shows the
    same error from there, as it shows a good case, without reading the file again."""
    new_case().close()
    (library_dir / "坏的.tbcase").write_bytes(b"not a case file at all" * 100)
    lib = Library(library_dir)
    first = sorted((e.path.name, e.error) for e in lib.entries())
    assert [error for _, error in first].count(None) == 1 and len(first) == 2
    read: list[pathlib.Path] = []
    reading = Library._read_with_documents
    monkeypatch.setattr(Library, "_read_with_documents", lambda self, path: read.append(path) or reading(self, path))
    assert sorted((e.path.name, e.error) for e in lib.entries()) == first and read == []


def test_a_kept_error_keeps_the_words_it_names(library_dir, new_case):
    """A file the list could not read is shown from the snapshot with the same message as when
    it was read: its code and the values the message names (the file's path)."""
    new_case().close()
    (library_dir / "坏的.tbcase").write_bytes(b"not a case file at all" * 100)
    lib = Library(library_dir)
    read_once = [(e.error, e.error_params) for e in lib.entries() if e.error]
    assert read_once == [("not_a_case", {"path": str(library_dir / "坏的.tbcase")})]
    assert [(e.error, e.error_params) for e in lib.entries() if e.error] == read_once  # from the snapshot


def test_the_case_paths_are_the_case_files_of_the_folder_by_name_and_one_reads_as_its_summary(library_dir, new_case):
    """``tbcase ocr --all`` and ``check --all`` go over ``case_paths``: regular ``.tbcase`` files
    (and links to one), sorted by name; not a folder or a file of another name."""
    from tbcase.storage.library import read_summary

    for order in ("4528716093384027002", "4528716093384027001"):
        new_case(order=order).close()
    (library_dir / "folder.tbcase").mkdir()
    (library_dir / "notes.txt").write_text("x")
    (library_dir / "link.tbcase").symlink_to(library_dir / "4528716093384027001.tbcase")
    lib = Library(library_dir)
    assert [p.name for p in lib.case_paths()] == ["4528716093384027001.tbcase", "4528716093384027002.tbcase",
                                                   "link.tbcase"]
    assert all(p.parent == library_dir for p in lib.case_paths())
    summary = read_summary(library_dir / "4528716093384027002.tbcase")
    assert (summary.order_no, summary.path) == ("4528716093384027002", str(library_dir / "4528716093384027002.tbcase"))
    assert Library(library_dir / "none").case_paths() == []


def test_a_case_named_on_the_command_line_is_a_path_or_an_order_number_and_a_missing_one_is_said(library_dir,
                                                                                                  new_case):
    from tbcase.domain.errors import KnownError

    case = new_case(order="4528716093384027003")
    case.close()
    lib = Library(library_dir)
    assert lib.resolve(str(case.path)) == case.path and lib.resolve("4528716093384027003") == case.path
    gone = library_dir / "gone.tbcase"
    with pytest.raises(KnownError) as info:
        lib.resolve(str(gone))
    assert (info.value.code, str(info.value)) == ("case_not_found", f"找不到案件文件：{gone}")
    with pytest.raises(KnownError) as info:
        lib.resolve("4528716093384027999")
    assert info.value.code == "no_such_case"


def test_a_case_file_removed_leaves_the_snapshot_and_search_at_the_next_listing(three_cases, library_dir):
    """The user deletes or moves a case file out of the folder, nothing else changes: the next
    listing writes a snapshot without it, so it is not kept on as a row of a case that is gone,
    and a search no longer finds it."""
    from tbcase.storage.search import find

    lib, orders = three_cases
    assert [h.order_no for h in find(lib, "店2")] == [orders[2]]
    (library_dir / f"{orders[2]}.tbcase").unlink()
    assert sorted(e.summary.order_no for e in lib.entries()) == orders[:2]
    assert len(_rows(lib)) == 2
    assert find(lib, "店2") == []
