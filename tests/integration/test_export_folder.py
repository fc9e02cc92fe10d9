"""Exports are written whole or not at all, never through planted links (issue 13)."""

import json
import os

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.exportdir import ExportFolder, export_name, is_previous_export


def _export(target, files):
    with ExportFolder(target) as out:
        for name, data in files:
            out.write(name, data)
        out.write("manifest.json", json.dumps({"format": "tbcase-export"}).encode())


def test_names_every_file_system_takes():
    long = export_name(3, "标" * 300, "x" * 240 + ".png", ".bin")
    assert len(long.encode("utf-8")) <= 200 and long.startswith("003_") and long.endswith(".png")
    assert export_name(1, "a\x00b/c", "evil\x00.png", ".bin") == "001_a_b_c.png"
    assert export_name(1, "t", "x." + "y" * 250, ".jpg").endswith(".jpg")
    assert export_name(1, "..", "", ".txt") == "001_证据.txt"
    assert export_name(2, "t", "evil.p\x00ng", ".bin") == "002_t.png"  # a NUL inside the suffix is dropped


def test_export_replaces_a_previous_export_whole(tmp_path):
    target = tmp_path / "out"
    _export(target, [("001_a.png", b"1"), ("002_b.png", b"2")])
    _export(target, [("001_a.png", b"new")])
    assert sorted(p.name for p in target.iterdir()) == ["001_a.png", "manifest.json"]  # no stale file
    assert (target / "001_a.png").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary left
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o700
        assert (target / "001_a.png").stat().st_mode & 0o777 == 0o600


def test_refuses_a_folder_that_is_not_an_export(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"important")
    with pytest.raises(KnownError) as info:
        _export(target, [("001_a.png", b"1")])
    assert info.value.code == "export_target_not_empty"
    assert [p.name for p in target.iterdir()] == ["thesis.docx"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_planted_manifest_symlink_is_never_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    target = tmp_path / "out"
    target.mkdir()
    (target / "manifest.json").symlink_to(victim)
    with pytest.raises(KnownError):
        _export(target, [("001_a.png", b"1")])
    assert victim.read_text() == "keep"
    os.unlink(target / "manifest.json")
    _export(target, [("001_a.png", b"1")])  # empty now: written
    assert victim.read_text() == "keep"
    assert is_previous_export(target)


def test_a_failure_half_way_leaves_nothing(tmp_path):
    target = tmp_path / "out"
    with pytest.raises(RuntimeError), ExportFolder(target) as out:
        out.write("001_a.png", b"1")
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_a_name_written_twice_gets_a_number_and_both_are_kept(tmp_path):
    """Two files of the same name (two exhibits whose titles cut to the same bytes): the second
    is ``name (2)``, the third ``name (3)``; none replaces another."""
    target = tmp_path / "out"
    with ExportFolder(target) as out:
        used = [out.write("001_截图.png", bytes([n])) for n in range(3)]
        out.write("manifest.json", b"{}")
    assert used == ["001_截图.png", "001_截图 (2).png", "001_截图 (3).png"]
    assert [(target / name).read_bytes() for name in used] == [b"\x00", b"\x01", b"\x02"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
@pytest.mark.parametrize("plant", ["link", "folder", "format", "list", "broken"])
def test_a_folder_is_replaced_only_when_it_is_a_previous_export_of_regular_files(tmp_path, plant):
    """A previous export holding a planted link (even to a regular file), a sub-folder, a
    manifest of another format, one that is no JSON object or no JSON at all is not ours:
    refused as not empty, and left as it was (the link's target too)."""
    target = tmp_path / "out"
    _export(target, [("001_a.png", b"1")])
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    if plant == "link":
        (target / "002_b.png").symlink_to(victim)
    elif plant == "folder":
        (target / "sub").mkdir()
    else:
        text = {"format": '{"format": "other"}', "list": "[1]", "broken": "{"}[plant]
        (target / "manifest.json").write_text(text)
    before = sorted(p.name for p in target.iterdir())
    assert not is_previous_export(target)
    with pytest.raises(KnownError) as info:
        _export(target, [("001_a.png", b"new")])
    assert (info.value.code, info.value.params) == ("export_target_not_empty", {"path": str(target)})
    assert sorted(p.name for p in target.iterdir()) == before and (target / "001_a.png").read_bytes() == b"1"
    assert victim.read_text() == "keep" and sorted(p.name for p in tmp_path.iterdir()) == ["out", "victim.txt"]


def test_an_exported_files_name_keeps_a_short_suffix_in_lower_case_and_the_title_made_safe():
    """The original's suffix (letters and digits, at most 10) in lower case, else the fallback for
    its media type; each character no file system takes becomes ``_``; dots and spaces around the
    title go (Windows drops them)."""
    assert export_name(7, " 订单:截图*1? ", "IMG_01.PNG", ".bin") == "007_订单_截图_1_.png"
    assert export_name(12, "a<b>c|d\"e\\f", "x.jpeg", ".bin") == "012_a_b_c_d_e_f.jpeg"
    assert export_name(123, "聊天记录", "chat.abcdefghijk", ".txt") == "123_聊天记录.txt"  # 11 characters: no suffix
    assert export_name(1, "t", "x.tar-gz", ".bin") == "001_t.bin" and export_name(1, "t", "", ".pdf") == "001_t.pdf"
    assert export_name(1000, "t", "x.abcdefghij", ".bin") == "1000_t.abcdefghij"
    assert export_name(5, "XL码衣服X", "x.png", ".bin") == "005_XL码衣服X.png"  # only spaces and dots go


@pytest.mark.parametrize("name", ["", ".", "..", "a/b.png", "../x"])
def test_only_a_plain_file_name_is_written_into_an_export(tmp_path, name):
    with pytest.raises(ValueError), ExportFolder(tmp_path / "out") as out:
        out.write(name, b"1")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="modes")
def test_an_export_is_written_in_a_hidden_private_folder_beside_its_target_then_renamed(tmp_path):
    """Beside the target (the same file system: the rename into place is whole), hidden, named
    after it, only the user's: what a user may glimpse while a long export runs."""
    target = tmp_path / "导出"
    with ExportFolder(target) as out:
        out.write("001_a.png", b"1")
        [busy] = list(tmp_path.iterdir())
        assert busy.name.startswith(".导出.exporting-") and busy.stat().st_mode & 0o777 == 0o700
        assert (busy / "001_a.png").read_bytes() == b"1" and not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["导出"] and (target / "001_a.png").read_bytes() == b"1"


def test_a_failed_export_says_its_own_reason_even_when_its_hidden_folder_is_gone(tmp_path):
    """The export fails (here: the disk is full) after someone or something removed its hidden
    folder: the user is told why the export failed, not that a folder could not be removed."""
    import shutil

    target = tmp_path / "导出"
    with pytest.raises(KnownError) as info, ExportFolder(target) as out:
        out.write("a.txt", b"1")
        shutil.rmtree(out.tmp)
        raise KnownError("disk_full", path=str(target))
    assert info.value.code == "disk_full"
    assert not target.exists() and os.listdir(tmp_path) == []
