"""A summary kept in the library index's snapshot is checked when the snapshot is read and
typed only when first asked for (storage/listing.py): the check must pass exactly what the
typing can type, so that a row it lets through never fails later (on the UI thread, where
the file could not be read again) and a row it refuses is read from its file as before."""

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tbcase.storage.listing import (
    _SUMMARY_FIELDS,
    FORMAT,
    BadRow,
    LibraryEntry,
    _checked_summary,
    _summary_from_json,
    entry_of,
)

VALID = {
    "order_no": "4000000000000007919", "shop": "北岸茶叶", "item": "商品 1", "complaint_type": "quality",
    "status": "open", "amount": "27.60", "updated": 1795959743, "evidence_count": 2,
    "search_text": "4000000000000007919 北岸茶叶 商品 1", "facts": {
        "signed_at": 1779069600, "steps": [["complaint", 1794103200], ["written_complaint", 1794276000]],
        "return_signed_at": None, "countdowns": [["卖家还剩 2天", 1794276000, 1794103200]], "closed": False},
}
FACT_NAMES = ["signed_at", "steps", "return_signed_at", "countdowns", "closed"]


def _as_list(d):
    """The summary as the snapshot keeps it (the list of its values in ``_SUMMARY_FIELDS``'
    order, its facts' too): a name taken away leaves its value out, a name added adds one."""
    def values(d, names):
        return [d[k] for k in names if k in d] + [v for k, v in d.items() if k not in names]

    return values({**d, "facts": values(d["facts"], FACT_NAMES) if isinstance(d.get("facts"), dict)
                   else d.get("facts")}, _SUMMARY_FIELDS)


TIMES = st.one_of(st.sampled_from([1794103200, 1779069600, -62135596800, 253402300799, 0]), st.integers(-2**63, 2**63),
                  st.integers(1, 2**35))
ODD = st.one_of(st.none(), st.booleans(), TIMES, st.floats(allow_nan=False), st.text(max_size=4),
                st.sampled_from(["complaint", "bogus", ""]), st.lists(TIMES, max_size=3))
VALUES = st.recursive(ODD, lambda inner: st.lists(inner, max_size=4), max_leaves=8)


@st.composite
def near_valid(draw):
    """The valid summary with a few of its values (or its facts' values) changed."""
    d = {**VALID, "facts": {**VALID["facts"]}}
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["summary", "facts", "step", "countdown", "drop", "add"]))
        if where == "summary":
            d[draw(st.sampled_from(sorted(VALID)))] = draw(VALUES)
        elif where == "facts" and isinstance(d.get("facts"), dict):
            d["facts"][draw(st.sampled_from(sorted(VALID["facts"])))] = draw(VALUES)
        elif where == "step" and isinstance(d.get("facts"), dict):
            step = [draw(st.sampled_from(["complaint", "bogus", 1, None])), draw(st.one_of(TIMES, VALUES))]
            d["facts"]["steps"] = [*VALID["facts"]["steps"], draw(st.one_of(st.just(step), VALUES))]
        elif where == "countdown" and isinstance(d.get("facts"), dict):
            countdown = [draw(st.sampled_from(["卖家还剩", 1, None])), draw(TIMES), draw(TIMES)]
            d["facts"]["countdowns"] = [draw(st.one_of(st.just(countdown), st.lists(VALUES, max_size=4)))]
        elif where == "drop":
            d.pop(draw(st.sampled_from(sorted(VALID))), None)
        else:
            d[draw(st.sampled_from(["extra", "path"]))] = 1
    return d


def _typed(d):
    try:
        return _summary_from_json(d, Path("/x.tbcase"))
    except BadRow:
        return None


def _with_facts(**changes):
    return {**VALID, "facts": {**VALID["facts"], **changes}}


@settings(max_examples=400, deadline=None)
@given(near_valid())
@example(_with_facts(steps=[["bogus", 1794103200]]))
@example(_with_facts(steps=[["complaint", -62135596800]]))
@example(_with_facts(countdowns=[["卖家还剩", 1794103200, 253402300799]]))
@example(_with_facts(countdowns=[[1, 1794103200, 1794103200]]))
@example({**VALID, "updated": 1.5})
def test_the_check_passes_exactly_what_can_be_typed(d):
    d = _as_list(d)
    try:
        checked = _checked_summary(d)
    except BadRow:
        checked = None
    typed = _typed(d)
    assert (checked is None) == (typed is None), d


def test_the_valid_summary_is_checked_and_typed():
    valid = _as_list(VALID)
    assert _checked_summary(valid) is valid and _typed(valid) is not None
    assert _typed(valid).facts.countdowns[0].label == "卖家还剩 2天" and _typed(valid).evidence_count == 2


def test_a_kept_row_is_typed_when_asked_for_and_equals_the_typed_row():
    path = Path("/library/4000000000000007919.tbcase")
    row = [path.name, 1, 2, 3, _as_list(VALID), None, None]
    entry = entry_of(path, row)
    assert entry.listed and entry.has_facts and entry.search_text == VALID["search_text"]
    assert entry._unread is not None  # not typed yet
    assert entry == LibraryEntry(path, _summary_from_json(_as_list(VALID), path))  # typed now
    assert entry._unread is None and entry.summary.facts.steps[1].kind.value == "written_complaint"
    none = entry_of(path, [path.name, 1, 2, 3, _as_list({**VALID, "facts": None}), None, None])
    assert not none.has_facts and none.summary.facts is None


ROWS = [["a.tbcase", 1795959743, 4096, 7, VALID, None, None],
        ["b.tbcase", 1795959744, 8192, 9, None, ["not_a_case", {"path": "b.tbcase"}], None]]
GOOD = {"format": FORMAT, "version": "v1", "rules": [], "rows": ROWS}


def _listing(body, sig):
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE listing (id INTEGER PRIMARY KEY, body, sig)")
    con.execute("INSERT INTO listing VALUES (1, ?, ?)", (body, sig))
    return con


def test_a_snapshot_reads_back_exactly_what_was_written_under_the_same_key_only():
    """``write_snapshot`` then ``read_snapshot``: the version, the rules and each row by its file
    name come back as written; under another key (another user's index) nothing does."""
    import sqlite3

    from tbcase.storage.listing import LISTING_SQL, Snapshot, read_snapshot, write_snapshot

    key = b"k" * 32
    con = sqlite3.connect(":memory:")
    con.execute(LISTING_SQL)
    for version, rules in (("v1", []), (None, None), ("v2", [{"id": "x"}])):
        write_snapshot(con, key, version, rules, ROWS)
        assert read_snapshot(con, key) == Snapshot(version, {"a.tbcase": ROWS[0], "b.tbcase": ROWS[1]}, rules)
    assert con.execute("SELECT count(*) FROM listing").fetchone() == (1,)  # replaced, not added
    assert read_snapshot(con, b"o" * 32) == Snapshot()


def _outline(**changes):
    import json

    doc = {**GOOD, **changes}
    return json.dumps({k: v for k, v in doc.items() if v != "drop"}).encode()


def test_a_signed_snapshot_of_any_other_outline_reads_as_empty(monkeypatch):
    """Each way a snapshot can differ from what ``write_snapshot`` makes, one at a time, signed
    with the right key: nothing of it is used (every case is read from its file instead)."""
    from tbcase.storage import listing
    from tbcase.storage.listing import Snapshot, read_snapshot, sign

    key = b"k" * 32
    good = _outline()
    assert read_snapshot(_listing(good, sign(key, good)), key).rows.keys() == {"a.tbcase", "b.tbcase"}
    bodies = [
        b"[]", _outline(format=FORMAT + 1), _outline(format=str(FORMAT)), _outline(extra=1), _outline(rules="drop"),
        _outline(version="drop"), _outline(rows={}), _outline(version=1), _outline(rules={}),
        _outline(rows=[ROWS[0], "b.tbcase"]), _outline(rows=[ROWS[0], ROWS[1][:6]]),
        _outline(rows=[ROWS[0], [*ROWS[1], None]]), _outline(rows=[ROWS[0], [2, *ROWS[1][1:]]]),
        b"{" * 100_000, b"\xff not json",
    ]
    for body in bodies:
        assert read_snapshot(_listing(body, sign(key, body)), key) == Snapshot(), body[:80]
    assert read_snapshot(_listing(good.decode(), sign(key, good)), key) == Snapshot()  # text, not bytes
    assert read_snapshot(_listing(good, sign(key, good).encode()), key) == Snapshot()
    assert read_snapshot(_listing(good, sign(key, good + b" ")), key) == Snapshot()
    monkeypatch.setattr(listing, "MAX_SNAPSHOT_BYTES", len(good))  # the size bound, both sides of it
    assert read_snapshot(_listing(good, sign(key, good)), key).version == "v1"
    monkeypatch.setattr(listing, "MAX_SNAPSHOT_BYTES", len(good) - 1)
    assert read_snapshot(_listing(good, sign(key, good)), key) == Snapshot()
