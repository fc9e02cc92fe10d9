"""The receiver: a small HTTP server on a worker thread that takes files from a phone's
browser and hands each, checked and prepared, to a ``store`` callback.

What it promises (issue 15):

- Every path carries a random token (``secrets``, 128 bits or more); anything else is a 404,
  and the token dies with the receiver. No listing, no other paths, no caching, a CSP that
  forbids every external load, no referrer (the token is in the URL).
- An upload streams to a private temporary file (0600 in a 0700 folder, never whole in
  memory while it arrives); a connection that drops half-way leaves nothing behind.
- Limits: bytes per file (413 beyond, refused from ``Content-Length`` before reading),
  a total for the receiver's life, allowed kinds (images, video, PDF, text), at most
  ``concurrent`` uploads at once (503 beyond).
- A complete file is read back with the bounded reader, then goes through the same intake
  as a dropped file (hash, type detection, EXIF time, refusals for bombs and truncated
  files) on the request's thread, and ``store(item, user_agent)`` writes it in one
  transaction: in the window that call is queued to the case session, on the command line
  to one writer thread. The phone is answered then. A PNG or JPEG is accepted from its
  header and structure; its thumbnail and display copy are made afterwards in the
  background (``renditions.py``, queued by the store), and a picture whose full decode
  fails stays in the case as an original-only file, marked so.

No Qt and no database here: the caller gives ``store``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tbcase.domain.errors import KnownError
from tbcase.domain.model import Via, now
from tbcase.receive.page import page_html
from tbcase.receive.passcode import Passcode
from tbcase.receive.words import Reason
from tbcase.storage import intake
from tbcase.storage.inputs import read_bounded
from tbcase.storage.records import Exhibit

MB = 1024 * 1024
CHUNK = 256 * 1024
TOKEN_BYTES = 24  # 192 bits
NAME_CHARS = 120
TEXT_SUFFIXES = {".txt", ".log", ".csv", ".md"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".3gp", ".webm"}


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 100 * MB
    total_bytes: int = 2048 * MB
    concurrent: int = 4
    idle_seconds: float | None = 15 * 60
    socket_timeout: float = 30.0


@dataclass(frozen=True)
class CaseHeading:
    """What the phone page shows about the case, and what the chat parser needs."""

    order_no: str
    item: str = ""
    shop: str = ""
    buyer: str = ""


@dataclass(frozen=True)
class Arrival:
    """One upload's outcome, as the phone, the window's list and the command line show it."""

    name: str
    ok: bool
    text: str  # the sentence shown on the phone (Chinese unless asked otherwise)
    status: int
    reason: Reason | None = None  # the same sentence unworded (the window words it itself)
    exhibit: int | None = None
    evidence_id: int | None = None
    duplicate: bool = False
    size: int = 0
    media_type: str = ""
    user_agent: str = ""
    at: datetime = field(default_factory=now)

    def json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "text": self.text, "exhibit": self.exhibit,
                "duplicate": self.duplicate, "size": self.size, "media_type": self.media_type}


StoreFn = Callable[[intake.PreparedItem, str], Exhibit]


class _Refused(Exception):
    """An upload refused: the HTTP status and why (``key`` and values of a sentence in
    words.py or messages.py). ``unread``: the body was not (wholly) read, so the
    connection cannot be reused."""

    def __init__(self, status: int, key: str, name: str = "", unread: bool = False,
                 params: dict[str, object] | None = None) -> None:
        super().__init__(key)
        self.status, self.name, self.unread = status, name, unread
        self.reason = Reason(key, {**(params or {}), "name": name})


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def clean_name(raw: str) -> str:
    """A file name from the network as a harmless title: percent-decoded, no folders
    (``../`` and ``\\`` are cut away), no control, format (bidi) or unassigned characters,
    no leading dots, at most 120 characters. Never used as a path."""
    name = unquote(raw, errors="replace").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    return name[:NAME_CHARS] or "upload"


def allowed_kind(data: bytes, name: str) -> bool:
    """Images (and what claims to be one: the intake then says what is wrong with it),
    video, PDF and text; nothing else."""
    from tbcase.storage import imaging

    suffix = Path(name).suffix.lower()
    if imaging.sniff_image(data) or suffix in imaging.IMAGE_SUFFIXES:
        return True
    if data.startswith(b"%PDF-"):
        return True
    if data[4:8] == b"ftyp" or data.startswith(b"\x1a\x45\xdf\xa3"):  # ISO media, Matroska/WebM
        return suffix in VIDEO_SUFFIXES or suffix == ""
    return suffix in TEXT_SUFFIXES


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a phone that goes away mid-answer is not an error worth a traceback on the console


class Receiver:
    """One receiving session: start(), the ``url`` to show, stop().

    ``on_arrival(arrival)`` and ``on_stopped()`` are called on the server's threads.
    """

    def __init__(self, store: StoreFn, heading: CaseHeading, *, limits: Limits | None = None,
                 bind: str = "127.0.0.1", port: int = 0, lang: str = "zh", code: str | None = None,
                 on_arrival: Callable[[Arrival], None] | None = None,
                 on_stopped: Callable[[], None] | None = None) -> None:
        self.store = store
        self.heading = heading
        self.limits = limits or Limits()
        self.lang = lang
        self.token = new_token()
        self.passcode = Passcode(code)
        self.stop_reason = ""  # why it stopped by itself: "idle", "code_locked"
        self.on_arrival = on_arrival
        self.on_stopped = on_stopped
        self.arrivals: list[Arrival] = []
        self._bind, self._port = bind, port
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.limits.concurrent)
        self._total = 0  # bytes received or reserved by uploads in progress
        self._last_activity = time.monotonic()
        self._stopped = threading.Event()  # stopping has begun
        self._done = threading.Event()  # stopped: the port closed, the temp folder gone
        self._connections: set[socket.socket] = set()  # open connections (cut off on stop)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._watch: threading.Thread | None = None
        self.spool: Path | None = None

    # ------------------------------------------------------------ life

    def start(self) -> Receiver:
        self.spool = Path(tempfile.mkdtemp(prefix="tbcase-receive-"))  # 0700
        handler = type("Handler", (_Handler,), {"receiver": self, "timeout": self.limits.socket_timeout})
        try:
            self._server = _Server((self._bind, self._port), handler)
        except OSError:
            shutil.rmtree(self.spool, ignore_errors=True)
            raise
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="tbcase receiver", daemon=True)
        self._thread.start()
        if self.limits.idle_seconds:
            self._watch = threading.Thread(target=self._watch_idle, name="tbcase receiver idle", daemon=True)
            self._watch.start()
        return self

    @property
    def address(self) -> tuple[str, int]:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}/{self.token}/"

    @property
    def running(self) -> bool:
        return self._server is not None and not self._stopped.is_set()

    def stop(self) -> None:
        """Stop serving; the token dies. An upload still arriving is cut off at once (its
        phone is told it was not added, its temp file removed); one already complete
        finishes its write."""
        if self._stopped.is_set() or self._server is None:
            return
        self._stopped.set()
        self.token = ""  # a request arriving from now on matches nothing
        with self._lock:
            connections = list(self._connections)
        for conn in connections:  # a blocked read returns at once; the answer can still be sent
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RD)
        server = self._server
        if threading.current_thread() is not self._thread:
            server.shutdown()
        server.server_close()
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
        self._done.set()
        if self.on_stopped is not None:
            self.on_stopped()

    def wait(self, timeout: float | None = None) -> bool:
        """True once stopped (idle, or stop() from elsewhere)."""
        return self._done.wait(timeout)

    def touch(self) -> None:
        self._last_activity = time.monotonic()

    def _watch_idle(self) -> None:
        idle = self.limits.idle_seconds or 0
        while not self._stopped.wait(min(1.0, idle / 4)):
            if time.monotonic() - self._last_activity > idle:
                self.stop_reason = "idle"
                self.stop()
                return

    # ------------------------------------------------------------ uploads

    def _reserve(self, length: int, name: str) -> None:
        with self._lock:
            if self._total + length > self.limits.total_bytes:
                raise _Refused(413, "total_exceeded", name, unread=True, params={"mb": self.limits.total_bytes // MB})
            self._total += length

    def _release(self, length: int) -> None:
        with self._lock:
            self._total -= length

    def receive(self, name: str, length: int, stream: Any, user_agent: str) -> Arrival:
        """One upload of ``length`` bytes read from ``stream`` (the request's thread)."""
        if length > self.limits.file_bytes:
            raise _Refused(413, "file_too_large", name, unread=True, params={"mb": self.limits.file_bytes // MB})
        if length <= 0:
            raise _Refused(400, "empty_file", name, unread=True)
        if not self._slots.acquire(blocking=False):
            raise _Refused(503, "too_many", name, unread=True)
        try:
            self._reserve(length, name)
            try:
                arrival = self._receive(name, length, stream, user_agent)
            except BaseException:
                self._release(length)
                raise
        finally:
            self._slots.release()
        with self._lock:
            self.arrivals.append(arrival)
        if self.on_arrival is not None:
            self.on_arrival(arrival)
        return arrival

    def _receive(self, name: str, length: int, stream: Any, user_agent: str) -> Arrival:
        assert self.spool is not None
        try:
            fd, tmp = tempfile.mkstemp(dir=self.spool, suffix=".part")  # 0600
        except OSError:
            if self._stopped.is_set():  # stop() removed the spool after the token was checked
                raise _Refused(410, "receive_stopped", name, unread=True) from None
            raise
        try:
            with os.fdopen(fd, "wb") as fh:
                remaining = length
                while remaining:
                    try:
                        chunk = stream.read(min(CHUNK, remaining))
                    except (OSError, ValueError):
                        chunk = b""
                    if self._stopped.is_set():
                        raise _Refused(410, "receive_stopped", name, unread=True)
                    if not chunk:
                        raise _Refused(400, "incomplete", name, unread=True)
                    fh.write(chunk)
                    remaining -= len(chunk)
                    self.touch()
            read = read_bounded(tmp, self.limits.file_bytes)
        except KnownError as exc:
            raise _Refused(400, exc.code, name, params=exc.params) from None
        except OSError:
            if self._stopped.is_set():  # its temporary file went with the spool
                raise _Refused(410, "receive_stopped", name, unread=True) from None
            raise
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        data = read.data
        if not allowed_kind(data, name):
            raise _Refused(415, "type_refused", name)
        h = self.heading
        try:
            # renditions later: the store queues them once the original is in (renditions.py)
            item = intake.prepare(data, name, file_time=None, shop=h.shop, buyer=h.buyer, digest=read.sha256,
                                  renditions=False, via=Via.PHONE)
        except KnownError as exc:
            raise _Refused(422, exc.code, name, params=exc.params) from None
        del data
        try:
            exhibit = self.store(item, user_agent)
        except KnownError as exc:
            raise _Refused(503, "case_failed", name, params={"detail": Reason(exc.code, dict(exc.params))}) from None
        reason = Reason("duplicate" if exhibit.duplicate else "added", {"name": name, "exhibit": exhibit.exhibit})
        return Arrival(name=name, ok=True, text=reason.text(self.lang), status=200, reason=reason,
                       exhibit=exhibit.exhibit,
                       evidence_id=exhibit.id, duplicate=exhibit.duplicate, size=len(item.data),
                       media_type=item.media_type, user_agent=user_agent)

    def refused(self, refusal: _Refused, user_agent: str) -> Arrival:
        arrival = Arrival(name=refusal.name, ok=False, text=refusal.reason.text(self.lang), status=refusal.status,
                          reason=refusal.reason, user_agent=user_agent)
        if not (refusal.status == 503 and refusal.unread):  # "too many at once" is retried, not listed
            with self._lock:
                self.arrivals.append(arrival)
            if self.on_arrival is not None:
                self.on_arrival(arrival)
        return arrival


class _Handler(BaseHTTPRequestHandler):
    receiver: Receiver
    server_version = "tbcase"
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        super().setup()
        with self.receiver._lock:
            self.receiver._connections.add(self.connection)

    def finish(self) -> None:
        with self.receiver._lock:
            self.receiver._connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # nothing about the phone is written anywhere but the case's history

    # -- routing

    def _route(self) -> str | None:
        """The part after the token, or None when the token is wrong or the receiver stopped."""
        token = self.receiver.token
        path = urlsplit(self.path).path
        prefix = f"/{token}/"
        if not token or not path.startswith(prefix) or not secrets.compare_digest(
                path[:len(prefix)].encode(), prefix.encode()):
            return None
        return path[len(prefix):]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        route = self._route()
        if route == "":
            self.receiver.touch()
            nonce = secrets.token_urlsafe(16)
            h, limits = self.receiver.heading, self.receiver.limits
            body = page_html(h.order_no, h.item, limits.file_bytes, nonce,
                             self.receiver.passcode.required).encode("utf-8")
            self._send(200, body, "text/html; charset=utf-8", nonce)
        elif route == "files":
            self.receiver.touch()
            with self.receiver._lock:
                items = [a.json() for a in self.receiver.arrivals]
            self._json(200, {"files": items})
        else:
            self._not_found()

    def do_HEAD(self) -> None:  # noqa: N802
        self._not_found()

    def _code_refused(self, given: str) -> bool:
        """Answer 403 when the code is asked for and ``given`` is not it (True)."""
        receiver = self.receiver
        reason = receiver.passcode.check(given)
        if reason is None:
            return False
        self.close_connection = True
        self._json(403, {"ok": False, "code": True, "text": reason.text(receiver.lang)})
        if reason.key != "code_needed":  # the computer's list shows each wrong code
            receiver.refused(_Refused(403, reason.key, params=reason.params), "")
        if receiver.passcode.locked and receiver.running:
            receiver.stop_reason = "code_locked"
            receiver.stop()
        return True

    def do_POST(self) -> None:  # noqa: N802
        route = self._route()
        if route == "code":  # the phone page checks the code before its first upload
            size = self.headers.get("Content-Length", "")
            given = self.rfile.read(int(size)).decode("ascii", "replace") if size.isdigit() and \
                int(size) <= 16 else ""
            if not self._code_refused(given):
                self._json(200, {"ok": True})
            return
        if route != "upload":
            self._not_found(drain=True)
            return
        self.receiver.touch()
        if self._code_refused(self.headers.get("X-Code", "")):
            return
        user_agent = "".join(ch for ch in self.headers.get("User-Agent", "")[:300]
                             if unicodedata.category(ch)[0] != "C")[:200]
        name = clean_name(self.headers.get("X-File-Name", ""))
        length_text = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or length_text is None or not length_text.strip().isdigit():
            self.close_connection = True
            arrival = self.receiver.refused(_Refused(411, "no_length", name),
                                            user_agent)
            self._json(411, arrival.json())
            return
        length = int(length_text)
        try:
            arrival = self.receiver.receive(name, length, self.rfile, user_agent)
        except _Refused as refusal:
            if refusal.unread:
                self.close_connection = True
            arrival = self.receiver.refused(refusal, user_agent)
            self._json(refusal.status, arrival.json())
            return
        self._json(200, arrival.json())

    def do_PUT(self) -> None:  # noqa: N802
        self._not_found(drain=True)

    do_DELETE = do_OPTIONS = do_PATCH = do_PUT  # noqa: N815

    # -- answers

    def _not_found(self, drain: bool = False) -> None:
        self.close_connection = True
        self._send(404, b"404\n", "text/plain; charset=utf-8")

    def _json(self, status: int, obj: object) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, media_type: str, nonce: str | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store, max-age=0")
            self.send_header("Pragma", "no-cache")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            script = f"'nonce-{nonce}'" if nonce else "'none'"
            self.send_header("Content-Security-Policy",
                             f"default-src 'none'; script-src {script}; style-src {script}; "
                             "connect-src 'self'; img-src 'self' data:; form-action 'none'; "
                             "base-uri 'none'; frame-ancestors 'none'")
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True  # the phone went away
