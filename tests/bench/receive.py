"""扫码传图 throughput (issue 15): 50 phone screenshots of about 1 MB each uploaded over
loopback, against a floor.

    python tests/bench/receive.py [--n 50] [--json FILE]

Both sides get the same files from the same client, ``curl``, one process sending them one
after another over one kept-alive connection (``--next``):

- floor (issue 15's): a bare ``http.server`` receiver (HTTP/1.1, keep-alive) that only
  writes each body to a file on disk;
- same-work floor (issue 18: a floor does the same work by the plainest fast means): the
  same bare server, which also does what tbcase must do before it may answer the phone:
  the body to a temp file, read back, SHA-256, a duplicate look-up and the bytes inserted
  into SQLite (WAL, synchronous=FULL, as a case file) in one transaction per file;
- tbcase: the receiver of ``tbcase receive`` over a fresh case file: streams each body to
  a private temp file, reads it back bounded, hashes it, checks the image's header and
  structure, stores it in one transaction with its history entry and answers; the
  decode, thumbnail and display copy follow in the background.

``receive_s`` is the time until curl has every answer; ``receive_renditions_after_s`` how
much longer the background renditions took to be written (the case closed after them).
``receive_prepare_s`` (header check) and ``receive_store_s`` (the write transaction) are
summed over files, so with ``--parallel`` they can add up to more than the wall time.
Target: ``receive_ratio`` (against issue 15's floor) <= 1.5. Not part of the test run;
generates its own data; only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5


def screenshot(seed: int) -> bytes:
    """A 1170x2532 phone screenshot: text-like rows and a photo band (about 1 MB as PNG)."""
    from PIL import Image

    from tests.helpers import make_png

    img = Image.open(io.BytesIO(make_png(1170, 2532, seed=seed, text_lines=30))).convert("RGB")
    rnd = random.Random(seed)
    band = Image.frombytes("RGB", (1170, 260), rnd.randbytes(1170 * 260 * 3)).resize((1170, 260))
    img.paste(band, (0, 1900))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


class _FloorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    folder: Path
    count = 0

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers["Content-Length"])
        type(self).count += 1
        with open(self.folder / f"{type(self).count}.bin", "wb") as fh:
            remaining = length
            while remaining:
                chunk = self.rfile.read(min(256 * 1024, remaining))
                fh.write(chunk)
                remaining -= len(chunk)
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _SameWorkHandler(_FloorHandler):
    """The floor plus what must happen before the phone may be answered, plainly."""

    db: sqlite3.Connection
    lock: threading.Lock

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers["Content-Length"])
        fd, tmp = tempfile.mkstemp(dir=self.folder)
        with os.fdopen(fd, "wb") as fh:
            remaining = length
            while remaining:
                chunk = self.rfile.read(min(256 * 1024, remaining))
                fh.write(chunk)
                remaining -= len(chunk)
        data = Path(tmp).read_bytes()
        os.unlink(tmp)
        digest = hashlib.sha256(data).hexdigest()
        with self.lock, self.db:
            if self.db.execute("SELECT 1 FROM blob WHERE sha256 = ?", (digest,)).fetchone() is None:
                self.db.execute("INSERT INTO blob (sha256, name, data) VALUES (?, ?, ?)",
                                (digest, self.headers.get("X-File-Name", ""), data))
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


PARALLEL = 1  # --parallel N: curl sends N at once (the phone page sends 2)


def curl_upload(url: str, files: list[Path]) -> float:
    args = ["curl", "-s", "-o", "/dev/null", "--fail"]
    if PARALLEL > 1:
        args[1:1] = ["--parallel", "--parallel-max", str(PARALLEL)]
    for i, f in enumerate(files):
        if i:
            args.append("--next")
            args += ["-s", "-o", "/dev/null", "--fail"]
        args += ["-H", f"X-File-Name: {f.name}", "-H", "Content-Type: image/png", "--data-binary", f"@{f}", url]
    start = time.perf_counter()
    subprocess.run(args, check=True)
    return time.perf_counter() - start


def floor(files: list[Path], folder: Path, same_work: bool = False) -> float:
    folder.mkdir()
    if same_work:
        db = sqlite3.connect(folder / "floor.sqlite", check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=wal")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE blob (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, name TEXT, data BLOB)")
        db.isolation_level = ""  # `with db:` is one transaction
        handler = type("H", (_SameWorkHandler,), {"folder": folder, "count": 0, "db": db, "lock": threading.Lock()})
    else:
        handler = type("H", (_FloorHandler,), {"folder": folder, "count": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return curl_upload(f"http://127.0.0.1:{server.server_address[1]}/upload", files)
    finally:
        server.shutdown()
        server.server_close()


def tbcase_run(files: list[Path], folder: Path) -> tuple[float, float, float, float, int]:
    from tbcase.receive import server as srv
    from tbcase.receive.server import CaseHeading, Limits, Receiver
    from tbcase.receive.store import SerialWriter
    from tbcase.storage.casefile import CaseFile

    case = CaseFile.create(folder / "bench.tbcase", order_no="4528716093384027715", complaint_type="quality")
    spent = {"prepare": 0.0, "store": 0.0}
    prepare = srv.intake.prepare

    def timed_prepare(*a, **k):
        t = time.perf_counter()
        try:
            return prepare(*a, **k)
        finally:
            spent["prepare"] += time.perf_counter() - t

    writer = SerialWriter(case)

    def timed_store(item, agent):
        t = time.perf_counter()
        try:
            return writer(item, agent)
        finally:
            spent["store"] += time.perf_counter() - t

    srv.intake.prepare = timed_prepare
    receiver = Receiver(timed_store, CaseHeading("4528716093384027715"), limits=Limits(idle_seconds=None),
                        bind="127.0.0.1").start()
    try:
        seconds = curl_upload(receiver.url + "upload", files)
    finally:
        srv.intake.prepare = prepare
        receiver.stop()
        start = time.perf_counter()
        writer.close()  # the background renditions finish first
        after = time.perf_counter() - start
    with CaseFile.open(folder / "bench.tbcase") as check:
        added = check.evidence.count()
        assert not check.evidence.missing_renditions(), "renditions missing"
        assert len(check.evidence.thumbnails()) == added, "thumbnails missing"
    return seconds, after, spent["prepare"], spent["store"], added


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--repeat", type=int, default=2, help="best of N")
    p.add_argument("--parallel", type=int, default=1, help="uploads at once (the phone page sends 2)")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args()
    global PARALLEL
    PARALLEL = args.parallel
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = []
        for i in range(args.n):
            f = root / f"Screenshot_{i:03}.png"
            f.write_bytes(screenshot(i))
            files.append(f)
        total_mb = sum(f.stat().st_size for f in files) / 1e6
        floors, same, runs = [], [], []
        for r in range(args.repeat):
            floors.append(floor(files, root / f"floor{r}"))
            same.append(floor(files, root / f"same{r}", same_work=True))
            runs.append(tbcase_run(files, root / f"tb{r}"))
        best_floor, best_same = min(floors), min(same)
        seconds, after, prep, store, added = min(runs)
    assert added == args.n, f"only {added} of {args.n} added"
    ratio = seconds / best_floor
    out = {
        "receive_n": args.n, "receive_parallel": args.parallel, "receive_mb": round(total_mb, 1),
        "receive_s": round(seconds, 2), "receive_mb_per_s": round(total_mb / seconds, 1),
        "receive_floor_s": round(best_floor, 2), "receive_floor_mb_per_s": round(total_mb / best_floor, 1),
        "receive_ratio": round(ratio, 2),
        "receive_same_work_floor_s": round(best_same, 2),
        "receive_same_work_floor_mb_per_s": round(total_mb / best_same, 1),
        "receive_same_work_ratio": round(seconds / best_same, 2),
        # how much of receive_ratio the hashing and storing alone explain (done by plain means)
        "receive_hash_store_ratio": round(best_same / best_floor, 2),
        "receive_renditions_after_s": round(after, 2),
        "receive_prepare_s": round(prep, 2), "receive_store_s": round(store, 2),
    }
    if args.parallel == 1:  # the parts add up only when files are handled one after another
        out["receive_other_s"] = round(seconds - prep - store, 2)
    for k, v in out.items():
        unit = "x" if k.endswith("ratio") else "MB/s" if k.endswith("per_s") else "s" if k.endswith("_s") \
            else "MB" if k.endswith("_mb") else ""
        print(f"{k} {v} {unit}".rstrip())
    print(f"target receive_ratio <= {TARGET_RATIO}: {'met' if ratio <= TARGET_RATIO else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
