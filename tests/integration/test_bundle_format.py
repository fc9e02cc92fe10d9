"""An export bundle read back, including one written by hand or damaged on the way: the
manifest is refused with a reason when it is not one, every field and item that cannot be
taken is named in the problems (the rest is imported), exhibits keep their order, capture
times, notes and kinds, and the status is set last so the steps cannot change it."""

import hashlib
import json

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.bundle import MANIFEST, export_case, import_bundle
from tbcase.storage.casefile import CaseFile
from tbcase.storage.library import Library
from tbcase.wording import Wording
from tests.helpers import ORDER, make_png


def _write(folder, manifest, files=()):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (folder / name).write_bytes(data)
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


def _item(name, data, exhibit, **kw):
    return {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "exhibit": exhibit, **kw}


def _hand_written(tmp_path):
    """A bundle written by hand: seven things in it cannot be taken."""
    a, b, c = (make_png(300, 400, seed=i) for i in range(3))
    manifest = {
        "format": "tbcase-export", "version": 1,
        "case": {"order_no": ORDER, "complaint_type": "quality", "shop": "青禾家居旗舰店", "platform": "tmall",
                 "amount_fen": 3950, "facts": "杯子碎了", "status": "closed", "signed_at": "昨天",
                 "outcome": "refund", "item": ""},
        "evidence": [
            _item("second.png", b, 2, title="第二", note="背面", kind="photo",
                  captured="2026-11-14T09:00:00+08:00", captured_source="exif"),
            _item("first.png", a, 1, title="第一", captured="not a time", captured_source="exif"),
            _item("../escape.png", c, 3),
            _item("changed.png", c, 4),
            "not an item",
        ],
        "tracking": [{"number": "SF1234567890123", "carrier": "sf", "direction": "return"}, {"carrier": "sf"}],
        "steps": [{"kind": "complaint", "at": "2026-11-20T10:00:00+08:00", "ref": "T1", "note": "客服电话"},
                  {"kind": "bogus", "at": "2026-11-21T10:00:00+08:00"}],
        "countdowns": [{"label": "确认收货", "due": "2026-11-25T10:00:00+08:00",
                        "created": "2026-11-15T10:00:00+08:00"}, {"due": "2026-11-25"}],
    }
    folder = _write(tmp_path / "bundle", manifest,
                    [("first.png", a), ("second.png", b), ("changed.png", c[:-1] + b"\x00")])
    return folder


def test_a_hand_written_bundle_is_imported_and_each_refusal_named(tmp_path):
    folder = _hand_written(tmp_path)
    path, found = import_bundle(Library(tmp_path / "lib"), folder / MANIFEST)  # the manifest's path works too
    problems = [Wording("en").finding(f) for f in found]
    assert problems[0].startswith("signed: ")
    assert "unsafe or missing file name: '../escape.png'" in problems
    assert "hash mismatch: changed.png" in problems and "evidence: not an item" in problems
    assert sum(p.startswith("tracking: ") for p in problems) == 1
    assert sum(p.startswith("step: ") for p in problems) == 1
    assert sum(p.startswith("countdown: ") for p in problems) == 1
    assert len(problems) == 7, problems
    assert path == Library(tmp_path / "lib").path_for(ORDER) and not path.with_name(path.name + ".importing").exists()
    with CaseFile.open(path) as case:
        row = case.case()
        assert (row.shop, row.platform, row.amount_fen, row.facts) == ("青禾家居旗舰店", "tmall", 3950, "杯子碎了")
        assert row.status == "closed"  # set last: adding the steps did not leave it otherwise
        whats = [h.what for h in case.history()]
        assert whats.index("step.added") < whats.index("case.status")  # the history says so too
        first, second = case.evidence.all()
        assert (first.title, first.exhibit, first.captured) == ("第一", 1, None)  # its time did not parse
        assert (second.title, second.note, second.kind, second.captured_source) == ("第二", "背面", "photo", "exif")
        assert second.captured.isoformat() == "2026-11-14T09:00:00+08:00"
        assert [t.direction for t in case.tracking.all()] == ["return"]
        assert [(s.kind, s.ref, s.note) for s in case.steps.all()] == [("complaint", "T1", "客服电话")]
        assert [c.created.day for c in case.steps.countdowns()] == [15]
        assert case.check() == []


@pytest.mark.parametrize("manifest, detail", [
    ("not json", None),
    ({"format": "tbcase-export"}, "'case'"),
    ({"format": "other", "case": {"order_no": ORDER, "complaint_type": "quality"}}, "format"),
    ([1, 2], None),
])
def test_a_manifest_that_is_not_one_is_refused(tmp_path, manifest, detail):
    folder = tmp_path / "b"
    folder.mkdir()
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    (folder / MANIFEST).write_text(text, encoding="utf-8")
    with pytest.raises(KnownError) as info:
        import_bundle(Library(tmp_path / "lib"), folder)
    assert info.value.code == "manifest_bad"
    if detail is not None:
        assert detail in str(info.value)
    assert not list((tmp_path / "lib").glob("*.tbcase"))


def test_an_export_says_what_it_holds_and_will_not_overwrite_on_import(new_case, tmp_path, library_dir):
    case = new_case(amount="39.50")
    shot = case.evidence.add(make_png(300, 400, seed=4), "截图.png")
    case.steps.add("complaint", at="2026-11-20 10:00")
    case.steps.add_countdown("确认收货", "2026-11-25 10:00")
    manifest_path = export_case(case, tmp_path / "out")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    # version 2 (issue 17): the manifest the evidence-preservation sheet prints (added_via, original,
    # history_head, statement; no time of its own)
    assert (manifest["format"], manifest["version"]) == ("tbcase-export", 2)
    assert manifest["app"].startswith("tbcase ") and manifest["case"]["amount_fen"] == 3950
    assert [e["file"] for e in manifest["evidence"]] == [(tmp_path / "out" / e["file"]).name
                                                          for e in manifest["evidence"]]
    assert manifest["evidence"][0]["sha256"] == shot.sha256 and manifest["steps"][0]["kind"] == "complaint"
    assert manifest["countdowns"][0]["label"] == "确认收货" and manifest["countdowns"][0]["created"]
    assert [h["what"] for h in manifest["history"]][0] == "case.created"
    with pytest.raises(KnownError) as info:  # the case is already in this library
        Library(library_dir).import_bundle(tmp_path / "out")
    assert str(info.value) == f"案件文件已存在：{case.path}（未覆盖）。"  # which file, in the user's words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_names_each_refusal_in_the_users_language(tmp_path, lang):
    """``tbcase import`` of the hand-written bundle: each of the seven lines says what was
    left out in the user's language (in a Chinese window they were English codes:
    "signed: value_bad", "hash mismatch: changed.png")."""
    from tests.integration.test_cli import tb

    folder = _hand_written(tmp_path)
    r = tb("import", str(folder), library=tmp_path / "lib", env_extra={"TBCASE_LANG": lang})
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 7, lines
    if lang == "zh":
        assert all(line.startswith("导入") for line in lines), lines
        for english in ("hash mismatch", "unsafe", "tracking", "step:", "countdown", "evidence:", "signed:"):
            assert english not in r.stderr, lines
        assert any("changed.png" in line and "SHA-256 不一致" in line for line in lines)
        assert any("“../escape.png”" in line for line in lines)
    else:
        assert "hash mismatch: changed.png" in lines and "evidence: not an item" in lines
        assert any(line.startswith("signed: Unrecognised time") for line in lines), lines


@pytest.mark.parametrize("value, shown", [
    ([ORDER, "2"], f'["{ORDER}", "2"]'), (4.528716093381235e18, "4.528716093381235e+18"),
    (int(ORDER), ORDER), ({"n": ORDER}, f'{{"n": "{ORDER}"}}'), (None, "null")])
def test_a_crafted_order_number_is_refused_and_no_odd_file_made(new_case, tmp_path, value, shown):
    """A real export whose manifest was edited: an order number that is a list, a float, a
    number, an object or null (an export writes text) is refused with a clear sentence
    naming the value; no file appears in the library (a list made "['4528…', '2'].tbcase")."""
    from tests.integration.test_cli import tb

    case = new_case()
    case.evidence.add(make_png(300, 400, seed=6), "截图.png")
    path = export_case(case, tmp_path / "out")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["case"]["order_no"] = value
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    r = tb("import", str(tmp_path / "out"), library=tmp_path / "lib", env_extra={"TBCASE_LANG": "zh"})
    assert r.returncode == 3, r.stderr
    assert r.stderr.strip() == (f"导出包的 manifest.json 中 order_no 应为文字，却是 {shown}："
                                "这不是 tbcase 导出的内容，未导入任何东西。")
    assert not (tmp_path / "lib").exists() or not list((tmp_path / "lib").iterdir())


def test_each_refusal_of_a_hand_written_bundle_is_a_finding_with_its_values(tmp_path):
    """What was left out of the hand-written bundle, as codes with the values each is worded
    from (in the order the import met them: the fields, the exhibits by number, the tracking
    numbers, the steps, the countdowns), worded in both languages."""
    from tbcase.domain.model import StepKind

    _, found = import_bundle(Library(tmp_path / "lib"), _hand_written(tmp_path))
    assert [(f.code, dict(f.params)) for f in found] == [
        ("import_field", {"value": "昨天", "field": "signed", "error": "bad_datetime"}),
        ("import_not_item", {}),
        ("import_unsafe_name", {"name": "../escape.png"}),
        ("import_hash_mismatch", {"name": "changed.png"}),
        ("import_tracking", {"error": "check.import_entry_bad", "detail": "'number'"}),
        ("import_step", {"what": "step", "value": "bogus", "choices": ", ".join(StepKind), "error": "bad_choice"}),
        ("import_countdown", {"error": "check.import_entry_bad", "detail": "'label'"}),
    ]
    assert [Wording("en").finding(f) for f in found][1:] == [
        "evidence: not an item", "unsafe or missing file name: '../escape.png'", "hash mismatch: changed.png",
        "tracking: incomplete or not understood ('number')", f"step: Invalid step 'bogus'; choose one of: "
        f"{', '.join(StepKind)}", "countdown: incomplete or not understood ('label')"]
    assert [Wording("zh").finding(f) for f in found][:2] == [
        "导入：“签收时间”未导入：无法识别的时间“昨天”，请使用 2026-11-20 或 2026-11-20 14:30。",
        "导入：导出包中有一项证据无法识别，未导入"]


@pytest.mark.parametrize("field, value, shown", [("order_no", [1, 2], "[1, 2]"), ("complaint_type", 3.5, "3.5"),
                                                 ("order_no", {"n": "单号"}, '{"n": "单号"}')])
def test_a_manifest_whose_order_or_type_is_no_text_is_refused_naming_the_field_and_the_value(tmp_path, field,
                                                                                             value, shown):
    case = {"order_no": ORDER, "complaint_type": "quality", field: value}
    folder = _write(tmp_path / "b", {"format": "tbcase-export", "case": case})
    with pytest.raises(KnownError) as info:
        import_bundle(Library(tmp_path / "lib"), folder)
    assert (info.value.code, info.value.params) == ("manifest_not_text", {"field": field, "value": shown})
    assert not (tmp_path / "lib").exists() or not list((tmp_path / "lib").iterdir())


def test_a_status_no_case_can_have_is_named_and_the_status_follows_the_steps(tmp_path):
    a = make_png(300, 400, seed=1)
    folder = _write(tmp_path / "b", {
        "format": "tbcase-export",
        "case": {"order_no": ORDER, "complaint_type": "quality", "status": "finished", "notes": "备注"},
        "evidence": [_item("a.png", a, 1, note="正面")],
        "steps": [{"kind": "resolved", "at": "2026-11-20T10:00:00+08:00"}]}, [("a.png", a)])
    path, found = import_bundle(Library(tmp_path / "lib"), folder)
    assert [(f.code, dict(f.params)["value"], dict(f.params)["error"]) for f in found] == [
        ("import_status", "finished", "bad_choice")]
    with CaseFile.open(path) as case:
        assert (case.case().status, case.case().notes) == ("resolved", "备注")
        [exhibit] = case.evidence.all()
        assert (exhibit.note, exhibit.title, exhibit.original_name) == ("正面", "a", "a.png")


def test_a_manifest_of_another_format_says_so(tmp_path):
    case = {"order_no": ORDER, "complaint_type": "quality"}
    folder = _write(tmp_path / "b", {"format": "tbcase-export-3", "case": case})
    with pytest.raises(KnownError) as info:
        import_bundle(Library(tmp_path / "lib"), folder)
    assert (info.value.code, info.value.params) == ("manifest_bad", {"detail": "format"})


def test_a_tracking_number_listed_without_its_direction_or_carrier_is_the_parcel_sent_out(tmp_path):
    folder = _write(tmp_path / "b", {
        "format": "tbcase-export", "case": {"order_no": ORDER, "complaint_type": "quality"},
        "tracking": [{"number": "SF1234567890123"}, {"number": "78009858271980", "carrier": None, "signed": None,
                                                     "note": None, "direction": "return"}]})
    path, found = import_bundle(Library(tmp_path / "lib"), folder)
    assert found == []
    with CaseFile.open(path) as case:
        assert [(t.number, t.carrier, t.direction, t.signed, t.note) for t in case.tracking.all()] == [
            ("SF1234567890123", "sf", "out", None, ""), ("78009858271980", "zto", "return", None, "")]


def test_a_listed_file_that_is_missing_or_a_folder_or_named_by_a_path_is_named_as_unsafe_or_missing(tmp_path):
    a = make_png(300, 400, seed=1)
    folder = _write(tmp_path / "b", {
        "format": "tbcase-export", "case": {"order_no": ORDER, "complaint_type": "quality"},
        "evidence": [_item("a.png", a, 1), _item("gone.png", a, 2), _item("sub", a, 3), _item("sub/a.png", a, 4),
                     _item("", a, 5), {"sha256": "0" * 64, "exhibit": 6}]},
        [("a.png", a)])
    (folder / "sub").mkdir()
    (folder / "sub" / "a.png").write_bytes(a)
    path, found = import_bundle(Library(tmp_path / "lib"), folder)
    assert [(f.code, dict(f.params)) for f in found] == [
        ("import_unsafe_name", {"name": name}) for name in ("gone.png", "sub", "sub/a.png", "", "")]
    with CaseFile.open(path) as case:
        assert [(e.exhibit, e.original_name) for e in case.evidence.all()] == [(1, "a.png")]
