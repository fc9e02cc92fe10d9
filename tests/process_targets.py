"""Functions that tests run in a worker process (tbcase/ui/process.py names them by string)."""

import os
import time

from tbcase.domain.errors import KnownError


def count(n, report):
    for i in range(n):
        report(i, n, f"step {i}")
    return {"pid": os.getpid(), "n": n}


def refuse(report):
    raise KnownError("empty_file", name="空.png")


def bug(report):
    return {}["missing"]


def die(report):
    os._exit(3)


def sleep_forever(report):
    report(0, 1, str(os.getpid()))
    time.sleep(120)


def broken_export(path, target, report):
    raise RuntimeError("boom while exporting")


def export_then_wait(target, report):
    """Half an export: its temporary folder exists, then the child waits to be cancelled."""
    from pathlib import Path

    from tbcase.storage.exportdir import ExportFolder

    with ExportFolder(Path(target)) as out:
        out.write("001_a.png", b"x")
        report(0, 1, str(os.getpid()))
        time.sleep(120)


def digest(label, payload, report):
    import hashlib

    return label, len(payload), hashlib.sha256(payload).hexdigest()



def sigterm_on_exit(marker, report):
    """Answers, and notes at its exit what SIGTERM would then do (tbcase/ui/process.py)."""
    import atexit
    import signal

    def note():
        with open(marker, "w") as fh:
            fh.write("default" if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL else "unwinds")

    atexit.register(note)
    return "done"
