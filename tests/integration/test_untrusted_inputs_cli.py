"""Everyday inputs that crashed or hung (issue 13), through the command line."""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.helpers import ORDER, make_png
from tests.integration.test_cli import tb

pytestmark = pytest.mark.skipif(os.name != "posix", reason="devices, FIFOs, byte file names")


@pytest.fixture
def case_lib(library_dir):
    r = tb("new", "--order", ORDER, "--shop", "店", "--item", "杯子", "--type", "quality",
           library=library_dir)
    assert r.returncode == 0, r.stderr
    return library_dir


def test_dev_zero_fifo_and_sparse_file_are_refused_up_front(case_lib, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    sparse = tmp_path / "big.png"
    with open(sparse, "wb") as fh:
        fh.truncate(1_500_000_000)
    for target in ("/dev/zero", str(fifo), str(sparse)):
        t = time.monotonic()
        r = tb("add", ORDER, target, library=case_lib)
        assert time.monotonic() - t < 30, target
        assert r.returncode == 3, (target, r.stderr)
        assert "未添加" in r.stderr, r.stderr


def test_folder_with_a_non_utf8_name_adds_every_file_and_reports_each(case_lib, tmp_path):
    folder = tmp_path / "zip"
    folder.mkdir()
    (folder / "a.png").write_bytes(make_png(200, 300, seed=1))
    gbk = os.fsencode(folder) + b"/" + "订单截图.png".encode("gbk")
    with open(gbk, "wb") as fh:
        fh.write(make_png(200, 300, seed=2))
    with open(os.fsencode(folder) + b"/bad\xff\xfe.png", "wb") as fh:
        fh.write(make_png(200, 300, seed=3))
    (folder / "empty.txt").write_bytes(b"")
    os.mkfifo(folder / "pipe")
    r = tb("add", ORDER, str(folder), library=case_lib)
    assert r.returncode == 3, r.stderr  # some were refused: said, with why
    assert "订单截图" in r.stdout and "bad\\xff\\xfe" in r.stdout, r.stdout
    assert "empty.txt" in r.stderr and "pipe" in r.stderr, r.stderr
    r = tb("show", ORDER, "--json", library=case_lib)
    titles = sorted(e["original_name"] for e in json.loads(r.stdout)["evidence"])
    assert titles == ["a.png", "bad\\xff\\xfe.png", "订单截图.png"]


def _export(case_lib, target):
    return tb("export", ORDER, "-o", str(target), library=case_lib)


def test_export_survives_long_names_and_nul(case_lib, tmp_path):
    long = tmp_path / ("长" * 80 + "x.png")  # 241 bytes: a legal name
    assert len(long.name.encode()) < 255
    long.write_bytes(make_png(100, 100, seed=4))
    assert tb("add", ORDER, str(long), library=case_lib).returncode == 0
    con = sqlite3.connect(case_lib / f"{ORDER}.tbcase")
    with con:
        con.execute("UPDATE evidence SET original_name = ?, title = ?", ("a\x00b.png", "x\x00y"))
    con.close()
    out = tmp_path / "out"
    r = _export(case_lib, out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".json", ".png"]


def test_export_replaces_only_a_previous_export(case_lib, tmp_path):
    shot = tmp_path / "s.png"
    shot.write_bytes(make_png(100, 100, seed=5))
    assert tb("add", ORDER, str(shot), library=case_lib).returncode == 0
    out = tmp_path / "out"
    assert _export(case_lib, out).returncode == 0
    (out / "stale.png").write_bytes(b"old")
    os.unlink(out / "stale.png")
    assert _export(case_lib, out).returncode == 0  # a previous export is replaced whole
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"x")
    r = _export(case_lib, mine)
    assert r.returncode == 3 and [p.name for p in mine.iterdir()] == ["thesis.docx"]
    victim = tmp_path / "victim.json"
    victim.write_text("keep")
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "manifest.json").symlink_to(victim)
    assert _export(case_lib, planted).returncode == 3
    assert victim.read_text() == "keep"


def test_import_never_writes_to_the_source_and_leaves_no_sidecars(case_lib, tmp_path, library_dir):
    src = case_lib / f"{ORDER}.tbcase"
    sender = tmp_path / "sender"
    sender.mkdir()
    copy = sender / "case.tbcase"
    copy.write_bytes(src.read_bytes())
    # the sender's file arrives with a WAL beside it holding the last change
    script = ("import sqlite3, sys\ncon = sqlite3.connect(sys.argv[1])\n"
              "con.execute('PRAGMA journal_mode=WAL')\ncon.execute('PRAGMA wal_autocheckpoint=0')\n"
              "con.execute(\"UPDATE \\\"case\\\" SET notes = 'from the wal'\")\ncon.commit()\n"
              "import os\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(copy)], check=True)
    assert (sender / "case.tbcase-wal").exists()
    before = {p.name: p.read_bytes() for p in sender.iterdir()}
    other = tmp_path / "other-lib"
    # a stale sidecar from a killed import of another file with the same name
    other.mkdir()
    (other / "case.tbcase.importing-wal").write_bytes(b"stale" * 100)
    r = tb("import", str(copy), library=other)
    assert r.returncode == 0, r.stderr
    after = {p.name: p.read_bytes() for p in sender.iterdir()}
    assert after == before  # not a byte written next to the sender's file
    imported = other / "case.tbcase"
    con = sqlite3.connect(f"file:{imported}?mode=ro", uri=True)
    assert con.execute('SELECT notes FROM "case"').fetchone()[0] == "from the wal"
    con.close()
    assert sorted(p.name for p in other.iterdir() if not p.name.startswith(".tbcase-index")) == [
        "case.tbcase", "case.tbcase.importing-wal"]  # the stale file is not ours to delete


def test_bundle_import_reads_bounded(case_lib, tmp_path, library_dir):
    out = tmp_path / "out"
    assert _export(case_lib, out).returncode == 0
    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    r = tb("import", str(deep), library=library_dir)
    assert r.returncode == 3, r.stderr
    fifo_bundle = tmp_path / "fifo"
    fifo_bundle.mkdir()
    os.mkfifo(fifo_bundle / "manifest.json")
    t = time.monotonic()
    r = tb("import", str(fifo_bundle), library=library_dir)
    assert r.returncode == 3 and time.monotonic() - t < 30, r.stderr


@pytest.mark.parametrize("command", [["export", ORDER, "-o", "{file}/out"], ["letter", ORDER, "-o", "{file}/x.pdf"],
                                     ["ics", ORDER, "-o", "{file}/x.ics"], ["manifest", ORDER, "-o", "{file}/m.pdf"],
                                     ["letter", ORDER, "-o", "{folder}", "--no-sheet"],
                                     ["export", ORDER, "--public", "-o", "{file}/p"]])
def test_an_output_path_that_cannot_be_written_is_a_clear_message(case_lib, tmp_path, command, capsys):
    """-o inside something that is a file, or naming a folder, was an internal error
    ("tbcase 内部错误：NotADirectoryError …", exit 4: report a bug) for every command that
    writes; now one sentence in the user's language naming the path, exit 3."""
    from tbcase.cli import main

    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-folder").mkdir()
    argv = [a.format(file=tmp_path / "a-file", folder=tmp_path / "a-folder") for a in command]
    assert main(["--library", str(case_lib), *argv]) == 3
    err = capsys.readouterr().err
    assert "无法写入或读取" in err and str(tmp_path) in err and "内部错误" not in err
    assert (tmp_path / "a-file").read_text() == "x" and list((tmp_path / "a-folder").iterdir()) == []


def test_a_case_path_that_is_a_pipe_or_a_device_is_refused_up_front(case_lib, tmp_path, library_dir):
    """`import` of a FIFO named x.tbcase was an internal error (SpecialFileError); of a link
    to /dev/zero it copied zeros into the library's folder until killed (6 GB in 20 s, left
    behind); `check` and `show` of a FIFO waited for a writer for good."""
    fifo = tmp_path / "pipe.tbcase"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.tbcase"
    zero.symlink_to("/dev/zero")
    for target in (fifo, zero):
        t = time.monotonic()
        r = tb("import", str(target), library=library_dir)
        assert time.monotonic() - t < 30 and r.returncode == 3, (target, r.returncode, r.stderr)
        assert "不是普通文件" in r.stderr and "内部错误" not in r.stderr
        assert [p.name for p in library_dir.iterdir() if p.name.startswith(".tbcase-import")] == []
        for command in ("check", "show"):
            r = tb(command, str(target), library=case_lib)
            assert r.returncode in (1, 3) and "不是 tbcase 案件文件" in r.stdout + r.stderr, (command, r.stderr)


def test_holidays_import_reads_a_year_file_bounded(tmp_path, capsys):
    """`tbcase holidays import /dev/zero` read until memory ran out (MemoryError, or the
    machine's memory), a FIFO waited for a writer for good, bytes that are not UTF-8 were an
    internal error (UnicodeDecodeError)."""
    from tbcase.cli import main

    fifo = tmp_path / "2027.txt"
    os.mkfifo(fifo)
    binary = tmp_path / "2028.txt"
    binary.write_bytes(b"\xf3\x00\xff" * 300)
    for path, said in (("/dev/zero", "不是普通文件"), (fifo, "不是普通文件"), (binary, "节假日文件无法识别")):
        assert main(["holidays", "import", str(path)]) == 3
        assert said in capsys.readouterr().err


def _tb_bytes(*args, library):
    """The command line given bytes, as a shell in a GBK locale passes them."""
    return subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library), *args],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, TBCASE_LANG="zh"))


def test_a_gbk_file_name_given_on_the_command_line_is_found_and_gbk_text_is_refused_clearly(case_lib, tmp_path):
    """Bytes that are not UTF-8 in argv (a GBK name typed in a GBK terminal on Linux): a file
    name is found and added (its name shown as the GBK it is); text that would be stored (a
    shop, a note, a field's value, a countdown's label) is refused with a clear sentence and
    usage exit code; it was an internal error ("surrogates not allowed", exit 4), or, for
    ``set``, a false claim that the case file was unreadable."""
    gbk = "截图".encode("gbk")
    path = os.fsencode(tmp_path) + b"/" + gbk + b".png"
    with open(path, "wb") as fh:
        fh.write(make_png(200, 300, seed=5))
    r = _tb_bytes("add", ORDER, path, library=case_lib)
    assert r.returncode == 0 and "截图" in r.stdout, r.stderr
    for args in (["new", "--order", "4528716093381234568", "--shop", gbk, "--type", "quality"],
                 ["set", ORDER, "shop", gbk], ["step", ORDER, "complaint", "--note", gbk],
                 ["countdown", ORDER, gbk, "2天"]):
        r = _tb_bytes(*args, library=case_lib)
        assert r.returncode == 2, (args, r.stderr)
        assert "不是 UTF-8 编码的文字（\\xbd\\xd8" in r.stderr and "未做任何修改" in r.stderr, r.stderr
        assert "内部错误" not in r.stderr and "无法识别的内容" not in r.stderr
    r = tb("show", ORDER, "--json", library=case_lib)
    shown = json.loads(r.stdout)
    assert shown["shop"] == "店" and shown["steps"] == [] and len(shown["evidence"]) == 1
