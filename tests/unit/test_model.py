from datetime import datetime

import pytest

from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    SHANGHAI,
    format_amount,
    format_due,
    order_number_warnings,
    parse_amount,
    parse_datetime,
    safe_file_stem,
    to_iso,
)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20", "2026-11-20T00:00:00+08:00"),
    ("2026/11/20 9:05", "2026-11-20T09:05:00+08:00"),
    ("2026-4-18 9:05:03", "2026-04-18T09:05:03+08:00"),
    ("2026-11-20T14:00:00+08:00", "2026-11-20T14:00:00+08:00"),
    ("2026-11-20T06:00:00Z", "2026-11-20T14:00:00+08:00"),
    ("2026年11月20日 14:00", "2026-11-20T14:00:00+08:00"),
])
def test_parse_datetime_naive_is_shanghai(text, expected):
    assert to_iso(parse_datetime(text)) == expected


@pytest.mark.parametrize("bad", ["", "yesterday", "2026-13-01", "2026-02-30", "20261120",
                                 "2026-11-20T10:00:00+25:00", "2026-11-20T10:00:00-99:99"])
def test_parse_datetime_refuses(bad):
    with pytest.raises(KnownError) as info:
        parse_datetime(bad)
    assert info.value.code == "bad_datetime"


@pytest.mark.parametrize("text", ["9999-12-25 10:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+08:00",
                                  "0026-11-20", "1989-12-31 23:59"])
def test_a_time_no_deadline_can_be_counted_from_is_refused(text):
    """A step typed with the year 9999 (or 0026 for 2026) was taken; from then on the case's
    timeline and calendar file stopped with an internal error (OverflowError), for good, as a
    step cannot be removed; ``0001-01-01T00:00:00+08:00`` was itself an internal error."""
    with pytest.raises(KnownError) as info:
        parse_datetime(text)
    assert info.value.code == "time_out_of_range" and info.value.params["value"] == text
    assert to_iso(parse_datetime("1990-01-01")) == "1990-01-01T00:00:00+08:00"
    assert to_iso(parse_datetime("2200-12-31 23:59")) == "2200-12-31T23:59:00+08:00"


@pytest.mark.parametrize("text, fen", [("39.50", 3950), ("¥39.5", 3950), ("1,299元", 129900),
                                       ("0", 0), ("0.01", 1)])
def test_amount_in_fen(text, fen):
    assert parse_amount(text) == fen
    assert parse_amount(format_amount(fen)) == fen


@pytest.mark.parametrize("bad", ["-1", "1.005", "abc", "NaN", "Infinity", "", "1" * 31, "1e30", "100000000.01"])
def test_amount_refuses(bad):
    """(31 digits was an internal error: decimal.InvalidOperation from quantize)"""
    with pytest.raises(KnownError) as info:
        parse_amount(bad)
    assert info.value.code == "bad_amount"


def test_order_number_warnings():
    assert order_number_warnings("4528716093384027715") == []
    assert order_number_warnings("1234567890123456") == []
    assert order_number_warnings("123") == ["order_length"]
    assert order_number_warnings("45287160933840277A5") == ["order_not_digits"]
    assert order_number_warnings("") == ["order_empty"]


def test_format_due_shows_end_of_day_as_24():
    assert format_due(datetime(2026, 11, 21, 0, 0, tzinfo=SHANGHAI)) == "2026-11-20 24:00"
    assert format_due(datetime(2026, 11, 21, 10, 0, tzinfo=SHANGHAI)) == "2026-11-21 10:00"


def test_safe_file_stem():
    assert safe_file_stem('a/b:c*?"<>|') == "a_b_c______"
    assert safe_file_stem("  ") == "case"


def test_documents_dir_follows_xdg_user_dirs(tmp_path, monkeypatch):
    import sys

    import pytest

    from tbcase import paths

    if not sys.platform.startswith("linux"):
        pytest.skip("xdg-user-dirs is Linux only")
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.delenv("TBCASE_LIBRARY", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/文档"\n', encoding="utf-8")
    assert paths.default_library_dir() == tmp_path / "文档" / "tbcase"


def test_history_entries_read_as_words():
    from tbcase.wording import Wording

    zh, en = Wording("zh"), Wording("en")
    step = {"kind": "complaint", "at": "2026-11-15T09:30:00+08:00", "ref": "TS1"}
    assert zh.history("step.added", step) == ("记录步骤", "", "App内投诉 2026-11-15 09:30 TS1")
    assert en.history("case.type", {"old": "quality", "new": "after_sales"}) == (
        "complaint type changed", "product quality", "after-sales service")
    assert zh.history("something.new", {"new": "x"}) == ("something.new", "", "x")
    added = {"exhibit": 3, "title": "订单截图", "sha256": "ab" * 32, "via": "paste"}
    assert zh.history("evidence.added", added)[2] == f"证据3 订单截图（粘贴）sha256:{'ab' * 32}"
    assert en.history("evidence.added", added)[2] == f"Exhibit 3 订单截图 (pasted) sha256:{'ab' * 32}"
    assert en.history("evidence.moved", {"old": 3, "new": 1})[1:] == ("Exhibit 3", "Exhibit 1")
