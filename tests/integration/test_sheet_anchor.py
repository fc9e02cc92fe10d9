"""The manifest hash a letter's sheet printed is anchored in the letter's own history entry
(issue 17, left over). The sheet hashes the case before its ``letter.generated`` entry is
written, so any export made after has another manifest hash; the entry records the printed
hash in its detail (covered by the hash chain for new entries), so ``tbcase check`` shows
it and an export made later carries it in its history.

Why: a regulator holding the printed sheet and a later export must be able to tie the two —
the letter may state only what the case file supports, and here the case file supports the
printed hash through a chained entry.
"""

import hashlib
import json
import os
import re
import subprocess
import sys

from tbcase.storage.bundle import bundle_chain, export_case
from tbcase.storage.casefile import CaseFile
from tests.helpers import ORDER, make_png, pdf_text


def _printed_hash(pdf):
    flat = "".join(pdf_text(pdf).split())
    return re.search(r"清单哈希（manifest\.json的SHA-256）([0-9a-f]{64})", flat).group(1)


def test_the_letter_entry_records_the_manifest_hash_its_sheet_printed(new_case, library_dir, tmp_path):
    case = new_case()
    case.evidence.add(make_png(300, 400, seed=5), "截图.png")
    path = case.path
    case.close()
    run = [sys.executable, "-m", "tbcase", "--library", str(library_dir)]
    r = subprocess.run([*run, "letter", ORDER, "-o", str(tmp_path / "l.pdf")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    printed = _printed_hash((tmp_path / "l.pdf").read_bytes())
    assert "检查案件" in "".join(pdf_text((tmp_path / "l.pdf").read_bytes()).split())  # where to look
    with CaseFile.open(path) as case:
        entry = [h for h in case.history() if h.what == "letter.generated"][-1]
        assert entry.detail["manifest_sha256"] == printed
        assert case.check() == []  # the chain, old entries and new, still verifies
        export_case(case, tmp_path / "out")
    exported = (tmp_path / "out" / "manifest.json").read_bytes()
    assert hashlib.sha256(exported).hexdigest() != printed  # the letter's entry came after
    manifest = json.loads(exported)
    listed = [h for h in manifest["history"] if h["what"] == "letter.generated"]
    assert listed[-1]["detail"]["manifest_sha256"] == printed
    found = bundle_chain(manifest)  # the entry's detail is under the chain
    assert found.held, found
    listed[-1]["detail"]["manifest_sha256"] = "0" * 64  # edited: the chain breaks at that entry
    found = bundle_chain(manifest)
    assert not found.held and found.state == "broken" and found.broken_at == listed[-1]["n"]
    for lang, words in (("zh", "清单哈希"), ("en", "manifest hash")):
        env = {**os.environ, "TBCASE_LANG": lang}
        r = subprocess.run([*run, "check", ORDER], capture_output=True, text=True, timeout=120, env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        line = next(x for x in r.stdout.splitlines() if printed in x)
        assert words in line and f"#{entry.detail['letter']}" in line and str(entry.id) in line


def test_a_letter_without_the_sheet_records_no_manifest_hash(new_case):
    from datetime import date

    from tbcase.pdf.letter import render_case_letter
    from tbcase.storage.engine import DeadlineEngine

    case = new_case()
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 23), with_sheet=False)
    assert result.manifest_sha256 is None
    case.letters.add(result.pdf, date(2026, 11, 23), result.manifest_sha256)
    entry = [h for h in case.history() if h.what == "letter.generated"][-1]
    assert "manifest_sha256" not in entry.detail and case.letters.anchors() == []


def test_anchors_name_each_letter_its_sent_day_hash_and_entry(new_case):
    """What ``tbcase check`` prints, read in-process: each anchored letter with its number,
    the day it was sent (none when unsent), the printed hash and its history entry, oldest first."""
    from datetime import date

    from tbcase.storage.letters import SheetAnchor

    case = new_case()
    first = case.letters.add(b"%PDF-1.4 first", date(2026, 11, 23), "a" * 64)
    case.letters.add(b"%PDF-1.4 no sheet", None)
    second = case.letters.add(b"%PDF-1.4 second", None, "b" * 64)
    entries = [h.id for h in case.history() if h.what == "letter.generated"]
    assert case.letters.anchors() == [SheetAnchor(first.id, date(2026, 11, 23), "a" * 64, entries[0]),
                                      SheetAnchor(second.id, None, "b" * 64, entries[2])]
