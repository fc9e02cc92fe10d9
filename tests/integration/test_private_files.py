"""What tbcase writes holds names, phone numbers and addresses: files 0600, folders 0700,
set explicitly (not through the umask) and kept on every rewrite (issue 13). POSIX only:
on Windows the user's profile folders already restrict them."""

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ORDER
from tests.integration.test_cli import tb

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # the usual default: world-readable unless set explicitly
    yield
    os.umask(old)


def test_letters_copy_sheets_ics_index_and_library_folder_are_private(tmp_path, open_umask):
    library = tmp_path / "new" / "library"
    r = tb("new", "--order", ORDER, "--shop", "店", "--item", "杯子", "--type", "quality",
           "--signed", "2026-11-13 18:00", library=library)
    assert r.returncode == 0, r.stderr
    assert mode(library) == 0o700 and mode(library.parent) == 0o700
    r = tb("set", ORDER, "complainant.phone", "13800000000", library=library)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    out.mkdir()
    letter, sheet, ics, due = out / "letter.pdf", out / "sheet.txt", out / "case.ics", out / "due.ics"
    r = tb("letter", ORDER, "-o", str(letter), "--copy-sheet", str(sheet), library=library)
    assert r.returncode == 0, r.stderr
    assert tb("ics", ORDER, "-o", str(ics), library=library).returncode == 0
    assert tb("due", "--ics", str(due), library=library).returncode == 0
    assert tb("list", library=library).returncode == 0
    index = library / ".tbcase-index.sqlite"
    for path in (letter, sheet, ics, due, index):
        assert mode(path) == 0o600, path
    # a rewrite keeps it, and a file made readable by someone is made private again
    letter.chmod(0o644)
    r = tb("letter", ORDER, "-o", str(letter), library=library)
    assert r.returncode == 0, r.stderr
    assert mode(letter) == 0o600
    index.chmod(0o644)
    assert tb("list", library=library).returncode == 0
    assert mode(index) == 0o600
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left


def test_write_private_replaces_a_planted_symlink_instead_of_following_it(tmp_path, open_umask):
    from tbcase.storage.private import write_private

    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "letter.pdf"
    link.symlink_to(victim)
    write_private(link, b"%PDF")
    assert victim.read_text() == "keep"
    assert not link.is_symlink() and link.read_bytes() == b"%PDF" and mode(link) == 0o600


def test_private_dir_leaves_existing_folders_alone(tmp_path, open_umask):
    from tbcase.storage.private import private_dir

    mine = tmp_path / "Documents"
    mine.mkdir(mode=0o755)
    mine.chmod(0o755)
    private_dir(mine / "tbcase" / "sub")
    assert mode(mine) == 0o755
    assert mode(mine / "tbcase") == 0o700 and mode(mine / "tbcase" / "sub") == 0o700


def test_case_files_backups_and_exports_are_private(tmp_path, open_umask):
    library = tmp_path / "library"
    r = tb("new", "--order", ORDER, "--type", "quality", library=library)
    assert r.returncode == 0, r.stderr
    case = library / f"{ORDER}.tbcase"
    assert mode(case) == 0o600
    assert tb("set", ORDER, "notes", "x", library=library).returncode == 0  # a write keeps it
    assert mode(case) == 0o600
    out = tmp_path / "export"
    assert tb("export", ORDER, "-o", str(out), library=library).returncode == 0
    assert mode(out) == 0o700 and all(mode(p) == 0o600 for p in out.iterdir())
    old = library / "old.tbcase"
    shutil.copyfile(FIXTURES / "case_v1.tbcase", old)
    old.chmod(0o600)
    assert tb("show", str(old), library=library).returncode == 0  # migrated, after a backup
    backups = list(library.glob("old.v1-*.bak"))
    assert backups and all(mode(b) == 0o600 for b in backups)
    imported = tmp_path / "elsewhere" / "x.tbcase"
    imported.parent.mkdir()
    shutil.copyfile(case, imported)
    imported.chmod(0o644)
    r = tb("import", str(imported), library=library)
    assert r.returncode == 0, r.stderr
    assert mode(library / "x.tbcase") == 0o600


def test_the_windows_settings_and_their_folder_are_private(tmp_path, monkeypatch, open_umask, qapp):
    """tbcase.ini names the last case's file (its order number) and its folder holds the
    index key: private like the cases, also when an older version made them with the umask."""
    from tbcase.ui.app import make_settings

    config = tmp_path / "config"
    monkeypatch.setenv("TBCASE_CONFIG", str(config))
    settings = make_settings()
    settings.setValue("last_case", "/home/u/tbcase/4528716093384027715.tbcase")
    settings.sync()
    ini = config / "tbcase.ini"
    assert mode(config) == 0o700 and mode(ini) == 0o600
    config.chmod(0o755)
    ini.chmod(0o644)
    settings = make_settings()
    assert mode(config) == 0o700 and mode(ini) == 0o600
    settings.setValue("last_case", "/home/u/tbcase/2086417735260918804.tbcase")
    settings.sync()  # Qt writes a new file and renames it over the old one
    assert mode(ini) == 0o600 and "2086417735260918804" in ini.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_migration_backup_is_private_from_its_creation(tmp_path, open_umask, monkeypatch):
    """The backup a migration makes holds the whole case: it is created 0600, not copied with
    the umask's 0644 and narrowed afterwards (readable by others while it was written). With
    every chmod after creation undone, the backup is still 0600; its bytes and time are the
    original's."""
    from tbcase.storage import migrations

    old = tmp_path / "old.tbcase"
    shutil.copyfile(FIXTURES / "case_v1.tbcase", old)
    old.chmod(0o600)
    os.utime(old, (1_700_000_000, 1_700_000_000))
    before = old.read_bytes()
    monkeypatch.setattr(os, "chmod", lambda *a, **k: None)
    monkeypatch.setattr(os, "fchmod", lambda *a, **k: None)
    backup = migrations.migrate(old, 1)
    assert backup is not None and mode(backup) == 0o600
    assert backup.read_bytes() == before and backup.stat().st_mtime == 1_700_000_000


def test_write_private_writes_text_as_utf8(tmp_path, open_umask):
    """``tbcase due --ics`` writes the calendar as text: UTF-8 whatever the locale, private."""
    from tbcase.storage.private import write_private

    path = write_private(tmp_path / "期限.ics", "SUMMARY:退货期限 青禾家居旗舰店\r\n")
    assert path.read_bytes() == "SUMMARY:退货期限 青禾家居旗舰店\r\n".encode() and mode(path) == 0o600


def test_repair_reads_the_copy_in_a_folder_only_the_user_can_enter(tmp_path, open_umask, new_case, monkeypatch):
    """Repair copies the case file (personal data) into a temporary folder beside the target
    before reading it: that folder is 0700, whatever the umask."""
    import tbcase.storage.repair as repair

    case = new_case()
    path = case.path
    case.close()
    seen = []
    read = repair.read_understood

    def read_noting_the_folder(con, report):
        seen.extend(mode(p) for p in tmp_path.iterdir() if p.name.startswith(".tbcase-import-"))
        return read(con, report)

    monkeypatch.setattr(repair, "read_understood", read_noting_the_folder)
    repair.repair_into(path, tmp_path / "fresh.tbcase")
    assert seen == [0o700]


def test_copy_private_copies_bytes_and_times_into_a_new_private_file_only(tmp_path, open_umask):
    """A backup or export copy: the same bytes and modification time, 0600 under a 022
    umask; a target already there (a file or a planted symlink) is refused and left as it is."""
    from tbcase.storage.private import copy_private

    source = tmp_path / "case.tbcase"
    source.write_bytes(os.urandom(3 << 20 | 123))  # more than one chunk
    source.chmod(0o644)
    os.utime(source, ns=(1_700_000_000_123_456_789, 1_700_000_100_987_654_321))
    target = tmp_path / "case.v5.bak"
    copy_private(source, target)
    assert target.read_bytes() == source.read_bytes() and mode(target) == 0o600
    assert target.stat().st_mtime_ns == 1_700_000_100_987_654_321
    for there in (target, tmp_path / "link.bak"):
        if there.name == "link.bak":
            there.symlink_to(tmp_path / "victim")
        with pytest.raises(FileExistsError):
            copy_private(FIXTURES / "case_v1.tbcase", there)
    assert target.read_bytes() == source.read_bytes() and not (tmp_path / "victim").exists()


def test_create_private_makes_an_empty_private_file_and_refuses_anything_there(tmp_path, open_umask):
    from tbcase.storage.private import create_private

    path = tmp_path / "new.tbcase"
    create_private(path)
    assert path.read_bytes() == b"" and mode(path) == 0o600
    path.write_bytes(b"kept")
    link = tmp_path / "link.tbcase"
    link.symlink_to(tmp_path / "victim")
    for there in (path, link):
        with pytest.raises(FileExistsError):
            create_private(there)
    assert path.read_bytes() == b"kept" and not (tmp_path / "victim").exists()


def test_write_private_replaces_a_readable_file_and_leaves_nothing_behind_when_it_fails(tmp_path, open_umask):
    from tbcase.storage.private import make_private, private_dir, write_private

    folder = private_dir(tmp_path / "a" / "b" / "c")
    assert folder == tmp_path / "a" / "b" / "c" and all(
        mode(p) == 0o700 for p in (tmp_path / "a", tmp_path / "a" / "b", folder))
    path = folder / "letter.pdf"
    path.write_bytes(b"old")
    path.chmod(0o644)
    assert write_private(path, b"%PDF new") == path and path.read_bytes() == b"%PDF new" and mode(path) == 0o600
    assert write_private(path, "文本", encoding="gb18030").read_bytes() == "文本".encode("gb18030")
    with pytest.raises(TypeError):
        write_private(path, 12345)  # type: ignore[arg-type]
    assert sorted(p.name for p in folder.iterdir()) == ["letter.pdf"] and path.read_bytes() == "文本".encode("gb18030")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    victim.chmod(0o644)
    link = folder / "link"
    link.symlink_to(victim)
    make_private(link)
    assert mode(victim) == 0o644
    make_private(victim, 0o640)
    assert mode(victim) == 0o640
