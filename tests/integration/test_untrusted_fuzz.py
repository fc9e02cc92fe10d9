"""Fuzzing case files from elsewhere (issue 13): hypothesis mutates a valid case file's
schema and rows with plain sqlite3; opening, checking and importing it must either
refuse with a KnownError or give a valid case — never hang, crash, or change another
case in the library."""

import hashlib
import shutil
import sqlite3
import threading
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tbcase.domain.errors import KnownError
from tbcase.storage import schema
from tests.helpers import make_png

TABLES = ["case", "evidence", "evidence_blob", "derived", "chat_message", "tracking", "step",
          "countdown", "letter", "history", "meta_entry"]
COLUMNS = {
    "case": ["order_no", "platform", "complaint_type", "status", "signed_at", "complainant_phone",
             "amount_fen", "outcome", "created"],
    "evidence": ["exhibit", "sha256", "kind", "captured", "added", "deleted", "size", "media_type",
                 "original_name", "width"],
    "step": ["kind", "at", "ref", "created"],
    "chat_message": ["role", "at", "seq", "text", "evidence_id"],
    "tracking": ["number", "direction", "signed_at", "added"],
    "history": ["at", "what", "old"],
    "evidence_blob": ["data", "evidence_id"],
    "derived": ["kind", "data", "width"],
}
VALUES = st.one_of(
    st.none(), st.integers(-2**63, 2**63 - 1), st.text(max_size=30),
    st.sampled_from(["bogus", "not-a-date", "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59+08:00",
                     "2026-11-20T10:00:00+08:00", "complaint", "screenshot", "", "0" * 64]),
    st.binary(max_size=20), st.floats(allow_nan=True))

RECURSIVE = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r"


@st.composite
def mutation(draw):
    kind = draw(st.sampled_from(["value", "value", "value", "drop_column", "add_column", "trigger",
                                 "view", "replace_with_view", "user_version", "drop_trigger",
                                 "drop_index", "drop_table", "delete_rows", "index", "duplicate_row"]))
    table = draw(st.sampled_from(sorted(COLUMNS)))
    column = draw(st.sampled_from(COLUMNS[table]))
    q = f'"{table}"'
    if kind == "value":
        return ([f'UPDATE {q} SET "{column}" = ? WHERE rowid IN (SELECT rowid FROM {q} LIMIT 1)'],
                [draw(VALUES)])
    if kind == "drop_column":
        return [f'ALTER TABLE {q} DROP COLUMN "{column}"'], []
    if kind == "add_column":
        return [f"ALTER TABLE {q} ADD COLUMN z TEXT NOT NULL DEFAULT 'x'"], []
    if kind == "trigger":
        return [f"CREATE TRIGGER t{draw(st.integers(0, 9))} AFTER INSERT ON history BEGIN "
                f"UPDATE \"case\" SET complainant_phone = '0'; END"], []
    if kind == "view":
        return [f"CREATE VIEW v{draw(st.integers(0, 9))} AS {RECURSIVE}"], []
    if kind == "replace_with_view":
        return [f"DROP TABLE {q}", f"CREATE VIEW {q} AS {RECURSIVE}"], []
    if kind == "user_version":
        return [f"PRAGMA user_version = {draw(st.integers(-1, 5))}"], []
    if kind == "drop_trigger":
        return ["DROP TRIGGER IF EXISTS history_no_update"], []
    if kind == "drop_index":
        return ["DROP INDEX IF EXISTS evidence_sha256"], []
    if kind == "drop_table":
        return [f"DROP TABLE {q}"], []
    if kind == "delete_rows":
        return [f"DELETE FROM {q}"], []
    if kind == "index":
        return [f'CREATE INDEX IF NOT EXISTS ix ON {q} ("{column}")'], []
    return [f"INSERT INTO {q} SELECT * FROM {q} LIMIT 1"], []


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from tbcase.storage.library import Library

    folder = tmp_path_factory.mktemp("template")
    with Library(folder).create(order_no="4528716093384027715", complaint_type="quality",
                                shop="店", item="杯子", signed="2026-11-13 18:00") as case:
        case.set_field("complainant.phone", "13800000000")
        case.evidence.add(make_png(200, 300), "a.png")
        case.evidence.add("tb1 2026-11-14 10:00:00\n碎了\n".encode(), "c.txt")
        case.tracking.add("78009858271980")
        case.steps.add("complaint", at="2026-11-20 10:00")
        case.letters.add(b"%PDF-1.4 x", date(2026, 11, 21))
        return case.path


def _apply(path, mutations):
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for statements, params in mutations:
            for sql in statements:
                try:
                    con.execute(sql, params if "?" in sql else [])
                except sqlite3.Error:
                    pass  # a mutation SQLite refuses is simply not made
    finally:
        con.close()


def _within(seconds, fn):
    """Run fn in a thread: a hang fails the test instead of stopping the suite."""
    box = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported below
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"hung for more than {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _valid(path):
    from tbcase.storage.repair import RepairReport, read_understood

    con = schema.open_untrusted(str(path))
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        assert schema.differences(schema.read_shape(con), version) == []
        report = RepairReport()
        read_understood(con, report)
        assert report.left_out == [], report.left_out  # every value reads back as valid
    finally:
        con.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(mutation(), min_size=1, max_size=4))
def test_mutated_case_files_are_refused_or_repaired(template, tmp_path_factory, mutations):

    work = tmp_path_factory.mktemp("fuzz")
    library = work / "library"
    library.mkdir()
    other = library / "other.tbcase"
    shutil.copyfile(template, other)
    other_sha = _sha(other)
    foreign = work / "foreign.tbcase"
    shutil.copyfile(template, foreign)
    _apply(foreign, mutations)

    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.library import Library

    def open_and_check():
        with CaseFile.open(foreign, readonly=True) as case:
            case.summary()
            case.evidence.all()
            case.steps.all()
        with CaseFile.open(foreign) as case:  # a file that passes is one we can write
            return case.check()

    try:
        _within(60, open_and_check)
    except KnownError:
        pass
    foreign_sha = _sha(foreign)  # opening may have migrated or tidied our own kind of file
    try:
        target, _left_out = _within(60, lambda: Library(library).import_case_report(foreign))
    except KnownError:
        assert sorted(p.name for p in library.iterdir() if not p.name.startswith(".tbcase-index")) == [
            "other.tbcase"]
    else:
        _valid(target)
        with CaseFile.open(target) as case:  # the imported case reads whole
            case.summary()
            assert case.check() == []
    entries = Library(library).entries()  # the library lists every case, the other one whole
    assert any(e.path.name == "other.tbcase" and e.summary is not None for e in entries)
    assert _sha(other) == other_sha  # another case is never touched
    assert _sha(foreign) == foreign_sha  # nor the file being imported
    assert not [p for p in library.iterdir() if p.name.endswith((".importing", "-wal", "-shm"))]
