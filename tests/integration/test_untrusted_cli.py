"""The reproductions of issue 13, through the command line as a user meets them: a
crafted case file is imported, checked, or dropped into the library."""

import shutil
import sqlite3
import time

import pytest

from tests.helpers import ORDER, make_png
from tests.integration.test_cli import tb
from tests.integration.test_untrusted_files import MALICIOUS, mutate

OTHER = "4528716093384011111"


@pytest.fixture
def crafted(tmp_path, library_dir):
    """A valid case made in a scratch library, and the user's own library with one
    overdue case in it."""
    scratch = tmp_path / "scratch"
    r = tb("new", "--order", ORDER, "--shop", "店", "--item", "杯子", "--type", "quality",
           "--signed", "2026-11-13 18:00", library=scratch)
    assert r.returncode == 0, r.stderr
    assert tb("set", ORDER, "complainant.phone", "13800000000", library=scratch).returncode == 0
    assert tb("set", ORDER, "demands", "请求退款。", library=scratch).returncode == 0
    shot = tmp_path / "shot.png"
    shot.write_bytes(make_png(300, 600))
    chat = tmp_path / "chat.txt"
    chat.write_text("tb1 2026-11-14 10:00:00\n杯子碎了\n", encoding="utf-8")
    assert tb("add", ORDER, str(shot), str(chat), library=scratch).returncode == 0
    assert tb("step", ORDER, "complaint", "--at", "2026-11-20 10:00", library=scratch).returncode == 0
    r = tb("new", "--order", OTHER, "--type", "quality", "--signed", "2026-01-10 10:00",
           library=library_dir)
    assert r.returncode == 0, r.stderr
    assert tb("step", OTHER, "complaint", "--at", "2026-01-11 10:00", library=library_dir).returncode == 0
    return scratch / f"{ORDER}.tbcase"


def _phone(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute('SELECT complainant_phone, demands FROM "case"').fetchone()
    finally:
        con.close()


def test_trigger_file_is_imported_without_its_trigger(crafted, tmp_path, library_dir):
    mutate(crafted, MALICIOUS["trigger_rewrites_phone"]
           + ["CREATE TRIGGER y AFTER INSERT ON history BEGIN UPDATE evidence SET deleted = "
              "'2026-01-01T00:00:00+08:00'; UPDATE \"case\" SET demands = '放弃全部请求'; END"])
    r = tb("check", str(crafted), library=library_dir)
    assert r.returncode == 1 and "结构" in r.stdout, r.stdout  # check no longer says OK
    r = tb("import", str(crafted), library=library_dir)
    assert r.returncode == 0, r.stderr
    imported = library_dir / f"{ORDER}.tbcase"
    shot = tmp_path / "new.png"
    shot.write_bytes(make_png(200, 200, seed=9))
    assert tb("set", ORDER, "notes", "x", library=library_dir).returncode == 0
    assert tb("add", ORDER, str(shot), library=library_dir).returncode == 0
    out = tmp_path / "l.pdf"
    assert tb("letter", ORDER, "-o", str(out), library=library_dir).returncode == 0
    assert _phone(imported) == ("13800000000", "请求退款。")
    con = sqlite3.connect(imported)
    assert con.execute("SELECT count(*) FROM evidence WHERE deleted IS NOT NULL").fetchone()[0] == 0
    assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")} == {
        "history_no_update", "history_no_delete"}
    con.close()
    assert tb("check", ORDER, library=library_dir).returncode == 0


@pytest.mark.parametrize("name", ["recursive_view", "dropped_column", "added_not_null_column",
                                  "user_version_1_on_schema_2", "history_triggers_dropped"])
def test_a_crafted_file_in_the_library_hides_nothing(crafted, library_dir, name):
    mutate(crafted, MALICIOUS[name])
    shutil.copyfile(crafted, library_dir / crafted.name)
    t = time.monotonic()
    r = tb("list", "--json", library=library_dir)
    assert time.monotonic() - t < 60
    assert r.returncode == 0, r.stderr
    assert OTHER in r.stdout  # the other case is listed
    r = tb("due", library=library_dir)
    assert r.returncode == 0 and OTHER in r.stdout  # and its overdue deadline still shows
    r = tb("show", ORDER, library=library_dir)
    assert r.returncode == 3 and "结构" in r.stderr, (r.returncode, r.stderr)
    r = tb("check", "--all", library=library_dir)
    assert r.returncode == 1
    assert sorted(p.name for p in library_dir.iterdir() if p.name.endswith(".bak")) == []
    r = tb("import", str(crafted), library=library_dir)  # repaired into a fresh file
    assert r.returncode in (0, 1), r.stderr


@pytest.mark.parametrize("sql", [
    "UPDATE step SET kind = 'bogus'",
    "UPDATE step SET at = 'not-a-date'",
    "UPDATE evidence SET exhibit = NULL",
    "UPDATE \"case\" SET signed_at = '0001-01-01T00:00:00+08:00'",
])
def test_bad_values_show_an_error_for_that_case_only(crafted, library_dir, sql):
    mutate(crafted, [sql])
    shutil.copyfile(crafted, library_dir / crafted.name)
    r = tb("list", library=library_dir)
    assert r.returncode == 0, r.stderr
    assert OTHER in r.stdout
    r = tb("import", str(crafted), library=library_dir)
    assert r.returncode in (0, 1), r.stderr
