"""The evidence-preservation sheet (证据保全说明) and the one manifest format (issue 17).

The sheet prints, for each exhibit, its full SHA-256, where its capture time came from, how
it was added and whether the original is unchanged (re-hashed when printed); at its foot the
SHA-256 of the manifest, which must be the hash of the very bytes an export writes as
``manifest.json``, with a QR code of it; and the statement "证明自添加以来未被修改；不证明内容
真实". Real case files, real PDFs (pdftotext, or pypdf), real exports.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.bundle import bundle_chain, export_case, export_case_file, import_bundle
from tbcase.storage.casefile import CaseFile
from tbcase.storage.library import Library
from tbcase.storage.manifest import OriginalState, build_manifest
from tbcase.wording import Wording
from tests.helpers import ORDER, make_jpeg, make_png, pdf_text

CHAT = "2026-11-16 10:00:00 青禾家居旗舰店\n您好\n2026-11-16 10:01:00 buyer\n杯子碎了\n".encode()


def _sheet(manifest):
    from tbcase.pdf.manifest import render_sheet

    return render_sheet(manifest, datetime.now().astimezone())


def _flat(text: str) -> str:
    return "".join(text.split())


def _case(new_case):
    """Four exhibits, added four ways, one of them before tbcase recorded how."""
    case = new_case()
    case.evidence.add(make_png(360, 780, seed=1, text_lines=6),
                      "Screenshot_2026-11-16-10-02-33_com.taobao.taobao_订单详情页面_一个很长很长的文件名.png",
                      via="drop")
    case.evidence.add(make_jpeg(seed=2, when="2026:11:15 19:02:00"), "IMG_2041.jpg", via="phone")
    case.evidence.add(CHAT, "", kind="chat", title="与卖家的聊天", via="paste")
    case.evidence.add(make_png(300, 600, seed=4, text_lines=4), "old.png")  # no via: not recorded
    return case


def test_the_sheet_lists_every_exhibit_and_its_hash_is_the_exported_manifest_json(new_case, tmp_path):
    case = _case(new_case)
    manifest = build_manifest(case)
    pdf = _sheet(manifest)
    folder = export_case(case, tmp_path / "export").parent
    exported = (folder / "manifest.json").read_bytes()
    # the Done-when item: the printed manifest hash is sha256 of the exported manifest.json
    assert hashlib.sha256(exported).hexdigest() == manifest.sha256()
    text = _flat(pdf_text(pdf))
    assert manifest.sha256() in text
    for e in case.evidence.all():
        assert e.sha256 in text, e.title  # all 64 digits, on one line
    for words in ("拖入", "手机传入", "粘贴", "未记录", "来源：照片EXIF", "证据保全说明"):
        assert words in text, words
    assert text.count("原件：未改变") == 4
    assert "证明自添加以来未被修改；不证明内容真实" in text
    head = case.history()[-1]
    assert f"第{head.id}条" in text and head.hash in text
    # the manifest says the same, in the format import reads
    data = json.loads(exported)
    assert [i["added_via"] for i in data["evidence"]] == ["drop", "phone", "paste", None]
    assert {i["original"] for i in data["evidence"]} == {"unchanged"}
    assert data["history_head"] == {"n": head.id, "hash": head.hash, "verified": True}
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [i["file"] for i in data["evidence"]] + ["manifest.json"])


def test_the_manifest_is_the_same_bytes_until_the_case_changes(new_case, tmp_path):
    """No time of its own: printed twice, or printed and exported, it is the same; any new
    history entry changes it."""
    case = _case(new_case)
    first = build_manifest(case).canonical()
    assert build_manifest(case).canonical() == first
    assert json.dumps(json.loads(first), ensure_ascii=False, sort_keys=True, indent=2).encode() + b"\n" == first
    case.set_field("notes", "补一句")
    assert build_manifest(case).canonical() != first


def test_a_tampered_original_shows_changed_for_that_exhibit_only(new_case):
    case = _case(new_case)
    second = case.evidence.all()[1]
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (b"not the photo", second.id))
    con.commit()
    con.close()
    with CaseFile.open(path) as reopened:
        manifest = build_manifest(reopened)
        states = [i.state for i in manifest.items]
        assert states == [OriginalState.UNCHANGED, OriginalState.CHANGED,
                          OriginalState.UNCHANGED, OriginalState.UNCHANGED]
        text = _flat(pdf_text(_sheet(manifest)))
    assert text.count("原件：已改变") == 1 and text.count("原件：未改变") == 3
    block = text[text.index("证据2"):text.index("证据3")]
    assert "原件：已改变" in block and second.sha256 in block
    assert "其中1项不能确认未改变" in text


def test_an_original_whose_row_and_bytes_were_both_replaced_is_not_called_unchanged(new_case):
    case = _case(new_case)
    first = case.evidence.all()[0]
    other = make_png(360, 780, seed=99, text_lines=6)
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (other, first.id))
    con.execute("UPDATE evidence SET sha256 = ?, size = ? WHERE id = ?",
                (hashlib.sha256(other).hexdigest(), len(other), first.id))
    con.commit()
    con.close()
    with CaseFile.open(path) as reopened:
        manifest = build_manifest(reopened)
    assert manifest.items[0].state is OriginalState.UNRECORDED
    assert "无法证明" in _flat(pdf_text(_sheet(manifest)))


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="zbarimg (zbar-tools) and pdftoppm (poppler-utils) decode the printed QR code")
def test_the_qr_code_on_the_page_decodes_to_the_manifest_hash(new_case, tmp_path):
    case = _case(new_case)
    manifest = build_manifest(case)
    (tmp_path / "sheet.pdf").write_bytes(_sheet(manifest))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(tmp_path / "sheet.pdf"), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    found = subprocess.run(["zbarimg", "-q", "--raw", *map(str, pages)], capture_output=True, text=True,
                           timeout=60).stdout.split()
    assert found == [manifest.sha256()]


def test_the_letter_includes_the_sheet_unless_asked_not_to(new_case, library_dir, tmp_path):
    from tbcase.pdf.letter import render_case_letter
    from tbcase.storage.engine import DeadlineEngine

    case = _case(new_case)
    engine = DeadlineEngine()
    expected = build_manifest(case).sha256()
    with_sheet = _flat(pdf_text(render_case_letter(case, engine, datetime.now().date()).pdf))
    without = _flat(pdf_text(render_case_letter(case, engine, datetime.now().date(),
                                                with_sheet=False).pdf))
    assert "证据保全说明" in with_sheet and expected in with_sheet
    assert "证据保全说明" not in without and expected not in without
    # the command line: tbcase letter --no-sheet, tbcase manifest -o / --json
    case.close()
    run = [sys.executable, "-m", "tbcase", "--library", str(library_dir)]
    r = subprocess.run([*run, "letter", ORDER, "-o", str(tmp_path / "l.pdf"), "--no-sheet"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "证据保全说明" not in pdf_text((tmp_path / "l.pdf").read_bytes())
    r = subprocess.run([*run, "manifest", ORDER, "-o", str(tmp_path / "m.pdf")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    printed = r.stdout.split("sha256:")[-1].strip()
    js = subprocess.run([*run, "manifest", ORDER, "--json"], capture_output=True, timeout=120).stdout
    assert hashlib.sha256(js).hexdigest() == printed
    assert printed in _flat(pdf_text((tmp_path / "m.pdf").read_bytes()))


def test_how_an_exhibit_was_added_is_in_its_entry_and_never_guessed(new_case):
    from tbcase.domain.errors import KnownError

    case = _case(new_case)
    added = [h for h in case.history() if h.what == "evidence.added"]
    assert [h.detail.get("via") for h in added] == ["drop", "phone", "paste", None]
    assert [h.detail.get("sha256") for h in added] == [e.sha256 for e in case.evidence.all()]
    with pytest.raises(KnownError) as info:  # a way tbcase does not know is refused, not stored
        case.evidence.add(b"more chat\n", "x.txt", via="teleport")
    assert info.value.code == "bad_choice"


def test_bundle_import_verifies_the_senders_chain_and_says_when_it_is_broken(new_case, tmp_path):
    case = _case(new_case)
    folder = export_case(case, tmp_path / "export").parent
    case.close()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    said = bundle_chain(manifest)
    assert said.held and (said.state, said.verified) == ("verified", len(manifest["history"]))
    target, problems = import_bundle(Library(tmp_path / "lib1"), folder)
    assert problems == []
    with CaseFile.open(target) as copy:
        imported = [h.detail for h in copy.history() if h.what == "case.imported"]
        assert len(imported) == 1 and imported[0]["chain"] == "verified"
        assert all(h.detail.get("via") == "import" for h in copy.history() if h.what == "evidence.added")
    # someone cuts the last entries off …
    cut = json.loads(json.dumps(manifest))
    cut["history"] = cut["history"][:-2]
    said = bundle_chain(cut)
    assert not said.held and (said.state, said.verified) == ("cut", len(cut["history"]))
    assert said.text() == (f"history chain: {len(cut['history'])} entries verified in the bundle, "
                           "but its head is not the last entry listed (entries were cut off)")
    # … or edits an entry of the bundle's history by hand
    manifest["history"][2]["new"] = "证据1 改过的标题"
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    target, problems = import_bundle(Library(tmp_path / "lib2"), folder)
    at = manifest["history"][2]["at"]
    assert [Wording("en").finding(p) for p in problems] == [f"history chain: broken in the bundle at entry 3 ({at}); "
                                                 "2 entries before it verified"]


def test_the_sheet_embeds_every_font_it_uses(new_case):
    from tests.helpers import pdf_fonts

    fonts = pdf_fonts(_sheet(build_manifest(_case(new_case))))
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_the_letters_sheet_dates_the_check_when_the_originals_were_rehashed(new_case):
    """核验时间 on the letter's sheet is when the originals were re-hashed (the letter's data
    was gathered), not when reportlab laid the pages out."""
    import dataclasses

    from tbcase.pdf.content import gather_letter
    from tbcase.pdf.letter import render_letter
    from tbcase.storage.engine import DeadlineEngine

    data, hints = gather_letter(new_case(), DeadlineEngine(), datetime.now().date(), with_images=False)
    checked = datetime.fromisoformat("2026-11-20T10:00:00+08:00")
    text = _flat(pdf_text(render_letter(dataclasses.replace(data, sheet_made=checked), hints).pdf))
    assert "核验时间2026-11-2010:00:00（" in text


def test_a_sheet_past_its_exhibit_limit_says_how_many_are_left_out(new_case, monkeypatch):
    """The sheet lists at most MAX_SHEET_EXHIBITS exhibits (as the letter's list); past it, one
    line says how many more there are and where they are listed, never a silently short list."""
    import tbcase.pdf.manifest as sheet

    monkeypatch.setattr(sheet, "MAX_SHEET_EXHIBITS", 3)  # the case's four exhibits go past it
    case = _case(new_case)
    manifest = build_manifest(case)
    text = _flat(pdf_text(_sheet(manifest)))
    assert "（另有1项证据未列出，见manifest.json）" in text
    assert manifest.items[2].exhibit.sha256 in text and manifest.items[3].exhibit.sha256 not in text


def test_exhibits_sharing_a_number_in_a_file_from_elsewhere_are_each_exported(new_case, tmp_path):
    """A case file from elsewhere may give three exhibits the same number (``check`` says import
    would renumber them); the export still writes each under its own name, numbered as
    ExportFolder numbers a name taken before: ``name (2)``, ``name (3)``."""
    case = new_case()
    added = [case.evidence.add(make_png(100 + s, 100, seed=s), "截图.png") for s in (1, 2, 3)]
    case.db.execute_sql("UPDATE evidence SET exhibit = 1")
    names = ["001_截图.png", "001_截图 (2).png", "001_截图 (3).png"]
    assert [i.file for i in build_manifest(case).items] == names
    folder = export_case(case, tmp_path / "export").parent
    assert [(folder / n).read_bytes() for n in names] == [case.evidence.original(e.id) for e in added]


def test_the_sheet_alone_dates_the_check_when_it_was_printed(new_case):
    """``tbcase manifest`` re-hashes the originals when it prints: its 核验时间 is that moment."""
    from tbcase.pdf.manifest import render_sheet

    printed = datetime(2026, 11, 29, 10, 11, 12).astimezone()
    text = _flat(pdf_text(render_sheet(build_manifest(_case(new_case)), printed)))
    assert "核验时间2026-11-2910:11:12（打印时逐项重新计算原件的SHA-256" in text


def test_the_windows_letter_worker_honours_the_sheet_choice(new_case):
    """The window's letter dialog lays the letter out in a worker process through
    ``render_case_file`` (it reads the case file itself): its "with the sheet" choice reaches it."""
    from tbcase.pdf.letter import render_case_file
    from tbcase.storage.engine import DeadlineEngine

    case = _case(new_case)
    path, expected = str(case.path), build_manifest(case).sha256()
    case.close()
    engine, sent = DeadlineEngine(), datetime.now().date()
    with_sheet = render_case_file(path, engine, sent)
    assert with_sheet.manifest_sha256 == expected and expected in _flat(pdf_text(with_sheet.pdf))
    without = render_case_file(path, engine, sent, with_sheet=False)
    assert without.manifest_sha256 is None and "证据保全说明" not in pdf_text(without.pdf)


def test_an_original_changed_in_place_at_its_size_shows_changed(new_case):
    """One byte flipped, the size unchanged: only the SHA-256 tells, and it is what is checked."""
    case = _case(new_case)
    first = case.evidence.all()[0]
    data = bytearray(case.evidence.original(first.id))
    data[len(data) // 2] ^= 0xFF
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (bytes(data), first.id))
    con.commit()
    con.close()
    with CaseFile.open(path) as reopened:
        assert [i.state for i in build_manifest(reopened).items][0] == OriginalState.CHANGED


def test_the_sheet_names_each_original_file_and_its_size_or_says_it_had_none(new_case):
    """原文件名: the file's name as it came, with its size in bytes; a pasted chat had no file."""
    case = _case(new_case)
    text = _flat(pdf_text(_sheet(build_manifest(case))))
    photo, chat = case.evidence.all()[1:3]
    assert f"原文件名IMG_2041.jpg（{photo.size:,}字节）" in text
    assert f"原文件名（无文件名：粘贴或输入）（{chat.size:,}字节）" in text


def test_a_bundle_whose_entry_time_was_edited_names_the_entry_and_its_time_cut_short(new_case, tmp_path):
    """The time of the entry where a bundle's chain breaks goes into the import entry, cut to 40
    characters (a hand-edited bundle may hold any text there)."""
    from tbcase.storage.bundle import bundle_chain

    case = _case(new_case)
    export_case(case, tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_bytes())
    edited = manifest["history"][1]
    edited["at"] = "2026-11-20T10:00:00+08:00 加了一段很长很长很长的说明文字" * 2
    found = bundle_chain(manifest)
    assert (found.state, found.broken_at, found.broken_time) == ("broken", edited["n"], edited["at"][:40])
    detail = found.detail()  # what the case.imported entry records
    assert (detail["chain"], detail["chain_broken_at"], detail["chain_broken_time"]) == (
        "broken", edited["n"], edited["at"][:40])


def test_an_export_reports_each_original_as_it_writes_it(new_case, tmp_path):
    """The window's export progress: (done, total, file name) for each original written."""
    case = _case(new_case)
    seen = []
    export_case(case, tmp_path / "out", lambda done, total, name: seen.append((done, total, name)))
    files = [i.file for i in build_manifest(case).items]
    assert seen == [(i, 4, name) for i, name in enumerate(files)]


def test_the_sheets_foot_has_its_two_headings(new_case):
    """The foot of the sheet: 案件历史记录（哈希链） (the chain's last entry and its hash), then
    清单哈希 (the manifest's SHA-256 and its QR code), each a heading line of its own."""
    manifest = build_manifest(_case(new_case))
    lines = [_flat(line) for line in pdf_text(_sheet(manifest)).splitlines()]
    assert "案件历史记录（哈希链）" in lines and "清单哈希（manifest.json的SHA-256）" in lines
    assert lines.index("案件历史记录（哈希链）") < lines.index("清单哈希（manifest.json的SHA-256）")


def test_an_import_racing_a_case_file_of_the_same_order_leaves_that_file_alone(new_case, tmp_path, monkeypatch):
    """The same order's case file appears in the library while a bundle is being imported (a
    second window, a phone upload): the import stops with case_exists and replaces nothing."""
    import tbcase.storage.bundle as bundle

    folder = export_case(_case(new_case), tmp_path / "export").parent
    library = Library(tmp_path / "lib")
    fill = bundle._fill

    def fill_while_another_appears(*args):
        fill(*args)
        library.path_for(ORDER).write_bytes(b"someone else's")

    monkeypatch.setattr(bundle, "_fill", fill_while_another_appears)
    with pytest.raises(KnownError) as err:
        import_bundle(library, folder)
    assert err.value.code == "case_exists" and library.path_for(ORDER).read_bytes() == b"someone else's"
    assert sorted(p.name for p in library.folder.iterdir() if p.name.startswith(ORDER)) == [f"{ORDER}.tbcase"]


def test_the_users_own_notes_travel_in_the_export_and_back(new_case, tmp_path):
    case = _case(new_case)
    case.set_field("notes", "只在备注里的话")
    folder = export_case(case, tmp_path / "export").parent
    assert json.loads((folder / "manifest.json").read_bytes())["case"]["notes"] == "只在备注里的话"
    target, _ = import_bundle(Library(tmp_path / "lib"), folder)
    with CaseFile.open(target) as imported:
        assert imported.case().notes == "只在备注里的话"


@pytest.mark.parametrize("history, state", [
    (None, "none"), ([], "none"), ("entries", "none"), ([{"n": 1, "what": "case.created"}], "none"),
    (["x", {"n": 1, "hash": "0" * 64}], "unreadable"), ([{"n": 1, "hash": "0" * 64}, "x"], "unreadable"),
])
def test_a_bundle_history_without_a_chain_or_with_an_entry_that_is_no_entry_says_which(tmp_path, history, state):
    """No history, or none with a hash (made before tbcase chained its history): "none", which
    holds; an entry that is not an object among chained ones: "unreadable", which does not, and
    the import names it."""
    said = bundle_chain({"history": history})
    assert (said.state, said.held, said.where) == (state, state == "none", "bundle")
    folder = tmp_path / "b"
    folder.mkdir()
    manifest = {"format": "tbcase-export", "case": {"order_no": ORDER, "complaint_type": "quality"}}
    (folder / "manifest.json").write_text(json.dumps({**manifest, "history": history}), encoding="utf-8")
    target, problems = import_bundle(Library(tmp_path / "lib"), folder)
    assert [(p.code, Wording("en").finding(p)) for p in problems] == (
        [] if state == "none" else [("import_chain_unreadable", "history chain: unreadable in the bundle")])
    with CaseFile.open(target) as copy:
        [imported] = [h.detail for h in copy.history() if h.what == "case.imported"]
        assert imported["chain"] == state


def test_a_verified_bundle_chain_keeps_its_head_and_the_worker_export_reports_each_original(new_case, tmp_path):
    """The import entry of a bundle whose chain held records the sender's head (the last entry's
    hash, which the sender's sheet printed); the window's worker export (read-only, by path)
    reports each original as it writes it."""
    case = _case(new_case)
    path = case.path
    case.close()
    seen = []
    written = export_case_file(str(path), str(tmp_path / "export"), lambda *a: seen.append(a))
    manifest = json.loads(Path(written).read_text(encoding="utf-8"))
    assert [(done, total) for done, total, _ in seen] == [(i, len(manifest["evidence"]))
                                                         for i in range(len(manifest["evidence"]))]
    assert [name for _, _, name in seen] == [e["file"] for e in manifest["evidence"]]
    said = bundle_chain(manifest)
    assert said.head == manifest["history"][-1]["hash"] == manifest["history_head"]["hash"]
    target, _ = import_bundle(Library(tmp_path / "lib"), Path(written).parent)
    with CaseFile.open(target) as copy:
        [imported] = [h.detail for h in copy.history() if h.what == "case.imported"]
        assert (imported["chain"], imported["chain_head"]) == ("verified", said.head)


def test_the_windows_letter_worker_reports_its_progress(new_case):
    """The letter dialog's progress bar follows the layout in the worker: ``render_case_file``
    reports each step of reportlab's story up to the whole."""
    from tbcase.pdf.letter import render_case_file
    from tbcase.storage.engine import DeadlineEngine

    case = _case(new_case)
    path = str(case.path)
    case.close()
    seen: list[tuple[int, int]] = []
    render_case_file(path, DeadlineEngine(), datetime.now().date(), report=lambda d, t, _w: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] and all(0 <= d <= t for d, t in seen)
