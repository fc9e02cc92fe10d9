"""Private folders a killed tbcase process leaves (a pasted picture being prepared in
``tbcase-paste-…``, an export being written into ``.NAME.exporting-…``) are removed at a
later start: only ours (name, owner, a real folder) and only when the process that made
them has ended; a folder another running tbcase uses is never touched (storage/leftovers.py).
Before, a SIGKILL left them, holding copies of screenshots and case data, for good."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL, modes and links")

CHILD = r"""
import sys, time
from pathlib import Path
kind, where = sys.argv[1], Path(sys.argv[2])
if kind == "paste":
    from tbcase.storage.leftovers import PASTE_PREFIX, make_folder
    folder = make_folder(PASTE_PREFIX, where)
    (folder / "pasted").write_bytes(b"pixels")
    print(folder, flush=True)
else:
    from tbcase.storage.exportdir import ExportFolder
    out = ExportFolder(where / "out").__enter__()
    out.write("001_订单截图.png", b"pixels")
    print(out.tmp, flush=True)
time.sleep(120)
"""


def _start(kind: str, where: Path) -> tuple[subprocess.Popen, Path]:
    """A tbcase process in the middle of a paste or an export: it and its folder."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, kind, str(where)], stdout=subprocess.PIPE, text=True)
    folder = Path(proc.stdout.readline().strip())
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700, folder
    return proc, folder


def _kill(proc: subprocess.Popen) -> None:
    proc.kill()  # SIGKILL: no finally, no atexit
    proc.wait()
    proc.stdout.close()


def test_a_killed_processes_folders_go_at_a_later_start_a_running_ones_stay(tmp_path):
    from tbcase.storage.leftovers import remove_stale

    temp, exports, elsewhere = tmp_path / "temp", tmp_path / "exports", tmp_path / "elsewhere"
    for folder in (temp, exports, elsewhere, tmp_path / "config"):  # the config folder, as the window made it
        folder.mkdir()
    killed = [_start("paste", temp), _start("export", exports)]
    running = [_start("paste", temp), _start("export", exports)]
    for proc, _folder in killed:
        _kill(proc)
    dead = killed[0][0].pid
    (elsewhere / "keep.txt").write_text("the user's")
    decoys = [temp / f"tbcase-paste-{dead}-link", temp / "tbcase-paste-mine", temp / f"tbcase-paste-{dead}-file"]
    decoys[0].symlink_to(elsewhere, target_is_directory=True)
    decoys[1].mkdir()
    decoys[2].write_text("a file, not our folder")
    try:
        removed = remove_stale(temp=temp)
        assert sorted(removed) == sorted(folder for _proc, folder in killed)
        assert not any(folder.exists() for _proc, folder in killed)
        assert all((folder / name).is_file() for (_p, folder), name in zip(
            running, ["pasted", "001_订单截图.png"], strict=True))  # in use: untouched
        assert all(os.path.lexists(d) for d in decoys) and (elsewhere / "keep.txt").exists()
        assert len(list((tmp_path / "config" / "in-progress").iterdir())) == 1  # the running export's note
    finally:
        for proc, _folder in running:
            _kill(proc)
    assert sorted(remove_stale(temp=temp)) == sorted(folder for _proc, folder in running)
    assert sorted(p.name for p in temp.iterdir()) == sorted(d.name for d in decoys)
    assert list(exports.iterdir()) == [] and list((tmp_path / "config" / "in-progress").iterdir()) == []


def test_exporting_again_beside_removes_a_killed_exports_folder_even_without_its_note(tmp_path):
    """No config folder (a command line that never made one): no note is made, the folder
    is found by its name when the next export writes beside it."""
    from tbcase.storage.exportdir import ExportFolder

    proc, folder = _start("export", tmp_path)
    _kill(proc)
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]
    with ExportFolder(tmp_path / "again") as out:
        out.write("a.txt", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["again"]


@pytest.mark.gui
def test_the_window_removes_them_when_it_starts(qapp, qtbot, monkeypatch, tmp_path, library_dir):
    from tests.helpers import window_on_library

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    proc, folder = _start("paste", temp)
    _kill(proc)
    monkeypatch.setattr("tbcase.ui.app.TIDY_AFTER_MS", 300)
    app = window_on_library(qapp, qtbot, monkeypatch, library_dir)
    try:
        assert folder.exists()  # not while the list is read: once it is shown, a little later
        qtbot.waitUntil(lambda: not folder.exists(), timeout=10000)
    finally:
        app.close()
