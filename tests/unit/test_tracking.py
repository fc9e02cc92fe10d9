import pytest
from hypothesis import given
from hypothesis import strategies as st

from tbcase.domain.tracking import carrier_by_name, recognise


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
