"""A phone upload that passes the header and structure check but whose pixels do not decode
(a JPEG whose scan names a component its frame lacks): it is kept as an original-only
exhibit and marked (a ``derived`` row of kind ``none``). That mark is the app's own
writing, so ``check`` must not call it a bad value, and a repaired copy keeps it (or the
renditions queue would decode the file again on every opening)."""

import io

from PIL import Image

from tbcase.storage import intake
from tbcase.storage.casefile import CaseFile


def _broken_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 40, 40)).save(out, "JPEG", quality=90)
    data = out.getvalue()
    scan = data.index(b"\xff\xda")
    return data[:scan + 5] + b"\x09" + data[scan + 6:]


def test_an_undecodable_upload_is_marked_and_check_and_repair_accept_the_mark(new_case, tmp_path):
    from tbcase.storage.repair import repair_into

    case = new_case()
    exhibit = case.evidence.store(intake.prepare(_broken_jpeg(), "坏.jpg", renditions=False))
    case.evidence.ensure_derived()
    assert case.evidence.missing_renditions() == []
    assert case.check() == []
    path = case.path
    case.close()
    target = tmp_path / "repaired.tbcase"
    report = repair_into(path, target)
    assert not [line for line in report.left_out if "derived" in line], report.left_out
    with CaseFile.open(target) as c:
        assert c.evidence.missing_renditions() == []
        assert c.evidence.get(exhibit.id).sha256 == exhibit.sha256
        assert c.check() == []
