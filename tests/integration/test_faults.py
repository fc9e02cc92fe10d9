"""Faults and hostile input: nothing a user owns is ever lost or corrupted."""

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tbcase.domain.errors import KnownError
from tbcase.storage.bundle import export_case
from tbcase.storage.casefile import CaseFile
from tbcase.storage.intake import sha256_hex
from tbcase.storage.library import Library
from tests.helpers import ORDER, make_png


def tb(library, *args, **kw):
    return subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library), *args],
                          capture_output=True, text=True, timeout=120, **kw)


def assert_case_whole(path: Path, hashes: set[str] | None = None) -> int:
    with CaseFile.open(path) as case:
        assert case.check() == []
        items = case.evidence.all()
        if hashes is not None:
            assert {e.sha256 for e in items} <= hashes
        assert [e.exhibit for e in items] == list(range(1, len(items) + 1))
        thumbs = case.evidence.thumbnails()
        assert all(e.id in thumbs for e in items if e.media_type.startswith("image/"))
        return len(items)


@pytest.mark.slow
def test_kill_9_at_random_moments_20_times(tmp_path, library_dir):
    """Import of 200 images, a step record and a letter render, each killed at random."""
    assert tb(library_dir, "new", "--order", ORDER, "--type", "quality").returncode == 0
    path = library_dir / f"{ORDER}.tbcase"
    src = tmp_path / "shots"
    src.mkdir()
    files = []
    for i in range(200):
        f = src / f"s{i:03d}.png"
        f.write_bytes(make_png(240, 520, seed=i, text_lines=8))
        files.append(str(f))
    hashes = {sha256_hex(Path(f).read_bytes()) for f in files}
    rnd = random.Random(20261128)
    commands = [["add", ORDER, *files], ["step", ORDER, "complaint", "--ref", "K"],
                ["letter", ORDER, "-o", str(tmp_path / "l.pdf")]]
    # how long each takes uncut (on a scratch library), so the kills land mid-way
    scratch = tmp_path / "scratch"
    assert tb(scratch, "new", "--order", ORDER, "--type", "quality").returncode == 0
    durations = []
    for cmd in commands:
        t = time.perf_counter()
        assert tb(scratch, *cmd).returncode == 0
        durations.append(time.perf_counter() - t)
    killed = i = 0
    while killed < 20 and i < 40:
        i += 1
        cmd = commands[i % 3]
        proc = subprocess.Popen([sys.executable, "-m", "tbcase", "--library", str(library_dir), *cmd],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(durations[i % 3] * rnd.uniform(0.15, 0.85))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        r = tb(library_dir, "check", ORDER)
        assert r.returncode == 0, (i, cmd[0], r.stdout, r.stderr)
        assert_case_whole(path, hashes)
        assert path.exists()
    assert killed == 20  # twenty runs really were killed mid-way
    with CaseFile.open(path) as case:
        steps = case.steps.all()
        letters = case.letters.all()
    assert all(s.kind == "complaint" for s in steps)
    for letter in letters:
        assert letter.size > 1000
    # finish the import: what made it is recognised as duplicates, the rest is added
    assert tb(library_dir, "add", ORDER, *files).returncode == 0
    assert assert_case_whole(path, hashes) == 200
    assert not [p for p in library_dir.iterdir() if p.name.endswith(("-wal", "-shm"))]


def test_disk_full_during_import_gives_clear_message_and_valid_file(new_case, tmp_path):
    case = new_case()
    case.evidence.add(make_png(300, 600, seed=1), "first.png")
    with case.reading():
        pages = case.db.execute_sql("PRAGMA page_count").fetchone()[0]
        case.db.execute_sql(f"PRAGMA max_page_count = {pages + 4}")  # the 'disk' is nearly full
    big = tmp_path / "big.png"
    big.write_bytes(make_png(1170, 2532, seed=5))
    with pytest.raises(KnownError) as info:
        case.evidence.import_files([big])
    assert info.value.code == "disk_full"
    from tbcase.messages import message

    assert "磁盘空间不足" in message(info.value.code, "zh", **info.value.params)
    case.close()
    assert assert_case_whole(case.path) == 1


def test_image_with_huge_exif_block(new_case):
    img = Image.new("RGB", (300, 200), "red")
    exif = Image.Exif()
    exif[0x010E] = "x" * 60000  # ImageDescription: a 60 KB EXIF block
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    info = new_case().evidence.add(buf.getvalue(), "exif.jpg")
    assert (info.width, info.height) == (300, 200)


def test_chat_log_of_control_characters_and_markup(new_case):
    text = "tb1 2026-1-1 10:00:00\n<script>alert(1)</script>\x00\x01\x02\x1b[31m\n&amp; <b>x</b>\n"
    case = new_case()
    info = case.evidence.add(text.encode("utf-8"), "chat.txt", kind="chat")
    msgs = case.evidence.messages(info.id)
    assert "<script>alert(1)</script>" in msgs[0].text
    assert case.evidence.original(info.id) == text.encode("utf-8")


@pytest.mark.slow
def test_50_mb_chat_log_is_kept_whole(new_case):
    line = "tb3849027715 2026-2-13 20:41:07\n你好，在吗？今天收到的杯子碎了一个，请尽快处理。\n"
    data = (line * (50 * 1024 * 1024 // len(line.encode()))).encode("utf-8")
    assert len(data) > 49 * 1024 * 1024
    case = new_case()
    t = time.perf_counter()
    info = case.evidence.add(data, "huge.txt")
    assert time.perf_counter() - t < 120
    assert info.kind == "chat" and case.evidence.original(info.id) == data
    assert case.check() == []


def test_chat_log_over_the_limit_is_refused_clearly(new_case, monkeypatch):
    from tbcase.domain import chat

    monkeypatch.setattr(chat, "MAX_CHAT_BYTES", 1000)
    case = new_case()
    with pytest.raises(KnownError) as info:
        case.evidence.add(("tb1 2026-1-1 10:00:00\n你好\n" * 100).encode(), "big.txt", kind="chat")
    assert info.value.code == "chat_too_large" and case.evidence.all() == []


def test_exported_bundle_with_hostile_paths_never_escapes(tmp_path, new_case):
    case = new_case()
    case.evidence.add(make_png(200, 400), "a.png")
    out = tmp_path / "bundle"
    export_case(case, out)
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["case"]["order_no"] = "../../escape"
    manifest["evidence"].append({"file": "../secret.txt", "sha256": sha256_hex(b"private"),
                                 "kind": "document", "title": "x"})
    manifest["evidence"].append({"file": str(secret), "sha256": sha256_hex(b"private"),
                                 "kind": "document", "title": "y"})
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    lib = Library(tmp_path / "lib")
    lib.ensure()
    before = sorted(p.name for p in tmp_path.iterdir())
    path, problems = lib.import_bundle(out)
    assert path.parent == lib.folder  # the order number cannot steer where the file goes
    assert len(problems) == 2 and all("unsafe" in p for p in problems)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    with CaseFile.open(path) as copy:
        assert [e.title for e in copy.evidence.all()] == ["a"]


def test_bundle_with_modified_file_reports_hash_mismatch(tmp_path, new_case):
    case = new_case()
    info = case.evidence.add(make_png(200, 400), "a.png")
    out = tmp_path / "bundle"
    export_case(case, out)
    name = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["evidence"][0]["file"]
    (out / name).write_bytes(b"changed")
    path, problems = Library(tmp_path / "lib").import_bundle(out)
    assert problems == [f"hash mismatch: {name}"]
    assert info.sha256 not in {e.sha256 for e in CaseFile.open(path).evidence.all()}


def test_two_app_instances_on_one_library_lose_no_writes(library_dir):
    assert tb(library_dir, "new", "--order", ORDER, "--type", "quality").returncode == 0
    script = ("import sys\nfrom tbcase.storage.casefile import CaseFile\n"
              "c = CaseFile.open(sys.argv[1])\n"
              "for i in range(30):\n    c.steps.add('complaint', ref=f'{sys.argv[2]}-{i}')\n"
              "c.set_field('notes', sys.argv[2])\nc.close()\n")
    path = str(library_dir / f"{ORDER}.tbcase")
    procs = [subprocess.Popen([sys.executable, "-c", script, path, name], env=dict(os.environ))
             for name in ("A", "B", "C")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with CaseFile.open(path) as case:
        refs = {s.ref for s in case.steps.all()}
        assert refs == {f"{n}-{i}" for n in "ABC" for i in range(30)}
        assert case.case().notes in ("A", "B", "C")
        assert case.check() == []
    assert not [p for p in library_dir.iterdir() if p.name.endswith(("-wal", "-shm"))]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_property_letter_text_is_never_markup(text):
    from reportlab.platypus import Paragraph

    from tbcase.pdf.letter import ComplaintLetter, para_text, register_fonts

    register_fonts()
    styles = ComplaintLetter._get_stylesheet(ComplaintLetter.__new__(ComplaintLetter))
    p = Paragraph(para_text(text), styles["body"])
    p.wrap(400, 10000)  # never raises: user text cannot break the markup parser
    plain = "".join(getattr(f, "text", "") for f in p.frags)
    expected = "".join(ch for ch in text if ch not in "\n\r\t")
    assert len(plain.replace("\n", "")) >= len(expected.strip()) * 0.5 or not expected.strip()


def test_another_programs_database_named_tbcase_is_untouched(tmp_path):
    import sqlite3

    path = tmp_path / "x.tbcase"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER)")
    con.commit()
    con.close()
    before = path.read_bytes()
    r = tb(tmp_path, "show", str(path))
    assert r.returncode == 3 and "不是 tbcase 案件文件" in r.stderr
    assert path.read_bytes() == before


def test_hot_rollback_journal_left_by_a_killed_writer_is_rolled_back(new_case):
    """Found by the kill loop: a writer killed while switching the file back out of WAL leaves
    a hot ``-journal``. A read-only check could not roll it back and called the case damaged,
    for good. Now the case opens, the unfinished transaction is undone, nothing is lost."""
    case = new_case()
    case.steps.add("complaint", at="2026-11-20 10:00")
    case.close()
    path = case.path
    writer = (
        "import sqlite3, sys, time\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA journal_mode=DELETE')\n"
        "con.execute('PRAGMA cache_size=5')\n"  # tiny cache: changed pages spill to the file
        "con.execute('BEGIN IMMEDIATE')\n"
        "for i in range(400):\n"
        "    con.execute(\"INSERT INTO step (kind, at, ref, note, created) VALUES \"\n"
        "                \"('closed', '2026-11-21T00:00:00+08:00', ?, '', 'x')\", ('y' * 500,))\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen([sys.executable, "-c", writer, str(path)], stdout=subprocess.PIPE,
                          text=True) as proc:
        assert proc.stdout.readline().strip() == "ready"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert Path(str(path) + "-journal").exists()  # the hot journal is there
    r = tb(path.parent, "check", str(path))
    assert r.returncode == 0, r.stdout + r.stderr
    with CaseFile.open(path) as again:
        assert [s.kind for s in again.steps.all()] == ["complaint"]  # the half transaction is gone
        assert again.check() == []
