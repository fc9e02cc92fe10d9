"""扫码传图 (issue 15): a real receiver on 127.0.0.1, real uploads over HTTP, a real case file.

Nothing here sends a packet to any address but 127.0.0.1.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tbcase.receive.server import CaseHeading, Limits, Receiver
from tbcase.receive.store import SerialWriter
from tests.helpers import ORDER, make_jpeg, make_png

KB = 1024


def noise_png(kb: int, seed: int) -> bytes:
    """A PNG of about ``kb`` KB (noise does not compress)."""
    import random

    from PIL import Image

    side = int((kb * KB / 3) ** 0.5)
    rnd = random.Random(seed)
    img = Image.frombytes("RGB", (side, side), rnd.randbytes(side * side * 3))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


class Phone:
    """An HTTP client for one receiver URL."""

    def __init__(self, url: str, agent: str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) TestPhone") -> None:
        parts = urlsplit(url)
        self.host, self.port, self.base = parts.hostname, parts.port, parts.path
        self.agent = agent

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers={"User-Agent": self.agent, **(headers or {})})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def upload(self, data: bytes, name: str, raw_name: bool = False):
        header = name if raw_name else quote(name)
        status, _headers, body = self.request("POST", self.base + "upload", data, {"X-File-Name": header})
        return status, json.loads(body)


@pytest.fixture
def receiving(new_case):
    """A case and a receiver with small limits; yields (receiver, case path)."""
    started: list[tuple[Receiver, SerialWriter]] = []

    def start(limits: Limits | None = None, case=None, code: str | None = None):
        case = case or new_case()
        d = case.case()
        writer = SerialWriter(case)
        receiver = Receiver(writer, CaseHeading(d.order_no, d.item, d.shop, d.buyer_nick),
                            limits=limits or Limits(file_bytes=400 * KB, total_bytes=20_000 * KB,
                                                    idle_seconds=None),
                            bind="127.0.0.1", code=code).start()
        started.append((receiver, writer))
        return receiver, case.path

    yield start
    for receiver, writer in started:
        receiver.stop()
        writer.close()


def read_case(path: Path):
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(path) as case:
        return case.evidence.all(), case.history(), {e.id: case.evidence.original(e.id) for e in case.evidence.all()}


def spool_files(receiver: Receiver) -> list[str]:
    return os.listdir(receiver.spool) if receiver.spool and receiver.spool.exists() else []


# ------------------------------------------------------------------ the happy path


def test_several_files_in_parallel_from_two_phones_land_whole_with_their_history(receiving):
    receiver, path = receiving()
    files = [(make_png(360, 780, seed=i, text_lines=8), f"Screenshot_2026112{i}.png") for i in range(6)]
    files.append((make_jpeg(seed=3, when="2026:11:20 10:30:00"), "IMG_0001.JPG"))
    phones = [Phone(receiver.url, "iPhone Safari"), Phone(receiver.url, "Android Chrome")]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: phones[i % 2].upload(*files[i]), range(len(files))))
    assert [s for s, _ in results] == [200] * len(files), results
    assert sorted(r["exhibit"] for _, r in results) == list(range(1, len(files) + 1))
    assert all(r["ok"] and not r["duplicate"] and "已添加为证据" in r["text"] for _, r in results)
    exhibits, history, originals = read_case(path)
    assert {e.original_name for e in exhibits} == {name for _, name in files}
    by_name = {e.original_name: e for e in exhibits}
    for data, name in files:  # the original bytes, not a re-encoding
        assert originals[by_name[name].id] == data
    assert by_name["IMG_0001.JPG"].captured is not None  # EXIF capture time, as for a dropped file
    assert by_name["IMG_0001.JPG"].captured_source == "exif"
    received = [h for h in history if h.what == "evidence.received"]
    assert len(received) == len(files)
    assert sum("iPhone Safari" in h.detail["device"] for h in received) == 4
    assert sum("Android Chrome" in h.detail["device"] for h in received) == 3
    assert sorted(h.exhibit for h in received) == sorted(e.exhibit for e in exhibits)
    added = [h for h in history if h.what == "evidence.added"]  # the chained entry says how
    assert len(added) == len(files) and all(h.detail.get("via") == "phone" for h in added)
    assert [a.ok for a in receiver.arrivals] == [True] * len(files)
    assert spool_files(receiver) == []


def test_the_same_bytes_twice_are_one_exhibit(receiving):
    receiver, path = receiving()
    phone = Phone(receiver.url)
    data = make_png(300, 600, seed=9, text_lines=5)
    assert phone.upload(data, "a.png")[1]["exhibit"] == 1
    status, answer = phone.upload(data, "again.png")
    assert status == 200 and answer["duplicate"] and answer["exhibit"] == 1 and "未重复添加" in answer["text"]
    exhibits, history, _ = read_case(path)
    assert len(exhibits) == 1
    assert len([h for h in history if h.what == "evidence.received"]) == 1


def test_the_page_is_self_contained_uncached_and_names_the_case(receiving, new_case):
    receiver, _ = receiving(case=new_case(item="<script>alert(1)</script>耳机"))
    status, headers, body = Phone(receiver.url).request("GET", urlsplit(receiver.url).path)
    page = body.decode("utf-8")
    assert status == 200
    assert ORDER in page and "选择截图/照片" in page and "文件" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;耳机" in page and "<script>alert" not in page
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert page.count(f'nonce="{nonce}"') == 2  # the one style and the one script
    assert "http://" not in page and "https://" not in page and "src=" not in page and "href=" not in page
    assert "no-store" in headers["Cache-Control"] and headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # the list of what arrived (the page reloaded on the phone)
    Phone(receiver.url).upload(make_png(200, 400, seed=1, text_lines=3), "x.png")
    status, _, body = Phone(receiver.url).request("GET", urlsplit(receiver.url).path + "files")
    assert status == 200 and json.loads(body)["files"][0]["name"] == "x.png"


# ------------------------------------------------------------------ hostile input


def test_a_wrong_or_missing_token_is_404_and_the_token_dies_with_the_receiver(receiving):
    receiver, path = receiving()
    phone = Phone(receiver.url)
    token = receiver.token
    assert len(token) >= 22 and len(token.encode()) * 6 // 8 >= 16  # at least 128 bits
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    for method, target in [("GET", "/"), ("GET", f"/{wrong}/"), ("GET", f"/{token}"), ("GET", f"/{token}/x"),
                           ("GET", f"/{token}/../"), ("GET", "/favicon.ico"), ("POST", f"/{wrong}/upload"),
                           ("PUT", f"/{token}/upload"), ("DELETE", f"/{token}/upload")]:
        status, headers, body = phone.request(method, target, b"x" if method != "GET" else None,
                                              {"X-File-Name": "a.png"})
        assert status == 404, (method, target)
        assert token not in body.decode("utf-8", "replace")
    receiver.stop()
    with pytest.raises(OSError):  # stopped: nothing listens any more
        phone.request("GET", f"/{token}/")
    assert read_case(path)[0] == []


def test_an_expired_token_gets_404_from_the_next_receiver(receiving, new_case):
    first, path = receiving()
    old_token = first.token
    first.stop()
    from tbcase.storage.casefile import CaseFile

    second, _ = receiving(case=CaseFile.open(path))
    status, _, _ = Phone(second.url).request("GET", f"/{old_token}/")
    assert status == 404
    status, _, _ = Phone(second.url).request("POST", f"/{old_token}/upload", b"abc", {"X-File-Name": "a.txt"})
    assert status == 404


def test_a_zero_byte_file_is_refused_clearly(receiving):
    receiver, path = receiving()
    status, answer = Phone(receiver.url).upload(b"", "空.png")
    assert status == 400 and not answer["ok"] and "空文件" in answer["text"]
    assert read_case(path)[0] == []


@pytest.mark.parametrize("make, name, status, words", [
    (lambda: os.urandom(5000), "fake.png", 422, "不是图片"),
    (lambda: make_png(300, 600, seed=2, text_lines=5)[:1500], "cut.png", 422, "损坏"),
    (lambda: b"PK\x03\x04" + os.urandom(3000), "archive.zip", 415, "类型"),
    (lambda: b"MZ" + os.urandom(3000), "setup.exe", 415, "类型"),
])
def test_fake_truncated_and_foreign_files_are_refused(receiving, make, name, status, words):
    receiver, path = receiving()
    got, answer = Phone(receiver.url).upload(make(), name)
    assert got == status and not answer["ok"] and words in answer["text"] and name in answer["text"]
    assert read_case(path)[0] == []
    assert spool_files(receiver) == []
    assert receiver.arrivals[-1].ok is False


def test_oversize_is_413_before_it_is_read_and_the_total_is_bounded(receiving):
    receiver, path = receiving(Limits(file_bytes=200 * KB, total_bytes=300 * KB, idle_seconds=None))
    phone = Phone(receiver.url)
    status, answer = phone.upload(b"x" * (250 * KB), "big.txt")
    assert status == 413 and "超过" in answer["text"]
    assert phone.upload(noise_png(150, 1), "one.png")[0] == 200
    status, answer = phone.upload(noise_png(150, 2), "two.png")
    assert status == 413 and "上限" in answer["text"]
    assert [e.original_name for e in read_case(path)[0]] == ["one.png"]
    assert spool_files(receiver) == []


def test_a_body_larger_than_it_said_never_goes_beyond_content_length(receiving):
    """The server reads Content-Length bytes only; what follows is another request (404)."""
    receiver, path = receiving()
    host, port = receiver.address
    data = make_png(200, 400, seed=4, text_lines=3)
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(f"POST /{receiver.token}/upload HTTP/1.1\r\nHost: x\r\nX-File-Name: a.png\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n".encode() + data + b"GARBAGE" * 100)
        reply = s.recv(65536)
    assert reply.startswith(b"HTTP/1.1 200")
    assert len(read_case(path)[0]) == 1


def test_chunked_uploads_without_a_length_are_refused(receiving):
    receiver, path = receiving()
    host, port = receiver.address
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(f"POST /{receiver.token}/upload HTTP/1.1\r\nHost: x\r\nX-File-Name: a.png\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n".encode())
        reply = s.recv(65536)
    assert reply.startswith(b"HTTP/1.1 411")
    assert read_case(path)[0] == []


def test_names_with_folders_and_control_characters_are_only_titles(receiving, tmp_path):
    receiver, path = receiving()
    before = sorted(p.name for p in tmp_path.iterdir())
    hostile = "../../" + "\x00\x1b[31m\u202egnp.exe\r\nX-Evil: 1" + ".png"
    status, answer = Phone(receiver.url).upload(make_png(200, 400, seed=5, text_lines=3), hostile)
    assert status == 200, answer
    (exhibit,), _, _ = read_case(path)
    for bad in ("/", "\\", "\x00", "\x1b", "\u202e", "\r", "\n", ".."):
        assert bad not in exhibit.original_name and bad not in exhibit.title
    assert exhibit.original_name == "[31mgnp.exeX-Evil: 1.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written beside the case
    status, answer = Phone(receiver.url).upload(make_png(200, 400, seed=6, text_lines=3), "..\\..\\win.png")
    assert status == 200 and answer["name"] == "win.png"


def test_a_connection_that_drops_half_way_adds_nothing_and_leaves_no_temp_file(receiving):
    receiver, path = receiving()
    host, port = receiver.address
    data = noise_png(300, 7)
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(f"POST /{receiver.token}/upload HTTP/1.1\r\nHost: x\r\nX-File-Name: half.png\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n".encode() + data[:len(data) // 2])
        deadline = time.monotonic() + 5
        while not spool_files(receiver) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(spool_files(receiver)) == 1  # it was streaming to a temp file
        (part,) = spool_files(receiver)
        if os.name == "posix":
            assert os.stat(receiver.spool / part).st_mode & 0o777 == 0o600
            assert os.stat(receiver.spool).st_mode & 0o777 == 0o700
    deadline = time.monotonic() + 10
    while not receiver.arrivals and time.monotonic() < deadline:
        time.sleep(0.02)
    assert receiver.arrivals and not receiver.arrivals[0].ok and "未传完整" in receiver.arrivals[0].text
    assert spool_files(receiver) == []
    assert read_case(path)[0] == []
    # the receiver is still fine
    assert Phone(receiver.url).upload(data, "whole.png")[0] == 200


def test_at_most_four_uploads_at_once(receiving):
    receiver, path = receiving()
    host, port = receiver.address
    files = [noise_png(60, 20 + i) for i in range(4)]
    sockets = []
    for i, data in enumerate(files):  # four uploads stuck half-way hold the four slots
        s = socket.create_connection((host, port), timeout=10)
        s.sendall(f"POST /{receiver.token}/upload HTTP/1.1\r\nHost: x\r\nX-File-Name: s{i}.png\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n".encode() + data[:1000])
        sockets.append(s)
    deadline = time.monotonic() + 5
    while len(spool_files(receiver)) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    status, answer = Phone(receiver.url).upload(make_png(200, 400, seed=8, text_lines=3), "fifth.png")
    assert status == 503 and "太多" in answer["text"]
    for s, data in zip(sockets, files, strict=True):
        s.sendall(data[1000:])
    for s in sockets:
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        s.close()
    assert Phone(receiver.url).upload(make_png(200, 400, seed=8, text_lines=3), "fifth.png")[0] == 200
    assert len(read_case(path)[0]) == 5


def test_the_case_edited_elsewhere_while_files_arrive_loses_nothing(receiving):
    from tbcase.storage.casefile import CaseFile

    receiver, path = receiving()
    files = [(make_png(300, 640, seed=30 + i, text_lines=6), f"s{i}.png") for i in range(6)]
    phone = Phone(receiver.url)
    stop = threading.Event()
    notes: list[str] = []

    def edit() -> None:
        with CaseFile.open(path) as other:  # the window, or `tbcase set`, at the same time
            i = 0
            while not stop.is_set():
                other.set_field("notes", f"备注 {i}")
                notes.append(f"备注 {i}")
                i += 1
                # a breath between edits, as any editor takes: SQLite's busy wait is not fair, and
                # edits back to back starved an upload past its 5 s wait on a loaded machine (503)
                stop.wait(0.002)

    editor = threading.Thread(target=edit)
    editor.start()
    try:
        with ThreadPoolExecutor(3) as pool:
            results = list(pool.map(lambda f: phone.upload(*f), files))
    finally:
        stop.set()
        editor.join()
    assert [s for s, _ in results] == [200] * len(files)
    exhibits, history, _ = read_case(path)
    assert len(exhibits) == len(files)
    assert len(notes) > 0
    assert [h.new for h in history if h.what == "case.notes"] == notes
    with CaseFile.open(path) as case:
        assert case.case().notes == notes[-1]
        assert case.check() == []


def test_idle_for_the_configured_time_stops_the_receiver(receiving):
    receiver, _ = receiving(Limits(idle_seconds=0.6))
    url = receiver.url
    assert Phone(url).request("GET", urlsplit(url).path)[0] == 200
    assert receiver.wait(5)
    assert not receiver.running and receiver.token == ""
    with pytest.raises(OSError):
        Phone(url).request("GET", urlsplit(url).path)
    assert receiver.spool is not None and not receiver.spool.exists()


# ------------------------------------------------------------------ the command line


def test_cli_prints_the_url_then_a_qr_code_then_a_line_per_file(new_case, library_dir):
    new_case().close()
    env = {**os.environ, "TBCASE_LIBRARY": str(library_dir), "TBCASE_LANG": "zh"}
    proc = subprocess.Popen([sys.executable, "-m", "tbcase", "receive", ORDER, "--bind", "127.0.0.1",
                             "--minutes", "0.05"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True, encoding="utf-8")
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        status, answer = Phone(url).upload(make_png(200, 400, seed=11, text_lines=3), "截图1.png")
        assert status == 200
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    lines = out.splitlines()
    qr = [line for line in lines if "█" in line or "▀" in line or "▄" in line]
    assert len(qr) >= 15 and len({len(line) for line in qr}) == 1  # a square block of text
    assert "已添加为证据1：截图1.png" in lines
    assert lines[-1] == "接收结束：添加 1 个，重复 0 个，拒收 0 个。"
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(library_dir / f"{ORDER}.tbcase") as case:
        assert [e.original_name for e in case.evidence.all()] == ["截图1.png"]


def test_cli_qr_code_decodes_to_the_url():
    """segno's own matrix round-trips: the text holds exactly the modules of the URL's code."""
    import segno

    from tbcase.cli.receive import qr_text

    url = "http://192.168.1.20:43117/" + "A" * 32 + "/"
    text = qr_text(url).splitlines()
    matrix = segno.make(url, error="m", micro=False).matrix
    border = 4
    size = len(matrix) + 2 * border
    assert len(text) == (size + 1) // 2 and all(len(line) == size for line in text)
    for row in range(len(matrix)):
        line = text[(row + border) // 2]
        for col in range(len(matrix)):
            ch = line[col + border]
            top = (row + border) % 2 == 0
            light = ch == "█" or (ch == "▀" and top) or (ch == "▄" and not top)
            assert light == (not matrix[row][col])


def test_an_upload_that_passed_the_token_as_the_receiver_stops_gets_a_clear_answer(receiving):
    """An upload whose token was checked just before stop() removed the spool folder: its
    temporary file could not be made and the handler thread died without an answer (the
    phone saw a dropped connection). It is told the receiver stopped (410); nothing added."""
    from tbcase.receive.server import _Refused

    receiver, path = receiving()
    receiver.stop()
    body = make_png(40, 40, seed=5)
    with pytest.raises(_Refused) as refused:
        receiver.receive("late.png", len(body), io.BytesIO(body), "TestPhone")
    assert refused.value.status == 410 and refused.value.reason.key == "receive_stopped"
    assert receiver.arrivals == []
