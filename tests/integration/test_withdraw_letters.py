"""Withdrawing a step a letter already told: the letter kept in the case is what was
printed and stays so, but the user is told which letters state the step now taken back
(a letter not yet sent should be made again; one sent states something the case file no
longer supports). And a step number no step can have is simply not there."""

from datetime import date, datetime

import pytest

from tbcase.domain.errors import KnownError
from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine


def at(text):
    return datetime.fromisoformat(text + "+08:00")


def _letter(case, sent, made):
    result = render_case_letter(case, DeadlineEngine(), sent=sent, made=at(made), with_images=False)
    return case.letters.add(result.pdf, sent, result.manifest_sha256)


def test_the_letters_that_told_a_step_are_named(new_case):
    case = new_case()
    told = case.steps.add("written_complaint", at="2026-11-03 10:00")
    later = case.steps.add("alibaba", at="2099-01-01 10:00")  # after every letter's moment
    first = _letter(case, date(2026, 11, 20), "2026-11-20T10:00")
    before = _letter(case, date(2026, 11, 2), "2026-11-20T11:00")  # dated before the step
    assert [x.id for x in case.steps.letters_telling(told.id)] == [first.id]
    assert before.id not in [x.id for x in case.steps.letters_telling(told.id)]
    assert case.steps.letters_telling(later.id) == []
    case.steps.withdraw(told.id, "记错了")
    again = case.steps.add("written_complaint", at="2026-11-03 10:00")  # undo: a new record
    assert case.steps.letters_telling(again.id) == []  # no letter was made since


def test_cli_says_which_letters_told_the_withdrawn_step(new_case, capsys, monkeypatch):
    from tbcase.cli import main

    case = new_case()
    step = case.steps.add("written_complaint", at="2026-11-03 10:00")
    letter = _letter(case, date(2026, 11, 20), "2026-11-20T10:00")
    path = str(case.path)
    case.close()
    monkeypatch.setenv("TBCASE_LANG", "zh")
    assert main(["withdraw", path, str(step.id)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"已撤回：#{step.id}")
    assert f"信函 #{letter.id}（寄出日 2026-11-20）" in out and "重新生成" in out


@pytest.mark.parametrize("number", [0, -1, 2**63, 10**23])
def test_a_step_number_no_step_can_have_is_not_found(new_case, number, capsys):
    """10**23 was read as the case file holding something it cannot read (case_values_bad:
    "请用导入修复到新文件") though the file was fine."""
    from tbcase.cli import main

    case = new_case()
    case.steps.add("complaint", at="2026-11-02 10:00")
    before = case.history()
    with pytest.raises(KnownError) as info:
        case.steps.withdraw(number)
    assert info.value.code == "step_not_found"
    assert case.history() == before
    path = str(case.path)
    case.close()
    assert main(["withdraw", path, "--", str(number)]) == 3
    err = capsys.readouterr().err
    assert "没有编号为" in err and "修复" not in err


def test_a_step_no_entry_records_is_told_by_each_letter_for_a_moment_at_or_after_it(new_case):
    """A step whose ``step.added`` entry is not in the history (a file written elsewhere): every
    letter kept that speaks for a moment at or after the step's time told it; one dated before
    it did not."""
    case = new_case()
    told = case.letters.add(b"%PDF-1.4 told", date(2026, 11, 20))
    before = case.letters.add(b"%PDF-1.4 before", date(2026, 11, 2))
    with case.writing():
        case.db.execute_sql("INSERT INTO step (kind, at, ref, note, created) VALUES "
                            "('written_complaint', '2026-11-03T10:00:00+08:00', '', '', '2026-11-03T10:00:00+08:00')")
    [step] = case.steps.all()
    assert [x.id for x in case.steps.letters_telling(step.id)] == [told.id] and before.id != told.id


def test_a_letter_is_kept_as_printed_and_read_back_whole(new_case):
    """Each letter kept: its bytes as printed, their SHA-256 and size, its day (or none), the time
    it was made, in the order made; a day stored that is no day reads as unknown; a letter that
    is not there is named by its number."""
    import hashlib

    from tbcase.domain.model import now

    case = new_case()
    start = now().replace(microsecond=0)
    sent = case.letters.add(b"%PDF-1.4 first", date(2026, 11, 20), "a" * 64)
    unsent = case.letters.add(b"%PDF-1.4 second, longer")
    assert case.letters.all() == [sent, unsent]
    assert [(x.sent, x.sha256, x.size) for x in case.letters.all()] == [
        (date(2026, 11, 20), hashlib.sha256(b"%PDF-1.4 first").hexdigest(), 14),
        (None, hashlib.sha256(b"%PDF-1.4 second, longer").hexdigest(), 23)]
    assert all(start <= x.created <= now() for x in case.letters.all())
    assert (case.letters.pdf(sent.id), case.letters.pdf(unsent.id)) == (b"%PDF-1.4 first", b"%PDF-1.4 second, longer")
    entry = [h.detail for h in case.history() if h.what == "letter.generated"]
    assert entry == [{"letter": sent.id, "sent": "2026-11-20", "sha256": sent.sha256, "manifest_sha256": "a" * 64},
                     {"letter": unsent.id, "sha256": unsent.sha256}]
    with pytest.raises(KnownError) as info:
        case.letters.pdf(999)
    assert (info.value.code, info.value.params) == ("letter_not_found", {"id": 999})
    with case.writing():
        case.db.execute_sql("UPDATE letter SET sent = '2026-13-45' WHERE id = ?", (sent.id,))
    assert case.letters.all()[0].sent is None
    with pytest.raises(ValueError):
        case.letters.add(b"%PDF-1.4 x", None, "not a hash")  # a bug of the caller, not the user's
