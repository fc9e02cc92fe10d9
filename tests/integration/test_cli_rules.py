"""``tbcase rules`` and ``tbcase timeline --now``: a user can see every rule's article, and
what the states are at a given moment (issue #11)."""

import json

from tests.helpers import ORDER
from tests.integration.test_cli import tb

KEYS = {"id", "who", "label", "starts", "period", "basis", "source_zh", "source_en",
        "valid_from", "valid_to", "checked"}


def test_rules_json_lists_every_rule_with_its_source_and_validity(library_dir):
    r = tb("rules", "--json", library=library_dir)
    assert r.returncode == 0, r.stderr
    rules = {rule["id"]: rule for rule in json.loads(r.stdout)}
    for rule in rules.values():
        assert KEYS <= set(rule) and rule["source_zh"] and rule["source_en"] and rule["checked"]
    assert rules["mediation_limit_2020"]["period"] == {"amount": 45, "unit": "working_days"}
    assert rules["mediation_limit_2020"]["valid_to"] == "2026-04-14"
    assert rules["mediation_limit"]["valid_from"] == "2026-04-15"
    assert rules["mediation_limit"]["valid_to"] is None
    assert rules["app_reply"]["basis"] == "guide"


def test_rules_text_in_both_languages(library_dir):
    r = tb("rules", library=library_dir)
    assert r.returncode == 0 and "第23条第1款第5项" in r.stdout and "45个工作日" in r.stdout
    r = tb("rules", library=library_dir, env_extra={"TBCASE_LANG": "en"})
    assert "45 working days" in r.stdout and "not a published platform rule" in r.stdout


def test_timeline_now_and_state_basis(library_dir):
    """The seller signs for the return on Sun 2026-09-27: overdue only after 10-08 24:00."""
    assert tb("new", "--order", ORDER, "--type", "quality", library=library_dir).returncode == 0
    # (the return's tracking number: a return_signed step is issue #12's bug, fixed there)
    r = tb("track", ORDER, "SF1234567890123", "--direction", "return",
           "--signed", "2026-09-27 15:00", library=library_dir)
    assert r.returncode == 0, r.stderr

    def refund(now):
        r = tb("timeline", ORDER, "--json", "--now", now, library=library_dir)
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        assert data["now"].startswith(now.replace(" ", "T"))
        return next(d for d in data["deadlines"] if d["rule"] == "refund_after_return")

    d = refund("2026-10-06 12:00")
    assert d["state"] == "upcoming" and d["state_basis"] == "legal_due"
    assert d["due"] == "2026-10-05T00:00:00+08:00" and d["legal_due"] == "2026-10-09T00:00:00+08:00"
    assert refund("2026-10-09 00:01")["state"] == "overdue"
    r = tb("timeline", ORDER, "--now", "2026-10-06 12:00", library=library_dir)
    assert "2026-10-06 12:00" in r.stdout


def test_consumer_association_warning_in_timeline(library_dir):
    assert tb("new", "--order", ORDER, "--type", "quality", library=library_dir).returncode == 0
    assert tb("step", ORDER, "consumer_association", "--at", "2026-11-02 10:00",
              library=library_dir).returncode == 0
    data = json.loads(tb("timeline", ORDER, "--json", library=library_dir).stdout)
    assert [w["code"] for w in data["warnings"]] == ["consumer_association_12315"]
    assert "第16条" in data["warnings"][0]["text"]
    assert not [d for d in data["deadlines"] if d["rule"] == "regulator_handling"]
    assert data["next_step"] == "wait_consumer_association"


def test_timeline_names_a_guides_advice_once(library_dir):
    """A platform clock's basis is shown beside its source; the source no longer starts with
    the same words (the line read "[指南建议，非平台公开规则: 指南建议，非平台公开规则：App内…]")."""
    assert tb("new", "--order", ORDER, "--type", "quality", library=library_dir).returncode == 0
    assert tb("step", ORDER, "complaint", "--at", "2026-11-16 09:30", library=library_dir).returncode == 0
    guide = {"zh": "指南建议，非平台公开规则", "en": "complaint guide's advice, not a published platform rule"}
    for lang, basis in guide.items():
        r = tb("timeline", ORDER, library=library_dir, env_extra={"TBCASE_LANG": lang})
        assert r.returncode == 0, r.stderr
        line = next(line for line in r.stdout.splitlines() if "24" in line and "[" in line)  # the app_reply clock
        assert line.lower().count(basis.lower()) == 1, line
        assert (basis + ("：App内投诉后" if lang == "zh" else ": Wait 24 hours")) in line  # its own colon
