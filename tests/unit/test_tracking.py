from collections import Counter

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tbcase.domain.tracking import carrier_by_name, normalise_tracking_number, recognise


@pytest.mark.parametrize("number, code", [
    ("SF1234567890123", "sf"), ("sf 1234 5678 90123", "sf"),
    ("YT1234567890123", "yto"), ("JT1234567890123", "jt"),
    ("73123456789012", "zto"), ("78009858271980", "zto"), ("79000000000000", "zto"),
    ("771234567890123", "sto"),
    ("431234567890123", "yunda"), ("461234567890123", "yunda"),
    ("1012345678901", "ems"), ("1112345678901", "ems"),
    ("JDVA12345678901", "jd"), ("DPK202612345678", "deppon"),
])
def test_carriers(number, code):
    assert recognise(number).code == code


@pytest.mark.parametrize("number", [
    "SF123456789012",    # 12 digits
    "SF12345678901234",  # 14 digits
    "7412345678901",     # 13 digits starting 74
    "74123456789012",    # 14 digits starting 74
    "761234567890123",   # 15 digits starting 76
    "441234567890123",   # 15 digits starting 44
    "1212345678901",     # 13 digits starting 12
    "XX1234567890123", "", "快递",
])
def test_near_misses_are_unknown_not_errors(number):
    assert recognise(number).code == "unknown"


def test_carrier_by_user_name():
    assert carrier_by_name("顺丰").code == "sf"
    assert carrier_by_name("ZTO").code == "zto"
    assert carrier_by_name("某某物流").code == "unknown"


@given(st.text(max_size=30))
def test_property_recognise_never_fails(text):
    c = recognise(text)
    assert c.code


# Waybill shapes as the carriers print them, written out independently of the module's regexes:
# (code, prefixes, digits after the prefix). SF/YTO/J&T: two letters + 13 digits; ZTO: 14 digits
# starting 73/75/78/79; STO: 15 digits starting 77; Yunda: 15 digits starting 43/46; EMS domestic:
# 13 digits starting 10/11; JD: "JD" + 13 characters (JD + 13 digits, JDVA/JDVB/JDVC/JDVE + 11 digits,
# JDX + 12 digits); Deppon: "DPK" + 12 digits.
SHAPES = {
    "sf": (("SF",), 13), "yto": (("YT",), 13), "jt": (("JT",), 13),
    "zto": (("73", "75", "78", "79"), 12), "sto": (("77",), 13), "yunda": (("43", "46"), 13),
    "ems": (("10", "11"), 11), "jd": (("JD", "JDVA", "JDVB", "JDVC", "JDVE", "JDX"), None),
    "deppon": (("DPK",), 12),
}


def _jd_digits(prefix: str) -> int:
    return 15 - len(prefix)


@st.composite
def waybills(draw, code, length_change=0):
    prefixes, digits = SHAPES[code]
    prefix = draw(st.sampled_from(prefixes))
    n = (digits if digits is not None else _jd_digits(prefix)) + length_change
    number = prefix + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=n, max_size=n)))
    # as copied: lower case, spaces, dashes or ideographic spaces between groups
    sep = draw(st.sampled_from(["", " ", "-", "\u3000"]))
    cut = draw(st.integers(1, len(number) - 1))
    shown = number[:cut] + sep + number[cut:]
    if draw(st.booleans()):
        shown = shown.lower()
    return number, shown


@pytest.mark.parametrize("code", sorted(SHAPES))
def test_property_real_waybills_are_recognised(code):
    seen: Counter[str] = Counter()

    @settings(max_examples=40, deadline=None)
    @given(waybills(code))
    def check(generated):
        number, shown = generated
        assert normalise_tracking_number(shown) == number
        assert recognise(shown).code == code, shown
        seen[shown[:2].upper()] += 1
        event(f"separator {'yes' if shown != number and shown.upper() != number else 'no'}")

    check()
    assert sum(seen.values()) >= 20, seen  # the carrier was recognised in many generated numbers


@pytest.mark.parametrize("code", sorted(set(SHAPES) - {"deppon"}))  # DPK: 6 digits or more are accepted
def test_property_one_digit_too_many_or_too_few_is_not_that_carrier(code):
    seen: Counter[int] = Counter()

    @settings(max_examples=30, deadline=None)
    @given(st.sampled_from([-1, 1]).flatmap(lambda change: waybills(code, change)))
    def check(generated):
        number, shown = generated
        assert recognise(shown).code != code, shown
        seen[len(number)] += 1

    check()
    assert len(seen) == 2, seen  # both one too short and one too long were tried


@pytest.mark.parametrize("number, code", [
    ("SF-1234-5678-90123", "sf"), ("78-0098-5827-1980", "zto"), ("jdva 12345678901", "jd"),
])
def test_dashes_and_spaces_of_a_copy_are_dropped(number, code):
    assert recognise(number).code == code
    assert "-" not in normalise_tracking_number(number) and " " not in normalise_tracking_number(number)


@pytest.mark.parametrize("number", [
    "7312345678901", "731234567890123",  # ZTO is 14 digits: 13 and 15 are not ZTO
    "JD12", "JDVA1234567890", "JDVA123456789012", "JD" + "1" * 30,  # JD is 15 characters
])
def test_wrong_lengths_are_unknown(number):
    assert recognise(number).code == "unknown"
