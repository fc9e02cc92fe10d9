"""Taking back a step recorded by mistake (a wrong kind, time or case). Before this, a
step once recorded stayed for good: the deadlines, the next step and the letter kept
stating it, and the only way out was a new case file."""

from datetime import date, datetime

import pytest

from tbcase.domain.errors import KnownError
from tbcase.domain.model import CaseStatus, StepKind
from tbcase.pdf.letter import render_case_letter
from tbcase.storage.engine import DeadlineEngine
from tbcase.wording import Wording
from tests.helpers import pdf_text


def at(text):
    return datetime.fromisoformat(text + "+08:00")


def test_a_withdrawn_written_complaint_is_no_longer_stated_by_the_letter(new_case):
    """The letter may only state what the case file supports: a written complaint recorded
    by mistake and withdrawn is neither told nor counted (no 7-working-day claim)."""
    case = new_case()
    case.steps.add("complaint", at="2026-11-02 10:00")
    wrong = case.steps.add("written_complaint", at="2026-11-03 10:00")

    def text():
        result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 20), made=at("2026-11-20T10:00"),
                                    with_images=False)
        return pdf_text(result.pdf).replace("\n", "")

    assert "向平台客服提交书面投诉，7个工作日内未获书面答复" in text()
    case.steps.withdraw(wrong.id, "时间记错了")
    told = text()
    assert "向平台客服提交书面投诉" not in told and "7个工作日内未获书面答复" not in told
    assert "2026-11-02 于App内提交投诉，24小时内未获处理。" in told
    assert [s.kind for s in case.steps.all()] == [StepKind.COMPLAINT]
    assert [s.kind for s in case.steps.facts().steps] == [StepKind.COMPLAINT]
    assert case.check() == []


def test_the_history_keeps_the_withdrawn_step_and_the_reason_in_either_language(new_case):
    case = new_case()
    step = case.steps.add("written_complaint", at="2026-11-03 10:00", ref="TS1", note="电话")
    case.steps.withdraw(step.id, "记错了")
    entry = case.history()[-1]
    assert entry.what == "step.withdrawn"
    assert entry.detail == {"kind": "written_complaint", "at": "2026-11-03T10:00:00+08:00", "ref": "TS1",
                            "note": "电话", "reason": "记错了"}
    assert Wording("zh").history(entry.what, entry.detail) == (
        "撤回步骤", "书面投诉 2026-11-03 10:00 TS1", "原因：记错了")
    assert Wording("en").history(entry.what, entry.detail)[0] == "step withdrawn"
    assert case.check() == []  # the chain covers the new entry


def test_withdrawing_the_resolved_step_gives_back_the_status_the_steps_say(new_case):
    case = new_case()
    case.steps.add("complaint", at="2026-11-02 10:00")
    closed = case.steps.add("closed", at="2026-11-04 10:00")
    resolved = case.steps.add("resolved", at="2026-11-05 10:00")
    assert case.case().status == CaseStatus.RESOLVED
    case.steps.withdraw(resolved.id)
    assert case.case().status == CaseStatus.CLOSED  # the closed step still stands
    case.steps.withdraw(closed.id)
    assert case.case().status == CaseStatus.OPEN
    whats = [e.what for e in case.history()]
    assert whats[-4:] == ["step.withdrawn", "case.status", "step.withdrawn", "case.status"]


def test_a_status_the_user_set_since_is_left_alone(new_case):
    case = new_case()
    resolved = case.steps.add("resolved", at="2026-11-05 10:00")
    case.set_field("status", "closed")
    case.steps.withdraw(resolved.id)
    assert case.case().status == CaseStatus.CLOSED


def test_withdrawing_a_step_that_is_not_there_changes_nothing(new_case):
    case = new_case()
    step = case.steps.add("complaint", at="2026-11-02 10:00")
    case.steps.withdraw(step.id)
    before = case.history()
    with pytest.raises(KnownError) as info:
        case.steps.withdraw(step.id)
    assert info.value.code == "step_not_found"
    assert "没有编号为" in Wording("zh").error(info.value.code, **info.value.params)
    assert case.history() == before


def test_cli_lists_step_numbers_and_withdraws_by_number(new_case, capsys, monkeypatch):
    from tbcase.cli import main

    monkeypatch.setenv("TBCASE_LANG", "zh")
    case = new_case()
    case.steps.add("complaint", at="2026-11-02 10:00")
    wrong = case.steps.add("written_complaint", at="2026-11-03 10:00", ref="TS1")
    path = str(case.path)
    case.close()
    assert main(["timeline", path, "--now", "2026-11-20 10:00"]) == 0
    assert f"  #{wrong.id}  2026-11-03 10:00:00  书面投诉  TS1\n" in capsys.readouterr().out
    assert main(["withdraw", path, str(wrong.id), "--reason", "记错了"]) == 0
    assert capsys.readouterr().out == f"已撤回：#{wrong.id}  2026-11-03 10:00:00  书面投诉  TS1\n"
    assert main(["show", path]) == 0
    assert "书面投诉" not in capsys.readouterr().out
    assert main(["withdraw", path, str(wrong.id)]) == 3
    assert f"没有编号为 {wrong.id} 的步骤" in capsys.readouterr().err
    monkeypatch.setenv("TBCASE_LANG", "en")
    assert main(["history", path]) == 0
    assert "step withdrawn  written complaint 2026-11-03 10:00 TS1 → reason: 记错了" in capsys.readouterr().out


@pytest.mark.parametrize(("write", "what"), [
    (lambda case: case.steps.add("bogus"), "step"),
    (lambda case: case.set_field("type", "bogus"), "type"),
    (lambda case: case.set_field("outcome", "bogus"), "outcome"),
    (lambda case: case.set_field("status", "bogus"), "status"),
], ids=["step", "type", "outcome", "status"])
def test_a_value_not_among_the_choices_is_refused_naming_the_field_and_the_choices(new_case, write, what):
    """The user typed a kind or choice that does not exist: nothing is written, and the message
    names which field it was and what it may be."""
    case = new_case()
    before = len(case.history())
    with pytest.raises(KnownError) as info:
        write(case)
    assert (info.value.code, info.value.params["what"], info.value.params["value"]) == ("bad_choice", what, "bogus")
    assert str(info.value).startswith(f"{what} 的值“bogus”无效，可选：")
    assert len(case.history()) == before and case.steps.all() == []


def test_a_withdrawn_outcome_gives_back_the_status_of_the_latest_remaining_one_by_time(new_case):
    """Closed on the 10th, then a 已解决 back-dated to the 5th, then a 已解决 on the 20th recorded
    by mistake and withdrawn: the case is 已关闭 (the latest remaining by its time), not the
    status of the step recorded last."""
    case = new_case()
    case.steps.add("closed", at="2026-11-10 10:00")
    case.steps.add("resolved", at="2026-11-05 10:00")
    wrong = case.steps.add("resolved", at="2026-11-20 10:00")
    assert case.case().status == CaseStatus.RESOLVED
    case.steps.withdraw(wrong.id, "记错了")
    assert case.case().status == CaseStatus.CLOSED


@pytest.mark.parametrize("number", [0, -1, 2**63, 2**64 + 1])
def test_a_step_number_no_step_can_have_is_no_step_whatever_is_asked_of_it(new_case, number):
    """A number below 1 or above SQLite's largest row id (a typo on the command line) is "no step
    with that number", not a database error; the steps and the history stay as they were."""
    case = new_case()
    case.steps.add("complaint", at="2026-11-02 10:00")
    before = case.history()
    for ask in (case.steps.withdraw, case.steps.letters_telling):
        with pytest.raises(KnownError) as info:
            ask(number)
        assert (info.value.code, info.value.params) == ("step_not_found", {"id": number})
    assert case.history() == before and len(case.steps.all()) == 1
    assert case.steps.letters_telling(1) == []
