"""A number the command line does not take is told in the user's language: argparse named
the checking function (无效的 _days 值：'abc') and passed its English on (参数 --within：DAYS
must be from 0 to 3660) inside a Chinese sentence."""

import pytest

from tbcase.cli import main

CASES = [
    (["due", "--within", "abc"], "参数 --within：天数须在 0 到 3660 之间"),
    (["due", "--within", "99999"], "参数 --within：天数须在 0 到 3660 之间"),
    (["workdays", "add", "2026-11-02", "0"], "参数 n：须在 1 到 2500 之间"),
    (["show", "x", "--messages", "-5"], "参数 --messages：须为 0 或更大的整数"),
    (["withdraw", "x", "abc"], "参数 N：无效的值：'abc'"),
]


@pytest.mark.parametrize(("argv", "said"), CASES)
def test_a_number_not_taken_is_said_in_chinese(argv, said, capsys, monkeypatch):
    monkeypatch.setenv("TBCASE_LANG", "zh")
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert "_days" not in err and "must be" not in err


@pytest.mark.parametrize("value", ["99999", "abc"])
def test_english_keeps_its_words(value, capsys, monkeypatch):
    """Also for text that is no number: argparse's own sentence named the checking
    function ("invalid _days value: 'abc'")."""
    monkeypatch.setenv("TBCASE_LANG", "en")
    with pytest.raises(SystemExit):
        main(["due", "--within", value])
    err = capsys.readouterr().err
    assert "argument --within: DAYS must be from 0 to 3660" in err and "_days" not in err, err
