"""Private folders a tbcase process keeps for a while, and what a killed one left of them.

A pasted picture is prepared in ``tbcase-paste-…`` in the temp folder, an export is
written into ``.NAME.exporting-…`` beside its target and renamed into place; both are
removed when the work ends, but a process killed meanwhile (SIGKILL, a power cut) leaves
them: private copies of the user's screenshots and case data that nothing removed later.

Each such folder carries the id of the process that made it in its name
(``tbcase-paste-<pid>-<random>``), and an export's folder is also noted in the config
folder while it is written (it may be anywhere the user exports to). ``remove_stale``,
which the window runs on a worker thread a few seconds after it shows its first list
(``ui/app.py``), removes a folder only when all of these hold: its name is ours, it is a
real folder (not a link) owned by this user, and the process named in it is not running.
A folder another running tbcase uses is never touched (a process id reused by another
program keeps the folder until a later start).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from tbcase.storage.private import DIR_MODE, POSIX, private_dir

PASTE_PREFIX = "tbcase-paste-"
NOTES_FOLDER = "in-progress"  # in the config folder: one note per export being written
_RANDOM = r"[a-z0-9_]{1,16}"  # what tempfile.mkdtemp adds
_PASTE = re.compile(rf"{re.escape(PASTE_PREFIX)}(\d{{1,10}})-{_RANDOM}")
_EXPORT = re.compile(rf"\..{{0,60}}\.exporting-(\d{{1,10}})-{_RANDOM}", re.DOTALL)
_NOTE = re.compile(rf"(\d{{1,10}})-{_RANDOM}")
_STILL_ACTIVE = 259  # what Windows' GetExitCodeProcess says of a running process
MAX_NOTE_BYTES = 8192


def make_folder(prefix: str, parent: Path | None = None) -> Path:
    """A new private (0700) folder named ``<prefix><this process's id>-<random>`` in
    ``parent`` (the temp folder when None)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    if POSIX:
        os.chmod(folder, DIR_MODE)
    return folder


def running(pid: int) -> bool:
    """Whether process ``pid`` exists (when in doubt: yes)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill there would end the process
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: someone else's, running
        try:
            code = ctypes.c_ulong()
            return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == _STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process
        return True
    return True


def _stale(folder: Path, pattern: re.Pattern[str]) -> bool:
    """``folder`` is ours (name, a real folder, this user's) and its process has ended."""
    found = pattern.fullmatch(folder.name)
    if found is None:
        return False
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or (POSIX and st.st_uid != os.getuid()):
        return False
    return not running(int(found.group(1)))


def _remove(folder: Path) -> bool:
    shutil.rmtree(folder, ignore_errors=True)
    return not os.path.lexists(folder)


def note_export(folder: Path, config: Path | None = None) -> Path | None:
    """Note an export's folder while it is written (so a later start finds it); the note,
    or None when there is no config folder (a command line that never made one: it is
    not made for this) or it cannot hold one. Then the folder is found by its own name,
    when a later export writes beside it."""
    from tbcase.paths import user_config_dir
    from tbcase.storage.private import write_private

    config = config or user_config_dir()
    if not config.is_dir():
        return None
    notes = config / NOTES_FOLDER
    note = notes / folder.name.rsplit(".exporting-", 1)[1]
    try:
        private_dir(notes)
        write_private(note, str(folder.resolve()))
    except OSError:
        return None
    return note


def remove_stale(config: Path | None = None, temp: Path | None = None) -> list[Path]:
    """Remove what killed tbcase processes left (see the module's docstring): pasted
    pictures in the temp folder, exports noted in the config folder. What was removed."""
    from tbcase.paths import user_config_dir

    removed: list[Path] = []
    temp = Path(temp or tempfile.gettempdir())
    try:
        with os.scandir(temp) as it:
            names = [e.name for e in it if e.name.startswith(PASTE_PREFIX)]
    except OSError:
        names = []
    for name in names:
        if _stale(temp / name, _PASTE) and _remove(temp / name):
            removed.append(temp / name)
    notes = (config or user_config_dir()) / NOTES_FOLDER
    try:
        with os.scandir(notes) as it:
            entries = [Path(e.path) for e in it if _NOTE.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:
        entries = []
    for note in entries:
        pid = int(note.name.split("-", 1)[0])
        if running(pid):
            continue
        try:
            with open(note, "rb") as fh:
                folder = Path(fh.read(MAX_NOTE_BYTES).decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            folder = None
        if folder is not None and folder.is_absolute() and os.path.lexists(folder):
            if not _stale(folder, _EXPORT) or not _remove(folder):
                continue  # not ours, or not removable now: the note stays for a later start
            removed.append(folder)
        try:
            note.unlink()
        except OSError:
            pass
    return removed


def remove_stale_exports_beside(target: Path) -> list[Path]:
    """The stale export folders in ``target``'s folder (an export again to the same place
    tidies up what a killed one left there, noted or not)."""
    parent = target.parent
    try:
        with os.scandir(parent) as it:
            names = [e.name for e in it if ".exporting-" in e.name]
    except OSError:
        return []
    return [parent / n for n in names if _stale(parent / n, _EXPORT) and _remove(parent / n)]
