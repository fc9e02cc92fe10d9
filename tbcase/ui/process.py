"""Work that holds the GIL for long runs in a worker process, not a thread.

A thread of the window's own process that lays out a letter with reportlab (pure Python)
holds the interpreter lock most of the time: the GUI thread then waits for it, and the
window stutters for 100-300 ms at a time on a busy machine. A child process has its own
interpreter, so the window's thread never waits for that work.

``run_in_process(job, "module:function", *args)`` is called from a job of the window's
``JobRunner`` (a worker thread, which only waits on a pipe): it starts a fresh process
with the *spawn* method (the only one Windows has; no fork assumptions anywhere), calls
``function(*args, report=...)`` there and returns its result. ``report(done, total, what)``
in the child becomes ``job.report`` in the window; cancelling the job terminates the child
(it writes nothing: results are stored by the caller, through the ``CaseSession``). The
child runs at a lower priority, so that on a busy machine the window gets a core first.
Arguments and results cross as pickles; a ``KnownError`` comes back as itself, any other
exception as a ``WorkerError`` naming it. A big input (a pasted photo's pixels) goes as
``payload``: any buffer (a ``memoryview`` of a QImage's bits), written to the child's pipe
from the buffer itself, without a copy in the window's process (copying 100 MB holds the
interpreter lock ~100 ms); the function gets it as ``payload=bytes``.

The function is named by a string so the window's process never imports what the child
needs (reportlab). This module imports nothing from Qt: the child loads it too. Frozen
programs call ``multiprocessing.freeze_support()`` first thing (``packaging/entry.py``).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
from typing import TYPE_CHECKING, Any

from tbcase.domain.errors import CancelledError, KnownError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from tbcase.ui.tasks import Job

_SPAWN = multiprocessing.get_context("spawn")
_POLL_S = 0.05  # how often the waiting thread looks at the job's cancel flag


class WorkerError(RuntimeError):
    """A bug in the child process (or the child died): its type, message and place."""


def _lower_priority() -> None:
    """The child yields the processor to the window (2 cores, other programs busy)."""
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000
            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(10)
    except (OSError, AttributeError):
        pass  # not allowed here: it runs at normal priority


def _terminated(_signum: int, _frame: object) -> None:
    raise SystemExit(1)  # unwinds: ``with`` blocks clean up (an export's temporary folder)


def _child(conn: Connection, target: str, args: tuple[Any, ...], feed: Connection | None = None) -> None:
    _lower_priority()  # (this runs in the child)
    if sys.platform != "win32":  # cancel terminates the child: let its cleanup run first
        import signal

        signal.signal(signal.SIGTERM, _terminated)

    def report(done: int, total: int, what: str = "") -> None:
        conn.send(("progress", done, total, what))

    try:
        module, name = target.split(":")
        function = getattr(importlib.import_module(module), name)
        if feed is None:
            result = function(*args, report=report)
        else:
            payload = feed.recv_bytes()
            feed.close()
            result = function(*args, payload=payload, report=report)
    except SystemExit:
        return  # terminated (cancelled): nobody waits for an answer
    except KnownError as exc:
        conn.send(("failed", exc))
    except BaseException as exc:  # noqa: BLE001 - handed to the window as a bug
        from tbcase.storage.library import bug_text

        conn.send(("failed", WorkerError(bug_text(exc))))
    else:
        conn.send(("ok", result))
    finally:
        conn.close()
        if sys.platform != "win32":  # answered and cleaned up: the window may terminate it while it
            import signal  # winds down; unwinding then would raise inside the interpreter's shutdown

            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_in_process(job: Job, target: str, *args: Any, payload: Any = None) -> Any:
    """``target`` ("package.module:function") called with ``args`` (and ``payload``, a
    buffer, as bytes) in a spawned process; its result. Runs on a worker thread;
    ``job.cancel()`` terminates the child."""
    receiver, sender = _SPAWN.Pipe(duplex=False)
    feed_out, feed_in = _SPAWN.Pipe(duplex=False) if payload is not None else (None, None)
    child = _SPAWN.Process(target=_child, args=(sender, target, args, feed_out), daemon=True,
                           name=f"tbcase {target}")
    try:
        if job.is_cancelled():
            raise CancelledError
        child.start()
        sender.close()  # the child holds the only writing end: EOF when it dies
        if feed_in is not None and feed_out is not None:
            feed_out.close()
            try:
                feed_in.send_bytes(payload)  # written from the buffer: the lock is free meanwhile
            except OSError:  # the child died before it read it: its exit code is told below
                pass
            feed_in.close()
        while True:
            if job.is_cancelled():
                raise CancelledError
            if not receiver.poll(_POLL_S):
                continue
            try:
                kind, *rest = receiver.recv()
            except EOFError:
                child.join(5)
                raise WorkerError(f"the worker process ended without an answer "
                                  f"(exit code {child.exitcode})") from None
            if kind == "progress":
                job.report(*rest)
            elif kind == "failed":
                raise rest[0]
            else:
                return rest[0]
    finally:
        if child.pid is not None:  # started
            if child.is_alive():
                child.terminate()
                child.join(5)
            if child.is_alive():
                child.kill()
            child.join()
            child.close()
        for end in (receiver, sender, feed_out, feed_in):
            if end is not None:
                end.close()
