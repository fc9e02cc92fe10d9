"""An export folder written whole or not at all.

``export`` wrote into the target folder in place: a kill left a partial folder, a second
export mixed stale files in, and a ``manifest.json`` symlink planted in the folder was
followed out of it. Here the files go into a new private folder beside the target
(created by us, so nothing in it can be planted), each opened with O_EXCL|O_NOFOLLOW, and
the folder is renamed into place when complete. A non-empty target is replaced only when
it is a previous export (a real ``manifest.json`` saying so, and only regular files).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path
from types import TracebackType

from tbcase.domain.errors import KnownError
from tbcase.storage.leftovers import make_folder, note_export, remove_stale_exports_beside
from tbcase.storage.private import FILE_MODE, private_dir

MAX_NAME_BYTES = 200  # most file systems allow 255; room for a suffix and a copy number
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def export_name(exhibit: int, title: str, original_name: str, fallback_suffix: str) -> str:
    """``003_订单截图.png``: a name every file system takes (no NUL, separators or
    control characters, at most MAX_NAME_BYTES bytes of UTF-8, cut on a character)."""
    suffix = Path(original_name.replace("\x00", "")).suffix.lower()
    if not _SUFFIX.fullmatch(suffix):
        suffix = fallback_suffix
    stem = _UNSAFE.sub("_", title).strip(" .") or "证据"
    stem = f"{exhibit:03d}_{stem}"
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    raw = stem.encode("utf-8")[:budget]
    return raw.decode("utf-8", errors="ignore") + suffix


def is_previous_export(folder: Path) -> bool:
    """A folder ``export`` wrote: a regular manifest.json of our format, regular files only."""
    manifest = folder / "manifest.json"
    try:
        if not stat.S_ISREG(os.lstat(manifest).st_mode):
            return False
        with open(manifest, encoding="utf-8") as fh:
            if json.load(fh).get("format") != "tbcase-export":
                return False
        with os.scandir(folder) as it:
            return all(e.is_file(follow_symlinks=False) for e in it)
    except (OSError, ValueError, AttributeError):
        return False


def _has_entries(folder: Path) -> bool:
    with os.scandir(folder) as it:
        return any(True for _ in it)


class ExportFolder:
    """``with ExportFolder(target) as out: out.write(name, data)``: on success the folder
    is at ``target`` complete; on any failure nothing is left (the target untouched)."""

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        self.names: set[str] = set()
        self.tmp: Path | None = None
        self._note: Path | None = None

    def __enter__(self) -> ExportFolder:
        t = self.target
        if t.is_symlink() or (t.exists() and not t.is_dir()):
            raise KnownError("export_target_not_empty", path=str(t))
        if t.is_dir() and _has_entries(t) and not is_previous_export(t):
            raise KnownError("export_target_not_empty", path=str(t))
        private_dir(t.parent)
        remove_stale_exports_beside(t)
        self.tmp = make_folder(f".{t.name[:60]}.exporting-", t.parent)
        self._note = note_export(self.tmp)  # found at a later start if this process is killed
        return self

    def write(self, name: str, data: bytes) -> str:
        """Write one file; a name already used gets `` (2)``. Returns the name used."""
        assert self.tmp is not None
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"not a plain file name: {name!r}")
        base, suffix = os.path.splitext(name)
        n = 2
        while name in self.names:
            name = f"{base} ({n}){suffix}"
            n += 1
        self.names.add(name)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
            | getattr(os, "O_BINARY", 0)
        fd = os.open(self.tmp / name, flags, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return name

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self._finish(kind)
        finally:
            if self._note is not None:
                self._note.unlink(missing_ok=True)

    def _finish(self, kind: type[BaseException] | None) -> None:
        assert self.tmp is not None
        if kind is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        old: Path | None = None
        try:
            if self.target.is_dir() and not self.target.is_symlink() and not _has_entries(self.target):
                os.rmdir(self.target)
            if self.target.exists() or self.target.is_symlink():
                if not is_previous_export(self.target):  # changed since we looked
                    raise KnownError("export_target_not_empty", path=str(self.target))
                old = self.target.with_name(f".{self.target.name[:60]}.old-{self.tmp.name[-8:]}")
                os.replace(self.target, old)
            os.replace(self.tmp, self.target)
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            if old is not None and not self.target.exists():
                os.replace(old, self.target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
