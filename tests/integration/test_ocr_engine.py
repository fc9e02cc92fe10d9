"""The OCR engine on real pictures (CI installs the ``ocr`` extra through ``test``).

Kept to a couple of small images: the full corpus report is ``python -m tests.ocr.report``.
"""

import socket

import pytest

from tbcase.domain.errors import KnownError
from tbcase.messages import message
from tbcase.ocr import engine
from tests.ocr.corpus import page


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("OCR tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_reads_a_refund_screenshot_offline(no_network):
    data, truth = page(3)  # refund page, 720 px wide
    boxes = engine.recognise(data)
    texts = [b.text for b in boxes]
    assert truth.order_no in "".join(texts)
    assert any("退款金额" in t for t in texts)
    assert all(0 <= b.box[0] <= b.box[2] <= truth.width and 0 < b.score <= 1 for b in boxes)
    assert boxes == sorted(boxes, key=lambda b: (b.box[1], b.box[0]))
    assert engine.engine_version().startswith("3.")


def test_not_a_picture_is_a_known_error():
    with pytest.raises(KnownError) as err:
        engine.recognise(b"not an image at all")
    assert err.value.code == "image_corrupt"


def test_without_the_extra_the_message_says_how_to_enable_it(monkeypatch):
    monkeypatch.setattr(engine, "_engine", None)
    monkeypatch.setattr(engine, "available", lambda: False)
    with pytest.raises(KnownError) as err:
        engine.recognise(page(3)[0])
    assert err.value.code == "ocr_missing"
    assert 'pip install "tbcase[ocr]"' in message("ocr_missing", "zh")
    assert 'pip install "tbcase[ocr]"' in message("ocr_missing", "en")
