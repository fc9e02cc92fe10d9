"""The history chain checked from outside, by its documented definition alone
(``storage/chain.py``): entry n's ``hash`` is the SHA-256 of the canonical JSON
``[prev_hash, n, at, what, old, new]`` (UTF-8, no spaces, Chinese as itself), and the first
``prev_hash`` is 64 zeros. Anyone holding the file and ``sqlite3`` can re-check a case this
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
        rows = con.execute('SELECT id, at, what, old, new, prev_hash, hash FROM history ORDER BY id').fetchall()
    finally:
        con.close()
    prev = "0" * 64
    for number, at, what, old, new, prev_hash, digest in rows:
        assert prev_hash == prev, f"entry {number} does not link to the one before"
        canonical = json.dumps([prev, number, at, what, old, new], ensure_ascii=False, separators=(",", ":"))
        assert digest == hashlib.sha256(canonical.encode("utf-8")).hexdigest(), f"entry {number}"
        prev = digest
    return rows


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
    assert added[4] == f"证据1 截图 sha256:{shot.sha256}"
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
