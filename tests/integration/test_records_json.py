"""What ``tbcase show --json`` and the export write of each record (storage/records.py
``as_json``), built in process: every key and value of a chat line, an exhibit, a step, a
tracking number, a letter (sent and not) and a history entry. (The command line's own tests
run it in a subprocess.)"""

from datetime import date

from tbcase.domain.model import to_iso
from tests.helpers import FIXTURES, make_png


def test_every_record_writes_every_field_as_json(new_case):
    case = new_case()
    chat = case.evidence.add((FIXTURES / "chat_sample_utf8.txt").read_bytes(), "聊天.txt")
    shot = case.evidence.add(make_png(120, 200, seed=7), "截图.png")
    step = case.steps.add("complaint", at="2026-11-02 09:30", ref="TS-1", note="电话")
    tracking = case.tracking.add("SF1234567890123", carrier="sf", direction="return",
                                 signed="2026-11-03 15:00", note="退货")
    sent = case.letters.add(b"%PDF-1.4 sent", date(2026, 11, 23))
    kept = case.letters.add(b"%PDF-1.4 kept")

    first = case.evidence.messages(chat.id)[0]
    assert first.as_json() == {"at": to_iso(first.at), "speaker": first.speaker, "role": first.role,
                               "text": first.text, "status": first.status}
    assert first.as_json()["at"].endswith("+08:00") and first.text and first.speaker
    (listed,) = [e for e in case.evidence.all() if e.id == shot.id]
    assert listed.as_json() == {
        "id": shot.id, "exhibit": 2, "kind": listed.kind.value, "title": listed.title, "note": "",
        "sha256": shot.sha256, "size": shot.size, "media_type": "image/png", "original_name": "截图.png",
        "captured": to_iso(listed.captured), "captured_source": listed.captured_source, "width": 120,
        "height": 200, "added": to_iso(listed.added)}
    assert step.as_json() == {"id": step.id, "kind": "complaint", "at": "2026-11-02T09:30:00+08:00",
                              "ref": "TS-1", "note": "电话"}
    assert tracking.as_json() == {"number": "SF1234567890123", "carrier": "sf", "carrier_zh": "顺丰速运",
                                  "carrier_en": "SF Express", "direction": "return",
                                  "signed": "2026-11-03T15:00:00+08:00", "note": "退货"}
    assert sent.as_json() == {"id": sent.id, "created": to_iso(sent.created), "sent": "2026-11-23",
                              "sha256": sent.sha256, "size": len(b"%PDF-1.4 sent")}
    assert kept.as_json() == {"id": kept.id, "created": to_iso(kept.created), "sent": None,
                              "sha256": kept.sha256, "size": len(b"%PDF-1.4 kept")}
    assert sent.created.tzinfo is not None and to_iso(sent.created).endswith("+08:00")
    entry = case.history()[-1]
    assert entry.as_json() == {"n": entry.id, "at": to_iso(entry.at), "what": "letter.generated",
                               "old": entry.old, "new": entry.new, "detail": {"letter": kept.id,
                                                                              "sha256": kept.sha256},
                               "hash": entry.hash}
    assert len(entry.hash) == 64 and entry.id == len(case.history())
