"""What happens to a file before it enters a case: hashing, type detection, the kind
of evidence, the image renditions, the chat parse. Pure: no database, so it runs
before the write transaction and is tested without SQLite.

Bad input raises KnownError naming the file; nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tbcase.domain import chat as chatmod
from tbcase.domain.errors import KnownError
from tbcase.domain.model import SHANGHAI, EvidenceKind, Via

if TYPE_CHECKING:
    from tbcase.storage.imaging import ImageInfo

MAX_EVIDENCE_BYTES = 512 * 1024 * 1024
TEXT_MEDIA_TYPE = "text/plain; charset=utf-8"

_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
             "image/heic": ".heic", "image/bmp": ".bmp", "image/tiff": ".tif",
             "application/pdf": ".pdf", TEXT_MEDIA_TYPE: ".txt"}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class PreparedItem:
    """A file understood and ready to be stored in one short transaction."""

    data: bytes
    sha256: str
    original_name: str
    media_type: str
    kind: EvidenceKind
    title: str
    captured: datetime | None
    captured_source: str  # exif | chat | file | ""
    image: ImageInfo | None
    chat: chatmod.ParsedChat | None
    via: Via | None = None  # how it came in (None: not said)

    @property
    def renditions_pending(self) -> bool:
        """An image stored before its thumbnail and display copy were made."""
        return self.image is not None and self.image.thumb is None


def check_size(data: bytes, name: str) -> str:
    """The SHA-256 of bytes that may become evidence (refused when empty or too large)."""
    if not data:
        raise KnownError("empty_file", name=name)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise KnownError("file_too_large", name=name, mb=MAX_EVIDENCE_BYTES // (1024 * 1024))
    return sha256_hex(data)


def prepare(data: bytes, original_name: str = "", *, kind: EvidenceKind | None = None,
            title: str | None = None, file_time: datetime | None = None,
            shop: str = "", buyer: str = "", digest: str | None = None,
            renditions: bool = True, via: Via | None = None) -> PreparedItem:
    """Understand one file: images and chat logs are analysed, anything else kept whole.

    ``shop`` and ``buyer`` tell a chat log's speakers apart; ``file_time`` is the file's
    modification time, the capture time of last resort. ``renditions=False``: a PNG or
    JPEG is only inspected (header and structure: every refusal but damage deep inside
    the compressed data) and its thumbnail and display copy are left for later
    (``imaging.analyse_image``; the item says ``renditions_pending``).
    """
    from tbcase.storage import imaging  # Pillow loads when evidence arrives, not at start-up

    digest = digest or check_size(data, original_name)
    suffix = Path(original_name).suffix.lower()
    image: ImageInfo | None = None
    chat: chatmod.ParsedChat | None = None
    chat_text: str | None = None
    wants_image = kind in (EvidenceKind.SCREENSHOT, EvidenceKind.PHOTO) or (
        kind is None and suffix in imaging.IMAGE_SUFFIXES)
    if kind not in (EvidenceKind.DOCUMENT, EvidenceKind.CHAT) and (
            imaging.sniff_image(data) or wants_image):
        try:
            imaging.check_complete(data)  # cut short: refused on every path, as from the phone
            image = (imaging.analyse_image(data) if renditions or imaging.sniff_image(data) not in
                     imaging.INSPECTED else imaging.inspect_image(data))
        except KnownError as exc:
            exc.params.setdefault("name", original_name)
            raise
        media_type = image.media_type
        if kind is None:
            kind = guess_image_kind(image, original_name)
    else:
        if kind == EvidenceKind.CHAT:
            try:
                chat_text = chatmod.decode_text(data)
            except KnownError as exc:
                exc.params.setdefault("name", original_name)
                raise
        elif kind is None and suffix in (".txt", ".log", ""):
            chat_text = chatmod.text_or_none(data)  # decoded once: it is also the check
        if chat_text is not None:
            chat = chatmod.parse_chat(chat_text, shop=shop, buyer=buyer)
            media_type = TEXT_MEDIA_TYPE
            kind = EvidenceKind.CHAT
        else:
            media_type = media_type_by_suffix(suffix)
            kind = kind or (EvidenceKind.RECEIPT if suffix == ".pdf" else EvidenceKind.DOCUMENT)
    captured: datetime | None = None
    captured_source = ""
    if image is not None and image.captured is not None:
        captured, captured_source = image.captured, "exif"
    elif chat is not None and chat.messages and chat.messages[0].at is not None:
        captured, captured_source = chat.messages[0].at, "chat"
    elif file_time is not None:
        captured, captured_source = file_time, "file"
    return PreparedItem(
        data=data, sha256=digest, original_name=original_name, media_type=media_type,
        kind=kind, title=title or default_title(original_name, kind), captured=captured,
        captured_source=captured_source, image=image, chat=chat, via=via,
    )


def guess_image_kind(info: ImageInfo, name: str) -> EvidenceKind:
    lowered = name.lower()
    if "screenshot" in lowered or "截图" in name or "截屏" in name or "screen" in lowered:
        return EvidenceKind.SCREENSHOT
    if info.captured is not None or info.media_type in ("image/heic",):
        return EvidenceKind.PHOTO  # cameras write EXIF; phone screenshots usually do not
    ratio = max(info.width, info.height) / max(1, min(info.width, info.height))
    return EvidenceKind.SCREENSHOT if ratio >= 1.9 or info.media_type == "image/png" else EvidenceKind.PHOTO


def default_title(name: str, kind: str) -> str:
    return Path(name).stem if name else kind


def suffix_for(media_type: str) -> str:
    return _SUFFIXES.get(media_type, ".bin")


def media_type_by_suffix(suffix: str) -> str:
    for media, suf in _SUFFIXES.items():
        if suf == suffix:
            return media
    return {".mp4": "video/mp4", ".mov": "video/quicktime", ".jpeg": "image/jpeg"}.get(
        suffix, "application/octet-stream")


PHOTO_PIXELS = 12_000_000  # a phone camera's photo (4032 × 3024); the screens most people use are smaller


def pasted_kind(width: int, height: int, screen_pixels: int) -> EvidenceKind:
    """What a pasted picture (pixels without a file, so without EXIF) most likely is: a
    screenshot (WeChat / QQ / Snipping Tool captures, a phone screenshot forwarded to the
    computer), unless it has more pixels than any screen of this computer shows and than a
    screen is commonly: then a photo copied from a viewer. Only a guess; the user can change it."""
    pixels = width * height
    return EvidenceKind.PHOTO if pixels > max(screen_pixels, PHOTO_PIXELS) else EvidenceKind.SCREENSHOT


def prepare_paste(out_path: str, title: str, pixels: tuple[int, int, int, str] | None = None,
                  screen_pixels: int = 0, *, payload: bytes,
                  report: Callable[[int, int, str], None] | None = None) -> PreparedItem:
    """A pasted picture made ready to store, in the window's worker process: ``payload`` is
    its pixels (``pixels`` = width, height, stride, layout: encoded here as PNG) or, with
    ``pixels`` None, the encoded picture the clipboard held. The stored bytes are written
    to ``out_path`` (a new private file) and left out of the item returned: the window
    reads them from there (a big pickle would hold its interpreter lock while unpacked).

    Its kind: encoded bytes say what they are (a JPEG with an EXIF capture time is a
    photo); pixels are guessed by size (``pasted_kind``; ``screen_pixels``: the largest
    screen of the window's computer)."""
    import os

    from tbcase.storage import imaging

    if report is not None:
        report(0, 2, "")
    data = payload if pixels is None else imaging.encode_pixels(payload, *pixels)
    if report is not None:
        report(1, 2, "")
    kind = EvidenceKind.SCREENSHOT if pixels is None else pasted_kind(pixels[0], pixels[1], screen_pixels)
    item = prepare(data, "", kind=kind, title=title, via=Via.PASTE)
    if item.captured_source == "exif":  # a camera's JPEG (a screenshot has no capture time)
        item = replace(item, kind=EvidenceKind.PHOTO)
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(item.data)
    return replace(item, data=b"")


@dataclass(frozen=True)
class PackedMessages:
    """A chat log's messages as a few flat buffers, for the trip from the worker process:
    unpickling 61,000 message objects held the window's interpreter lock 227 ms in one
    call, their columns as tuples of strings 40-80 ms; these unpickle in about 2 ms, and
    ``unpack`` rebuilds the messages in Python, which lets the lock go every few ms."""

    columns: tuple[str, str, str, str]  # speaker, role, text and status of every message, each joined
    lengths: bytes  # array("q"): the length of each of those, message by message
    times: bytes  # array("q"): microseconds since the epoch, or NO_TIME

    NO_TIME = -(2**63)

    @classmethod
    def pack(cls, messages: list[chatmod.Message]) -> PackedMessages:
        from array import array

        fields = [(m.speaker, m.role, m.text, m.status) for m in messages]
        columns = ("".join(f[0] for f in fields), "".join(f[1] for f in fields),
                   "".join(f[2] for f in fields), "".join(f[3] for f in fields))
        lengths = array("q", [len(v) for f in fields for v in f])
        times = array("q", [cls.NO_TIME if m.at is None else (m.at - _EPOCH) // _MICROSECOND
                            for m in messages])
        return cls(columns, lengths.tobytes(), times.tobytes())

    def unpack(self) -> list[chatmod.Message]:
        from array import array

        lengths, times = array("q"), array("q")
        lengths.frombytes(self.lengths)
        times.frombytes(self.times)
        starts = [0, 0, 0, 0]
        out = []
        for i, at in enumerate(times):
            values = []
            for c in range(4):
                end = starts[c] + lengths[4 * i + c]
                values.append(self.columns[c][starts[c]:end])
                starts[c] = end
            when = None if at == self.NO_TIME else _EPOCH + timedelta(microseconds=at)
            out.append(chatmod.Message(when, values[0], values[1], values[2], values[3]))
        return out


_EPOCH = datetime(1970, 1, 1, 8, tzinfo=SHANGHAI)  # the epoch, in the zone chat times are in
_MICROSECOND = timedelta(microseconds=1)


def prepare_chat(title: str | None, shop: str, buyer: str, *, payload: bytes,
                 report: Callable[[int, int, str], None] | None = None) -> tuple[PreparedItem, PackedMessages]:
    """A pasted chat log (``payload``, its UTF-8 bytes) decoded and parsed in the window's
    worker process. The item comes back without its bytes (the window has them) and
    without its messages, which come packed (``PackedMessages``)."""
    if report is not None:
        report(0, 1, "")
    item = prepare(payload, "", kind=EvidenceKind.CHAT, title=title, shop=shop, buyer=buyer, via=Via.PASTE)
    messages = item.chat.messages if item.chat is not None else []
    chat = replace(item.chat, messages=[]) if item.chat is not None else None
    return replace(item, data=b"", chat=chat), PackedMessages.pack(messages)


def chat_from_packed(item: PreparedItem, data: bytes, packed: PackedMessages) -> PreparedItem:
    """The item ``prepare_chat`` returned made whole again: its bytes and its messages."""
    chat = replace(item.chat, messages=packed.unpack()) if item.chat is not None else None
    return replace(item, data=data, chat=chat)
