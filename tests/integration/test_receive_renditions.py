"""扫码传图 (issue 15): the phone is answered once the original is stored; the thumbnail and
display copy follow in the background. What gates acceptance is the header and the file's
structure (a bomb, a fake, a truncated PNG or JPEG are still refused and leave nothing);
a picture that is whole but does not decode stays an original-only exhibit, marked so.
Stopping the receiver cuts off an upload still arriving and answers it at once.

Only 127.0.0.1 is used.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time

import pytest

from tbcase.domain.errors import KnownError
from tbcase.receive.renditions import Renditions
from tbcase.storage import imaging
from tbcase.storage.evidence import UNDECODABLE
from tests.helpers import add_evidence, make_jpeg, make_png
from tests.integration.test_receive import Phone, read_case, receiving, spool_files  # noqa: F401 - a fixture


def whole_but_undecodable_png() -> bytes:
    """Every chunk's length right and IEND in place, but the compressed pixels scrambled."""
    data = make_png(300, 600, seed=2, text_lines=5)
    at = data.index(b"IDAT") + 24
    return data[:at] + bytes(b ^ 0x5A for b in data[at:at + 200]) + data[at + 200:]


def test_header_and_structure_refuse_what_a_full_decode_would_without_decoding(monkeypatch):
    png, jpeg = make_png(300, 600, seed=3, text_lines=4), make_jpeg(seed=5, when="2026:11:20 10:30:00")
    cuts = [png[:1500], png[:-1], png[:-12], jpeg[:-2], jpeg[:len(jpeg) // 2], jpeg[:400]]
    decoded = []
    monkeypatch.setattr(imaging.Image.Image, "load", lambda self: decoded.append(self) or None)
    for cut in cuts:
        with pytest.raises(KnownError) as refused:
            imaging.inspect_image(cut)
        assert refused.value.code == "image_corrupt"
    info = imaging.inspect_image(jpeg)
    assert (info.width, info.height, info.thumb, info.display) == (400, 300, None, None)
    assert info.captured is not None and info.captured.hour == 10  # EXIF from the header
    assert imaging.inspect_image(png).thumb is None
    assert not [im for im in decoded if im.format in ("PNG", "JPEG")]  # no pixels were decoded
    monkeypatch.undo()
    for cut in (cuts[0], cuts[4], cuts[5]):  # cut inside the pixels: the full decode agrees
        with pytest.raises(KnownError):
            imaging.analyse_image(cut)
    # cut only in the end marker: Pillow would still decode these; the structure check is
    # stricter (a file that did not arrive whole is not evidence of what it shows)


def test_a_bomb_header_is_refused_before_any_decode():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG")  # 144 MP: a few KB on disk
    with pytest.raises(KnownError) as refused:
        imaging.inspect_image(out.getvalue())
    assert refused.value.code == "image_bomb"


def test_the_answer_comes_first_and_the_thumbnail_follows(receiving):  # noqa: F811 - the fixture
    receiver, path = receiving()
    writer = receiver.store
    made = threading.Event()
    release = threading.Event()
    real_write = writer.renditions._write

    def slow_write(op):  # hold the renditions back: the phone must not wait for them
        made.set()
        release.wait(10)
        real_write(op)

    writer.renditions._write = slow_write
    phone = Phone(receiver.url)
    status, answer = phone.upload(make_png(360, 780, seed=11, text_lines=6), "Screenshot_1.png")
    assert status == 200 and answer["exhibit"] == 1
    assert made.wait(10)  # the renditions were made after the answer, and wait to be written
    from tbcase.storage.casefile import CaseFile

    reader = CaseFile.open(path)
    try:
        assert reader.evidence.missing_renditions() == [1]  # the original is in; no thumbnail yet
        assert reader.evidence.original(1)[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        reader.close()
    release.set()
    receiver.stop()
    writer.close()
    with CaseFile.open(path) as case:
        assert case.evidence.missing_renditions() == []
        exhibit = case.evidence.get(1)
        assert (exhibit.width, exhibit.height) == (360, 780)
        thumb = case.evidence.derived(1, "thumb")
        display = case.evidence.derived(1, "display")
        assert thumb is not None and thumb[:3] == b"\xff\xd8\xff" and display is not None


def test_a_whole_picture_that_does_not_decode_stays_an_original_only_exhibit(receiving):  # noqa: F811 - the fixture
    receiver, path = receiving()
    data = whole_but_undecodable_png()
    status, answer = Phone(receiver.url).upload(data, "scrambled.png")
    assert status == 200 and answer["ok"] and answer["exhibit"] == 1
    receiver.stop()
    receiver.store.close()  # the background decode fails and marks it
    exhibits, history, originals = read_case(path)
    assert [e.original_name for e in exhibits] == ["scrambled.png"]
    assert originals[exhibits[0].id] == data  # the original, whole
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(path) as case:
        assert case.evidence.derived(exhibits[0].id, "thumb") is None
        assert case.evidence.derived(exhibits[0].id, UNDECODABLE) == b"image_corrupt"
        assert case.evidence.missing_renditions() == []  # marked: not tried again at every opening
        assert case.evidence.ensure_derived() == 0
    marks = [h for h in history if h.what == "evidence.undecodable"]
    assert len(marks) == 1 and marks[0].exhibit == 1 and marks[0].detail["code"] == "image_corrupt"
    assert spool_files(receiver) == []


def test_cancelled_renditions_write_nothing_and_are_found_again(receiving):  # noqa: F811 - the fixture
    receiver, path = receiving()
    writer = receiver.store
    writer.renditions.cancel()  # as when the case closes while they wait
    phone = Phone(receiver.url)
    for i in range(3):
        assert phone.upload(make_png(300, 600, seed=20 + i, text_lines=4), f"s{i}.png")[0] == 200
    from tbcase.storage.casefile import CaseFile

    reader = CaseFile.open(path)
    try:
        assert reader.evidence.missing_renditions() == [1, 2, 3]
    finally:
        reader.close()
    receiver.stop()
    writer.close()  # closing makes the ones left undone (ensure_derived)
    with CaseFile.open(path) as case:
        assert case.evidence.missing_renditions() == []
        assert len(case.evidence.thumbnails()) == 3


class _FakeCase:
    """What an operation of the queue touches: one transaction, save_renditions inside."""

    def __init__(self) -> None:
        self.saved: list[tuple[int, str, bool]] = []
        self.transactions = 0
        self.evidence = self

    @contextlib.contextmanager
    def writing(self):
        self.transactions += 1
        yield

    def save_renditions(self, eid, info) -> bool:
        self.saved.append((eid, threading.current_thread().name, isinstance(info, KnownError)))
        return True


def test_the_queue_keeps_order_on_one_thread_and_batches_a_burst_into_few_transactions():
    case = _FakeCase()
    calls: list[int] = []
    gate = threading.Event()

    def write(op):
        gate.wait(10)  # the first write waits: the next results pile up meanwhile
        calls.append(1)
        op(case)

    queue = Renditions(write, batch=4)
    good, bad = make_png(200, 400, seed=1, text_lines=2), whole_but_undecodable_png()
    for eid in range(1, 11):
        queue.put(eid, bad if eid == 5 else good)
    gate.set()
    assert queue.close(30)
    assert [e for e, _, _ in case.saved] == list(range(1, 11))
    assert {name for _, name, _ in case.saved} == {"tbcase renditions"}
    assert [e for e, _, failed in case.saved if failed] == [5]
    assert case.transactions == len(calls) < 10  # several results per transaction


def test_cancel_drops_what_waits_and_writes_nothing_more():
    case = _FakeCase()
    gate = threading.Event()

    def write(op):
        gate.wait(10)
        op(case)

    queue = Renditions(write, batch=1)
    data = make_png(200, 400, seed=1, text_lines=2)
    for eid in (1, 2, 3):
        queue.put(eid, data)
    time.sleep(0.5)  # the first is made and waits to be written
    queue.cancel()
    gate.set()
    assert queue.close(10)
    assert [e for e, _, _ in case.saved] in ([], [1])  # at most the one already handed over
    queue.put(4, data)  # after cancel nothing more is taken
    assert queue.pending() == 0 and 4 not in [e for e, _, _ in case.saved]


def test_stopping_cuts_off_an_upload_still_arriving_and_answers_it_at_once(receiving):  # noqa: F811 - the fixture
    receiver, path = receiving()
    host, port = receiver.address
    with socket.create_connection((host, port), timeout=20) as s:
        s.sendall(f"POST /{receiver.token}/upload HTTP/1.1\r\nHost: x\r\nX-File-Name: half.png\r\n"
                  f"Content-Length: 300000\r\n\r\n".encode() + b"\x89PNG\r\n\x1a\n" + b"\0" * 50_000)
        deadline = time.monotonic() + 10
        while not spool_files(receiver) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert spool_files(receiver)  # it is arriving
        start = time.monotonic()
        receiver.stop()
        reply = s.recv(65536)
        took = time.monotonic() - start
    assert took < 5, took  # not the 30 s socket timeout
    assert reply.startswith(b"HTTP/1.1 410"), reply[:200]
    assert "接收已结束" in reply.decode("utf-8", "replace")
    assert read_case(path)[0] == []
    assert not receiver.spool.exists()
    assert receiver.arrivals[-1].ok is False and receiver.arrivals[-1].status == 410


def test_a_file_completed_after_the_writer_closed_is_answered_at_once(receiving):  # noqa: F811 - the fixture
    """The command line's writer closed (Ctrl+C) while a file was being checked: the phone
    is told it was not added, at once, and nothing is half-written."""
    receiver, path = receiving()
    receiver.store.close()
    start = time.monotonic()
    status, answer = Phone(receiver.url).upload(make_png(200, 400, seed=7, text_lines=2), "late.png")
    assert time.monotonic() - start < 5
    assert status == 503 and not answer["ok"] and "接收已结束" in answer["text"]
    assert read_case(path)[0] == []


def test_a_letter_printed_before_the_renditions_are_made_still_shows_the_picture(new_case):
    """A phone upload is answered before its display copy exists; a letter printed in that
    moment must still show the picture (made from the original, not stored), while an
    image marked undecodable prints no picture. The original is never changed."""
    from datetime import date

    from pypdf import PdfReader

    from tbcase.pdf.letter import render_case_letter
    from tbcase.storage.engine import DeadlineEngine
    from tests.helpers import add_evidence

    case = new_case()
    photo = make_png(300, 600, seed=4, text_lines=3)
    info = add_evidence(case, photo, "物流截图.png")
    with case.writing():  # as a phone upload stands before the background queue reaches it
        case.db.execute_sql("DELETE FROM derived WHERE evidence_id = ?", (info.id,))
    assert case.evidence.missing_renditions() == [info.id]

    def pictures() -> int:
        pdf = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 30)).pdf
        return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)

    assert pictures() == 1
    assert case.evidence.missing_renditions() == [info.id]  # nothing stored by printing
    assert case.evidence.original(info.id) == photo
    case.evidence.save_renditions(info.id, KnownError("image_corrupt"))
    assert pictures() == 0


def test_renditions_made_later_keep_each_exhibits_own_size(new_case):
    """Two uploads waiting for their pictures, done one after the other: each keeps its size."""
    case = new_case()
    sizes = [(300, 600), (500, 200)]
    ids = [add_evidence(case, make_png(w, h, seed=w, text_lines=3), f"{w}.png").id for w, h in sizes]
    with case.writing():  # as phone uploads stand before the background queue reaches them
        case.db.execute_sql("DELETE FROM derived")
    assert case.evidence.missing_renditions() == ids
    assert case.evidence.ensure_derived() == 2
    assert [(e.width, e.height) for e in case.evidence.all()] == sizes
