"""A case file from someone else is untrusted input (issue 13). Each malicious file is
built here with plain sqlite3 from a valid case file, as an attacker would."""

import hashlib
import shutil
import sqlite3
import time

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage import schema
from tbcase.storage.repair import repair_into
from tests.helpers import ORDER, make_png

RECURSIVE = ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
             "SELECT x AS id, 1 AS evidence_id, x AS seq, NULL AS at, '' AS speaker, "
             "'buyer' AS role, 'x' AS text, '' AS status FROM r")

MALICIOUS = {
    "trigger_rewrites_phone": [
        "CREATE TRIGGER z AFTER INSERT ON history BEGIN "
        "UPDATE \"case\" SET complainant_phone = '00000000000'; END"],
    "recursive_view": ["DROP TABLE chat_message", f"CREATE VIEW chat_message AS {RECURSIVE}"],
    "extra_view": [f"CREATE VIEW v AS {RECURSIVE}"],
    "dropped_column": ["ALTER TABLE step DROP COLUMN note"],
    "added_not_null_column": ["ALTER TABLE step ADD COLUMN z TEXT NOT NULL DEFAULT 'x'"],
    "history_triggers_dropped": ["DROP TRIGGER history_no_update", "DROP TRIGGER history_no_delete",
                                 "UPDATE history SET what = 'rewritten'"],
    "history_trigger_body_changed": [
        "DROP TRIGGER history_no_update",
        "CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN SELECT 1; END"],
    "user_version_1_on_schema_2": ["PRAGMA user_version = 1"],
    "default_soft_deletes_new_exhibits": [
        "ALTER TABLE evidence RENAME TO evidence_old",
        "CREATE TABLE evidence AS SELECT * FROM evidence_old", "DROP TABLE evidence_old"],
    "extra_table": ["CREATE TABLE notes_of_attacker (x)"],
    "extra_index": ["CREATE INDEX i ON step (kind)"],
    "unique_on_conflict_replace": [
        "DROP TABLE countdown",
        'CREATE TABLE "countdown" ("id" INTEGER NOT NULL PRIMARY KEY, "label" TEXT NOT NULL '
        'UNIQUE ON CONFLICT REPLACE, "due" VARCHAR(255) NOT NULL, "created" VARCHAR(255) NOT NULL)'],
}


@pytest.fixture
def valid_case(new_case, tmp_path):
    case = new_case(signed="2026-11-13 18:00")
    case.set_field("complainant.phone", "13800000000")
    case.evidence.add(make_png(300, 600), "订单截图.png")
    case.evidence.add("tb1 2026-11-14 10:00:00\n杯子碎了\n".encode(), "聊天.txt")
    case.steps.add("complaint", at="2026-11-20 10:00")
    path = case.path
    case.close()
    return path


def mutate(path, statements):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA writable_schema = OFF")
    for sql in statements:
        con.execute(sql)
    con.close()
    for suffix in ("-wal", "-shm"):
        assert not (path.parent / (path.name + suffix)).exists()


def shape_of(path):
    con = schema.open_untrusted(str(path))
    try:
        return schema.read_shape(con), con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_our_own_files_match_the_schema(valid_case, v1_copy):
    for path in (valid_case, v1_copy):
        shape, version = shape_of(path)
        assert schema.differences(shape, version) == []


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_every_malicious_schema_differs(valid_case, name):
    mutate(valid_case, MALICIOUS[name])
    shape, version = shape_of(valid_case)
    assert schema.differences(shape, version), name
    con = schema.open_untrusted(str(valid_case))
    with pytest.raises(KnownError) as info:
        schema.check_schema(con, version, str(valid_case))
    con.close()
    assert info.value.code == "case_schema_differs"


def _check(path, version=None):
    con = schema.open_untrusted(str(path))
    try:
        stated = con.execute("PRAGMA user_version").fetchone()[0]
        schema.check_schema(con, stated if version is None else version, str(path))
    finally:
        con.close()


def test_a_schema_found_ours_is_not_read_again_but_any_other_is(valid_case, v1_copy, tmp_path, monkeypatch):
    """Each opening checks the schema (some 40 statements): a file whose sqlite_master reads
    as one accepted before, at the same version, is accepted without them (SQLite answers
    every pragma of ``read_shape`` from that SQL alone). A schema one index apart, or the
    same schema stated as another version, is read and refused, every time."""
    schema.accepted(1)  # what our DDL makes at version 1, built (with read_shape) once per process
    read = []
    real = schema.read_shape
    monkeypatch.setattr(schema, "read_shape", lambda con, rows=None: read.append(con) or real(con, rows))
    monkeypatch.setattr(schema, "_ACCEPTED", set())  # as in a process that has seen none
    _check(valid_case)
    assert len(read) == 1
    shutil.copyfile(valid_case, tmp_path / "same.tbcase")
    _check(tmp_path / "same.tbcase")
    _check(valid_case)
    assert len(read) == 1
    _check(v1_copy)  # another schema: read, accepted, then known
    _check(v1_copy)
    assert len(read) == 2
    with pytest.raises(KnownError) as info:
        _check(valid_case, version=1)
    assert info.value.code == "case_schema_differs"
    mutate(tmp_path / "same.tbcase", MALICIOUS["extra_index"])
    for _ in range(2):
        with pytest.raises(KnownError) as info:
            _check(tmp_path / "same.tbcase")
        assert info.value.code == "case_schema_differs"
    assert len(read) == 5


def test_the_schemas_kept_as_ours_are_bounded(valid_case, v1_copy, monkeypatch):
    monkeypatch.setattr(schema, "_ACCEPTED", set())
    monkeypatch.setattr(schema, "ACCEPTED_KEPT", 1)
    _check(valid_case)
    _check(v1_copy)
    assert [version for version, _rows in schema._ACCEPTED] == [1]


def test_a_runaway_query_is_aborted(valid_case):
    mutate(valid_case, MALICIOUS["recursive_view"])
    con = schema.open_untrusted(str(valid_case))
    t = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), schema.query_deadline(con, 1.0):
        con.execute("SELECT count(*) FROM chat_message").fetchall()
    assert time.monotonic() - t < 10
    con.close()


def test_untrusted_connection_cannot_write(valid_case):
    con = schema.open_untrusted(str(valid_case))
    with pytest.raises(sqlite3.OperationalError):
        con.execute("UPDATE \"case\" SET complainant_phone = 'x'")
    con.close()


def _read(path, sql):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_repair_copies_what_is_understood_into_a_fresh_file(valid_case, tmp_path, name):
    mutate(valid_case, MALICIOUS[name])
    before = hashlib.sha256(valid_case.read_bytes()).hexdigest()
    target = tmp_path / "fresh.tbcase"
    t = time.monotonic()
    repair_into(valid_case, target)
    assert time.monotonic() - t < 30
    assert hashlib.sha256(valid_case.read_bytes()).hexdigest() == before  # the source is untouched
    shape, version = shape_of(target)
    assert schema.differences(shape, version) == []  # our schema, our triggers, nothing else
    assert _read(target, "SELECT complainant_phone, order_no FROM \"case\"") == [("13800000000", ORDER)]
    # what the fresh file does on a write is what the app's own DDL does
    con = sqlite3.connect(target)
    con.execute("INSERT INTO history (at, what) VALUES ('2026-11-20T10:00:00+08:00', 'x')")
    con.commit()
    assert con.execute("SELECT complainant_phone FROM \"case\"").fetchone()[0] == "13800000000"
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE history SET what = 'rewritten'")
    con.close()


@pytest.mark.parametrize(("sql", "left_out"), [
    ("UPDATE step SET kind = 'bogus'", "step row 1: kind"),
    ("UPDATE step SET at = 'not-a-date'", "step row 1: at"),
    ("UPDATE step SET at = '0001-01-01T00:00:00+08:00'", "step row 1: at"),
    ("UPDATE evidence SET exhibit = NULL WHERE id = 1", "now 证据"),
    ("UPDATE evidence SET exhibit = 2", "now 证据"),
    ("UPDATE evidence SET sha256 = lower(hex(randomblob(32))) WHERE id = 1", "SHA-256"),
    ("UPDATE evidence_blob SET data = x'00' WHERE evidence_id = 1", "SHA-256"),
    ("UPDATE evidence SET kind = 'malware' WHERE id = 1", "kind"),
    ("UPDATE chat_message SET role = 'admin'", "role"),
])
def test_repair_checks_values(valid_case, tmp_path, sql, left_out):
    mutate(valid_case, [sql])
    target = tmp_path / "fresh.tbcase"
    report = repair_into(valid_case, target)
    assert any(left_out in line for line in report.left_out), report.left_out
    exhibits = [r[0] for r in _read(target, "SELECT exhibit FROM evidence WHERE deleted IS NULL")]
    assert None not in exhibits and len(set(exhibits)) == len(exhibits)
    assert all(r[0] in ("complaint",) for r in _read(target, "SELECT kind FROM step"))


@pytest.mark.parametrize("content", [b"", b"not sqlite at all", b"SQLite format 3\x00" + b"\x00" * 84])
def test_repair_refuses_what_is_not_a_case(tmp_path, content):
    source = tmp_path / "x.tbcase"
    source.write_bytes(content)
    target = tmp_path / "fresh.tbcase"
    with pytest.raises(KnownError):
        repair_into(source, target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["x.tbcase"]  # no temporary left


def test_guarded_database_aborts_a_runaway_statement(valid_case):
    from peewee import OperationalError

    mutate(valid_case, MALICIOUS["recursive_view"])
    db = schema.GuardedDatabase(f"{valid_case.resolve().as_uri()}?mode=ro", uri=True, query_seconds=1.0)
    db.connect()
    t = time.monotonic()
    with pytest.raises(OperationalError, match="interrupted"):
        db.execute_sql("SELECT count(*) FROM chat_message").fetchall()
    assert time.monotonic() - t < 10
    assert db.execute_sql("PRAGMA trusted_schema").fetchone()[0] == 0
    assert db.execute_sql("SELECT count(*) FROM step").fetchone()[0] == 1  # the next one runs
    db.close()


def test_import_copy_never_overwrites_and_leaves_no_temporary(valid_case, tmp_path):
    from tbcase.storage.repair import import_copy

    folder = tmp_path / "lib"
    folder.mkdir()
    first, _ = import_copy(valid_case, folder)
    second, _ = import_copy(valid_case, folder)
    assert first.name == valid_case.name and second.name == f"{valid_case.stem} (2).tbcase"
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])


def test_repair_keeps_every_column_of_the_case(valid_case, tmp_path):
    """Every column our models have is one repair understands (schema 3 added seller_address):
    import must not drop what the file legitimately holds."""
    from tbcase.storage.models import CaseRow
    from tbcase.storage.repair import CHECKS

    columns = {f.column_name for f in CaseRow._meta.sorted_fields if f.column_name != "id"}
    assert columns <= set(CHECKS["case"])


@pytest.mark.parametrize("sql", [
    "UPDATE evidence_blob SET data = 1500000000",  # bytes(1500000000): 1.5 GB of zeros
    "UPDATE evidence_blob SET data = 'text'",
    "UPDATE evidence_blob SET data = 1.5",
    "UPDATE derived SET data = 1500000000",
    "UPDATE derived SET data = 'x'",
    "UPDATE letter SET pdf = 1500000000",
])
def test_a_stored_file_that_is_not_bytes_is_an_error_of_this_case(valid_case, tmp_path, sql):
    """A BLOB column of a file from elsewhere may hold a number, text or a real (a column's
    declared type does not bind SQLite). A number became that many zero bytes: `export`
    of a 200 KB case wrote a 1.5 GB 001_订单截图.png, the window's grid would allocate it for
    a thumbnail; text or a real stopped `export` and `letter` with an internal error
    (TypeError). Each read is now this case's clear error, and nothing big is made."""
    from datetime import date

    from tbcase.pdf.letter import render_case_letter
    from tbcase.storage.bundle import export_case
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.engine import DeadlineEngine

    with CaseFile.open(valid_case) as case:
        case.letters.add(b"%PDF-1.4 a letter", date(2026, 11, 20))
    mutate(valid_case, [sql])
    with CaseFile.open(valid_case) as case:
        reads = [lambda: case.evidence.original(1), lambda: case.evidence.derived(1, "display"),
                 case.evidence.thumbnails, case.redactions.all, lambda: case.letters.pdf(1),
                 lambda: export_case(case, tmp_path / "out"),
                 lambda: render_case_letter(case, DeadlineEngine(), date(2026, 11, 23))]
        for read in reads:
            try:
                got = read()
            except KnownError as exc:
                assert exc.code == "case_values_bad", exc.code
                continue
            assert not isinstance(got, bytes) or len(got) < 10_000_000
        assert case.check()  # and check says what is wrong
    out = list((tmp_path / "out").rglob("*")) if (tmp_path / "out").exists() else []
    assert all(p.stat().st_size < 10_000_000 for p in out)


def test_deeply_nested_ocr_boxes_are_not_read(valid_case):
    """Image text stored as JSON nested 50,000 deep stopped `check` (RecursionError)."""
    from tbcase.storage.casefile import CaseFile

    mutate(valid_case, ["INSERT INTO ocr_text (evidence_id, engine, version, created, text, boxes) VALUES "
                        "(1, 'e', '1', '2026-11-20T10:00:00+08:00', 't', '" + "[" * 50_000 + "]" * 50_000 + "')"])
    with CaseFile.open(valid_case) as case:
        assert isinstance(case.check(), list)
        assert case.ocr.get(1) is None


@pytest.mark.parametrize("column", ["step SET at", "\"case\" SET signed_at"])
def test_a_stored_time_no_deadline_can_be_counted_from_is_this_cases_error(valid_case, column):
    """A step at 9999-12-25 (taken by tbcase before it refused such years, or written by
    someone else): the timeline and the calendar file failed with OverflowError for good."""
    from datetime import datetime

    from tbcase.domain.model import SHANGHAI
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.engine import DeadlineEngine
    from tbcase.storage.ics import deadlines_to_ics
    from tbcase.wording import Wording

    mutate(valid_case, [f"UPDATE {column} = '9999-12-25T10:00:00+08:00'"])
    with CaseFile.open(valid_case) as case:
        try:
            timeline = DeadlineEngine().timeline(case.steps.facts(), datetime(2026, 11, 25, tzinfo=SHANGHAI))
        except KnownError as exc:
            assert exc.code == "stored_value_bad"
        else:
            deadlines_to_ics([(ORDER, "", d) for d in timeline.deadlines], Wording.for_language("zh"))


@pytest.mark.parametrize("amount", [-1, 10**15, "'abc'"])
def test_a_stored_amount_out_of_range_is_not_stated(valid_case, amount):
    """The letter states only what the case supports: a crafted amount of -1 fen was printed
    as 请求退款人民币-1.99元 (floor division of a negative number), 10**15 fen as a ten-trillion
    yuan claim, while check called -1 invalid. Such an amount is unknown (not filled in)."""
    from datetime import date

    from tbcase.pdf.content import build_letter_data
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.engine import DeadlineEngine

    mutate(valid_case, [f'UPDATE "case" SET amount_fen = {amount}'])
    with CaseFile.open(valid_case) as case:
        assert case.case().amount_fen is None
        data, _ = build_letter_data(case, DeadlineEngine(), date(2026, 11, 23), with_images=False)
        assert "-1.99" not in str(data) and "10000000000000" not in str(data)
        assert amount == 10**15 or any("amount" in line for line in case.check())


def test_repair_reads_the_writes_still_in_the_wal_beside_the_file(new_case, tmp_path):
    """A case file copied off a machine that was switched off while it was open: its last
    writes are in ``<name>-wal`` beside it. Repair copies both and keeps those writes."""
    import shutil

    from tbcase.storage.casefile import CaseFile

    case = new_case()
    case.set_field("facts", "只写进了WAL的事实")
    copied = tmp_path / "copied" / "x.tbcase"
    copied.parent.mkdir()
    shutil.copyfile(case.path, copied)  # while open: the write is in the WAL, not yet in the file
    shutil.copyfile(str(case.path) + "-wal", str(copied) + "-wal")
    case.close()
    assert "只写进了WAL的事实".encode() not in copied.read_bytes()
    repair_into(copied, tmp_path / "fresh.tbcase")
    with CaseFile.open(tmp_path / "fresh.tbcase") as fresh:
        assert fresh.case().facts == "只写进了WAL的事实"


def test_a_letter_never_gives_an_unnumbered_exhibit_another_exhibits_number(new_case):
    """A case file from elsewhere may hold an exhibit without a number (``check`` says import would
    number it). The letter made from it as it is must not list it as 证据1 beside the real 证据1."""
    from datetime import date

    from tbcase.pdf.letter import render_case_letter
    from tbcase.storage.engine import DeadlineEngine
    from tests.helpers import pdf_text

    case = new_case()
    for seed in (1, 2):
        case.evidence.add(make_png(100 + seed, 100, seed=seed), f"图{seed}.png")
    case.db.execute_sql("UPDATE evidence SET exhibit = NULL WHERE title = '图2'")
    letter = render_case_letter(case, DeadlineEngine(), date(2026, 11, 29), with_images=False)
    text = "".join(pdf_text(letter.pdf).split())
    assert "证据1图1" in text and "证据1图2" not in text


def _letter_case(new_case, sql):
    from datetime import date

    case = new_case()
    case.letters.add(b"%PDF-1.4 letter", date(2026, 11, 23))
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()
    return path


def test_repair_names_a_letters_day_that_is_no_day(new_case, tmp_path):
    """A letter's sent day that is ten characters but no calendar day: repair keeps the letter,
    drops the day and says which value of which row it was, and what it should have been."""
    path = _letter_case(new_case, "UPDATE letter SET sent = '2026-13-45'")
    report = repair_into(path, tmp_path / "fresh.tbcase")
    assert "letter row 1: sent is not a valid date; now None" in report.left_out, report.left_out
    assert _read(tmp_path / "fresh.tbcase", "SELECT sent FROM letter") == [(None,)]


def test_repair_leaves_out_a_letter_whose_hash_is_no_hash_and_says_why(new_case, tmp_path):
    path = _letter_case(new_case, "UPDATE letter SET sha256 = 'not a hash'")
    report = repair_into(path, tmp_path / "fresh.tbcase")
    assert report.left_out == ["letter row 1: sha256 is not a valid sha256"]
    assert _read(tmp_path / "fresh.tbcase", "SELECT COUNT(*) FROM letter") == [(0,)]


def test_exhibit_text_stored_as_bytes_reads_as_peewee_read_it(valid_case):
    """The exhibit list is read without peewee's conversion of each value (300 exhibits:
    a third of the time the grid waited). A file from elsewhere may hold a BLOB in a TEXT
    column: UTF-8 bytes still read as their text (not as ``b'...'``), and bytes that are
    not UTF-8 are this case's clear error, as they were."""
    from tbcase.storage.casefile import CaseFile

    mutate(valid_case, ["UPDATE evidence SET title = CAST('订单截图' AS BLOB), kind = CAST('screenshot' AS BLOB) "
                        "WHERE id = 1"])
    with CaseFile.open(valid_case) as case:
        first = case.evidence.all()[0]
        assert (first.title, str(first.kind)) == ("订单截图", "screenshot")
        assert case.evidence.get(1).title == "订单截图"
    mutate(valid_case, ["UPDATE evidence SET title = x'ff00fe' WHERE id = 1"])
    with CaseFile.open(valid_case) as case, pytest.raises(KnownError) as caught:
        case.evidence.all()
    assert caught.value.code == "case_values_bad"


def test_repair_says_of_each_value_it_did_not_take_what_it_should_have_been_and_what_it_became(new_case, tmp_path):
    """One report line per value that is not what its column holds, in the order the tables and
    columns are read: the kind of value it should have been (text, time, number, amount, media
    type, one of the choices, the enum it belongs to); the case row is always kept, each bad value
    replaced by its default (said); an optional value becomes None; any other row with a bad
    value is left out, with the rows of its evidence (counted)."""
    case = new_case(signed="2026-11-13 18:00")
    case.evidence.add(make_png(300, 600), "订单截图.png")
    case.evidence.add("tb1 2026-11-14 10:00:00\n杯子碎了\n".encode(), "聊天.txt")
    case.steps.add("complaint", at="2026-11-20 10:00")
    case.steps.add_countdown("退款", "2026-11-25 10:00")
    case.tracking.add("SF1234567890123")
    path = case.path
    case.close()
    mutate(path, [
        "UPDATE \"case\" SET platform = 'jd', outcome = 'money', status = 'done', complaint_type = 'x', "
        "shop = x'00', amount_fen = -5, ordered_at = '2026-02-30T10:00:00+08:00', signed_at = 7",
        "UPDATE evidence SET width = -1, captured = 'soon' WHERE id = 1",
        "UPDATE evidence SET media_type = 'text/plain; charset=UTF 8' WHERE id = 2",
        "UPDATE step SET ref = x'01'", "UPDATE countdown SET due = 'soon'",
        "UPDATE tracking SET direction = 'sideways'", "UPDATE meta_entry SET value = x'00'",
        "UPDATE derived SET kind = 'big' WHERE kind = 'display'"])
    target = tmp_path / "fresh.tbcase"
    report = repair_into(path, target)
    assert report.left_out == [
        "meta_entry row 1: value is not a valid text",
        "case row 1: platform is not a valid Platform; now 'taobao'",
        "case row 1: shop is not a valid text; now ''",
        "case row 1: amount_fen is not a valid amount; now None",
        "case row 1: ordered_at is not a valid time; now None",
        "case row 1: signed_at is not a valid time; now None",
        "case row 1: complaint_type is not a valid ComplaintType; now 'quality'",
        "case row 1: outcome is not a valid Outcome; now 'refund'",
        "case row 1: status is not a valid CaseStatus; now 'open'",
        "evidence row 1: captured is not a valid time; now None",
        "evidence row 1: width is not a valid number; now None",
        "evidence row 2: media_type is not a valid media type",
        "derived row 2: kind is not a valid choice",
        "tracking row 1: direction is not a valid Direction",
        "step row 1: ref is not a valid text",
        "countdown row 1: due is not a valid time",
        "evidence_blob: 1 rows of evidence left out",
        "chat_message: 1 rows of evidence left out",
    ]
    assert [(i.code, dict(i.params)) for i in report.items][-2:] == [
        ("rows", {"table": "evidence_blob", "count": "1"}), ("rows", {"table": "chat_message", "count": "1"})]
    assert _read(target, 'SELECT platform, outcome, status, complaint_type, shop, amount_fen, ordered_at, '
                         'signed_at, order_no FROM "case"') == [
        ("taobao", "refund", "open", "quality", "", None, None, None, ORDER)]
    assert _read(target, "SELECT id, width, height, captured, exhibit FROM evidence") == [(1, None, 600, None, 1)]
    assert report.copied == {"case": 1, "evidence": 1, "evidence_blob": 1, "derived": 1, "history": 6}
    assert _read(target, "SELECT COUNT(*) FROM step") == [(0,)] and _read(target, "SELECT kind FROM derived") == [
        ("thumb",)]


def test_what_is_not_a_case_is_refused_naming_the_file_and_why(tmp_path):
    """Empty: not a case file at all; bytes that are no SQLite database, or a database header
    with nothing behind it: a damaged case file; each names the file the user chose."""
    source = tmp_path / "x.tbcase"
    for content, code in ((b"", "not_a_case"), (b"not sqlite at all", "case_damaged"),
                          (b"SQLite format 3\x00" + b"\x00" * 84, "case_damaged")):
        source.write_bytes(content)
        with pytest.raises(KnownError) as info:
            repair_into(source, tmp_path / "fresh.tbcase")
        assert (info.value.code, info.value.params) == (code, {"path": str(source)})


def test_repair_keeps_what_ocr_read_in_an_image_its_text_made_again_from_the_boxes(valid_case, tmp_path):
    """An OCR row is kept only for an image kept, its boxes parsed and written again and its
    search text made from them (a forged text column is not taken); a row for what is no image,
    or whose boxes do not parse, is left out and said so."""
    from tbcase.domain.ocrfields import TextBox
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(valid_case) as case:
        shot, chat = (e.id for e in case.evidence.all())
        case.ocr.save(shot, "rapidocr", "1.4",
                      [TextBox("运单号", (0, 0, 9, 9), 0.9), TextBox("7800985", (0, 20, 9, 29), 1)])
    mutate(valid_case, ["UPDATE ocr_text SET text = '伪造的文字'",
                        "INSERT INTO ocr_text (evidence_id, engine, version, created, text, boxes) VALUES "
                        f"({chat}, 'e', '1', '2026-11-20T10:00:00+08:00', 't', '[]')"])
    target = tmp_path / "fresh.tbcase"
    report = repair_into(valid_case, target)
    assert [line for line in report.left_out if "ocr" in line] == [
        f"ocr_text of evidence {chat}: not a readable result of an image kept"]
    assert _read(target, "SELECT evidence_id, engine, version, text, boxes FROM ocr_text") == [
        (shot, "rapidocr", "1.4", "运单号\n7800985",
         '[["运单号", [0, 0, 9, 9], 0.9], ["7800985", [0, 20, 9, 29], 1.0]]')]


def test_on_a_file_system_without_hard_links_nothing_is_overwritten_either(valid_case, tmp_path, monkeypatch):
    """FAT and some network shares have no hard links: an import takes the next free name, a new
    case or bundle import whose file is there is refused, and no temporary file is left."""
    from tbcase.storage.bundle import export_case
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library
    from tbcase.storage.repair import import_copy

    def no_links(*args):
        raise PermissionError("no hard links here")

    with CaseFile.open(valid_case) as case:
        export_case(case, tmp_path / "out")
    monkeypatch.setattr("os.link", no_links)
    folder = tmp_path / "lib"
    folder.mkdir()
    made = [import_copy(valid_case, folder)[0] for _ in range(3)]
    assert [p.name for p in made] == [valid_case.name, f"{valid_case.stem} (2).tbcase",
                                      f"{valid_case.stem} (3).tbcase"]
    library = Library(tmp_path / "other")
    library.create(order_no=ORDER, complaint_type="quality").close()
    for make in (lambda: library.create(order_no=ORDER, complaint_type="quality"),
                 lambda: library.import_bundle(tmp_path / "out")):
        with pytest.raises(KnownError) as info:
            make()
        assert (info.value.code, info.value.params) == ("case_exists", {"path": str(library.path_for(ORDER))})
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in made)
    assert [p.name for p in (tmp_path / "other").iterdir() if not p.name.startswith(".tbcase-index")] == [
        f"{ORDER}.tbcase"]
    with CaseFile.open(library.path_for(ORDER)) as case:
        assert case.evidence.count() == 0


SAID = {  # what ``differences`` says of each schema from elsewhere, in order (the repair report and check name it)
    "added_not_null_column": ["extra column step.z"],
    "dropped_column": ["missing column step.note"],
    "extra_index": ["index i on step is not ours"],
    "extra_table": ["extra table notes_of_attacker"],
    "extra_view": ["not ours: view v"],
    "history_trigger_body_changed": ["trigger history_no_update differs"],
    "history_triggers_dropped": ["missing trigger history_no_delete", "missing trigger history_no_update"],
    "recursive_view": ["not ours: view chat_message", "missing table chat_message"],
    "trigger_rewrites_phone": ["trigger z is not ours"],
    "unique_on_conflict_replace": ["table countdown has a CONFLICT clause",
                                   "index sqlite_autoindex_countdown_1 on countdown is not ours"],
    "user_version_1_on_schema_2": [
        "extra table countdown", "extra table derived", "extra table ocr_text", "extra column case.seller_address",
        "extra column chat_message.status", "extra column evidence.captured_source", "extra column evidence.deleted",
        "extra column evidence.height", "extra column evidence.width", "extra column history.detail",
        "extra column history.hash", "extra column history.prev_hash", "trigger history_no_delete is not ours",
        "trigger history_no_update is not ours"],
}


@pytest.mark.parametrize("name", sorted(SAID))
def test_each_difference_of_a_schema_from_elsewhere_is_named_exactly(valid_case, name):
    mutate(valid_case, MALICIOUS[name])
    shape, version = shape_of(valid_case)
    assert schema.differences(shape, version) == SAID[name]


def test_a_table_rebuilt_without_its_constraints_differs_in_every_column_and_what_hangs_on_it(valid_case):
    mutate(valid_case, MALICIOUS["default_soft_deletes_new_exhibits"])
    said = schema.differences(*shape_of(valid_case))
    columns = ("added", "captured", "captured_source", "deleted", "exhibit", "height", "id", "kind", "media_type",
               "note", "original_name", "sha256", "size", "title", "width")
    assert said == ["foreign keys of chat_message differ", "foreign keys of derived differ",
                    *(f"column evidence.{c} differs" for c in columns), "missing index evidence_sha256",
                    "foreign keys of evidence_blob differ", "foreign keys of ocr_text differ"]
    assert schema.differences(*shape_of(valid_case)[:1], 99) == ["schema version 99 is not one this app knows"]


def test_a_schema_that_does_not_read_is_a_damaged_file_named_as_such(tmp_path):
    """A file whose own schema text SQLite cannot read (``malformed database schema``) is
    refused as damaged, by name, before anything else is read."""
    path = tmp_path / "bad-schema.tbcase"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE y (a)")
    con.execute("PRAGMA writable_schema = ON")
    con.execute("INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, 'CREATE TABLE x ((')")
    con.commit()
    con.close()
    con = schema.open_untrusted(str(path))
    try:
        with pytest.raises(KnownError) as info:
            schema.check_schema(con, 6, str(path))
    finally:
        con.close()
    assert (info.value.code, str(info.value)) == ("case_damaged", f"案件文件 {path} 已损坏或不完整（文件未被修改）。")


def test_sqlites_own_statistics_table_is_named_as_not_ours_not_as_an_extra_table(valid_case):
    """ANALYZE run by a database tool adds SQLite's own sqlite_stat1: the refusal names it as
    something tbcase did not make, not as a table an attacker added."""
    con = sqlite3.connect(valid_case)
    con.execute("ANALYZE")
    con.commit()
    con.close()
    assert schema.differences(*shape_of(valid_case)) == ["not ours: table sqlite_stat1"]


@pytest.mark.parametrize("where", ["WHERE", "where", "Where"])
def test_a_unique_index_made_partial_is_refused_however_its_where_is_written(valid_case, where):
    """A crafted file replaces the index that keeps each original's SHA-256 unique with one
    that keeps only some of them unique: refused, whatever the case of its WHERE (SQL keywords
    ignore case)."""
    mutate(valid_case, ['DROP INDEX "evidence_sha256"',
                        f'CREATE UNIQUE INDEX "evidence_sha256" ON "evidence" ("sha256") {where} "id" < 0'])
    assert schema.differences(*shape_of(valid_case)) == ["not ours: index evidence_sha256"]
