"""The hash-chained history (issue 17): every entry holds the SHA-256 of its content and of
the entry before it, the entry that adds an exhibit or a letter holds the full SHA-256 of
its bytes, and ``check`` names the first entry that does not fit — by number and time —
after someone dropped the append-only triggers and rewrote a row with raw SQL.

Why it matters (最高人民法院关于民事诉讼证据的若干规定 第93条): a court judges electronic data
by, among other things, "电子数据是否在正常的往来活动中形成和存储" and whether its storage,
transmission and extraction were complete and reliable; a record that shows any change since
an item was added is what an offline tool can offer towards that.
"""

import os
import sqlite3
import subprocess
import sys

import pytest

from tbcase.storage import chain
from tbcase.storage.casefile import CaseFile
from tbcase.storage.models import HISTORY_TRIGGERS, SCHEMA_VERSION
from tbcase.storage.repair import repair_into
from tests.helpers import add_evidence, add_step, make_png


def _raw(path, *statements):
    """Run SQL on a closed case file as someone with sqlite3 would: drop the append-only
    triggers, change rows, put the triggers back (so the file still opens)."""
    con = sqlite3.connect(path)
    try:
        con.execute("DROP TRIGGER history_no_update")
        con.execute("DROP TRIGGER history_no_delete")
        for sql, params in statements:
            con.execute(sql, params)
        for sql in HISTORY_TRIGGERS:
            con.execute(sql)
        con.commit()
    finally:
        con.close()


def _busy_case(new_case):
    case = new_case()
    first = add_evidence(case, make_png(200, 300, seed=1), "a.png")
    add_step(case, "complaint", at="2026-11-02 10:00")
    add_evidence(case, make_png(200, 300, seed=2), "b.png")
    case.letters.add(b"%PDF-1.4 not really a letter")
    case.set_field("notes", "记一笔")
    return case, first


def test_every_write_appends_a_chained_entry_and_check_passes(new_case):
    case, first = _busy_case(new_case)
    history = case.history()
    assert [h.id for h in history] == list(range(1, len(history) + 1))
    verified, broken = case.verify_history()
    assert broken is None and verified == len(history) >= 6
    assert len({h.hash for h in history}) == len(history)
    assert all(len(h.hash) == 64 for h in history)
    added = [h for h in history if h.what == "evidence.added"]
    assert added[0].detail["sha256"] == first.sha256  # the full hash, not 16 digits
    letter = next(h for h in history if h.what == "letter.generated")
    assert letter.detail["sha256"] == case.letters.all()[0].sha256
    assert case.check() == []


def test_check_names_the_history_row_changed_with_raw_sql(new_case):
    case, _ = _busy_case(new_case)
    target = case.history()[2]
    path = case.path
    case.close()
    _raw(path, ("UPDATE history SET new = ? WHERE id = ?", ("2026-11-01 伪造", target.id)))
    with CaseFile.open(path) as reopened:
        problems = reopened.check()
        verified, broken = reopened.verify_history()
    assert broken is not None and broken.number == target.id and verified == target.id - 1
    chain_lines = [p for p in problems if p.startswith("history:")]
    assert len(chain_lines) == 1, problems
    assert f"entry {target.id} (" in chain_lines[0]
    assert reopened.history()[2].at.isoformat()[:19] in chain_lines[0].replace(" ", "T")


def test_check_names_a_history_row_removed_with_raw_sql(new_case):
    case, _ = _busy_case(new_case)
    gone = case.history()[1]
    path = case.path
    case.close()
    _raw(path, ("DELETE FROM history WHERE id = ?", (gone.id,)))
    with CaseFile.open(path) as reopened:
        verified, broken = reopened.verify_history()
        problems = reopened.check()
    assert broken is not None and broken.number == gone.id + 1 and broken.why == "link"
    assert any(f"entry {gone.id + 1} (" in p for p in problems), problems


def test_rehashing_the_changed_entry_alone_still_breaks_at_the_next(new_case):
    """Someone who knows the scheme recomputes the changed entry's hash: the next entry's
    link to it no longer fits."""
    case, _ = _busy_case(new_case)
    h = case.history()
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    prev_hash, detail = con.execute("SELECT prev_hash, detail FROM history WHERE id = 3").fetchone()
    con.close()
    forged = chain.entry_hash(prev_hash, 3, h[2].at.isoformat(), h[2].what, h[2].old, "伪造", detail)
    _raw(path, ("UPDATE history SET new = '伪造', hash = ? WHERE id = 3", (forged,)))
    with CaseFile.open(path) as reopened:
        verified, broken = reopened.verify_history()
        assert any("entry 4 (" in p for p in reopened.check())
    assert broken is not None and broken.number == 4 and verified == 3


def test_check_names_an_evidence_blob_changed_with_its_hash(new_case):
    """Changing the bytes alone is caught by the hash of the row; changing the bytes and
    the row's SHA-256 together is caught because no history entry holds the new hash."""
    case, first = _busy_case(new_case)
    path = case.path
    case.close()
    fake = make_png(200, 300, seed=9)
    con = sqlite3.connect(path)
    con.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (fake, first.id))
    con.commit()
    con.close()
    with CaseFile.open(path) as reopened:
        problems = reopened.check()
    assert any(p.startswith("hash: Exhibit 1 ") for p in problems), problems
    import hashlib

    digest = hashlib.sha256(fake).hexdigest()
    con = sqlite3.connect(path)
    con.execute("UPDATE evidence SET sha256 = ?, size = ? WHERE id = ?", (digest, len(fake), first.id))
    con.commit()
    con.close()
    with CaseFile.open(path) as reopened:
        problems = reopened.check()
    assert problems == [f"history: Exhibit 1 (SHA-256 {digest}) was never recorded as added"]


def test_check_names_a_letter_whose_bytes_changed(new_case):
    case, _ = _busy_case(new_case)
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE letter SET pdf = ?", (b"%PDF-1.4 another letter",))
    con.commit()
    con.close()
    with CaseFile.open(path) as reopened:
        assert reopened.check() == ["hash: letter #1 does not match its SHA-256 "
                                    + reopened.letters.all()[0].sha256[:16]]


def test_migration_chains_the_old_history_in_order_and_says_so(v1_copy):
    with CaseFile.open(v1_copy) as case:
        assert case.schema_version() == SCHEMA_VERSION
        history = case.history()
        whats = [h.what for h in history]
        assert whats[0] == "case.created"
        began = whats.index(chain.CHAIN_WHAT)
        assert whats[began - 1] == "schema.migrated" and history[began].new == str(began - 1)
        # the old file's one exhibit had no 'added' entry: its hash is recorded now
        present = [h for h in history[began:] if h.what == chain.PRESENT_WHAT]
        assert [p.new for p in present] == [f"证据1 sha256:{case.evidence.all()[0].sha256}"]
        assert case.verify_history() == (len(history), None)
        assert case.check() == []
        add_evidence(case, make_png(100, 100, seed=5), "new.png")
        assert case.verify_history()[1] is None
    _raw(v1_copy, ("UPDATE history SET new = 'x' WHERE id = 1", ()))
    with CaseFile.open(v1_copy) as case:
        assert any("entry 1 (2026-03-01" in p for p in case.check())


def test_repair_chains_the_kept_history_afresh_and_records_the_senders_chain(new_case, tmp_path):
    """Decision: an imported file gets a fresh chain (entries may be left out, so the
    sender's hashes cannot be kept); its import entry says whether the sender's chain held."""
    case, _ = _busy_case(new_case)
    n = len(case.history())
    path = case.path
    case.close()
    good = tmp_path / "good.tbcase"
    repair_into(path, good)
    with CaseFile.open(good) as copy:
        assert copy.check() == []
        imported = copy.history()[-1]
        assert imported.what == "case.imported"
        assert (imported.detail["chain"], imported.detail["chain_entries"]) == ("verified", n)
        assert "source_chain" not in imported.detail  # data, not English words
        assert copy.verify_history() == (n + 1, None)
    _raw(path, ("UPDATE history SET what = 'case.notes', new = 'x' WHERE id = 2", ()))
    bad = tmp_path / "bad.tbcase"
    repair_into(path, bad)
    with CaseFile.open(bad) as copy:
        assert copy.check() == []  # the fresh file's own chain holds …
        history = copy.history()
        imported = next(h for h in history if h.what == "case.imported")
        assert (imported.detail["chain"], imported.detail["chain_broken_at"]) == ("broken", 2)  # … and says so
        # the exhibit whose 'added' entry was overwritten gets its hash recorded at import
        assert history[-1].what == chain.PRESENT_WHAT and history[-1].exhibit == 1
        assert history[-1].detail["sha256"] == copy.evidence.all()[0].sha256


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_check_prints_the_broken_entry(new_case, library_dir, lang):
    """In the user's language (the window's 检查案件 words it the same way)."""
    case, _ = _busy_case(new_case)
    target = case.history()[3]
    path = case.path
    case.close()
    _raw(path, ("UPDATE history SET at = '2026-01-01T00:00:00+08:00' WHERE id = ?", (target.id,)))
    r = subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library_dir), "check",
                        str(path)], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "TBCASE_LANG": lang})
    assert r.returncode != 0
    expected = (f"历史记录：哈希链在第 {target.id} 条（2026-01-01T00:00:00+08:00）处断开" if lang == "zh"
                else f"the chain breaks at entry {target.id} (2026-01-01T00:00:00+08:00)")
    assert expected in r.stdout, r.stdout


def test_the_import_entry_names_the_file_the_case_came_from(new_case, tmp_path):
    """A repaired or imported copy's history says which file it was made from (the import
    entry's new value is the source file's name), so a reader of the copy can trace it."""
    case, _ = _busy_case(new_case)
    path = case.path
    case.close()
    copy_path = tmp_path / "copy.tbcase"
    repair_into(path, copy_path)
    with CaseFile.open(copy_path) as copy:
        imported = copy.history()[-1]
        assert (imported.what, imported.new) == ("case.imported", path.name)
