"""What ``tbcase check`` (and 检查案件 in the window) finds names each exhibit as the user
knows it, in the user's language: Exhibit N in English, 证据N in Chinese, and a deleted
exhibit by the number it had and its title (原证据2（图三，已删除） / former exhibit 2 (图三,
deleted)), never by the file's internal evidence id (``#3``), which the user never saw and
which parts ways with the numbers once an exhibit is deleted. The findings carry which
exhibit as data (``storage.integrity.Finding``); ``Wording.finding`` words it. The same holds
for a history entry of kind ``evidence.present`` about a deleted exhibit."""

import re

import pytest

from tbcase.cli import main
from tbcase.domain.model import now, to_iso
from tbcase.domain.redact import Box
from tbcase.storage import chain
from tbcase.storage.casefile import CaseFile
from tbcase.storage.integrity import Finding
from tbcase.wording import Wording
from tests.helpers import make_png, raw_sql, three_images_first_deleted

ZH, EN = Wording("zh"), Wording("en")


@pytest.fixture
def three(new_case):
    """``three_images_first_deleted``: the third image (evidence id 3) is shown as 证据2."""
    return three_images_first_deleted(new_case())


def _check(path, lang, monkeypatch, capsys):
    monkeypatch.setenv("TBCASE_LANG", lang)
    assert main(["check", str(path)]) == 1
    return [line.strip() for line in capsys.readouterr().out.splitlines()[1:]]


def test_a_changed_deleted_exhibit_is_named_by_the_number_it_had_in_each_language(three, monkeypatch, capsys):
    """The third exhibit (id 3) deleted when it was 证据2, its bytes changed; the second (id 2,
    shown as 证据1) has lost its bytes: each named by its number, in English without a
    Chinese word."""
    case, third = three
    second = case.evidence.all()[0]
    case.evidence.delete(third.id)
    path = case.path
    case.close()
    raw_sql(path, ("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (b"changed", third.id)),
         ("DELETE FROM evidence_blob WHERE evidence_id = ?", (second.id,)))
    digest = third.sha256[:16]
    with CaseFile.open(path) as again:
        assert again.findings() == [
            Finding("no_bytes", (("exhibit", "1"),)),
            Finding("hash_mismatch", (("evidence_id", "3"), ("former_exhibit", "2"), ("title", "图三"),
                                      ("digest", digest)))]
        assert again.check() == ["hash: Exhibit 1 has no stored bytes",
                                 f"hash: former exhibit 2 (图三, deleted) does not match its SHA-256 {digest}"]
    assert _check(path, "zh", monkeypatch, capsys) == [
        "哈希：证据1没有保存原件字节",
        f"哈希：原证据2（图三，已删除）的原件与其 SHA-256 {digest} 不一致（原件已改变）"]
    assert _check(path, "en", monkeypatch, capsys) == [
        "hash: Exhibit 1 has no stored bytes",
        f"hash: former exhibit 2 (图三, deleted) does not match its SHA-256 {digest}"]


def test_without_its_deletion_entry_a_deleted_exhibit_is_named_by_its_title(three):
    """The number comes from the entry its deletion logged; a row whose deletion time fits no
    entry is named by its title alone, rather than by a wrong number or its id."""
    case, third = three
    case.evidence.delete(third.id)
    path = case.path
    case.close()
    raw_sql(path, ("UPDATE evidence SET deleted = ? WHERE id = ?", ("2020-01-01T00:00:00+08:00", third.id)),
         ("DELETE FROM evidence_blob WHERE evidence_id = ?", (third.id,)))
    with CaseFile.open(path) as again:
        [found] = again.findings()
    assert found == Finding("no_bytes", (("evidence_id", "3"), ("title", "图三")))
    assert ZH.finding(found) == "哈希：未编号的证据“图三”没有保存原件字节"
    assert EN.finding(found) == "hash: the unnumbered exhibit “图三” has no stored bytes"


def test_a_deleted_exhibits_changed_redacted_copy_and_unrecorded_original_name_the_number_it_had(three):
    case, third = three
    case.redactions.redact_image(third.id, [Box(0, 0, 50, 50)])
    case.evidence.delete(third.id)
    path = case.path
    case.close()
    other = make_png(200, 300, seed=9)
    import hashlib

    raw_sql(path, ("UPDATE derived SET data = ? WHERE evidence_id = ?", (b"x", third.id)),
         ("UPDATE evidence_blob SET data = ? WHERE evidence_id = ?", (other, third.id)),
         ("UPDATE evidence SET sha256 = ?, size = ? WHERE id = ?",
          (hashlib.sha256(other).hexdigest(), len(other), third.id)))
    with CaseFile.open(path) as again:
        found = again.findings()
    words = {lang: [w.finding(f) for f in found] for lang, w in (("zh", ZH), ("en", EN))}
    assert words["en"] == [
        f"history: former exhibit 2 (图三, deleted) (SHA-256 {hashlib.sha256(other).hexdigest()}) "
        "was never recorded as added",
        "redaction: former exhibit 2 (图三, deleted) has a redacted copy that no history entry records"]
    assert words["zh"] == [
        f"历史记录：原证据2（图三，已删除）（SHA-256 {hashlib.sha256(other).hexdigest()}）没有添加记录",
        "遮挡副本：原证据2（图三，已删除）有一个没有任何历史记录的遮挡副本"]
    assert not any("#3" in line for line in words["zh"] + words["en"])


def test_an_original_no_entry_covers_is_recorded_present_by_the_number_it_had(three):
    """``record_uncovered`` (an old or imported file) writes an ``evidence.present`` entry per
    original no entry holds: a deleted one's says the number it had and its title, worded
    原证据2（已删除） / former exhibit 2 (deleted); an entry written before held its id only and
    reads as a deleted exhibit, without the id."""
    case, third = three
    case.evidence.delete(third.id)
    with case.writing():
        case.db.execute_sql("UPDATE evidence SET sha256 = ? WHERE id = ?", ("f" * 64, third.id))
        assert chain.record_uncovered(case.db.execute_sql, to_iso(now())) == 1
    entry = case.history()[-1]
    assert entry.what == chain.PRESENT_WHAT
    assert entry.detail == {"evidence_id": 3, "former_exhibit": 2, "title": "图三", "sha256": "f" * 64}
    assert ZH.history(entry.what, entry.detail)[2] == "原证据2（已删除）图三 sha256:" + "f" * 64
    assert EN.history(entry.what, entry.detail)[2] == "former exhibit 2 (deleted) 图三 sha256:" + "f" * 64
    old = {"evidence_id": 7, "sha256": "a" * 64}
    assert ZH.history(chain.PRESENT_WHAT, old)[2] == "已删除的证据 sha256:" + "a" * 64
    assert EN.history(chain.PRESENT_WHAT, old)[2] == "a deleted exhibit sha256:" + "a" * 64


def test_a_value_import_would_change_names_the_exhibit_not_its_id(three):
    """What import would renumber, or whose OCR result it would leave out, is named as the
    user knows the exhibit: by its number (证据1 / Exhibit 1, evidence id 2), or, having none
    that is valid, by its title (evidence id 3); never ``#2`` / ``#3``."""
    case, third = three
    second = case.evidence.all()[0]
    path = case.path
    case.close()
    raw_sql(path, ("UPDATE evidence SET exhibit = 0 WHERE id = ?", (third.id,)),
         ("INSERT INTO ocr_text (evidence_id, engine, version, created, text, boxes) VALUES (?, ?, ?, ?, ?, ?)",
          (second.id, "rapidocr", "1", "2026-11-02T10:00:00+08:00", "x", "not boxes")))
    with CaseFile.open(path) as again:
        found = again.findings()
    assert {lang: [w.finding(f) for f in found] for lang, w in (("zh", ZH), ("en", EN))} == {
        "zh": ["数值：未编号的证据“图三”没有有效的证据编号，导入时将编为证据2",
               "数值：证据1的文字识别结果无法读取，导入时将略去（可重新识别）"],
        "en": ["value: the unnumbered exhibit “图三” has no valid exhibit number; import would number it Exhibit 2",
               "value: the OCR result of Exhibit 1 is unreadable; import would leave it out (it can be read again)"]}


def _history_lines(path, lang, monkeypatch, capsys):
    monkeypatch.setenv("TBCASE_LANG", lang)
    assert main(["history", str(path)]) == 0
    return capsys.readouterr().out.splitlines()


def test_an_original_recorded_present_without_a_number_it_had_is_named_by_its_title(three, monkeypatch, capsys):
    """Deleted at a time no deletion entry fits, the third exhibit's number is not known: the
    ``evidence.present`` entry about it names it by its title, quoted as the other names
    are, 已删除的证据“图三” / the deleted exhibit “图三” (before: 已删除的证据 图三 / a deleted
    exhibit 图三, the title read as a separate word), as ``tbcase history`` lists it; never its
    id. (Such an entry, with the id and no number, is written only about a deleted exhibit:
    tbcase numbers every other one.)"""
    case, third = three
    case.evidence.delete(third.id)
    with case.writing():
        case.db.execute_sql("UPDATE evidence SET sha256 = ?, deleted = ? WHERE id = ?",
                            ("f" * 64, "2020-01-01T00:00:00+08:00", third.id))
        assert chain.record_uncovered(case.db.execute_sql, to_iso(now())) == 1
    entry = case.history()[-1]
    assert entry.detail == {"evidence_id": 3, "title": "图三", "sha256": "f" * 64}
    path = case.path
    case.close()
    zh, en = (_history_lines(path, lang, monkeypatch, capsys)[-1] for lang in ("zh", "en"))
    assert zh.endswith("记录已有证据的SHA-256  已删除的证据“图三”sha256:" + "f" * 64), zh
    assert en.endswith("SHA-256 of evidence already there recorded  the deleted exhibit “图三” sha256:"
                       + "f" * 64), en
    assert "#3" not in zh + en


def test_a_value_finding_about_a_row_that_is_gone_says_what_the_history_knows(three):
    """OCR results left behind for two exhibits whose rows were purged (a crafted file: the
    foreign key does not hold). The third exhibit's redacted copy was cleared after its deletion,
    so the history knows the number it had and its title: 原证据2（图三，已删除）. Of the first,
    no entry names its id: 一份已不存在的证据 / an exhibit that no longer exists. Before, both
    were 证据 #id / evidence #id."""
    case, third = three
    case.redactions.redact_image(third.id, [Box(0, 0, 50, 50)])
    case.evidence.delete(third.id)
    case.redactions.clear(third.id)
    assert case.evidence.purge_deleted() == 2
    path = case.path
    case.close()
    ocr = "INSERT INTO ocr_text (evidence_id, engine, version, created, text, boxes) VALUES (?, ?, ?, ?, ?, ?)"
    raw_sql(path, (ocr, (1, "rapidocr", "1", "2026-11-02T10:00:00+08:00", "x", "[]")),
            (ocr, (third.id, "rapidocr", "1", "2026-11-02T10:00:00+08:00", "x", "[]")))
    with CaseFile.open(path) as again:
        found = [f for f in again.findings() if f.code == "value_ocr"]
    assert found == [Finding("value_ocr", (("gone", "1"),)),
                     Finding("value_ocr", (("gone", "3"), ("former_exhibit", "2"), ("title", "图三")))]
    assert [ZH.finding(f) for f in found] == [
        "数值：一份已不存在的证据的文字识别结果无法读取，导入时将略去（可重新识别）",
        "数值：原证据2（图三，已删除）的文字识别结果无法读取，导入时将略去（可重新识别）"]
    assert [EN.finding(f) for f in found] == [
        "value: the OCR result of an exhibit that no longer exists is unreadable; import would leave it out "
        "(it can be read again)",
        "value: the OCR result of former exhibit 2 (图三, deleted) is unreadable; import would leave it out "
        "(it can be read again)"]


@pytest.mark.parametrize(("params", "zh", "en"), [
    ((("gone", "5"), ("title", "图五")), "已不存在的证据“图五”", "the exhibit “图五”, which no longer exists"),
    ((("gone", "5"), ("former_exhibit", "4")), "原证据4（已删除）", "former exhibit 4 (deleted)"),
    ((("evidence_id", "5"), ("title", "长" * 80)), "未编号的证据“" + "长" * 60 + "…”",
     "the unnumbered exhibit “" + "长" * 60 + "…”"),
])
def test_what_is_known_of_an_exhibit_without_a_number_names_it(params, zh, en):
    """A gone row the history knows only the title of, or only the number it had; a long
    title (a file from elsewhere) cut short."""
    found = Finding("value_ocr", params)
    assert ZH.finding(found) == f"数值：{zh}的文字识别结果无法读取，导入时将略去（可重新识别）"
    assert EN.finding(found) == f"value: the OCR result of {en} is unreadable; import would leave it out " \
                                "(it can be read again)"


_SPACE_BY_FULL_WIDTH = re.compile(r" [（“『「【]|[）”』」】] ")


def test_chinese_puts_no_space_after_an_exhibits_name_nor_beside_full_width_marks(three):
    """Chinese text has no space between an exhibit's name and the word after it (证据1的原件,
    原证据2（图三，已删除）的原件, as 证据{exhibit}的 elsewhere), nor beside a full-width
    bracket or quote (原证据2（已删除）图三, 图一（粘贴）); English keeps its spaces. Before:
    …已删除） 的原件, 证据1 没有…, 原证据2（已删除） 图三, 图一 (粘贴). Every check template that
    names an exhibit, and every history entry of a case with a deleted exhibit's redacted copy
    cleared, a deleted exhibit recorded present and exhibits added, worded in both languages."""
    from tbcase.messages import MESSAGES

    named = {k: v for k, v in MESSAGES.items() if k.startswith("check.") and "{label}" in v[0]}
    assert len(named) >= 8
    assert not [k for k, (zh, _) in named.items() if re.search(r"\{label\} |\{label\}\s*$", zh)]
    case, third = three
    case.redactions.redact_image(third.id, [Box(0, 0, 50, 50)])
    case.evidence.delete(third.id)
    case.redactions.clear(third.id)
    case.evidence.add(make_png(200, 300, seed=8, text_lines=2), "d.png", title="图四", via="drop")
    with case.writing():
        case.db.execute_sql("UPDATE evidence SET sha256 = ? WHERE id = ?", ("f" * 64, third.id))
        chain.record_uncovered(case.db.execute_sql, to_iso(now()))
    entries = case.history()
    zh = [part for h in entries for part in ZH.history(h.what, h.detail)[1:]]
    en = [part for h in entries for part in EN.history(h.what, h.detail)[1:]]
    assert "原证据2（已删除）图三 sha256:" + "f" * 64 in zh and "证据2 图四（拖入）" in " ".join(zh)
    assert not [text for text in zh if _SPACE_BY_FULL_WIDTH.search(text)]
    assert "former exhibit 2 (deleted) 图三 sha256:" + "f" * 64 in en
    found = Finding("hash_mismatch", (("evidence_id", "3"), ("former_exhibit", "2"), ("title", "图三"),
                                      ("digest", "ab")))
    assert ZH.finding(found) == "哈希：原证据2（图三，已删除）的原件与其 SHA-256 ab 不一致（原件已改变）"
    assert EN.finding(found) == "hash: former exhibit 2 (图三, deleted) does not match its SHA-256 ab"
