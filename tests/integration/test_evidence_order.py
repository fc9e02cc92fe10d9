"""The exhibits as the user arranges them and reads them back: positions at the ends and past
them, what each change writes into the history, a chat log of more than one batch of lines
read page by page, and a batch import's progress from the first file to done."""

import pytest

from tbcase.domain.errors import KnownError
from tests.helpers import make_png


def _log(lines):
    """A Qianniu-style log: one header line (nick, time) and one text line per message."""
    out = []
    for i in range(lines):
        who = "tb3849027715" if i % 2 == 0 else "青禾家居旗舰店:小青"
        out.append(f"{who} 2026-11-20 10:{i // 60 % 60:02d}:{i % 60:02d}\n第{i}条消息\n")
    return "".join(out).encode("utf-8")


def _history(case):
    """What each entry records, as data (schema 6: ``detail``; the window words it)."""
    return [(h.what, dict(h.detail)) for h in case.history()[1:]]


def test_moves_clamp_to_the_ends_and_only_a_real_move_is_recorded(new_case):
    case = new_case()
    ids = [case.evidence.add(make_png(300, 400, seed=i), f"图{i}.png").id for i in range(3)]
    before = len(case.history())
    case.evidence.move(ids[0], 1)  # already first
    assert len(case.history()) == before
    case.evidence.move(ids[0], 99)  # past the end: last
    assert [e.id for e in case.evidence.all()] == [ids[1], ids[2], ids[0]]
    case.evidence.move(ids[0], 0)  # before the start: first
    assert [e.id for e in case.evidence.all()] == ids
    assert _history(case)[-2:] == [("evidence.moved", {"old": 1, "new": 3}),
                                   ("evidence.moved", {"old": 3, "new": 1})]
    with pytest.raises(KnownError) as info:
        case.evidence.move(999, 1)
    assert info.value.code == "evidence_not_found"


def test_delete_restore_and_purge_say_which_exhibit(new_case):
    case = new_case()
    ids = [case.evidence.add(make_png(300, 400, seed=i), f"图{i}.png").id for i in range(3)]
    case.evidence.delete(ids[1])
    case.evidence.delete(ids[1])  # twice: once recorded
    assert [e.exhibit for e in case.evidence.all(deleted=True)] == [None]
    assert case.evidence.count() == 2 and set(case.evidence.thumbnails()) == {ids[0], ids[2]}
    case.evidence.restore(ids[1])  # no position: at the end
    case.evidence.restore(ids[1])  # not deleted: nothing
    assert [e.id for e in case.evidence.all()] == [ids[0], ids[2], ids[1]]
    case.evidence.delete(ids[2])
    case.evidence.restore(ids[2], position=-5)  # clamped to the first place
    assert [e.id for e in case.evidence.all()] == [ids[2], ids[0], ids[1]]
    assert _history(case)[3:] == [("evidence.deleted", {"exhibit": 2, "title": "图1"}),
                                  ("evidence.restored", {"exhibit": 3, "title": "图1"}),
                                  ("evidence.deleted", {"exhibit": 2, "title": "图2"}),
                                  ("evidence.restored", {"exhibit": 1, "title": "图2"})]
    case.evidence.delete(ids[0])
    sha = case.evidence.get(ids[0]).sha256
    assert case.evidence.purge_deleted() == 1 and case.evidence.purge_deleted() == 0
    assert _history(case)[-1] == ("evidence.purged", {"title": "图0", "sha256": sha})
    with pytest.raises(KnownError):
        case.evidence.get(ids[0])
    assert case.check() == []


def test_edits_record_the_old_value_with_the_exhibit_number(new_case):
    case = new_case()
    eid = case.evidence.add(make_png(300, 400), "截图.png").id
    case.evidence.update(eid, title="订单页", note="下单时的价格", kind="photo", captured="2026-11-01 08:00")
    case.evidence.update(eid, title="订单页")  # unchanged: nothing recorded
    e = case.evidence.get(eid)
    assert (e.title, e.note, e.kind, e.captured_source) == ("订单页", "下单时的价格", "photo", "user")
    assert e.captured.isoformat() == "2026-11-01T08:00:00+08:00"
    assert _history(case)[1:] == [("evidence.title", {"exhibit": 1, "old": "截图", "new": "订单页"}),
                                  ("evidence.note", {"exhibit": 1, "old": "", "new": "下单时的价格"}),
                                  ("evidence.kind", {"exhibit": 1, "old": "screenshot", "new": "photo"}),
                                  ("evidence.captured", {"exhibit": 1, "new": "2026-11-01T08:00:00+08:00"})]
    with pytest.raises(KnownError):
        case.evidence.update(eid, kind="painting")
    with pytest.raises(KnownError) as info:
        case.evidence.update(999, title="x")
    assert info.value.code == "evidence_not_found"


def test_a_long_chat_log_is_stored_whole_and_read_page_by_page(new_case):
    case = new_case()
    log = case.evidence.add(_log(1203), "聊天记录.txt")
    lines = case.evidence.messages(log.id)
    assert [m.seq for m in lines] == list(range(1203)) and lines[-1].text == "第1202条消息"
    assert [m.seq for m in case.evidence.messages(log.id, limit=3)] == [0, 1, 2]
    assert [m.seq for m in case.evidence.messages(log.id, offset=1200)] == [1200, 1201, 1202]
    assert [m.seq for m in case.evidence.messages(log.id, offset=500, limit=2)] == [500, 501]
    assert case.evidence.message_counts() == {log.id: 1203}
    assert case.evidence.chat_text(3) == "第0条消息 第1条消息 第2条消息"
    assert [m.role for m in lines[:2]] == ["buyer", "seller"]
    assert case.case().buyer_nick == "tb3849027715"  # learnt from the log, as the case had none


def test_the_added_entry_holds_number_title_and_full_hash(new_case):
    case = new_case()
    case.evidence.add(make_png(300, 400, seed=1), "a.png")
    second = case.evidence.add(make_png(300, 400, seed=2), "物流截图.png")
    assert _history(case)[-1] == ("evidence.added", {"exhibit": 2, "title": "物流截图", "sha256": second.sha256})


def test_a_batch_reports_progress_from_the_first_file_to_done(new_case, tmp_path):
    case = new_case()
    files = []
    for i in range(3):
        f = tmp_path / f"图{i}.png"
        f.write_bytes(make_png(300, 400, seed=i))
        files.append(f)
    seen = []
    added, failed = case.evidence.import_files(files, progress=lambda i, n, name: seen.append((i, n, name)))
    assert seen == [(0, 3, "图0.png"), (1, 3, "图1.png"), (2, 3, "图2.png"), (3, 3, "")]
    assert [a.exhibit for a in added] == [1, 2, 3] and failed == []
    assert all(a.captured_source == "file" for a in added)  # the file's time, when nothing better
    again, _ = case.evidence.import_files(files[:1])
    assert again[0].duplicate and again[0].id == added[0].id


def test_a_batch_given_a_kind_files_every_item_as_that_kind(new_case, tmp_path):
    """Photos of the broken cup dropped together with 照片 chosen stay photos (a PNG alone
    would read as a screenshot)."""
    case = new_case()
    files = []
    for i in range(2):
        f = tmp_path / f"破损{i}.png"
        f.write_bytes(make_png(300, 400, seed=10 + i))
        files.append(f)
    added, failed = case.evidence.import_files(files, kind="photo", title="杯口裂纹")
    assert failed == [] and [(a.kind, a.title) for a in case.evidence.all()] == [("photo", "杯口裂纹")] * 2


def test_each_chat_log_counts_its_own_lines(new_case):
    """The chat tab and the CLI list each chat log with its own number of lines, not the case's
    total: two logs of 4 and 7 lines, and a picture with none."""
    case = new_case()
    first = case.evidence.add(_log(4), "聊天记录1.txt")
    second = case.evidence.add(_log(7), "聊天记录2.txt")
    case.evidence.add(make_png(40, 30, seed=5), "截图.png")
    assert case.evidence.message_counts() == {first.id: 4, second.id: 7}
