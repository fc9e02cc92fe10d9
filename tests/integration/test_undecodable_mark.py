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


def test_check_names_history_entries_cut_from_the_end(new_case, tmp_path):
    """The hash chain alone cannot see its last entries deleted (each remaining entry still
    follows the one before it). Every change also stamps the case's ``updated`` with the
    time of its entry, in the same transaction, so a case changed later than its last entry
    has lost entries from the end; check says so. (An editor who also rewrites ``updated``
    is caught only by a chain head kept elsewhere: the preservation sheet's.)"""
    import shutil
    import sqlite3
    import time

    from tbcase.storage.models import HISTORY_TRIGGERS

    case = new_case()
    case.set_field("facts", "杯子碎了")
    time.sleep(1.05)  # times are stored to the second: a cut entry of the same second is not seen
    case.set_field("facts", "杯子碎了，卖家拒绝退款")
    assert case.check() == []
    path = case.path
    case.close()
    cut = tmp_path / "cut.tbcase"
    shutil.copyfile(path, cut)
    con = sqlite3.connect(cut)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute('DELETE FROM "history" WHERE "id" = (SELECT max("id") FROM "history")')
    for trigger in HISTORY_TRIGGERS:
        con.execute(trigger)
    con.commit()
    con.close()
    with CaseFile.open(cut) as c:
        problems = c.check()
    assert any("entries after it were removed" in p for p in problems), problems
    # a migrated old file (entries stamped after its last change) is not flagged
    with CaseFile.open(path) as c:
        assert c.check() == []


def test_renditions_made_later_count_only_pictures_and_an_undecodable_one_is_marked_once(new_case):
    """``ensure_derived`` says how many pictures it made renditions for: the one that does not
    decode is not among them; it is marked once, with a history entry naming the exhibit, its
    title and why, and prints as nothing (the letter lists it without a picture)."""
    from tests.helpers import make_jpeg

    case = new_case()
    bad = case.evidence.store(intake.prepare(_broken_jpeg(), "坏.jpg", renditions=False))
    good = case.evidence.store(intake.prepare(make_jpeg(), "好.jpg", renditions=False))
    assert case.evidence.missing_renditions() == [bad.id, good.id]
    assert case.evidence.print_image(good.id)[:3] == b"\xff\xd8\xff"  # made now for the letter, not kept
    assert case.evidence.derived(good.id, "display") is None
    assert case.evidence.ensure_derived() == 1
    assert case.evidence.missing_renditions() == [] and case.evidence.derived(bad.id, "thumb") is None
    assert case.evidence.print_image(good.id) == case.evidence.derived(good.id, "display") is not None
    assert case.evidence.print_image(bad.id) is None and case.evidence.derived(bad.id, "none") == b"image_corrupt"
    marks = [h.detail for h in case.history() if h.what == "evidence.undecodable"]
    assert marks == [{"exhibit": bad.exhibit, "title": "坏", "code": "image_corrupt"}]
    assert case.evidence.ensure_derived() == 0
    assert [h.detail for h in case.history() if h.what == "evidence.undecodable"] == marks
    assert set(case.evidence.thumbnails()) == {good.id}
