"""``tbcase import FILE.tbcase`` says what it left out or changed in the user's language:
Chinese by default, English with TBCASE_LANG=en, each exhibit named as the user knows it (its
number in the sender's file, or its title when it had no valid number; one whose row is not
there at all as an exhibit that no longer exists), never by the file's internal id. Repair
reports codes with values (``storage.leftout``); ``Wording.finding`` words them, as it words
what ``check`` finds. Before, the lines were repair's English log in both languages, naming
rows by id ("evidence 4: …", "evidence 3: had no valid exhibit number, now 证据2")."""

import re

import pytest

from tbcase.cli import main
from tbcase.storage import leftout
from tbcase.storage.casefile import CaseFile
from tests.helpers import make_png, raw_sql, three_images_first_deleted

ZH_LINES = [
    "导入：证据3的原件与其 SHA-256 不一致，未导入",
    "导入：未编号的证据“图三”没有有效的证据编号，已编为证据2",
    "导入：证据1的文字识别结果无法读取，未导入（可重新识别）",
    "导入：一份已不存在的证据的文字识别结果无法读取，未导入（可重新识别）",
    "导入：表 evidence_blob 中有 1 行属于未导入的证据，已略去",
    "导入：表 derived 中有 2 行属于未导入的证据，已略去",
]
EN_LINES = [
    "Exhibit 3: its bytes do not match its SHA-256; it was left out",
    "the unnumbered exhibit “图三”: had no valid exhibit number; it is now Exhibit 2",
    "the OCR result of Exhibit 1 is unreadable; it was left out (it can be read again)",
    "the OCR result of an exhibit that no longer exists is unreadable; it was left out (it can be read again)",
    "evidence_blob: 1 rows of evidence left out",
    "derived: 2 rows of evidence left out",
]


@pytest.fixture
def crafted(new_case):
    """A sender's file whose ids and numbers part ways (``three_images_first_deleted``: id 2 is
    证据1, id 3 证据2) plus 图四 (id 4, 证据3), then changed behind tbcase's back: 图三 without
    a valid number, 图四's bytes not its SHA-256, an unreadable OCR result of 证据1 and one of
    an exhibit id 9 that is not in the file."""
    case, third = three_images_first_deleted(new_case())
    second = case.evidence.all()[0]
    fourth = case.evidence.add(make_png(200, 300, seed=7, text_lines=2), "d.png", title="图四")
    path = case.path
    case.close()
    ocr = "INSERT INTO ocr_text (evidence_id, engine, version, created, text, boxes) VALUES (?, ?, ?, ?, ?, ?)"
    raw_sql(path, ("UPDATE evidence SET exhibit = 0 WHERE id = ?", (third.id,)),
            ("UPDATE evidence_blob SET data = x'00' WHERE evidence_id = ?", (fourth.id,)),
            (ocr, (second.id, "rapidocr", "1", "2026-11-02T10:00:00+08:00", "x", "not boxes")),
            (ocr, (9, "rapidocr", "1", "2026-11-02T10:00:00+08:00", "x", "[]")))
    return path


def _import(path, library, lang, monkeypatch, capsys):
    monkeypatch.setenv("TBCASE_LANG", lang)
    code = main(["--library", str(library), "import", str(path)])
    out = capsys.readouterr()
    return code, out.err.splitlines(), out.out.strip()


def test_import_says_what_it_left_out_in_chinese_and_in_english(crafted, tmp_path, monkeypatch, capsys):
    code, lines, made = _import(crafted, tmp_path / "zh", "zh", monkeypatch, capsys)
    assert code == 1 and lines == ZH_LINES
    with CaseFile.open(made) as copy:  # what the lines say is what the new file holds
        assert [(e.exhibit, e.title) for e in copy.evidence.all()] == [(1, "图二"), (2, "图三")]
    code, lines, _ = _import(crafted, tmp_path / "en", "en", monkeypatch, capsys)
    assert code == 1 and lines == EN_LINES
    # no internal id, no Chinese word but the titles in English, no English word in Chinese
    assert not any(re.search(r"#\d|evidence \d|证据 ?#", line) for line in ZH_LINES + EN_LINES)
    assert not any(re.search(r"[\u4e00-\u9fff]", line.replace("图三", "")) for line in EN_LINES)
    assert not any(re.search(r"\b(?:evidence|row|now|left out)\b", line) for line in ZH_LINES)


def test_an_import_that_leaves_out_more_than_it_lists_says_so(crafted, tmp_path, monkeypatch, capsys):
    """Repair lists at most ``MAX_REPORT`` items; the report says there are more."""
    monkeypatch.setattr(leftout, "MAX_REPORT", 2)
    _, lines, _ = _import(crafted, tmp_path / "zh", "zh", monkeypatch, capsys)
    assert lines == [*ZH_LINES[:2], "导入：另有更多项未导入或已更改，未逐一列出"]
    _, lines, _ = _import(crafted, tmp_path / "en", "en", monkeypatch, capsys)
    assert lines == [*EN_LINES[:2], "… and more left out or changed, not listed"]


def test_a_clean_import_says_nothing(new_case, tmp_path, monkeypatch, capsys):
    case = new_case()
    case.evidence.add(make_png(200, 300, seed=1, text_lines=2), "a.png")
    path = case.path
    case.close()
    code, lines, made = _import(path, tmp_path / "lib", "zh", monkeypatch, capsys)
    assert (code, lines) == (0, []) and made.endswith(".tbcase")
