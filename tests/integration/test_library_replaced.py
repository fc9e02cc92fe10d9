"""A case file changed behind the list's back, keeping its size and modification time.

SQLite files grow in whole pages, so two versions of a case very often have the same size;
copies that keep times (``cp -p``, a file manager, a sync tool, unzipping a backup) and
folders with a coarse clock (FAT/exFAT drives, network shares) give the same modification
time. The list's snapshot must still not show the old file's values: an overdue deadline
of the file as it is must not be hidden behind the one the snapshot kept."""

import os
import shutil

from tbcase.storage.engine import DeadlineEngine
from tbcase.storage.library import Library

OTHER = "4528716093384027716"


def _two_cases(library_dir, new_case):
    quiet = new_case(shop="甲店", signed="2026-01-10 10:00")
    quiet.close()
    loud = new_case(order=OTHER, shop="乙店", signed="2026-01-10 10:00")
    loud.steps.add("complaint", at="2026-01-11 10:00")  # its 24 h reply is long overdue
    loud.close()
    paths = sorted(library_dir.glob("*.tbcase"))
    assert paths[0].stat().st_size == paths[1].stat().st_size  # whole pages: the same size
    return paths


def _listed(lib):
    return {e.path.name: e for e in lib.entries(engine=DeadlineEngine())}


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(library_dir, new_case, tmp_path):
    first, second = _two_cases(library_dir, new_case)
    lib = Library(library_dir)
    before = _listed(lib)[first.name]
    assert before.summary.shop == "甲店" and not before.summary.facts.steps
    kept = first.stat()
    shutil.copyfile(second, tmp_path / "restored")
    os.replace(tmp_path / "restored", first)  # a copy that keeps times, as cp -p does
    os.utime(first, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert (first.stat().st_size, first.stat().st_mtime_ns) == (kept.st_size, kept.st_mtime_ns)
    after = _listed(Library(library_dir))[first.name]
    assert after.summary.shop == "乙店"
    assert [s.kind.value for s in after.summary.facts.steps] == ["complaint"]
    assert any(d.rule == "app_reply" and d.is_open for d in after.deadlines)


def test_a_file_rewritten_in_place_with_the_same_size_and_time_is_read_again(library_dir, new_case):
    first, second = _two_cases(library_dir, new_case)
    lib = Library(library_dir)
    assert _listed(lib)[first.name].summary.shop == "甲店"
    kept = first.stat()
    with open(first, "r+b") as out:  # the same file (inode), other bytes
        out.write(second.read_bytes())
    os.utime(first, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert first.stat().st_ino == kept.st_ino
    assert _listed(Library(library_dir))[first.name].summary.shop == "乙店"


def test_an_unchanged_library_is_still_listed_without_opening_a_file(library_dir, new_case, monkeypatch):
    _two_cases(library_dir, new_case)
    lib = Library(library_dir)
    _listed(lib)

    def no_read(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr("tbcase.storage.library.read_case", no_read)
    assert {e.summary.shop for e in _listed(lib).values()} == {"甲店", "乙店"}


def test_a_case_busy_while_listed_is_read_again_once_free(library_dir, new_case):
    """Another program held the file (a lock, no write): the list says so, and once the
    file is free shows the case, though its size and times never changed."""
    import sqlite3

    new_case(shop="甲店").close()
    (path,) = library_dir.glob("*.tbcase")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        (busy,) = Library(library_dir).entries()
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert busy.error == "case_busy"
    (free,) = Library(library_dir).entries()
    assert free.error is None and free.summary.shop == "甲店"


def test_an_index_snapshot_far_larger_than_any_library_is_not_read(library_dir, new_case, monkeypatch):
    """A library folder from elsewhere may carry an index whose snapshot is 900 MB of zeros
    (a zip of a few KB): it was read whole (9 s, 1.8 GB of memory) before its signature was
    found not to hold. Now its size is looked at first."""
    import sqlite3
    import tracemalloc

    from tbcase.storage import listing
    from tbcase.storage.library import INDEX_NAME

    new_case(shop="甲店").close()
    Library(library_dir).entries()
    monkeypatch.setattr(listing, "MAX_SNAPSHOT_BYTES", 4_000_000)
    con = sqlite3.connect(library_dir / INDEX_NAME)
    with con:
        con.execute("UPDATE listing SET body = zeroblob(8000000)")
    con.close()
    tracemalloc.start()
    try:
        (entry,) = Library(library_dir).entries()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert entry.summary.shop == "甲店"
    assert peak < 4_000_000
