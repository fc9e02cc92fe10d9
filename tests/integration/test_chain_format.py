"""The history chain checked from outside, by its documented definition alone
(``storage/chain.py``): entry n's ``hash`` is the SHA-256 of the canonical JSON
``[prev_hash, n, at, what, old, new, detail]`` (UTF-8, no spaces, Chinese as itself;
without ``detail`` for an entry written before schema 6), and the first ``prev_hash`` is
64 zeros. Anyone holding the file and ``sqlite3`` can re-check a case this
way without tbcase, so the stored hashes must be exactly these, not merely self-consistent."""

import hashlib
import json
import sqlite3

from tbcase.storage import chain
from tbcase.storage.casefile import CaseFile
from tests.helpers import add_evidence, add_step, make_png


def _outside_check(path):
    """(number of entries, every hash recomputed by hand) for a closed case file."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute('SELECT id, at, what, old, new, prev_hash, hash, detail FROM history '
                           'ORDER BY id').fetchall()
    finally:
        con.close()
    prev = "0" * 64
    structured = next((r[0] for r in rows if r[2] == "history.structured"), 0)  # a migrated file
    for number, at, what, old, new, prev_hash, digest, detail in rows:
        assert prev_hash == prev, f"entry {number} does not link to the one before"
        fields = [prev, number, at, what, old, new]
        hashes = [hashlib.sha256(json.dumps(f, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
                  .hexdigest() for f in (fields + [detail], fields)]
        assert digest in hashes, f"entry {number}"
        if digest == hashes[1]:  # without its detail: only an entry from before schema 6
            assert number < structured, f"entry {number}"
        prev = digest
    return [r[:7] for r in rows]


def test_stored_hashes_are_the_documented_ones(new_case):
    case = new_case()
    shot = add_evidence(case, make_png(120, 240, seed=7), "截图.png")
    add_step(case, "complaint", at="2026-11-02 10:00", ref="T-1")
    case.set_field("facts", "收到的杯子有裂纹")
    case.set_field("facts", "")  # an entry whose new value is empty text
    path = case.path
    case.close()
    rows = _outside_check(path)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][2] == "case.created" and rows[0][5] == "0" * 64
    added = next(r for r in rows if r[2] == "evidence.added")
    assert added[4] is None  # data, not words: the entry's detail holds it
    con = sqlite3.connect(path)
    detail = con.execute("SELECT detail FROM history WHERE id = ?", (added[0],)).fetchone()[0]
    con.close()
    assert json.loads(detail) == {"exhibit": 1, "title": "截图", "sha256": shot.sha256}
    assert chain.head(sqlite3.connect(path).execute) == rows[-1][6]


def test_a_migrated_file_is_chained_by_the_same_definition(v1_copy):
    with CaseFile.open(v1_copy) as case:
        n = len(case.history())
    rows = _outside_check(v1_copy)
    assert len(rows) == n
    began = next(r for r in rows if r[2] == chain.CHAIN_WHAT)
    # "the entries before this one were chained now": it counts them
    assert began[4] == str(began[0] - 2)


def test_head_of_an_empty_history_is_the_genesis():
    con = sqlite3.connect(":memory:")
    con.execute('CREATE TABLE history (id INTEGER PRIMARY KEY, at, what, old, new, prev_hash, hash)')
    assert chain.head(con.execute) == "0" * 64
    assert chain.verify(con.execute) == (0, None)
    assert chain.append(con.execute, "2026-11-01T10:00:00+08:00", "x", None, "新") == 1
    assert chain.append(con.execute, "2026-11-01T10:00:01+08:00", "y", "旧", None) == 2
    assert chain.verify(con.execute) == (2, None)


def _tables(con):
    con.execute('CREATE TABLE history (id INTEGER PRIMARY KEY, at, what, old, new, prev_hash, hash)')
    con.execute('CREATE TABLE evidence (id INTEGER PRIMARY KEY, exhibit, sha256, title, deleted)')
    con.execute('CREATE TABLE letter (id INTEGER PRIMARY KEY, sha256)')


def test_an_entry_without_a_time_is_refused():
    con = sqlite3.connect(":memory:")
    _tables(con)
    for at in (None, ""):
        try:
            chain.append(con.execute, at, "x", None, None)
        except ValueError as exc:
            assert "needs its time" in str(exc)
        else:
            raise AssertionError("appended an entry without a time")
    assert con.execute("SELECT count(*) FROM history").fetchone() == (0,)


def test_a_row_of_the_wrong_types_breaks_the_chain_where_it_stands():
    """A file from elsewhere may hold NULL or a number where text belongs: the break names
    that entry (with '?' for a time that is not text), never crashes."""
    at = "2026-11-01T10:00:00+08:00"
    good = chain.entry_hash(chain.GENESIS, 1, at, "case.created", None, "1")
    rows = [(1, at, "case.created", None, "1", chain.GENESIS, good)]
    assert chain.verify_rows(rows) == (1, None)
    assert chain.verify_rows(rows + [(2, None, "x", None, None, good, "h")]) == \
        (1, chain.ChainBreak(2, "?", "content"))
    assert chain.verify_rows(rows + [("2", at, "x", None, None, good, "h")]) == \
        (1, chain.ChainBreak(0, at, "content"))
    assert chain.verify_rows(rows + [(2, at, "x", 5, None, good, "h")]) == (1, chain.ChainBreak(2, at, "content"))
    assert chain.verify_rows(rows + [(2, at, "x", None, b"new", good, "h")]) == \
        (1, chain.ChainBreak(2, at, "content"))
    assert chain.verify_rows([(1, at, "case.created", None, "1", "f" * 64, good)]) == \
        (0, chain.ChainBreak(1, at, "link"))


def test_uncovered_names_each_original_and_letter_no_entry_holds():
    """Entries from before the chain (schema < 5) hold 16 hex digits: those cover by prefix;
    a deleted exhibit (no number) is named as data by the number it had (read from the entry
    its deletion logged: here 证据1, not its row's id 3) and its title, beside that id."""
    con = sqlite3.connect(":memory:")
    _tables(con)
    full, legacy, deleted, letter = ("a" * 64), ("b" * 16 + "c" * 48), ("d" * 64), ("e" * 64)
    gone = "2026-11-01T09:00:00+08:00"
    con.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?)",
                    [(1, 1, full, "截图", None), (2, 2, legacy, "旧", None), (3, None, deleted, "图三", gone)])
    con.execute("INSERT INTO letter VALUES (1, ?)", (letter,))
    chain.append(con.execute, gone, "evidence.deleted", "证据1 图三", None)
    stamp = "2026-11-01T10:00:00+08:00"
    assert chain.uncovered(con.execute) == [
        {"exhibit": 1, "sha256": full}, {"exhibit": 2, "sha256": legacy},
        {"evidence_id": 3, "former_exhibit": 1, "title": "图三", "sha256": deleted}, {"letter": 1, "sha256": letter}]
    chain.append(con.execute, stamp, "evidence.added", None, f"证据1 截图 sha256:{full}")
    chain.append(con.execute, stamp, "evidence.added", None, f"证据2 旧 sha256:{legacy[:16]}")
    chain.append(con.execute, stamp, "evidence.purged", f"删 sha256:{deleted}", None)  # in "old"
    assert chain.uncovered(con.execute) == [{"letter": 1, "sha256": letter}]
    assert chain.record_uncovered(con.execute, stamp) == 1
    last = con.execute("SELECT what, new FROM history ORDER BY id DESC").fetchone()
    assert last == (chain.PRESENT_WHAT, f"letter #1 sha256:{letter}")
    assert chain.uncovered(con.execute) == [] and chain.record_uncovered(con.execute, stamp) == 0
    # a prefix covers only a full 64-digit hash, and only by its first 16 digits
    con.execute("UPDATE evidence SET sha256 = ? WHERE id = 2", ("b" * 16 + "c" * 16,))
    assert chain.uncovered(con.execute) == [{"exhibit": 2, "sha256": "b" * 16 + "c" * 16}]


def test_the_import_entry_says_what_the_senders_chain_was(v1_copy, tmp_path):
    from tbcase.storage.repair import repair_into

    repair_into(v1_copy, tmp_path / "copy.tbcase")  # a schema-1 file: no chain to verify
    with CaseFile.open(tmp_path / "copy.tbcase") as copy:
        imported = next(h for h in copy.history() if h.what == "case.imported")
    assert imported.detail["chain"] == "none" and "chain_entries" not in imported.detail
    con = sqlite3.connect(":memory:")
    _tables(con)
    chain.append(con.execute, "2026-11-01T10:00:00+08:00", "case.created", None, "1")
    assert chain.describe_source(con) == chain.SourceChain("verified", 1, head=chain.head(con.execute))
    con.execute("UPDATE history SET what = 'changed'")
    said = chain.describe_source(con)
    assert said == chain.SourceChain("broken", 0, 1, "2026-11-01T10:00:00+08:00") and not said.held
    assert said.text() == ("history chain: broken in the source at entry 1 (2026-11-01T10:00:00+08:00); "
                           "0 entries before it verified")
    con.execute("UPDATE history SET at = ?", ("2" * 60,))  # a time no longer than 40 characters is kept
    assert chain.describe_source(con).broken_time == "2" * 40


def _raw(path, sql):
    """Change the history as someone with sqlite3 would: triggers dropped, then put back."""
    from tbcase.storage.models import HISTORY_TRIGGERS

    con = sqlite3.connect(path)
    try:
        con.execute("DROP TRIGGER history_no_update")
        con.execute("DROP TRIGGER history_no_delete")
        con.execute(sql)
        for trigger in HISTORY_TRIGGERS:
            con.execute(trigger)
        con.commit()
    finally:
        con.close()


def test_check_says_whether_an_entry_was_changed_or_one_removed(new_case):
    case = new_case()
    for text in ("一", "二", "三"):
        case.set_field("notes", text)
    path = case.path
    case.close()
    _raw(path, "UPDATE history SET new = '改' WHERE id = 3")
    with CaseFile.open(path) as again:
        assert again.verify_history()[1].why == "content"
        assert [p for p in again.check() if p.startswith("history:")] == [
            f"history: the chain breaks at entry 3 ({again.history()[2].at.isoformat()}): "
            "its content does not match its hash; 2 entries before it verify"]
    _raw(path, "DELETE FROM history WHERE id = 3")
    with CaseFile.open(path) as again:
        broken = again.verify_history()[1]
        assert (broken.number, broken.why) == (4, "link")
        assert any(p.endswith("it does not follow the entry before it (one was changed, removed or inserted); "
                              "2 entries before it verify") for p in again.check())


def test_the_senders_chain_is_said_in_english_for_each_state_and_place():
    """``SourceChain.text``: the repair report's and problem list's line for each state, naming
    the source file or the bundle; ``held`` only for none and verified; ``detail`` as data."""
    from tbcase.storage.chain import SourceChain

    head = "a" * 64
    assert SourceChain("none").text() == \
        "history chain: none in the source (made before tbcase chained its history)"
    assert SourceChain("unreadable", where="bundle").text() == "history chain: unreadable in the bundle"
    assert SourceChain("broken", 4, 5, "2026-11-02T09:30:00+08:00").text() == \
        "history chain: broken in the source at entry 5 (2026-11-02T09:30:00+08:00); 4 entries before it verified"
    assert SourceChain("cut", 7, where="bundle").text() == \
        "history chain: 7 entries verified in the bundle, but its head is not the last entry listed " \
        "(entries were cut off)"
    assert SourceChain("verified", 9, head=head).text() == \
        f"history chain: 9 entries verified in the source, head {head}"
    assert [SourceChain(s).held for s in ("none", "unreadable", "broken", "cut", "verified")] == \
        [True, False, False, False, True]
    assert SourceChain("none", 3).detail() == {"chain": "none", "chain_entries": None, "chain_broken_at": None,
                                               "chain_broken_time": None, "chain_head": None}
    assert SourceChain("broken", 4, 5, "t").detail() == {"chain": "broken", "chain_entries": 4, "chain_broken_at": 5,
                                                         "chain_broken_time": "t", "chain_head": None}
    assert SourceChain("verified", 0, head=head).detail()["chain_entries"] == 0
