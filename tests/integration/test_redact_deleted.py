"""A deleted exhibit, named as the user knew it: by the number it had (证据N as the list
showed it before the deletion) and its title, never by the file's internal evidence id,
which the user never sees (after a deletion the numbers close up, so that id and the numbers
shown part ways). Two places named it by the id: the refusal to redact a deleted exhibit
(``证据 #3 已删除``) and the history entry of clearing a deleted exhibit's copy (``#3 图三``).
Entries written that way in older files still read sensibly: as a deleted exhibit and its
title, without the id."""

import sqlite3

import pytest

from tbcase.cli import main
from tbcase.domain.errors import KnownError
from tbcase.domain.redact import Box
from tbcase.storage.casefile import CaseFile
from tbcase.storage.redaction import CLEARED_WHAT
from tbcase.wording import Wording
from tests.helpers import three_images_first_deleted

ZH, EN = Wording("zh"), Wording("en")


@pytest.fixture
def three(new_case):
    """``three_images_first_deleted``: the third image (evidence id 3) is shown as 证据2."""
    return three_images_first_deleted(new_case())


def test_redacting_a_deleted_exhibit_is_refused_naming_the_number_it_had(three):
    case, third = three
    case.evidence.delete(third.id)
    for ask in (lambda: case.redactions.redact_image(third.id, [Box(0, 0, 5, 5)]),
                lambda: case.redactions.offers(third.id)):
        with pytest.raises(KnownError) as err:
            ask()
        assert (err.value.code, err.value.params) == ("redact_deleted", {"exhibit": 2, "title": "图三"})
        assert ZH.error_of(err.value) == "原证据2（图三）已删除，不能遮挡；请先恢复。"
        assert EN.error_of(err.value) == "Former exhibit 2 (图三) is deleted; restore it before redacting."
        assert "3" not in ZH.error_of(err.value) + EN.error_of(err.value)


def test_without_its_deletion_entry_the_refusal_names_the_title_alone(three):
    """The number comes from the entry the deletion logged (same title, same second or the
    next). A file whose row says another time (or whose deletions are ambiguous) gets no
    number rather than a wrong one."""
    case, third = three
    case.evidence.delete(third.id)
    with case.writing():
        case.db.execute_sql('UPDATE "evidence" SET "deleted" = ? WHERE "id" = ?', ("2020-01-01T00:00:00+08:00", 3))
    with pytest.raises(KnownError) as err:
        case.redactions.redact_image(third.id, [Box(0, 0, 5, 5)])
    assert (err.value.code, err.value.params) == ("redact_deleted_unnumbered", {"title": "图三"})
    assert ZH.error_of(err.value) == "证据“图三”已删除，不能遮挡；请先恢复。"
    assert EN.error_of(err.value) == "The exhibit “图三” is deleted; restore it before redacting."


def test_clearing_a_deleted_exhibits_copy_is_logged_with_the_number_it_had(three):
    case, third = three
    case.redactions.redact_image(third.id, [Box(0, 0, 50, 50)])
    case.evidence.delete(third.id)
    assert case.redactions.clear(third.id) is True
    entry = case.history()[-1]
    assert entry.what == CLEARED_WHAT and "exhibit" not in entry.detail
    assert (entry.detail["former_exhibit"], entry.detail["title"]) == (2, "图三")
    zh, en = ZH.history(entry.what, entry.detail), EN.history(entry.what, entry.detail)
    assert zh[1].startswith("原证据2（已删除）图三 sha256:") and "#" not in zh[1]
    assert en[1].startswith("former exhibit 2 (deleted) 图三 sha256:") and "#" not in en[1]
    assert case.check() == []


CLEARED_WORDS = {"zh": "删除遮挡副本", "en": "redacted copy removed"}


def test_an_entry_written_the_old_way_reads_as_a_deleted_exhibit_without_its_id(three, capsys, monkeypatch):
    """A file made before: the clearing entry of a deleted exhibit held its id only. Opened
    again and listed by ``tbcase history`` in both languages, it names a deleted exhibit and
    its title; the id is not shown."""
    case, third = three
    path = case.path
    case.redactions.redact_image(third.id, [Box(0, 0, 50, 50)])
    case.evidence.delete(third.id)
    with case.writing():  # what clear() wrote before this change
        case.db.execute_sql('DELETE FROM "derived" WHERE "evidence_id" = ? AND "kind" = ?', (third.id, "redacted"))
        case.log(CLEARED_WHAT, f"sha256:{third.sha256}", "sha256:" + "d" * 64, evidence_id=third.id, title="图三")
    case.close()
    con = sqlite3.connect(path)
    [(detail,)] = con.execute('SELECT "detail" FROM "history" WHERE "what" = ?', (CLEARED_WHAT,)).fetchall()
    con.close()
    assert '"evidence_id":3' in detail and "former_exhibit" not in detail
    with CaseFile.open(path) as again:
        assert again.check() == []
    for lang, words in (("zh", "删除遮挡副本  已删除的证据“图三”sha256:"),
                        ("en", "redacted copy removed  the deleted exhibit “图三” sha256:")):
        monkeypatch.setenv("TBCASE_LANG", lang)
        assert main(["history", str(path)]) == 0
        line = [x for x in capsys.readouterr().out.splitlines() if CLEARED_WORDS[lang] in x][-1]
        assert words in line and "#3" not in line, line
