"""The rules file is read field by field as written (checked against the TOML itself, read
inside each test so that nothing is computed at import time), defaults apply to what a user's
rule leaves out, and a bad rule or file is a clear KnownError naming the rule, file and cause."""

import tomllib
from datetime import date

import pytest

from tbcase.domain.errors import KnownError
from tbcase.domain.ladder import Basis, Rule, load_rules
from tbcase.paths import resource

UNITS = ("hours", "days", "working_days", "years")


def test_every_shipped_rule_is_read_exactly_as_written():
    shipped = resource("rules", "ladder.toml")
    raw_rules = tomllib.loads(shipped.read_text(encoding="utf-8"))["rule"]
    rules = load_rules(shipped)
    assert [r.id for r in rules] == [raw["id"] for raw in raw_rules]
    for rule, raw in zip(rules, raw_rules, strict=True):
        (unit,) = [u for u in UNITS if u in raw["period"]]
        expected = Rule(
            id=raw["id"], who=raw["who"], label_zh=raw["label_zh"], label_en=raw["label_en"],
            starts=raw["starts"], unit=unit, amount=raw["period"][unit], met_by=tuple(raw["met_by"]),
            ends=tuple(raw["ends"]), basis=Basis(raw["basis"]), source_zh=raw["source_zh"],
            source_en=raw["source_en"], checked=str(raw["checked"]),
            valid_from=date.fromisoformat(raw["valid_from"]),
            valid_to=date.fromisoformat(raw["valid_to"]) if raw.get("valid_to") else None,
            extend=raw.get("extend", False), note_zh=raw.get("note_zh", ""), note_en=raw.get("note_en", ""),
        )
        assert rule == expected
    # the file exercises the optional fields: some rules extend, have notes, end on a date
    assert any(r.extend for r in rules) and any(r.note_zh and r.note_en for r in rules)
    assert any(r.valid_to for r in rules) and {r.unit for r in rules} >= {"hours", "days", "working_days", "years"}
    assert len({r.who for r in rules}) >= 3


def test_a_minimal_user_rule_gets_the_defaults(tmp_path):
    user = tmp_path / "ladder.toml"
    user.write_text('[[rule]]\nid = "mine"\nlabel_zh = "我的"\nlabel_en = "Mine"\nstarts = "complaint"\n'
                    'period = { days = 3 }\n', encoding="utf-8")
    (rule,) = [r for r in load_rules(tmp_path / "none.toml", user)]
    assert rule == Rule(id="mine", who="", label_zh="我的", label_en="Mine", starts="complaint", unit="days",
                        amount=3, met_by=(), ends=(), basis=Basis.PRACTICE, source_zh="", source_en="",
                        checked="", valid_from=date(1900, 1, 1), valid_to=None, extend=False, note_zh="",
                        note_en="")
    assert rule.applies_on(date(1900, 1, 1)) and not rule.applies_on(date(1899, 12, 31))


def test_a_user_rule_replaces_the_shipped_one_by_id_and_adds_new_ones(tmp_path):
    shipped = resource("rules", "ladder.toml")
    user = tmp_path / "ladder.toml"
    user.write_text('[[rule]]\nid = "app_reply"\nwho = "platform"\nlabel_zh = "四十八小时"\nlabel_en = "48 h"\n'
                    'starts = "complaint"\nperiod = { hours = 48 }\nmet_by = ["platform_reply"]\n'
                    'ends = ["closed"]\nbasis = "platform"\nvalid_to = "2030-01-01"\nextend = true\n'
                    'note_zh = "注"\nnote_en = "note"\nchecked = 2026-01-02\n\n'
                    '[[rule]]\nid = "extra"\nlabel_zh = "x"\nlabel_en = "x"\nstarts = "alibaba"\n'
                    'period = { working_days = 2 }\n', encoding="utf-8")
    base = load_rules(shipped)
    rules = load_rules(shipped, user)
    assert [r.id for r in rules] == [r.id for r in base] + ["extra"]
    mine = next(r for r in rules if r.id == "app_reply")
    assert (mine.amount, mine.unit, mine.label_zh, mine.ends, mine.basis) == (48, "hours", "四十八小时", ("closed",),
                                                                             Basis.PLATFORM)
    assert (mine.valid_to, mine.extend, mine.note_zh, mine.note_en, mine.checked) == (
        date(2030, 1, 1), True, "注", "note", "2026-01-02")
    assert mine.applies_on(date(2030, 1, 1)) and not mine.applies_on(date(2030, 1, 2))
    assert next(r for r in rules if r.id == "extra").unit == "working_days"
    # a missing override file is no override
    assert load_rules(shipped, tmp_path / "absent.toml") == base


@pytest.mark.parametrize("body, detail", [
    ('period = { days = 3, hours = 2 }', "period needs exactly one of hours, days, working_days, years"),
    ('period = { weeks = 3 }', "period needs exactly one of hours, days, working_days, years"),
    ('period = { days = 3 }\nbasis = "rumour"', "'rumour' is not a valid Basis"),
    ('period = { days = "three" }', "invalid literal for int() with base 10: 'three'"),
    ('period = { days = 3 }\nvalid_from = "soon"', "Invalid isoformat string: 'soon'"),
])
def test_a_bad_rule_names_itself_and_the_cause(tmp_path, body, detail):
    user = tmp_path / "ladder.toml"
    user.write_text(f'[[rule]]\nid = "bad"\nlabel_zh = "x"\nlabel_en = "x"\nstarts = "complaint"\n{body}\n',
                    encoding="utf-8")
    with pytest.raises(KnownError) as info:
        load_rules(tmp_path / "none.toml", user)
    assert info.value.code == "rules_bad"
    assert info.value.params == {"rule": "bad", "detail": detail}


@pytest.mark.parametrize("body, detail", [
    ("period = { working_days = 3000000 }", "working_days must be from 1 to 2500"),
    ("period = { hours = 1000000000000000 }", "hours must be from 1 to 87840"),
    ("period = { years = 9000 }", "years must be from 1 to 10"),
    ("period = { days = -5 }", "days must be from 1 to 3660"),
    ("period = { working_days = 0 }", "working_days must be from 1 to 2500"),
    ("period = { days = inf }", "cannot convert float infinity to integer"),
    ('period = { days = 1 }\nmet_by = "abc"', "met_by and ends are lists of step kinds"),
])
def test_a_period_no_calendar_can_hold_is_a_bad_rule(tmp_path, body, detail):
    """A ladder.toml from elsewhere (a forum post) replaces shipped rules by id. 3,000,000
    working days or 10**15 hours ran the calendar past the year 9999, 9000 years past it, 0
    working days failed inside the count: every case of the library was listed as a bug in
    tbcase; -5 days put the platform's deadline before the complaint (已逾期 on day one), and
    met_by = "abc" was read as the steps 'a', 'b' and 'c'."""
    test_a_bad_rule_names_itself_and_the_cause(tmp_path, body, detail)


@pytest.mark.parametrize("text", ['rule = "x"', "rule = [1, 2]",
                                  '[[rule]]\nid = ["a"]\nlabel_zh = "x"\nlabel_en = "x"\nstarts = "complaint"\n'
                                  "period = { days = 1 }"])
def test_a_rules_file_of_the_wrong_shape_is_a_clear_error(tmp_path, text):
    """(each was an internal error — AttributeError, TypeError: unhashable — in every command)"""
    user = tmp_path / "ladder.toml"
    user.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(KnownError) as info:
        load_rules(tmp_path / "none.toml", user)
    assert info.value.code in ("rules_bad", "rules_file_bad")


def test_a_rule_without_an_id_or_period_is_named_by_question_mark(tmp_path):
    user = tmp_path / "ladder.toml"
    user.write_text('[[rule]]\nlabel_zh = "x"\n', encoding="utf-8")
    with pytest.raises(KnownError) as info:
        load_rules(tmp_path / "none.toml", user)
    assert (info.value.code, info.value.params) == ("rules_bad", {"rule": "?", "detail": "'period'"})


def test_a_file_that_is_not_toml_names_the_file(tmp_path):
    user = tmp_path / "ladder.toml"
    user.write_text("[[rule]\nid = ", encoding="utf-8")
    with pytest.raises(KnownError) as info:
        load_rules(resource("rules", "ladder.toml"), user)
    assert info.value.code == "rules_file_bad"
    assert info.value.params["path"] == str(user) and "line 1" in info.value.params["detail"]
    assert set(info.value.params) == {"path", "detail"}


def test_rules_file_is_read_as_utf8(tmp_path):
    user = tmp_path / "ladder.toml"
    user.write_bytes('[[rule]]\nid = "u"\nlabel_zh = "平台答复"\nlabel_en = "x"\nstarts = "complaint"\n'
                     'period = { hours = 1 }\n'.encode())
    assert load_rules(tmp_path / "none.toml", user)[0].label_zh == "平台答复"


def test_an_override_file_without_rules_changes_nothing(tmp_path):
    user = tmp_path / "ladder.toml"
    user.write_text("# no rules of my own yet\n", encoding="utf-8")
    shipped = resource("rules", "ladder.toml")
    assert load_rules(shipped, user) == load_rules(shipped)
