"""A fault-test hook: lets a test kill the process *inside* a write.

With ``TBCASE_TEST_WRITE_MARKER`` set (only ever by tests), every write transaction of a
case file, and every export folder being written, writes that marker file while it is open
(``<pid> <number> <phase>``) and removes it once committed; ``TBCASE_TEST_WRITE_HOLD_MS``
keeps it open that much longer after its writes, before the commit. A test that sees the
marker kills the process at a random moment; a marker left behind proves the kill landed
inside the write. Unset, each call costs one dict lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_depth = 0
_count = 0


def _marker() -> Path | None:
    value = os.environ.get("TBCASE_TEST_WRITE_MARKER")
    return Path(value) if value else None


def opened() -> None:
    """A write transaction (or export) has begun."""
    global _depth, _count
    marker = _marker()
    if marker is None:
        return
    _depth += 1
    if _depth == 1:
        _count += 1
        marker.write_text(f"{os.getpid()} {_count} body", encoding="ascii")


def holding() -> None:
    """Its writes are done; the commit comes next."""
    marker = _marker()
    if marker is None or _depth != 1:
        return
    hold = int(os.environ.get("TBCASE_TEST_WRITE_HOLD_MS", "0") or 0)
    if hold:
        marker.write_text(f"{os.getpid()} {_count} hold", encoding="ascii")
        time.sleep(hold / 1000)


def closed() -> None:
    """Committed (or rolled back): the write is over."""
    global _depth
    marker = _marker()
    if marker is None:
        return
    _depth = max(0, _depth - 1)
    if _depth == 0:
        marker.unlink(missing_ok=True)
