import os
import sqlite3
import threading

import pytest

from tbcase.domain.errors import KnownError
from tbcase.domain.model import Direction, parse_datetime, to_iso
from tbcase.storage.bundle import export_case
from tbcase.storage.casefile import CaseFile
from tbcase.storage.fileformat import inspect_file
from tbcase.storage.library import Library
from tbcase.storage.models import SCHEMA_VERSION
from tbcase.storage.records import TrackingNumber
from tests.helpers import ORDER, make_jpeg, make_png


def sidecars(path):
    return [p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def test_round_trip_of_every_field(new_case):
    case = new_case(amount="39.50", ordered="2026-11-01 10:00", signed="2026-11-03 18:30",
                    outcome="exchange", platform="tmall")
    edits = {
        "shop": "青禾家居旗舰店", "seller_entity": "杭州青禾家居有限公司", "item": "杯子",
        "amount": "1299.99", "ordered": "2026-11-02", "signed": "2026-11-04 9:00",
        "type": "logistics", "outcome": "compensation", "status": "open",
        "facts": "收到时破损 <b>&", "demands": "退款", "notes": "备注",
        "buyer_nick": "tb3849027715", "complainant.name": "张三",
        "complainant.phone": "13800000000", "complainant.account": "tb3849027715",
        "complainant.address": "浙江省杭州市", "platform": "taobao",
    }
    for field, value in edits.items():
        case.set_field(field, value)
    path = case.path
    case.close()
    with CaseFile.open(path) as again:
        row = again.case()
        assert row.seller_entity == "杭州青禾家居有限公司" and row.amount_fen == 129999
        assert to_iso(row.ordered_at) == "2026-11-02T00:00:00+08:00"
        assert to_iso(row.signed_at) == "2026-11-04T09:00:00+08:00"
        assert row.complaint_type == "logistics" and row.outcome == "compensation"
        assert row.facts == "收到时破损 <b>&" and row.complainant.address == "浙江省杭州市"
        assert row.platform == "taobao"
        history = again.history()
        assert [h.what for h in history][0] == "case.created"
        amount = next(h for h in history if h.what == "case.amount")
        assert (amount.old, amount.new) == ("39.50", "1299.99")
        assert len(history) == 1 + len(edits) - 2  # shop and status unchanged: not logged


def test_bad_values_change_nothing(new_case):
    case = new_case(amount="10")
    for field, value in [("amount", "abc"), ("type", "nope"), ("signed", "tomorrow"),
                         ("nonexistent", "x"), ("order", "  ")]:
        with pytest.raises(KnownError):
            case.set_field(field, value)
    assert case.case().amount_fen == 1000
    assert len(case.history()) == 1


def test_history_is_append_only(new_case):
    case = new_case()
    from peewee import IntegrityError

    with pytest.raises(IntegrityError, match="append-only"), case.reading():
        case.db.execute_sql("DELETE FROM history")
    with pytest.raises(IntegrityError, match="append-only"), case.reading():
        case.db.execute_sql("UPDATE history SET what = 'x'")
    assert case.history()[0].what == "case.created"


def test_no_sidecar_files_after_close(new_case):
    case = new_case()
    case.evidence.add(make_png(300, 600), "a.png")
    assert sidecars(case.path)  # WAL while open
    case.close()
    assert sidecars(case.path) == []
    con = sqlite3.connect(case.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


def test_migration_of_old_file_with_backup(v1_copy):
    before = v1_copy.read_bytes()
    assert inspect_file(v1_copy) == 1
    with CaseFile.open(v1_copy) as case:
        assert case.schema_version() == SCHEMA_VERSION
        assert case.case().order_no == ORDER and case.case().amount_fen == 3950
        ev = case.evidence.all()
        assert len(ev) == 1 and ev[0].title == "破损照片"
        assert case.check() == []
        assert case.evidence.ensure_derived() == 1
        assert case.evidence.thumbnails()[ev[0].id][:3] == b"\xff\xd8\xff"
        assert case.evidence.all()[0].width == 300
        assert any(h.what == "schema.migrated" for h in case.history())
    backups = list(v1_copy.parent.glob("old.v1-*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_newer_file_is_refused_and_untouched(tmp_path, new_case):
    case = new_case()
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(KnownError) as info:
        CaseFile.open(path)
    assert info.value.code == "case_too_new"
    assert path.read_bytes() == before and sidecars(path) == []


@pytest.mark.parametrize("content, code", [
    (b"", "case_empty"),
    (b"hello, I am a text file" * 10, "not_a_case"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "not_a_case"),
])
def test_not_a_case_file(tmp_path, content, code):
    path = tmp_path / "x.tbcase"
    path.write_bytes(content)
    with pytest.raises(KnownError) as info:
        CaseFile.open(path)
    assert info.value.code == code
    assert path.read_bytes() == content


def test_other_apps_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.tbcase"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(KnownError) as info:
        CaseFile.open(path)
    assert info.value.code == "not_a_case" and path.read_bytes() == before


def test_truncated_file_is_refused_untouched(tmp_path, new_case):
    case = new_case()
    case.evidence.add(make_png(400, 800), "a.png")
    case.close()
    data = case.path.read_bytes()
    cut = tmp_path / "cut.tbcase"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(KnownError) as info:
        CaseFile.open(cut)
    assert info.value.code == "case_damaged"
    assert cut.read_bytes() == data[: len(data) // 2]


def test_two_writers_lose_nothing(new_case):
    case = new_case()
    path = case.path
    other = CaseFile.open(path)
    errors = []

    def write(cf, prefix):
        try:
            for i in range(25):
                cf.steps.add("complaint", at=f"2026-11-{1 + i % 28:02d} 10:00", ref=f"{prefix}{i}")
        except Exception as exc:  # pragma: no cover - the assertion shows it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(cf, p)) for cf, p in ((case, "a"), (other, "b"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    other.close()
    assert errors == []
    refs = {s.ref for s in case.steps.all()}
    assert len(refs) == 50


def test_second_writer_blocked_gets_clear_message(new_case, monkeypatch):
    import tbcase.storage.casefile as cf

    case = new_case()
    holder = sqlite3.connect(case.path, timeout=0.1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setattr(cf, "BUSY_TIMEOUT_MS", 200)
        other = CaseFile.open(case.path)
        with pytest.raises(KnownError) as info:
            other.set_field("shop", "x")
        assert info.value.code == "case_busy"
        other.db.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    case.set_field("shop", "after")
    assert case.case().shop == "after"


def test_export_import_round_trip(tmp_path, new_case, library_dir):
    case = new_case()
    items = [case.evidence.add(make_png(300, 600, seed=i), f"shot{i}.png") for i in range(3)]
    case.evidence.add(make_jpeg(), "photo.jpg")
    case.tracking.add("SF1234567890123")
    export = export_case(case, tmp_path / "out")
    import json

    manifest = json.loads(export.read_text(encoding="utf-8"))
    assert len(manifest["evidence"]) == 4
    import hashlib

    for item in manifest["evidence"]:
        data = (tmp_path / "out" / item["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
    case.close()
    other_lib = Library(tmp_path / "other")
    imported = other_lib.import_case(case.path)
    again = other_lib.import_case(case.path)
    assert imported != again and again.name.endswith("(2).tbcase")
    with CaseFile.open(imported) as copy:
        assert [e.sha256 for e in copy.evidence.all()][:3] == [i.sha256 for i in items]
        assert copy.check() == []


def test_import_refuses_foreign_file(tmp_path):
    bad = tmp_path / "x.tbcase"
    bad.write_bytes(b"not sqlite")
    with pytest.raises(KnownError):
        Library(tmp_path / "lib").import_case(bad)
    assert not (tmp_path / "lib" / "x.tbcase").exists()


def test_check_reports_modified_blob(new_case):
    case = new_case()
    info = case.evidence.add(make_png(200, 400), "a.png")
    with case.reading():
        case.db.execute_sql("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?",
                            (b"tampered", info.id))
    problems = case.check()
    assert len(problems) == 1 and "Exhibit 1" in problems[0] and "证据" not in problems[0]


def test_library_lists_bad_files_without_hiding_good_ones(library_dir, new_case):
    case = new_case()
    case.close()
    (library_dir / "broken.tbcase").write_bytes(b"garbage")
    entries = Library(library_dir).entries()
    assert len(entries) == 2
    good = [e for e in entries if e.summary]
    bad = [e for e in entries if e.error]
    assert good[0].summary.order_no == ORDER and bad[0].error == "not_a_case"
    # warm: from the index, same answer
    again = Library(library_dir).entries()
    assert [(e.path, e.error) for e in again] == [(e.path, e.error) for e in entries]


def test_library_index_notices_changes(library_dir, new_case):
    case = new_case()
    case.close()
    lib = Library(library_dir)
    assert lib.entries()[0].summary.shop == "青禾家居旗舰店"
    with CaseFile.open(case.path) as c:
        c.set_field("shop", "新店名")
    assert lib.entries()[0].summary.shop == "新店名"
    (library_dir / ".tbcase-index.sqlite").write_bytes(b"corrupt cache")
    assert lib.entries()[0].summary.shop == "新店名"


def test_create_never_overwrites(new_case, library_dir):
    case = new_case()
    with pytest.raises(KnownError) as info:
        Library(library_dir).create(order_no=ORDER, complaint_type="quality")
    assert info.value.code == "case_exists"
    assert case.case().order_no == ORDER
    assert not [p for p in library_dir.iterdir() if p.name.endswith(".creating")]


def test_readonly_open_writes_nothing(new_case):
    case = new_case()
    case.close()
    before = (case.path.read_bytes(), os.stat(case.path).st_mtime_ns)
    with CaseFile.open(case.path, readonly=True) as ro:
        assert ro.summary().order_no == ORDER
    assert (case.path.read_bytes(), os.stat(case.path).st_mtime_ns) == before


def test_a_tracking_number_added_again_is_changed_in_place_and_each_change_is_in_the_history(new_case):
    """Adding a number the case holds changes that one (carrier, direction, a signed time and a
    note only when given) and logs the values before and after; a carrier we do not know keeps
    the user's own name (trimmed), in both languages' names."""
    case = new_case()
    first = case.tracking.add("sf 1234-5678 90123", note="第一次")
    assert first == TrackingNumber("SF1234567890123", "sf", "顺丰速运", "SF Express", Direction.OUT, None, "第一次")
    changed = case.tracking.add("SF1234567890123", carrier="圆通", direction="return",
                                signed="2026-11-03 15:00")
    assert changed == TrackingNumber("SF1234567890123", "yto", "圆通速递", "YTO Express", Direction.RETURN,
                                     parse_datetime("2026-11-03 15:00"), "第一次")
    kept = case.tracking.add("SF1234567890123", carrier="yto", direction="return", note="")
    assert kept.signed == parse_datetime("2026-11-03 15:00") and kept.note == "第一次"
    own = case.tracking.add("1234567", carrier="  我的快递 ")
    assert (own.carrier, own.carrier_zh, own.carrier_en) == ("我的快递", "我的快递", "我的快递")
    assert case.tracking.all() == [kept, own]
    entries = [(h.what, h.detail) for h in case.history() if h.what.startswith("tracking.")]
    assert entries == [
        ("tracking.added", {"number": "SF1234567890123", "carrier": "sf",
                            "direction": "out"}),
        ("tracking.changed", {"number": "SF1234567890123", "carrier": "yto",
                              "direction": "return", "signed": "2026-11-03T15:00:00+08:00",
                              "old_carrier": "sf", "old_direction": "out"}),
        ("tracking.changed", {"number": "SF1234567890123", "carrier": "yto",
                              "direction": "return", "signed": "2026-11-03T15:00:00+08:00",
                              "old_carrier": "yto", "old_direction": "return",
                              "old_signed": "2026-11-03T15:00:00+08:00"}),
        ("tracking.added", {"number": "1234567", "carrier": "我的快递",
                            "direction": "out"}),
    ]
    for number in ("", " - "):
        with pytest.raises(KnownError) as info:
            case.tracking.add(number)
        assert info.value.code == "tracking_empty"
    assert len(case.tracking.all()) == 2


def test_tracking_numbers_are_listed_in_the_order_they_were_added(new_case):
    """By the time each was added (a file from elsewhere may hold them in another row order),
    then as stored."""
    case = new_case()
    for number in ("SF1234567890123", "YT1234567890123", "JT1234567890123"):
        case.tracking.add(number)
    with case.writing():
        case.db.execute_sql("UPDATE tracking SET added = '2026-11-01T10:00:00+08:00' WHERE number = 'JT1234567890123'")
        case.db.execute_sql("UPDATE tracking SET added = '2026-11-02T10:00:00+08:00' WHERE number != 'JT1234567890123'")
    assert [t.number for t in case.tracking.all()] == ["JT1234567890123", "SF1234567890123", "YT1234567890123"]


def test_each_refused_value_of_the_case_names_its_field_and_what_it_may_be(new_case, library_dir):
    """Creating a case and setting a field refuse the same values the same way: a choice names the
    field and its choices, an amount or a time the value given, an unknown field those that can be
    set; nothing is written."""
    from tbcase.domain.model import CaseStatus, ComplaintType, Outcome, Platform

    def choice(what, value, enum):
        return ("bad_choice", {"what": what, "value": value, "choices": ", ".join(enum)})

    case = new_case()
    before = case.history()
    for field, value, want in [
            ("type", "x", choice("type", "x", ComplaintType)), ("outcome", "y", choice("outcome", "y", Outcome)),
            ("status", "z", choice("status", "z", CaseStatus)), ("platform", "jd", choice("platform", "jd", Platform)),
            ("amount", "abc", ("bad_amount", {"value": "abc"})),
            ("ordered", "明天", ("bad_datetime", {"value": "明天"})),
            ("signed", "x", ("bad_datetime", {"value": "x"})), ("order", "  ", ("order_empty", {})),
            ("colour", "red", ("unknown_field", {"field": "colour", "fields": ", ".join(CaseFile.SETTABLE)}))]:
        with pytest.raises(KnownError) as info:
            case.set_field(field, value)
        assert (info.value.code, info.value.params) == want, field
    assert case.history() == before
    library = Library(library_dir)
    for fields, want in [({"complaint_type": "x"}, choice("type", "x", ComplaintType)),
                         ({"outcome": "y"}, choice("outcome", "y", Outcome)),
                         ({"platform": "jd"}, choice("platform", "jd", Platform)),
                         ({"amount": "abc"}, ("bad_amount", {"value": "abc"})),
                         ({"signed": "x"}, ("bad_datetime", {"value": "x"})),
                         ({"order_no": " "}, ("order_empty", {}))]:
        with pytest.raises(KnownError) as info:
            library.create(**{"order_no": "1234567890", "complaint_type": "quality", **fields})
        assert (info.value.code, info.value.params) == want, fields
    assert sorted(p.name for p in library_dir.glob("*.tbcase")) == [f"{ORDER}.tbcase"]
