"""Files that hold personal data are created private: 0600 files, 0700 folders.

Case files, their backups, the library index, exports, letters, copy sheets and ``.ics``
files carry names, phone numbers and addresses. On POSIX the mode is set explicitly
(never left to the umask, which is 022 on most systems: world-readable), and kept on
every rewrite: a rewrite goes through a new private file renamed into place. On Windows
the user's profile folders are already readable by that user only; os.chmod there only
toggles read-only, so nothing is changed.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def private_dir(path: Path | str) -> Path:
    """Create ``path`` (and missing parents) as private folders; an existing folder is
    left as it is (it may be the user's own, e.g. Documents). Returns the path."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        make_private(folder, DIR_MODE)
    return path


def make_private(path: Path | str, mode: int = FILE_MODE) -> None:
    """Set ``path`` to 0600 (0700 for a folder): for files another library creates
    (SQLite, shutil), right after creating them."""
    if POSIX and not Path(path).is_symlink():
        os.chmod(path, mode)


def create_private(path: Path | str) -> None:
    """Create an empty private file at ``path`` (refused if anything is there, a
    symlink included), for a database SQLite is about to open: SQLite gives its -wal and
    -shm files the mode of the database file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        if POSIX:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def copy_private(source: Path | str, target: Path | str) -> None:
    """Copy ``source`` to a new file ``target`` (refused if anything is there), private from
    its creation, with the source's times: a copy made with the umask's mode and narrowed
    afterwards (``shutil.copy2``, then chmod) was readable by others while it was written."""
    import shutil

    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        with open(source, "rb") as src, os.fdopen(fd, "wb", closefd=False) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    finally:
        os.close(fd)
    stat = os.stat(source)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def write_private(path: Path | str, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` as a private file, atomically: a new 0600 file beside it,
    flushed to disk, renamed over the target (a symlink planted at ``path`` is replaced,
    never followed)."""
    import tempfile

    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:60]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if POSIX:
                os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
