"""A WAL file beside a case file that is not its own (from another case, a sync tool, a
sender): SQLite replays any ``-wal`` it finds beside a database, whatever the file's header
says. Listing the library read case A as case B (A hidden, B listed twice) and checkpointed B's
pages into A's file: A was overwritten. tbcase writes a WAL only while the file is in WAL mode
(header bytes 18-19 are 2; a case is put back to rollback mode when closed), so a WAL with
frames beside a file in rollback mode is not its own: the case is not opened, listed with its
error, and both files are left as they are."""

import sqlite3
from pathlib import Path

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.casefile import CaseFile
from tbcase.storage.library import Library
from tbcase.wording import Wording


def _wal_of_another_case(folder: Path) -> bytes:
    """The WAL of a write to another case, taken while its writer still has it open."""
    lib = Library(folder)
    with lib.create(order_no="3000000000000000009", complaint_type="quality", shop="别家店") as other:
        path = other.path
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = wal")
        con.execute("PRAGMA wal_autocheckpoint = 0")
        with con:
            con.execute('UPDATE "case" SET shop = \'别家店改\'')
        return Path(str(path) + "-wal").read_bytes()
    finally:
        con.close()


def test_a_wal_from_another_case_changes_nothing_and_hides_nothing(new_case, library_dir, tmp_path):
    with new_case("3000000000000000001", signed="2026-11-01 10:00") as a:
        path = a.path
    with new_case("3000000000000000002", signed="2026-11-01 10:00"):
        pass
    wal = _wal_of_another_case(tmp_path / "elsewhere")
    assert len(wal) > 32  # a header and frames
    beside = Path(str(path) + "-wal")
    beside.write_bytes(wal)
    before = path.read_bytes()
    entries = {e.path.name: e for e in Library(library_dir).entries()}
    assert (entries[path.name].summary, entries[path.name].error, entries[path.name].error_params) == (
        None, "case_foreign_wal", {"path": str(path), "wal": str(beside)})
    assert [e.summary.order_no for e in entries.values() if e.summary is not None] == ["3000000000000000002"]
    for readonly in (False, True):
        with pytest.raises(KnownError) as info:
            CaseFile.open(path, readonly=readonly)
        assert info.value.code == "case_foreign_wal"
    with pytest.raises(KnownError) as info:
        Library(tmp_path / "other").import_case_report(path)
    assert info.value.code == "case_foreign_wal"
    assert not (tmp_path / "other").exists() or list((tmp_path / "other").iterdir()) == []
    assert (path.read_bytes(), beside.read_bytes()) == (before, wal)
    zh, en = (Wording(lang).error(info.value.code, **info.value.params) for lang in ("zh", "en"))
    assert str(beside) in zh and "未打开" in zh and "移走" in zh
    assert str(beside) in en and "not opened" in en and "Move" in en
    beside.unlink()
    with CaseFile.open(path, readonly=True) as case:
        assert (case.case().order_no, case.case().shop) == ("3000000000000000001", "青禾家居旗舰店")


def test_a_case_being_written_elsewhere_is_read_with_its_own_wal(new_case, library_dir):
    """Its own WAL (the file in WAL mode, a writer holding it open, or one that died) is
    read as before: what was committed in it is what the list shows."""
    with new_case("3000000000000000001", signed="2026-11-01 10:00") as case:
        case.set_field("shop", "写入中的店")
        assert Path(str(case.path) + "-wal").stat().st_size > 32
        (entry,) = Library(library_dir).entries()
        assert (entry.error, entry.summary.shop) == (None, "写入中的店")
        with CaseFile.open(case.path, readonly=True) as reader:
            assert reader.case().shop == "写入中的店"


def test_tbcase_check_names_the_wal_and_leaves_it(new_case, library_dir, tmp_path, capsys):
    from tbcase.cli import main

    with new_case("3000000000000000001") as a:
        path = a.path
    beside = Path(str(path) + "-wal")
    beside.write_bytes(_wal_of_another_case(tmp_path / "elsewhere"))
    assert main(["--library", str(library_dir), "show", str(path)]) == 3
    assert str(beside) in capsys.readouterr().err
    assert beside.exists()
