"""The limitation period (诉讼时效) the ladder shows is, in its own words, the earliest date it
can end (所示日期为最早届满日): it must start no later than the earliest moment the case file
shows the buyer knew of the harm.

《民法典》第一百八十八条 (primary text found): "向人民法院请求保护民事权利的诉讼时效期间为三年。
法律另有规定的，依照其规定。诉讼时效期间自权利人知道或者应当知道权利受到损害以及义务人之日起计算。"

A complaint is proof the buyer knew of the harm by then. A parcel late or damaged in transit
is complained of before it is signed for: counting from the later signing showed a date
after the one the period may really end on, and called it the earliest."""

from tbcase.storage.deadline_cache import LOGIC
from tests.ladder_harness import run, t


def test_a_complaint_before_signing_starts_the_limitation_period():
    d, _ = run([("complaint", t(2026, 11, 2, 10))], t(2026, 11, 10), signed=t(2026, 11, 5, 9))
    assert d["limitation"].due == t(2029, 11, 3)  # 2029-11-02 24:00, not 2029-11-05 24:00


def test_a_written_complaint_first_is_a_complaint_too():
    d, _ = run([("written_complaint", t(2026, 11, 2, 10))], t(2026, 11, 10), signed=t(2026, 11, 5, 9))
    assert d["limitation"].due == t(2029, 11, 3)


def test_signing_first_still_starts_it():
    d, _ = run([("complaint", t(2026, 11, 6, 10))], t(2026, 11, 10), signed=t(2026, 11, 5, 9))
    assert d["limitation"].due == t(2029, 11, 6)
    d, _ = run([("complaint", t(2026, 11, 6, 10))], t(2026, 11, 10))
    assert d["limitation"].due == t(2029, 11, 7)


def test_deadlines_kept_by_the_library_index_are_computed_again():
    """The list keeps computed deadlines under ``engine_version``: a change of what the same
    facts give must change it (deadline_cache.LOGIC), or the list shows the old date."""
    assert LOGIC >= 2
