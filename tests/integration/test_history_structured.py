"""History entries stored as data (issue 14): a schema-5 file (history written as Chinese
text such as ``证据2 卖家 拒绝 退款``) is migrated to schema 6 after a backup; its entries
read in Chinese and English with the right exhibit numbers; new entries are stored as
data, never sentences; and the hash chain still catches a change to any part of an
entry, the migrated ``detail`` included (see ``migrations.structure_history``)."""

import json
import shutil
import sqlite3

import pytest

from tbcase.storage import chain
from tbcase.storage.casefile import CaseFile
from tbcase.storage.history import detail_text, legacy_detail
from tbcase.storage.migrations import STRUCTURED_WHAT
from tbcase.storage.models import HISTORY_TRIGGERS, SCHEMA_VERSION
from tbcase.wording import Wording
from tests.helpers import FIXTURES, add_evidence, make_png

ZH, EN = Wording("zh"), Wording("en")


@pytest.fixture
def v5_copy(tmp_path):
    path = tmp_path / "library" / "4528716093384027715.tbcase"
    path.parent.mkdir()
    shutil.copyfile(FIXTURES / "case_v5.tbcase", path)
    return path


def _rows(path, columns="id, at, what, old, new, prev_hash, hash"):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT {columns} FROM history ORDER BY id").fetchall()
    finally:
        con.close()


def _raw(path, sql, params=()):
    con = sqlite3.connect(path)
    try:
        con.execute("DROP TRIGGER history_no_update")
        con.execute("DROP TRIGGER history_no_delete")
        con.execute(sql, params)
        for trigger in HISTORY_TRIGGERS:
            con.execute(trigger)
        con.commit()
    finally:
        con.close()


def _words(case, wording):
    return {h.id: wording.history(h.what, h.detail) for h in case.history()}


def test_a_schema_5_file_migrates_after_a_backup_and_keeps_every_chained_row(v5_copy):
    before = _rows(v5_copy)
    assert SCHEMA_VERSION == 6
    with CaseFile.open(v5_copy) as case:
        assert case.schema_version() == 6
        history = case.history()
        assert case.check() == []
        assert case.verify_history() == (len(history), None)
    backups = list(v5_copy.parent.glob("*.v5-*.bak"))
    assert len(backups) == 1 and _rows(backups[0]) == before
    after = _rows(v5_copy)
    assert after[:len(before)] == before  # no covered content (nor any hash) rewritten
    whats = [h.what for h in history]
    assert whats[len(before):] == ["schema.migrated", STRUCTURED_WHAT]
    assert history[-1].detail == {"new": str(len(before))}
    details = _rows(v5_copy, "what, old, new, detail")
    assert all(d == detail_text(legacy_detail(w, o, n)) for w, o, n, d in details[:len(before)])


def test_the_migrated_history_reads_in_both_languages_with_the_exhibit_numbers(v5_copy):
    with CaseFile.open(v5_copy) as case:
        zh, en = _words(case, ZH), _words(case, EN)
        by_id = {h.id: h for h in case.history()}
    assert by_id[3].detail == {"exhibit": 2, "title": "卖家 拒绝 退款", "sha256": by_id[3].detail["sha256"]}
    assert zh[3][0] == "添加证据" and zh[3][2].startswith("证据2 卖家 拒绝 退款 sha256:")
    assert en[3][0] == "evidence added" and en[3][2].startswith("Exhibit 2 卖家 拒绝 退款 sha256:")
    assert zh[5] == ("修改证据标题", "证据2 卖家 拒绝 退款", "卖家拒绝退款（聊天）")
    assert en[5] == ("exhibit title changed", "Exhibit 2 卖家 拒绝 退款", "卖家拒绝退款（聊天）")
    assert en[6] == ("exhibit note changed", "Exhibit 2", "第二行\n备注")
    assert en[7] == ("exhibit kind changed", "Exhibit 3 screenshot", "photo")
    assert zh[7] == ("修改证据类型", "证据3 截图", "照片")
    assert en[8] == ("exhibit moved", "Exhibit 3", "Exhibit 1")
    assert en[9] == ("evidence deleted", "Exhibit 2 订单截图", "")
    assert en[10] == ("evidence restored", "", "Exhibit 3 订单截图")
    assert en[11] == ("step recorded", "", "in-app complaint 2026-11-02 09:30 TS-001")
    assert en[14] == ("tracking number changed", "SF1234567890123 SF Express return",
                      "SF1234567890123 SF Express return 2026-11-03 15:00")
    assert zh[16] == ("修改投诉类型", "商品质量", "售后服务")
    assert en[22] == ("status changed", "open", "resolved")
    # English has no Chinese word of tbcase's own left: only the user's titles and labels
    users = ("卖家处理", "订单截图", "卖家", "拒绝", "聊天", "退款", "第二行", "备注", "多余", "倒计时")
    for what, old, new in en.values():
        rest = f"{what} {old} {new}"
        for text in users:
            rest = rest.replace(text, "")
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in rest), (what, old, new)


def test_new_entries_are_stored_as_data_not_sentences(v5_copy):
    with CaseFile.open(v5_copy) as case:
        n = len(case.history())
        first = case.evidence.all()[0]
        case.evidence.update(first.id, title="订单 截图（新）")
        case.evidence.move(first.id, 3)
        added = add_evidence(case, make_png(200, 260, seed=7), "新.png")
        case.steps.add("written_complaint", at="2026-11-07 09:00", ref="W-1")
        assert case.check() == []
    rows = _rows(v5_copy, "what, old, new, detail")[n:]
    assert [r[0] for r in rows] == ["evidence.title", "evidence.moved", "evidence.added", "step.added"]
    for what, old, new, detail in rows:
        assert "证据" not in f"{old}{new}", (what, old, new)
        assert json.loads(detail) is not None
    assert rows[0][1:] == (first.title, "订单 截图（新）",
                           detail_text({"exhibit": 1, "old": first.title, "new": "订单 截图（新）"}))
    assert json.loads(rows[1][3]) == {"old": 1, "new": 3}
    assert json.loads(rows[2][3]) == {"exhibit": 4, "title": added.title, "sha256": added.sha256}
    assert json.loads(rows[3][3]) == {"kind": "written_complaint", "at": "2026-11-07T09:00:00+08:00",
                                      "ref": "W-1"}
    with CaseFile.open(v5_copy) as case:
        en = _words(case, EN)
    assert list(en.values())[-4:] == [
        ("exhibit title changed", f"Exhibit 1 {first.title}", "订单 截图（新）"),
        ("exhibit moved", "Exhibit 1", "Exhibit 3"),
        ("evidence added", "", f"Exhibit 4 {added.title} sha256:{added.sha256}"),
        ("step recorded", "", "written complaint 2026-11-07 09:00 W-1")]


@pytest.mark.parametrize("entry", [5, "new"])
def test_check_catches_a_changed_detail(v5_copy, entry):
    """A migrated entry's detail is not covered by its old hash but must be what its text
    reads as; a new entry's hash covers its detail. Either change breaks the chain there."""
    with CaseFile.open(v5_copy) as case:
        if entry == "new":
            case.evidence.update(case.evidence.all()[0].id, title="新标题")
            entry = case.history()[-1].id
    forged = detail_text({"exhibit": 3, "old": "卖家 拒绝 退款", "new": "卖家拒绝退款（聊天）"})
    _raw(v5_copy, "UPDATE history SET detail = ? WHERE id = ?", (forged, entry))
    with CaseFile.open(v5_copy) as case:
        verified, broken = case.verify_history()
        problems = case.check()
    assert broken is not None and broken.number == entry and broken.why == "content"
    assert verified == entry - 1
    assert any(p.startswith(f"history: the chain breaks at entry {entry} (") for p in problems), problems


def test_a_forger_who_rehashes_a_new_entry_with_its_detail_breaks_the_next_link(v5_copy):
    with CaseFile.open(v5_copy) as case:
        case.set_field("notes", "第一笔")
        case.set_field("notes", "第二笔")
        target = case.history()[-2]
    con = sqlite3.connect(v5_copy)
    prev = con.execute("SELECT prev_hash FROM history WHERE id = ?", (target.id,)).fetchone()[0]
    con.close()
    detail = detail_text({"old": None, "new": "伪造"})
    digest = chain.entry_hash(prev, target.id, target.at.isoformat(), target.what, None, "伪造", detail)
    _raw(v5_copy, "UPDATE history SET old = NULL, new = '伪造', detail = ?, hash = ? WHERE id = ?",
         (detail, digest, target.id))
    with CaseFile.open(v5_copy) as case:
        assert case.verify_history()[1].number == target.id + 1


def test_a_detail_dropped_from_a_new_entry_is_caught(v5_copy):
    with CaseFile.open(v5_copy) as case:
        case.set_field("notes", "记一笔")
        last = case.history()[-1].id
    _raw(v5_copy, "UPDATE history SET detail = NULL WHERE id = ?", (last,))
    with CaseFile.open(v5_copy) as case:
        assert case.verify_history()[1].number == last


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_shows_the_migrated_history_in_the_users_language(v5_copy, monkeypatch,
                                                                          capsys, lang):
    from tbcase.cli import main

    monkeypatch.setenv("TBCASE_LANG", lang)
    assert main(["history", str(v5_copy)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 24
    moved, note = lines[7], lines[5]
    if lang == "en":
        assert moved.endswith("exhibit moved  Exhibit 3 → Exhibit 1") and "证据" not in "".join(lines)
        assert note.endswith("exhibit note changed  Exhibit 2 → 第二行 ⏎ 备注")
        assert lines[-1].endswith("history stored as data from here  22 earlier entries read from their text")
    else:
        assert moved.endswith("调整证据顺序  证据3 → 证据1")
    assert main(["history", str(v5_copy), "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries[7]["detail"] == {"old": 3, "new": 1} and entries[7]["old"] == "证据3"  # as stored
    assert entries[7]["words"]["after"] == ("Exhibit 1" if lang == "en" else "证据1")


LEGACY = [  # (what, old, new) as schema <= 5 wrote them -> the detail they read as
    ("evidence.added", None, "证据12 a b sha256:" + "0" * 16, {"exhibit": 12, "title": "a b", "sha256": "0" * 16}),
    ("evidence.added", None, "证据1  sha256:" + "f" * 64, {"exhibit": 1, "title": "", "sha256": "f" * 64}),
    ("evidence.received", None, "证据2 截图 · iPhone · Safari", {"exhibit": 2, "title": "截图 · iPhone",
                                                                "device": "Safari"}),
    ("evidence.note", "证据3 两行\n备注", "新", {"exhibit": 3, "old": "两行\n备注", "new": "新"}),
    ("evidence.moved", "证据3", "证据1", {"old": 3, "new": 1}),
    ("evidence.present", None, "证据3 sha256:" + "a" * 64, {"exhibit": 3, "sha256": "a" * 64}),
    ("evidence.present", None, "#7 sha256:" + "a" * 64, {"evidence_id": 7, "sha256": "a" * 64}),
    ("evidence.present", None, "letter #2 sha256:" + "a" * 64, {"letter": 2, "sha256": "a" * 64}),
    ("letter.generated", None, "#1 2026-11-02 sha256:" + "b" * 16, {"letter": 1, "sent": "2026-11-02",
                                                                    "sha256": "b" * 16}),
    ("letter.generated", None, "#1  sha256:" + "b" * 16, {"letter": 1, "sha256": "b" * 16}),
    ("step.added", None, "complaint 2026-11-02T09:30:00+08:00", {"kind": "complaint",
                                                                 "at": "2026-11-02T09:30:00+08:00", "ref": ""}),
    ("countdown.added", None, "卖家 处理 2026-11-05T12:00:00+08:00", {"label": "卖家 处理",
                                                                     "due": "2026-11-05T12:00:00+08:00"}),
    ("tracking.added", None, "SF1 我的 快递 out", {"number": "SF1", "carrier": "我的 快递", "direction": "out"}),
    ("tracking.changed", "SF1 sf out", "SF1 yto return 2026-11-03T15:00:00+08:00",
     {"number": "SF1", "carrier": "yto", "direction": "return", "signed": "2026-11-03T15:00:00+08:00",
      "old_carrier": "sf", "old_direction": "out"}),
    ("evidence.redacted", "证据1 截 图 sha256:" + "c" * 64, "sha256:" + "d" * 64 + " boxes:[[1,2,3,4]]",
     {"exhibit": 1, "title": "截 图", "old": "sha256:" + "c" * 64, "new": "sha256:" + "d" * 64 + " boxes:[[1,2,3,4]]"}),
    ("evidence.redaction_cleared", "#4 x sha256:" + "c" * 64, "sha256:" + "d" * 64,
     {"evidence_id": 4, "title": "x", "old": "sha256:" + "c" * 64, "new": "sha256:" + "d" * 64}),
    ("evidence.undecodable", None, "证据2 a (b) (image_corrupt)", {"exhibit": 2, "title": "a (b)",
                                                                   "code": "image_corrupt"}),
    # not in the form of its kind: kept as it is
    ("evidence.title", "证据None x", "y", {"old": "证据None x", "new": "y"}),
    ("step.added", None, "bogus", {"new": "bogus"}),
    ("case.notes", "a", None, {"old": "a"}),
]


@pytest.mark.parametrize(("what", "old", "new", "detail"), LEGACY)
def test_legacy_entries_read_as_data(what, old, new, detail):
    assert legacy_detail(what, old, new) == detail


def test_legacy_reading_is_pinned():
    """Migrated files verify only while ``legacy_detail`` reads old texts as it did when
    they were migrated: this pins its exact output for the fixture's entries."""
    rows = _rows(FIXTURES / "case_v5.tbcase", "what, old, new")
    text = "\n".join(detail_text(legacy_detail(*r)) for r in rows)
    import hashlib

    assert len(rows) == 22
    assert hashlib.sha256(text.encode()).hexdigest()[:16] == PINNED


PINNED = "883e78ea1d9b7973"


def test_the_import_entry_words_the_senders_chain_in_either_language(new_case, tmp_path):
    """The ``case.imported`` entry holds what the sender's chain was as data (a state and
    numbers, no English inside the detail); the history reads it in Chinese or English. An
    entry written before (English text in ``source_chain``) still reads as it was stored."""
    from tbcase.storage.bundle import export_case, import_bundle
    from tbcase.storage.library import Library
    from tbcase.wording import Wording

    case = new_case()
    case.set_field("shop", "别的店")
    folder = export_case(case, tmp_path / "export").parent
    n = len(case.history())
    case.close()
    target, _ = import_bundle(Library(tmp_path / "lib"), folder)
    with CaseFile.open(target) as copy:
        entry = next(h for h in copy.history() if h.what == "case.imported")
        assert copy.check() == []
    assert not any(isinstance(v, str) and "history chain" in v for v in entry.detail.values())
    assert (entry.detail["chain"], entry.detail["chain_entries"]) == ("verified", n)
    head = entry.detail["chain_head"]
    zh = Wording.for_language("zh").history(entry.what, entry.detail)
    en = Wording.for_language("en").history(entry.what, entry.detail)
    assert zh[0] == "导入案件" and f"来源的历史哈希链 {n} 条核对无误，链头 {head}" in zh[2]
    assert en[0] == "case imported" and f"history chain: {n} entries verified in the source, head {head}" in en[2]
    broken = {"new": "bundle", "chain": "broken", "chain_entries": 2, "chain_broken_at": 3,
              "chain_broken_time": "2026-11-20T10:00:00+08:00"}
    assert "在第 3 条（2026-11-20 10:00）处断开，此前 2 条核对无误" in \
        Wording.for_language("zh").history("case.imported", broken)[2]
    old_style = {"new": "x.tbcase", "source_chain": "history chain: none in the source (older schema)"}
    assert Wording.for_language("zh").history("case.imported", old_style)[2].endswith("(older schema)")


LEGACY_MORE = [  # every other form of schema <= 5, and texts just outside each form (kept as they are)
    ("evidence.deleted", "证据4 旧 截图", None, {"exhibit": 4, "title": "旧 截图"}),
    ("evidence.restored", None, "证据4 旧 截图", {"exhibit": 4, "title": "旧 截图"}),
    ("evidence.purged", "聊天 记录.txt sha256:" + "e" * 64, None, {"title": "聊天 记录.txt", "sha256": "e" * 64}),
    ("evidence.title", "证据5 旧", "新", {"exhibit": 5, "old": "旧", "new": "新"}),
    ("evidence.kind", "证据5 chat", "image", {"exhibit": 5, "old": "chat", "new": "image"}),
    ("evidence.present", None, "#7 sha256:" + "a" * 65, {"new": "#7 sha256:" + "a" * 65}),
    ("evidence.added", None, "证据1234567890 a sha256:" + "0" * 16,
     {"new": "证据1234567890 a sha256:" + "0" * 16}),
    ("evidence.added", None, "证据1 a sha256:" + "A" * 16, {"new": "证据1 a sha256:" + "A" * 16}),
    ("evidence.added", "证据1 a sha256:" + "0" * 16, None, {"old": "证据1 a sha256:" + "0" * 16}),  # wrong side
    ("evidence.deleted", None, "证据4 旧", {"new": "证据4 旧"}),
    ("evidence.moved", "证据3", "第1", {"old": "证据3", "new": "第1"}),
    ("evidence.moved", "3", "证据1", {"old": "3", "new": "证据1"}),
    ("evidence.received", None, "证据2 截图", {"new": "证据2 截图"}),
    ("evidence.undecodable", None, "证据2 a (Image)", {"new": "证据2 a (Image)"}),
    ("letter.generated", None, "#1 2026-11-02 sha256:" + "b" * 65, {"new": "#1 2026-11-02 sha256:" + "b" * 65}),
    ("step.added", None, "complaint 2026-11-02T09:30:00+08:00 TB-1 回复", {
        "kind": "complaint", "at": "2026-11-02T09:30:00+08:00", "ref": "TB-1 回复"}),
    ("step.added", None, "complaint 2026-11-02", {"new": "complaint 2026-11-02"}),
    ("step.added", None, "", {"new": ""}),
    ("countdown.added", None, "卖家处理 2026-11-05", {"new": "卖家处理 2026-11-05"}),
    ("countdown.added", None, " 2026-11-05T12:00:00+08:00", {"new": " 2026-11-05T12:00:00+08:00"}),
    ("tracking.added", None, "SF1 sf out 2026-11-03T15:00:00+08:00", {
        "number": "SF1", "carrier": "sf", "direction": "out", "signed": "2026-11-03T15:00:00+08:00"}),
    ("tracking.added", None, "SF1 out", {"new": "SF1 out"}),
    ("tracking.added", None, "SF1 out 2026-11-03T15:00:00+08:00", {"new": "SF1 out 2026-11-03T15:00:00+08:00"}),
    ("tracking.changed", "SF1 sf out 2026-11-01T15:00:00+08:00", "SF1 yto return", {
        "number": "SF1", "carrier": "yto", "direction": "return", "old_carrier": "sf", "old_direction": "out",
        "old_signed": "2026-11-01T15:00:00+08:00"}),
    ("tracking.changed", "SF1 sf out", "SF2 sf out", {"old": "SF1 sf out", "new": "SF2 sf out"}),
    ("tracking.changed", "SF1 out", "SF1 sf out", {"old": "SF1 out", "new": "SF1 sf out"}),
    ("tracking.changed", "SF1 sf out", "SF1 out", {"old": "SF1 sf out", "new": "SF1 out"}),
    ("evidence.redacted", "证据1 截图 sha256:" + "c" * 63, "x", {"old": "证据1 截图 sha256:" + "c" * 63, "new": "x"}),
    ("evidence.redacted", "证据1 截图 sha256:" + "c" * 64, "", {"exhibit": 1, "title": "截图",
                                                                "old": "sha256:" + "c" * 64}),
    ("step.added", None, "complaint  2026-11-02T09:30:00+08:00", {"new": "complaint  2026-11-02T09:30:00+08:00"}),
    ("tracking.added", None, "SF1 我的  快递 out", {"number": "SF1", "carrier": "我的  快递", "direction": "out"}),
]


@pytest.mark.parametrize(("what", "old", "new", "detail"), LEGACY_MORE)
def test_every_legacy_form_and_its_near_misses_read_as_data(what, old, new, detail):
    assert legacy_detail(what, old, new) == detail


def test_a_stored_detail_reads_only_as_an_object_of_text_and_safe_whole_numbers():
    """A detail from elsewhere is used only when it is a JSON object whose values are text or
    whole numbers a float can hold exactly (else the entry's old and new texts are read)."""
    from tbcase.storage import history
    from tbcase.storage.history import MAX_DETAIL_CHARS, entry_detail, read_detail

    assert read_detail('{"a":"x","b":1,"c":-9007199254740991,"d":9007199254740991}') == {
        "a": "x", "b": 1, "c": -(2**53) + 1, "d": 2**53 - 1}
    for text in ('{"a":9007199254740992}', '{"a":-9007199254740992}', '{"a":true}', '{"a":null}', '{"a":1.5}',
                 '{"a":[1]}', '{"a":{}}', "[1]", '"x"', "1", "{", "[" * 100_000, None, 5, b'{"a":1}'):
        assert read_detail(text) is None, text
    padded = '{"a":"x"}'.ljust(MAX_DETAIL_CHARS)
    assert read_detail(padded) == {"a": "x"} and read_detail(padded + " ") is None
    assert history.detail_text({"b": 1, "a": "证据", "c": None}) == '{"a":"证据","b":1}'
    assert entry_detail("case.notes", "a", "b", '{"a":true}') == {"old": "a", "new": "b"}
    assert entry_detail("case.notes", "a", "b", '{"new":"c"}') == {"new": "c"}
    assert entry_detail("case.notes", "a", "b", "{}") == {"old": "a", "new": "b"}
    assert entry_detail("evidence.moved", "证据3", "证据1", "[]") == {"old": 3, "new": 1}
    assert history.hashes_in({"sha256": "ab", "old": "sha256:cd"}) == ["ab"]
    assert history.hashes_in({"sha256": 5}) == [] and history.hashes_in({}) == []
