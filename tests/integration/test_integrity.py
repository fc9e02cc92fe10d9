"""Integrity as the user relies on it: a changed byte is caught by the hash (not by a size), an
old file's history is append-only after migration, and re-adding a deleted exhibit's bytes
brings it back."""

import sqlite3

import pytest

from tbcase.storage.casefile import CaseFile
from tests.helpers import add_evidence, delete_evidence, evidence_list, make_png


def _flip_one_byte(path, evidence_id):
    """Change one byte of the stored original, keeping its length (as bit rot or a careless edit)."""
    con = sqlite3.connect(path)
    try:
        (data,) = con.execute("SELECT data FROM evidence_blob WHERE evidence_id = ?", (evidence_id,)).fetchone()
        data = bytearray(data)
        data[len(data) // 2] ^= 0x01
        con.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (bytes(data), evidence_id))
        con.commit()
    finally:
        con.close()
    return len(data)


def test_check_catches_a_changed_byte_of_the_same_length(new_case):
    case = new_case()
    first = add_evidence(case, make_png(200, 400, seed=1), "a.png")
    second = add_evidence(case, make_png(200, 400, seed=2), "b.png")
    path = case.path
    case.close()
    assert _flip_one_byte(path, second.id) == second.size
    with CaseFile.open(path) as reopened:
        problems = reopened.check()
        assert len(problems) == 1 and "Exhibit 2" in problems[0] and "Exhibit 1" not in problems[0], problems
        assert "证据" not in problems[0]  # English through and through
        assert [e.sha256 for e in evidence_list(reopened)] == [first.sha256, second.sha256]


def test_migrated_old_file_keeps_history_append_only(v1_copy):
    with CaseFile.open(v1_copy) as case:
        assert any((h.what if hasattr(h, "what") else h["what"]) == "schema.migrated" for h in case.history())
        before = case.history()
    con = sqlite3.connect(v1_copy)
    try:
        for sql in ("DELETE FROM history", "UPDATE history SET what = 'x'"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(sql)
    finally:
        con.close()
    with CaseFile.open(v1_copy) as case:
        assert case.history() == before


def test_re_adding_a_deleted_exhibits_bytes_brings_it_back(new_case):
    case = new_case()
    data = make_png(200, 400, seed=3)
    keep = add_evidence(case, make_png(200, 400, seed=4), "keep.png")
    gone = add_evidence(case, data, "gone.png")
    delete_evidence(case, gone.id)
    assert [e.id for e in evidence_list(case)] == [keep.id]
    again = add_evidence(case, data, "again.png")
    assert again.id == gone.id and again.duplicate  # the same item, not a second copy
    listed = evidence_list(case)
    assert [e.id for e in listed] == [keep.id, gone.id]
    assert [e.exhibit for e in listed] == [1, 2]
    assert evidence_list(case, deleted=True) == []
    assert case.check() == []


def test_check_names_each_problem_with_its_exhibit_letter_digest_and_time_in_both_languages(new_case):
    """Changed bytes, a size that no longer matches, bytes gone, a changed letter and a case
    changed after its last history entry: each is one finding, in this order, naming the
    exhibit (by its number, as data: 证据N / Exhibit N), the letter's number, the first 16 hex
    digits of the recorded SHA-256 and both times; the same finding in Chinese and English."""
    from tbcase.storage.integrity import Finding
    from tbcase.wording import Wording

    case = new_case()
    shots = [add_evidence(case, make_png(200, 300, seed=s), f"{s}.png") for s in (11, 12, 13)]
    letter = case.letters.add(b"%PDF-1.4 not really a letter")
    last = case.history()[-1].at
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?",
                    (make_png(200, 300, seed=14), shots[0].id))
        con.execute("UPDATE evidence SET size = size + 1 WHERE id = ?", (shots[1].id,))
        con.execute("DELETE FROM evidence_blob WHERE evidence_id = ?", (shots[2].id,))
        con.execute("UPDATE letter SET pdf = ? WHERE id = ?", (b"%PDF-1.4 another letter", letter.id))
        con.execute("UPDATE \"case\" SET updated = '2099-01-02T03:04:05+08:00'")
        con.commit()
    finally:
        con.close()
    with CaseFile.open(path) as reopened:
        found = reopened.findings()
        english = reopened.check()
    assert found == [
        Finding("hash_mismatch", (("exhibit", "1"), ("digest", shots[0].sha256[:16]))),
        Finding("size_mismatch", (("exhibit", "2"), ("recorded", str(shots[1].size + 1)),
                                  ("actual", str(shots[1].size)))),
        Finding("no_bytes", (("exhibit", "3"),)),
        Finding("letter_mismatch", (("id", str(letter.id)), ("digest", letter.sha256[:16]))),
        Finding("chain_cut", (("changed", "2099-01-02T03:04:05+08:00"), ("last", last.isoformat()))),
    ]
    assert english == [
        f"hash: Exhibit 1 does not match its SHA-256 {shots[0].sha256[:16]}",
        f"size: Exhibit 2 is recorded as {shots[1].size + 1} bytes, its original has {shots[1].size} "
        "(the original matches its SHA-256)",
        "hash: Exhibit 3 has no stored bytes",
        f"hash: letter #{letter.id} does not match its SHA-256 {letter.sha256[:16]}",
        f"history: the case was last changed at 2099-01-02T03:04:05+08:00, after its last history entry "
        f"({last.isoformat()}): entries after it were removed",
    ]
    assert [Wording("en").finding(f) for f in found] == english
    assert [Wording("zh").finding(f) for f in found][1:] == [  # an original that is as added is not called changed
        f"大小：证据2记录为 {shots[1].size + 1} 字节，原件为 {shots[1].size} 字节（原件与其 SHA-256 一致，未改变）",
        "哈希：证据3没有保存原件字节", f"哈希：投诉书 #{letter.id} 与其 SHA-256 {letter.sha256[:16]} 不一致",
        f"历史记录：案件最后修改于 2099-01-02T03:04:05+08:00，晚于最后一条历史记录（{last.isoformat()}）："
        "其后的记录已被删除"]


def test_a_finding_words_its_field_kind_new_value_error_and_copy_in_each_language():
    """``Wording.finding``: our field, value kind and replacement value are named in the user's
    words (a value of the user's own is left as it is), an ``error`` code is worded with the
    other values, and a problem of a redacted copy says whose copy it is."""
    from tbcase.storage.integrity import Finding, finding
    from tbcase.wording import Wording

    en, zh = Wording("en").finding, Wording("zh").finding

    replaced = finding("value_replaced", table="case", row=1, column="signed_at", kind="time", now="None")
    assert en(replaced) == "value: case row 1: signed_at is not a valid time; import would make it None"
    assert zh(replaced) == "数值：表 case 第 1 行的 signed_at 不是有效的 时间，导入时将改为 空（未填写）"
    own = finding("value_replaced", table="case", row=1, column="c", kind="my kind", now="x")
    assert en(own) == "value: case row 1: c is not a valid my kind; import would make it x"
    field = finding("import_field", field="signed", error="case_busy", path="/a.tbcase")
    assert en(field) == \
        "signed: Case file /a.tbcase is open elsewhere (another window or program). Try again shortly."
    assert zh(field).startswith("导入：“签收时间”未导入：案件文件 /a.tbcase 正在其他窗口或程序中使用")
    copy = Finding("no_bytes", (("exhibit", "2"), ("copy_of", "2")))
    assert en(copy) == "redacted copy of exhibit 2: hash: Exhibit 2 has no stored bytes"
    assert zh(copy) == "证据2的遮挡副本：哈希：证据2没有保存原件字节"
