"""The command line as a user runs it: a real subprocess, real files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ORDER, make_jpeg, make_png


def tb(*args, library, input=None, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library), *args],
                          capture_output=True, text=True, input=input, env=env, timeout=120)


def test_version():
    from tbcase import __version__

    r = subprocess.run([sys.executable, "-m", "tbcase", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == f"tbcase {__version__}"


def test_full_flow(tmp_path, library_dir):
    r = tb("new", "--order", ORDER, "--shop", "青禾家居旗舰店", "--item", "陶瓷马克杯",
           "--type", "quality", "--amount", "39.50", "--signed", "2026-11-13 18:00",
           library=library_dir)
    assert r.returncode == 0, r.stderr
    path = Path(r.stdout.strip())
    assert path == library_dir / f"{ORDER}.tbcase" and path.exists()
    shot = tmp_path / "订单截图.png"
    shot.write_bytes(make_png(400, 900))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(make_jpeg(orientation=6, when="2026:11:14 09:00:00"))
    r = tb("add", ORDER, str(shot), str(photo), library=library_dir)
    assert r.returncode == 0, r.stderr
    r = tb("add", ORDER, "-", library=library_dir,
           input=(FIXTURES / "chat_sample_utf8.txt").read_text(encoding="utf-8"))
    assert r.returncode == 0, r.stderr
    r = tb("track", ORDER, "SF1234567890123", "--json", library=library_dir)
    assert json.loads(r.stdout)["carrier"] == "sf"
    assert tb("set", ORDER, "facts", "杯子碎了", library=library_dir).returncode == 0
    assert tb("step", ORDER, "complaint", "--at", "2026-11-20 10:00", library=library_dir).returncode == 0
    r = tb("show", ORDER, "--json", library=library_dir)
    data = json.loads(r.stdout)
    assert [e["kind"] for e in data["evidence"]] == ["screenshot", "photo", "chat"]
    assert data["evidence"][1]["width"] == 300 and data["evidence"][1]["captured"].startswith("2026-11-14")
    assert data["evidence"][2]["messages"][0]["role"] == "buyer"
    assert data["facts"] == "杯子碎了" and data["amount"] == "39.50"
    assert len(data["evidence"][0]["sha256"]) == 64
    r = tb("timeline", ORDER, "--json", library=library_dir)
    tl = json.loads(r.stdout)
    app = next(d for d in tl["deadlines"] if d["rule"] == "app_reply")
    assert app["due"] == "2026-11-21T10:00:00+08:00" and app["state"] == "overdue"
    assert tl["next_step"] == "written_complaint"
    r = tb("list", "--json", library=library_dir)
    assert json.loads(r.stdout)[0]["order_no"] == ORDER
    r = tb("check", ORDER, library=library_dir)
    assert r.returncode == 0 and "OK" in r.stdout
    r = tb("due", "--json", library=library_dir)
    assert any(d["rule"] == "app_reply" for d in json.loads(r.stdout))
    ics = tmp_path / "d.ics"
    assert tb("ics", ORDER, "-o", str(ics), library=library_dir).returncode == 0
    from icalendar import Calendar

    cal = Calendar.from_ical(ics.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    assert events and all(e.walk("VALARM") for e in events)
    out = tmp_path / "export"
    assert tb("export", ORDER, "-o", str(out), library=library_dir).returncode == 0
    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["evidence"]) == 3
    assert sorted(p.name for p in library_dir.iterdir()) == [".tbcase-index.sqlite", f"{ORDER}.tbcase"]


def test_errors_are_one_clear_line(tmp_path, library_dir):
    r = tb("show", "1234567890123456", library=library_dir)
    assert r.returncode == 3 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "没有订单号" in r.stderr
    r = tb("show", "1234567890123456", library=library_dir, env_extra={"TBCASE_LANG": "en"})
    assert "No case with order number" in r.stderr
    bad = tmp_path / "x.tbcase"
    bad.write_bytes(b"hello")
    r = tb("check", str(bad), library=library_dir)
    assert r.returncode == 1 and "不是 tbcase 案件文件" in r.stdout
    r = tb("new", "--order", "123", "--type", "quality", library=library_dir)
    assert r.returncode == 0 and "16到19位" in r.stderr
    r = tb("set", "123", "amount", "abc", library=library_dir)
    assert r.returncode == 3 and "金额" in r.stderr
    r = tb("new", "--order", "123", "--type", "nonsense", library=library_dir)
    assert r.returncode == 2


def test_check_exit_1_on_modified_blob(library_dir):
    import sqlite3

    tb("new", "--order", ORDER, "--type", "quality", library=library_dir)
    path = library_dir / f"{ORDER}.tbcase"
    r = tb("add", ORDER, "-", library=library_dir, input="hello 2026-1-1 10:00:00\n你好\n")
    assert r.returncode == 0
    con = sqlite3.connect(path)
    con.execute("UPDATE evidence_blob SET data = x'00'")
    con.commit()
    con.close()
    r = tb("check", "--all", library=library_dir)
    assert r.returncode == 1 and "SHA-256" in r.stdout


def test_workdays_and_estimated_warning(tmp_path, library_dir):
    r = tb("workdays", "add", "2026-09-30", "7", library=library_dir)
    assert (r.returncode, r.stdout.strip(), r.stderr) == (0, "2026-10-15", "")
    r = tb("workdays", "add", "2026-12-28", "7", library=library_dir)
    assert r.stdout.strip() == "2027-01-06" and "估算" in r.stderr
    notice = tmp_path / "2027.txt"
    notice.write_text("2027-01-01..2027-01-03 休\n", encoding="utf-8")
    assert tb("holidays", "import", str(notice), library=library_dir).returncode == 0
    r = tb("workdays", "add", "2026-12-28", "7", library=library_dir)
    assert (r.stdout.strip(), r.stderr) == ("2027-01-07", "")


def test_english_command_line(library_dir):
    tb("new", "--order", ORDER, "--type", "quality", "--signed", "2026-11-13 18:00", library=library_dir)
    tb("step", ORDER, "complaint", "--at", "2026-11-20 10:00", library=library_dir)
    r = tb("timeline", ORDER, library=library_dir, env_extra={"TBCASE_LANG": "en"})
    assert r.returncode == 0
    assert "Steps taken:" in r.stdout and "Platform answers the in-app complaint" in r.stdout
    assert "Next step: Send a written complaint" in r.stdout
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in r.stdout)  # no Chinese left
    r = tb("add", ORDER, "-", library=library_dir, input="tb1 2026-1-1 10:00:00\nhi\n",
           env_extra={"TBCASE_LANG": "en"})
    assert r.stdout.startswith("Exhibit 1")


def test_return_signed_then_list_and_timeline(library_dir):
    """Issue 12: one `return_signed` step made `list`, `timeline` and the window's case
    list fail with "fromisoformat: argument must be str" (a datetime parsed twice)."""
    assert tb("new", "--order", ORDER, "--type", "quality", "--outcome", "return",
              "--signed", "2026-11-13 18:00", library=library_dir).returncode == 0
    r = tb("step", ORDER, "return_signed", "--at", "2026-11-20 10:00", library=library_dir)
    assert r.returncode == 0, r.stderr
    for args in (["list"], ["list", "--json"], ["timeline", ORDER], ["timeline", ORDER, "--json"],
                 ["show", ORDER], ["due"]):
        r = tb(*args, library=library_dir)
        assert r.returncode == 0, (args, r.stderr)
    listed = json.loads(tb("list", "--json", library=library_dir).stdout)
    assert [row["order_no"] for row in listed] == [ORDER]
    steps = json.loads(tb("timeline", ORDER, "--json", library=library_dir).stdout)["steps"]
    assert [(s["kind"], s["at"]) for s in steps] == [("return_signed", "2026-11-20T10:00:00+08:00")]


SEQUENCES = {
    "reply_before_complaint": [("platform_reply", "2026-11-05 10:00"), ("complaint", "2026-11-06 10:00"),
                               ("written_reply", "2026-11-07 10:00")],
    "two_return_signed": [("return_signed", "2026-11-08 10:00"), ("return_signed", "2026-11-09 10:00"),
                          ("return_shipped", "2026-11-10 10:00")],
    "resolved_then_more": [("complaint", "2026-11-04 10:00"), ("resolved", "2026-11-05 10:00"),
                           ("alibaba", "2026-11-06 10:00"), ("closed", "2026-11-07 10:00")],
    "before_the_order": [("written_complaint", "2025-01-01 10:00"), ("third_party", "2025-01-02 10:00")],
    "every_kind_backwards": [(k, f"2026-11-{28 - i:02d} 10:00") for i, k in enumerate(
        ["return_signed", "return_shipped", "closed", "refused", "rejected", "resolved",
         "third_party_reply", "third_party", "alibaba", "written_reply", "written_complaint",
         "platform_reply", "complaint"])],
}


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_every_command_works_after_a_sequence_of_steps(name, tmp_path, library_dir):
    """Fixed step sequences, sensible or not, through the real command line: every view
    works afterwards (the state machine in test_case_machine.py explores the rest)."""
    assert tb("new", "--order", ORDER, "--type", "quality", "--signed", "2026-11-03 18:00",
              library=library_dir).returncode == 0
    assert tb("track", ORDER, "SF1234567890123", "--direction", "return", "--signed", "2026-11-09 12:00",
              library=library_dir).returncode == 0
    assert tb("countdown", ORDER, "卖家处理退款", "2天5时", library=library_dir).returncode == 0
    for kind, at in SEQUENCES[name]:
        r = tb("step", ORDER, kind, "--at", at, library=library_dir)
        assert r.returncode == 0, (kind, r.stderr)
    out = tmp_path / "out"
    for args in (["list"], ["list", "--json"], ["show", ORDER], ["show", ORDER, "--json"],
                 ["timeline", ORDER], ["timeline", ORDER, "--json"], ["due"], ["due", "--json"],
                 ["ics", ORDER, "-o", str(tmp_path / "c.ics")], ["check", ORDER],
                 ["letter", ORDER, "-o", str(tmp_path / "l.pdf"), "--sent", "2026-11-20"],
                 ["export", ORDER, "-o", str(out)]):
        r = tb(*args, library=library_dir)
        assert r.returncode == 0, (args, r.stderr)
    r = tb("import", str(out), library=tmp_path / "other")
    assert r.returncode == 0, r.stderr

    def steps(library):
        data = json.loads(tb("timeline", ORDER, "--json", library=library).stdout)
        return [(s["kind"], s["at"]) for s in data["steps"]]

    assert steps(tmp_path / "other") == steps(library_dir)
    assert len(steps(library_dir)) == len(SEQUENCES[name])


def test_a_change_to_a_case_that_cannot_be_written_is_refused_by_name(new_case, library_dir, monkeypatch, capsys):
    """A case on a disc or a read-only share opens and reads (opening writes nothing); SQLite
    refuses the first write (SQLITE_READONLY, made here with ``query_only``): ``set`` says the
    file is read-only, naming it, instead of an internal error; the case is unchanged."""
    from tbcase.cli import main
    from tbcase.cli.common import EXIT_FAILED
    from tbcase.storage.casefile import CaseFile

    case = new_case()
    path = case.path
    case.close()
    real = CaseFile._database

    def read_only(p, readonly=False):
        db = real(p, readonly)
        db._pragmas = [*db._pragmas, ("query_only", 1)]
        return db

    monkeypatch.setattr(CaseFile, "_database", staticmethod(read_only))
    monkeypatch.setenv("TBCASE_LANG", "en")
    assert main(["--library", str(library_dir), "set", str(path), "notes", "x"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "read-only" in err and str(path) in err and "internal" not in err.lower(), err
    monkeypatch.undo()
    with CaseFile.open(path, readonly=True) as reader:
        assert reader.case().notes == ""
