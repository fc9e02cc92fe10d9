"""Reading files the user points at: bounded, and only regular files.

``add CASE /dev/zero`` read until memory ran out, a FIFO hung, a 1.5 GB sparse file was
read whole before the size limit refused it. Here the type and size are checked on the
open file descriptor before any byte is read (no race between a check and the open),
the read stops at the limit, and the SHA-256 is computed while reading.

File names that are not valid UTF-8 (GBK names from Windows zips) are kept readable:
decoded as GB18030 when that reads cleanly, else shown with escapes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from tbcase.domain.errors import KnownError

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ReadFile:
    data: bytes
    sha256: str
    mtime: float


def file_name(path: Path | str) -> str:
    """The file's name as text that can be stored and shown: UTF-8 as it is; other bytes
    (Python keeps them as surrogate escapes) decoded as GB18030 when they read cleanly as
    CJK text, else escaped as ``\\xff``."""
    raw = os.fsencode(Path(path).name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
        if all(ch.isprintable() for ch in text):
            return text
    except UnicodeDecodeError:
        pass
    return raw.decode("utf-8", errors="backslashreplace")


def open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    """An open descriptor of a regular file, and its stat: opened without blocking (a FIFO
    would wait for a writer), checked on the descriptor (no race between a check and the
    open). KnownError ``not_a_regular_file`` for a device, FIFO, socket or folder."""
    name = file_name(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise KnownError("not_a_regular_file", name=name) from None
    except FileNotFoundError:
        raise KnownError("file_missing", name=name) from None
    except OSError as exc:
        raise KnownError("file_unreadable", name=name, detail=exc.strerror or str(exc)) from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise KnownError("file_unreadable", name=name, detail=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise KnownError("not_a_regular_file", name=name)
    return fd, st


def copy_regular(source: Path | str, target: Path | str) -> None:
    """Copy a regular file to a new private file (``import`` of a link to /dev/zero wrote
    6 GB into the library's folder before; a FIFO was an internal error)."""
    fd, _ = open_regular(source)
    try:
        out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with open(fd, "rb", closefd=False) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
    finally:
        os.close(fd)


def read_bounded(path: Path | str, limit: int) -> ReadFile:
    """The bytes of a regular file of at most ``limit`` bytes, with their SHA-256.

    KnownError ``not_a_regular_file`` for a device, FIFO, socket or folder (``open_regular``),
    ``file_too_large`` before reading when the size is above the limit (a sparse file
    included), ``empty_file`` for 0 bytes.
    """
    name = file_name(path)
    fd, st = open_regular(path)
    try:
        if st.st_size > limit:
            raise KnownError("file_too_large", name=name, mb=limit // (1024 * 1024))
        if st.st_size == 0:
            raise KnownError("empty_file", name=name)
        digest = hashlib.sha256()
        parts: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise KnownError("file_too_large", name=name, mb=limit // (1024 * 1024))
            digest.update(chunk)
            parts.append(chunk)
    except OSError as exc:
        raise KnownError("file_unreadable", name=name, detail=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if total == 0:
        raise KnownError("empty_file", name=name)
    return ReadFile(b"".join(parts), digest.hexdigest(), st.st_mtime)
