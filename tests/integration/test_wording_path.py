"""One wording path (issue 14): the language is chosen once (per command-line run, per
window language) and passed down; nothing below reads the environment to pick words,
and the letter's tone hints are worded by whoever shows them, in their language."""

import inspect
from datetime import date

import pytest

from tbcase import messages
from tbcase.cli import main
from tbcase.pdf.letter import render_case_letter
from tbcase.receive import words
from tbcase.storage.engine import DeadlineEngine
from tbcase.wording import Wording


@pytest.mark.parametrize("function", [messages.message, messages.label, words.word])
def test_sentences_are_given_their_language(function):
    assert inspect.signature(function).parameters["lang"].default is inspect.Parameter.empty


def test_the_command_line_builds_its_wording_once_per_run(new_case, library_dir, monkeypatch, capsys):
    case = new_case()
    case.steps.add("complaint", at="2026-11-02 10:00")
    case.tracking.add("SF1234567890123")
    case.close()
    built = []
    real = Wording.for_language.__func__

    def counted(cls, lang=None):
        built.append(lang)
        return real(cls, lang)

    monkeypatch.setattr(Wording, "for_language", classmethod(counted))
    monkeypatch.setenv("TBCASE_LANG", "en")
    for argv in (["list"], ["timeline", case.path.stem], ["show", case.path.stem], ["rules"],
                 ["due"], ["list", "--json"]):
        built.clear()
        assert main(["--library", str(library_dir), *argv]) == 0
        assert built == [None], (argv, built)
    out = capsys.readouterr().out.split("\n[")[0]  # the text runs (the JSON holds label_zh too)
    assert "in-app complaint" in out and "SF Express" in out and "App内投诉" not in out


def test_letter_hints_are_codes_worded_by_the_caller(new_case, monkeypatch):
    case = new_case()
    case.set_field("facts", "这个骗子卖家！！！")
    monkeypatch.setenv("TBCASE_LANG", "en")  # the letter never looks
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 2), with_images=False)
    assert not hasattr(result, "tone")
    zh = [Wording("zh").tone(h) for h in result.hints]
    en = [Wording("en").tone(h) for h in result.hints]
    assert zh[0].startswith("措辞可能被视为辱骂") and en[0].startswith("Wording that may read as abuse")


@pytest.mark.gui
@pytest.mark.parametrize(("lang", "words"), [("zh", "时间"), ("en", "time")])
def test_a_field_checker_speaks_the_language_of_the_wording_it_is_given(qapp, lang, words):
    from tbcase.ui.dialogs import ValidatedField, check_order, check_time
    from tbcase.wording import Wording

    wording = Wording.for_language(lang)
    field = ValidatedField(check_time(wording, required=True), "")
    field.edit.setText("昨天下午")
    assert not field.valid() and words in field.error.text().lower()
    assert check_order(wording)("") == wording.error("order_empty") != ""
