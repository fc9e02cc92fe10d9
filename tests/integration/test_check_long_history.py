"""检查案件 on a file from elsewhere with a very long history (1,000,000 entries took 33 s,
with no sign of life in the window or on the command line): the entries are verified in
one pass with progress that can stop it, and what SQL can tell (a hash cannot be in an
entry that does not name one; a row whose values are all as tbcase writes them) is not
checked again row by row in Python — with exactly the findings as before."""

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tbcase.storage import chain, history


def _chained(path, n: int, at: str = "2026-11-02T10:00:00+08:00") -> None:
    """``n`` more entries, chained on from the last one (as a long, genuine history is)."""
    con = sqlite3.connect(path)
    last_id, prev = con.execute('SELECT id, hash FROM history ORDER BY id DESC LIMIT 1').fetchone()
    rows = []
    for i in range(last_id + 1, last_id + 1 + n):
        detail = history.detail_text({"field": "notes", "old": f"n{i - 1}", "new": f"n{i}"})
        digest = chain.entry_hash(prev, i, at, "case.notes", None, None, detail)
        rows.append((i, at, "case.notes", None, None, detail, prev, digest))
        prev = digest
    with con:
        con.executemany("INSERT INTO history (id, at, what, old, new, detail, prev_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute('UPDATE "case" SET updated = ?', (at,))
    con.close()


def test_check_tells_its_progress_and_stops_when_asked(new_case):
    from tbcase.storage.casefile import CaseFile

    with new_case() as case:
        path = case.path
    _chained(path, 25_000)
    told = []
    with CaseFile.open(path, readonly=True) as case:
        assert case.findings(lambda done, total: told.append((done, total))) == []
        total = told[0][1]
        assert total > 25_000 and told == [(0, total), (10_000, total), (20_000, total)]

        class Stop(Exception):
            pass

        def stop(done, total):
            if done:
                raise Stop

        with pytest.raises(Stop):
            case.findings(stop)


ODD_TIMES = ["2026-02-30T10:00:00+08:00", "2026-11-02T24:00:00+08:00", "2026-11-02T10:60:00+08:00",
             "2026-11-02 10:00:00+08:00", "1989-12-31T23:59:59+08:00", "2201-01-01T00:00:00+08:00",
             "2026-11-02T10:00:00+09:00", "2026-11-02T10:00:00.5+08:00", "2026-13-01T10:00:00+08:00",
             "2024-02-29T10:00:00+08:00", "1990-01-01T00:00:00+08:00", "2200-12-31T23:59:59+08:00",
             "２０２６-11-02T10:00:00+08:00", "2026-11-02T10:00:00Z", 20261102, b"2026-11-02"]
NEVER_TIMES = {0, 1, 2, 4, 5, 8, 16}  # of ODD_TIMES: no day, hour or minute like it, out of range, bytes
GOOD_TIMES = {9, 10, 11}  # of ODD_TIMES: odd but right


def test_value_findings_are_the_same_as_checking_every_row(new_case):
    """Odd history rows (impossible days and hours, other offsets and forms, years out of
    range, numbers and bytes where text belongs) are each found as before: the SQL that
    passes rows over passes only rows every Python check passes."""
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.integrity import findings
    from tbcase.storage.leftout import RepairReport
    from tbcase.storage.repair import read_understood

    with new_case() as case:
        path = case.path
    _chained(path, 30)
    con = sqlite3.connect(path)
    (last,) = con.execute("SELECT max(id) FROM history").fetchone()
    with con:
        for i, at in enumerate(ODD_TIMES, last + 1):
            con.execute("INSERT INTO history (id, at, what, old, new, detail, prev_hash, hash) "
                        "VALUES (?, ?, 'case.notes', NULL, NULL, NULL, '', '')", (i, at))
        n = last + len(ODD_TIMES)
        for what, old in ((b"bytes", None), (7, None), ("case.notes", 3.5), ("case.notes", b"\xff"),
                          ("case.notes", "x\x00" + "y" * 10_000_000)):  # SQL's length() stops at a NUL
            n += 1
            con.execute("INSERT INTO history (id, at, what, old, new, detail, prev_hash, hash) "
                        "VALUES (?, '2026-11-02T10:00:00+08:00', ?, ?, NULL, NULL, '', '')", (n, what, old))
    con.close()
    with CaseFile.open(path, readonly=True) as case:
        got = [f for f in findings(case) if f.code.startswith("value")]
        every = RepairReport()
        read_understood(case.db.connection(), every)
    expected = [(i.code, i.params) for i in every.items if i.code not in ("bytes", "letter", "rows")]
    assert [(f.code[len("value_"):], f.params) for f in got] == expected
    rows = {int(dict(p)["row"]) - last - 1 for _code, p in expected}  # rows are ids here: 0 = the first odd one
    assert NEVER_TIMES <= rows and not GOOD_TIMES & rows
    assert {len(ODD_TIMES), len(ODD_TIMES) + 3, len(ODD_TIMES) + 4} <= rows  # bytes as what, as old; too long


def test_a_hash_named_only_through_json_escapes_still_counts(new_case):
    """A detail whose key is written ``\\u0073ha256`` (JSON reads it as ``sha256``) still
    covers its exhibit: only entries that cannot name a hash are passed over."""
    from tests.helpers import add_evidence, make_png

    with new_case() as case:
        info = add_evidence(case, make_png(200, 100), "a.png")
        path = case.path
    con = sqlite3.connect(path)
    with con:  # the entry that added it no longer names its hash; a later one names it escaped
        con.execute("DROP TRIGGER history_no_update")
        con.execute("UPDATE history SET detail = NULL, new = NULL WHERE detail LIKE ?", (f"%{info.sha256}%",))
        con.execute("INSERT INTO history (at, what, detail, prev_hash, hash) VALUES "
                    "('2026-11-02T10:00:00+08:00', 'evidence.present', ?, '', '')",
                    ('{"exhibit":1,"\\u0073ha256":"' + info.sha256 + '"}',))
    con.close()
    with _unguarded(path) as execute:
        assert chain.uncovered(execute) == []


def _unguarded(path):
    """The file's history read with plain sqlite3 (its triggers were changed: not a case
    file the app opens any more)."""
    from contextlib import contextmanager

    @contextmanager
    def opened():
        con = sqlite3.connect(path)
        try:
            yield con.execute
        finally:
            con.close()

    return opened()


@pytest.mark.gui
def test_the_window_checks_with_progress_and_cancel(qapp, qtbot, monkeypatch, library_dir, new_case):
    from tests.helpers import ORDER, window_on_case

    with new_case():
        pass
    _chained(library_dir / f"{ORDER}.tbcase", 30_000)
    app = window_on_case(qapp, qtbot, monkeypatch, library_dir)
    try:
        page = app.window.page
        with qtbot.waitSignal(page.checked, timeout=60000) as done:
            page.check_case(show=False)
            assert page.check_job is not None
        assert done.args == [[]]
        seen = []
        with qtbot.waitSignal(page.check_cancelled, timeout=60000):
            page.check_case(show=False)
            page.check_job.signals.progress.connect(lambda d, t, _w: seen.append((d, t)))
            qtbot.waitUntil(lambda: bool(seen), timeout=60000)
            page.check_job.cancel()
        assert seen[0][1] > 30_000 and page.check_job is None
    finally:
        app.close()


@pytest.mark.gui
def test_the_window_words_the_findings_off_its_thread(qapp, qtbot, monkeypatch, library_dir, new_case):
    """A file from elsewhere can give tens of thousands of findings: they were worded on the UI
    thread once the check answered (40,000 lines of a crafted file held it for about half a
    second). They are worded on the session's worker now, in the user's language."""
    import threading

    from tbcase.wording import Wording
    from tests.helpers import ORDER, make_png, raw_sql, window_on_case

    with new_case() as case:
        shots = [case.evidence.add(make_png(200, 300, seed=i, text_lines=2), f"{i}.png", title=f"图{i}")
                 for i in range(1, 4)]
    raw_sql(library_dir / f"{ORDER}.tbcase",  # three originals changed behind tbcase's back: a finding each
            *[("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (b"changed %d" % e.id, e.id))
              for e in shots])
    threads = []
    worded = Wording.finding
    monkeypatch.setattr(Wording, "finding", lambda self, f: (threads.append(threading.current_thread()),
                                                           worded(self, f))[1])
    app = window_on_case(qapp, qtbot, monkeypatch, library_dir)
    try:
        page = app.window.page
        with qtbot.waitSignal(page.checked, timeout=60000) as done:
            page.check_case(show=False)
        lines = done.args[0]
        assert len(lines) == 3 and len(threads) == 3, lines
        assert threading.main_thread() not in threads
        assert all("SHA-256" in line and "证据" in line for line in lines), lines
    finally:
        app.close()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), st.integers(), st.none(), st.booleans(), st.floats(allow_nan=False)),
                max_size=8))
def test_the_canonical_text_of_an_entry_is_what_json_writes(fields):
    """Every entry's hash covers this text: written directly, it must be json's exactly."""
    assert chain._canonical(fields) == json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
