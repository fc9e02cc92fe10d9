"""Migration step by step, as the user's old file goes through it: one history entry per
version with the versions it went between, the backup made first (or no upgrade at all), and
a step that fails leaves the file at the last version that completed, whole."""

import sqlite3

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage import migrations
from tbcase.storage.casefile import CaseFile
from tbcase.storage.fileformat import inspect_file
from tbcase.storage.models import SCHEMA_VERSION


def test_each_step_is_one_history_entry_between_two_versions(v1_copy):
    with CaseFile.open(v1_copy) as case:
        steps = [(h.old, h.new) for h in case.history() if h.what == "schema.migrated"]
    assert steps == [(str(v), str(v + 1)) for v in range(1, SCHEMA_VERSION)]


def test_a_current_file_is_not_migrated_or_copied(new_case):
    case = new_case()
    path = case.path
    case.close()
    before = path.read_bytes()
    assert migrations.migrate(path, SCHEMA_VERSION) is None
    assert path.read_bytes() == before and not list(path.parent.glob("*.bak"))


def test_no_backup_means_no_upgrade(v1_copy, tmp_path, monkeypatch):
    before = v1_copy.read_bytes()
    monkeypatch.setattr(migrations, "backup_path", lambda path, version: tmp_path / "no-such-dir" / "x.bak")
    with pytest.raises(KnownError) as info:
        CaseFile.open(v1_copy)
    assert info.value.code == "backup_failed" and "no-such-dir" in str(info.value)
    assert info.value.params["detail"] == "No such file or directory"  # the system's reason, as it said it
    assert v1_copy.read_bytes() == before and inspect_file(v1_copy) == 1


def test_a_failing_step_leaves_the_last_completed_version(v1_copy, monkeypatch):
    monkeypatch.setitem(migrations.STEPS, 3, [*migrations.STEPS[3], "ALTER TABLE nowhere ADD COLUMN x"])
    with pytest.raises(sqlite3.OperationalError, match="no such table: nowhere"):  # the step's own error
        migrations.migrate(v1_copy, 1)
    assert inspect_file(v1_copy) == 2  # step 2 committed, step 3 rolled back whole
    con = sqlite3.connect(v1_copy)
    try:
        columns = [r[1] for r in con.execute('PRAGMA table_info("case")')]
        whats = [r[0] for r in con.execute("SELECT what FROM history ORDER BY id")]
    finally:
        con.close()
    assert "seller_address" not in columns  # step 3's own change is not there
    assert whats.count("schema.migrated") == 1
    monkeypatch.undo()
    with CaseFile.open(v1_copy) as case:  # and the next opening finishes the job
        assert case.schema_version() == SCHEMA_VERSION and case.check() == []


def test_steps_since_structured_history_record_their_versions_as_data(v1_copy):
    """From schema 6 on, history entries are data the window words in either language: each
    migration entry from then on holds the versions it went between, by name."""
    from tbcase.storage.models import STRUCTURED_SINCE

    with CaseFile.open(v1_copy) as case:
        details = [(h.new, dict(h.detail)) for h in case.history() if h.what == "schema.migrated"]
    assert [d for new, d in details if int(new) >= STRUCTURED_SINCE] == [
        {"old": str(v - 1), "new": str(v)} for v in range(STRUCTURED_SINCE, SCHEMA_VERSION + 1)]
