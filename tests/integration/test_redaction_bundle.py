"""Redacted copies travel with an export (issue 17, left over): a case exported as a bundle
and imported elsewhere keeps its 遮挡副本 — an image's copy made again from the imported
original and the boxes, a chat log's ■ copy taken only when it masks the original — each
with an ``evidence.redacted`` entry saying it came with the import; ``check`` stays clean.

Why: a copy lost on the way means the next letter prints the unredacted original (the
phone number and address the user meant to hide), and the copy's record is what ``check``
holds the copy against.
"""

import json
import shutil

from tbcase.domain.redact import Box
from tbcase.storage.bundle import export_case
from tbcase.storage.intake import sha256_hex
from tbcase.storage.library import Library
from tbcase.wording import Wording
from tests.helpers import FIXTURES, make_phone_screenshot


def _box_of(where, key):
    left, top, right, bottom = where[key]
    return Box(left - 4, top - 4, right - left + 8, bottom - top + 8)


def _redacted_case(new_case):
    case = new_case()
    data, where = make_phone_screenshot()
    shot = case.evidence.add(data, "订单截图.png")
    boxes = [_box_of(where, "name"), _box_of(where, "address")]
    case.redactions.redact_image(shot.id, boxes)
    log = (FIXTURES / "chat_sample_utf8.txt").read_text(encoding="utf-8")
    log += "\n2026-11-16 10:00:00 买家:\n我的电话 13812345678，地址北京市朝阳区建国路88号\n"
    chat = case.evidence.add(log.encode("utf-8"), "聊天.txt")
    case.redactions.redact_chat(chat.id, ["青禾"], auto=True)
    return case, shot, chat, boxes


def _imported(tmp_path, folder):
    path, found = Library(tmp_path / "elsewhere").import_bundle(folder)
    problems = [Wording("en").finding(f) for f in found]
    from tbcase.storage.casefile import CaseFile

    return CaseFile.open(path), problems


def test_an_exported_case_is_imported_with_its_redacted_copies(new_case, tmp_path):
    case, shot, chat, boxes = _redacted_case(new_case)
    sent = case.redactions.all()
    export_case(case, tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["exhibit"]: e.get("redacted") for e in manifest["evidence"]}
    assert listed[shot.exhibit]["boxes"] == [b.as_list() for b in boxes]
    for number, ev in ((shot.exhibit, shot), (chat.exhibit, chat)):  # the copy is a file of its own
        copy = (tmp_path / "out" / listed[number]["file"]).read_bytes()
        assert sha256_hex(copy) == listed[number]["sha256"] == sent[ev.id].sha256
        assert "遮挡副本" in listed[number]["file"]
    imported, problems = _imported(tmp_path, tmp_path / "out")
    with imported as other:
        assert problems == []
        got = {e.exhibit: e for e in other.evidence.all()}
        copies = other.redactions.all()
        for ev in (shot, chat):  # same copies, byte for byte, linked to the same originals
            mine = got[ev.exhibit]
            assert mine.sha256 == ev.sha256
            assert copies[mine.id].sha256 == sent[ev.id].sha256
        assert other.redactions.boxes(got[shot.exhibit].id) == tuple(boxes)
        assert "13812345678" not in other.redactions.data(got[chat.exhibit].id).decode("utf-8")
        entries = [h for h in other.history() if h.what == "evidence.redacted"]
        assert sorted(h.exhibit for h in entries) == [shot.exhibit, chat.exhibit]
        assert all(h.detail.get("via") == "import" for h in entries)
        assert {h.detail.get("sender_sha256") for h in entries} == {sent[shot.id].sha256, sent[chat.id].sha256}
        # the chat copy taken over hides as many characters as the sender's did, and says so
        said = next(h.new for h in reversed(case.history())
                    if h.what == "evidence.redacted" and h.exhibit == chat.exhibit)
        taken = next(h.new for h in entries if h.exhibit == chat.exhibit)
        assert said.split()[-1] == taken.split()[-1] == f"masked:{said.split(':')[-1]}"
        assert int(taken.split(":")[-1]) >= len("13812345678")
        from tbcase.wording import Wording

        assert Wording("zh").history(entries[0].what, entries[0].detail)[2].endswith("（导入）")
        assert Wording("en").history(entries[0].what, entries[0].detail)[2].endswith("(imported)")
        assert other.check() == []
        # a second export of the imported case lists the same copies
        export_case(other, tmp_path / "again")
        again = json.loads((tmp_path / "again" / "manifest.json").read_text(encoding="utf-8"))
        assert [e.get("redacted", {}).get("sha256") for e in again["evidence"]] == \
            [e.get("redacted", {}).get("sha256") for e in manifest["evidence"]]


def test_a_tampered_copy_in_a_bundle_is_named_and_the_original_stays_hidden(new_case, tmp_path):
    case, shot, chat, boxes = _redacted_case(new_case)
    export_case(case, tmp_path / "out")
    folder = tmp_path / "out"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    by = {e["exhibit"]: e for e in manifest["evidence"]}
    # the image's copy file is swapped for the unredacted original: named, and the copy is
    # made again from the original and the boxes (the phone number stays hidden)
    shutil.copy(folder / by[shot.exhibit]["file"], folder / by[shot.exhibit]["redacted"]["file"])
    # the chat copy is edited to say something its original does not
    chat_copy = folder / by[chat.exhibit]["redacted"]["file"]
    text = chat_copy.read_text(encoding="utf-8").replace("买家", "卖家", 1)
    chat_copy.write_text(text, encoding="utf-8")
    by[chat.exhibit]["redacted"]["sha256"] = sha256_hex(text.encode("utf-8"))
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    imported, problems = _imported(tmp_path, folder)
    with imported as other:
        assert any(f"exhibit {shot.exhibit}" in p and "hash mismatch" in p for p in problems)
        assert any(f"exhibit {chat.exhibit}" in p and "not its original with characters hidden" in p for p in problems)
        got = {e.exhibit: e for e in other.evidence.all()}
        assert other.redactions.boxes(got[shot.exhibit].id) == tuple(boxes)
        assert other.redactions.get(got[chat.exhibit].id) is None
        assert other.check() == []


def _reimported(tmp_path, folder, manifest):
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    path, found = Library(tmp_path / "elsewhere").import_bundle(folder)
    from tbcase.storage.casefile import CaseFile

    return CaseFile.open(path), [(f.code, dict(f.params)) for f in found]


def test_an_image_copy_encoded_otherwise_elsewhere_is_made_again_here_and_said_so(new_case, tmp_path):
    """The sender's copy holds the same pixels written by another encoder: the copy here is made
    again from the original and the listed boxes (the same bytes the sender's app made), and the
    import says the copy is not byte for byte the sender's."""
    import io

    from PIL import Image

    case, shot, _, boxes = _redacted_case(new_case)
    made = case.redactions.get(shot.id)
    export_case(case, tmp_path / "out")
    folder = tmp_path / "out"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = next(e for e in manifest["evidence"] if e["exhibit"] == shot.exhibit)["redacted"]
    out = io.BytesIO()
    Image.open(folder / listed["file"]).save(out, "PNG", compress_level=1)
    (folder / listed["file"]).write_bytes(out.getvalue())
    listed["sha256"] = sha256_hex(out.getvalue())
    imported, found = _reimported(tmp_path, folder, manifest)
    with imported as other:
        assert found == [("import_copy_remade", {"copy_of": str(shot.exhibit)})]
        mine = next(e for e in other.evidence.all() if e.exhibit == shot.exhibit)
        assert other.redactions.get(mine.id).sha256 == made.sha256 != listed["sha256"]
        assert other.redactions.boxes(mine.id) == tuple(boxes)
        entry = next(h for h in other.history() if h.what == "evidence.redacted" and h.exhibit == shot.exhibit)
        assert entry.detail["sender_sha256"] == listed["sha256"] and other.check() == []


def test_a_copy_whose_boxes_are_no_boxes_is_named_and_not_made(new_case, tmp_path):
    case, shot, _, _ = _redacted_case(new_case)
    export_case(case, tmp_path / "out")
    folder = tmp_path / "out"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = next(e for e in manifest["evidence"] if e["exhibit"] == shot.exhibit)["redacted"]
    listed["boxes"] = [["left", "top", 1, 1]]
    imported, found = _reimported(tmp_path, folder, manifest)
    with imported as other:
        assert found == [("import_copy_boxes", {"copy_of": str(shot.exhibit)})]
        mine = next(e for e in other.evidence.all() if e.exhibit == shot.exhibit)
        assert other.redactions.get(mine.id) is None and len(other.redactions.ids()) == 1
