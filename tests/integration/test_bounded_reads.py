"""Files the user adds are read bounded: regular files only, size before reading, the
hash while reading (issue 13: /dev/zero ran out of memory, a FIFO hung, a 1.5 GB sparse
file was read whole before it was refused)."""

import hashlib
import os
import threading

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.inputs import file_name, read_bounded

pytestmark = pytest.mark.skipif(os.name != "posix", reason="devices, FIFOs and byte file names")


def test_regular_file_and_its_hash(tmp_path):
    f = tmp_path / "a.bin"
    f.write_bytes(b"x" * 3_000_000)
    got = read_bounded(f, 10_000_000)
    assert got.data == b"x" * 3_000_000 and got.sha256 == hashlib.sha256(got.data).hexdigest()


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_without_reading(target):
    with pytest.raises(KnownError) as info:
        read_bounded(target, 512 * 1024 * 1024)
    assert info.value.code == "not_a_regular_file"


def test_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = {}

    def run():
        try:
            read_bounded(fifo, 1000)
        except KnownError as exc:
            result["code"] = exc.code

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "reading a FIFO hung"
    assert result["code"] == "not_a_regular_file"


def test_huge_sparse_file_is_refused_up_front(tmp_path):
    f = tmp_path / "sparse.png"
    with open(f, "wb") as fh:
        fh.truncate(1_500_000_000)  # 1.5 GB that takes no space
    with pytest.raises(KnownError) as info:
        read_bounded(f, 512 * 1024 * 1024)
    assert info.value.code == "file_too_large"


def test_folder_and_missing_and_empty(tmp_path):
    for target, code in ((tmp_path, "not_a_regular_file"), (tmp_path / "none", "file_missing")):
        with pytest.raises(KnownError) as info:
            read_bounded(target, 1000)
        assert info.value.code == code
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(KnownError) as info:
        read_bounded(tmp_path / "empty", 1000)
    assert info.value.code == "empty_file"


def test_non_utf8_names_are_kept_readable(tmp_path):
    gbk = os.fsdecode("订单截图.png".encode("gbk"))
    assert file_name(tmp_path / gbk) == "订单截图.png"
    bad = os.fsdecode(b"bad\xff\xfe.png")
    name = file_name(tmp_path / bad)
    name.encode("utf-8")  # storable
    assert name.startswith("bad") and name.endswith(".png") and "\\xff" in name
    assert file_name(tmp_path / "普通.png") == "普通.png"


def test_a_file_of_exactly_the_limit_is_read_one_byte_more_is_refused_by_name_and_size(tmp_path):
    """The limit is inclusive, across several chunks; the refusal names the file and the
    limit in whole MB, as the user sees it; the modification time comes with the bytes."""
    from tbcase.storage.inputs import CHUNK

    limit = 2 * CHUNK + 5
    exact = tmp_path / "刚好.png"
    exact.write_bytes(os.urandom(limit))
    got = read_bounded(exact, limit)
    assert got.data == exact.read_bytes() and got.sha256 == hashlib.sha256(got.data).hexdigest()
    assert got.mtime == exact.stat().st_mtime
    over = tmp_path / "多一字节.png"
    over.write_bytes(b"y" * (limit + 1))
    with pytest.raises(KnownError) as info:
        read_bounded(over, limit)
    assert (info.value.code, str(info.value)) == ("file_too_large", "多一字节.png 超过 2 MB，未添加。")
    assert read_bounded(tmp_path / "刚好.png", 3 * CHUNK).data == got.data
    with pytest.raises(KnownError) as info:
        read_bounded(tmp_path, 10)
    assert str(info.value) == f"{tmp_path.name} 不是普通文件（文件夹、设备或管道），未添加。"
    (tmp_path / "空.png").write_bytes(b"")
    with pytest.raises(KnownError) as info:
        read_bounded(tmp_path / "空.png", 10)
    assert str(info.value) == "空.png 是空文件（0 字节），未添加。"


@pytest.mark.parametrize(("told", "real", "code"), [(10, 100, "file_too_large"), (10, 50, None), (0, 5, "empty_file"),
                                                   (7, 0, "empty_file")])
def test_a_file_that_grows_or_shrinks_while_it_is_read_is_judged_by_what_was_read(tmp_path, monkeypatch, told, real,
                                                                                   code):
    """The size told before reading (``st_size``) may be out of date: a file that grew past the
    limit while being read is refused, one that was emptied is empty, and the bytes read are
    what is kept."""
    from tbcase.storage import inputs

    f = tmp_path / "变化.bin"
    f.write_bytes(b"z" * real)
    opened = inputs.open_regular

    def stale(path):
        fd, st = opened(path)
        return fd, os.stat_result((*st[:6], told, *st[7:10]))

    monkeypatch.setattr(inputs, "open_regular", stale)
    if code is None:
        assert read_bounded(f, 50).data == b"z" * real
    else:
        with pytest.raises(KnownError) as info:
            read_bounded(f, 50)
        assert info.value.code == code


def test_copy_regular_copies_a_regular_file_to_a_new_private_one_only(tmp_path):
    from tbcase.storage.inputs import CHUNK, copy_regular

    source = tmp_path / "case.tbcase"
    source.write_bytes(os.urandom(CHUNK + 17))
    target = tmp_path / "copy.tbcase"
    old = os.umask(0o022)
    try:
        copy_regular(source, target)
    finally:
        os.umask(old)
    assert target.read_bytes() == source.read_bytes() and (target.stat().st_mode & 0o777) == 0o600
    with pytest.raises(FileExistsError):
        copy_regular(source, target)
    for bad, code in (("/dev/zero", "not_a_regular_file"), (tmp_path / "none", "file_missing")):
        with pytest.raises(KnownError) as info:
            copy_regular(bad, tmp_path / "never.tbcase")
        assert info.value.code == code and not (tmp_path / "never.tbcase").exists()


def test_a_name_that_reads_as_gb18030_control_characters_is_escaped(tmp_path):
    assert file_name(tmp_path / os.fsdecode(b"a\x81\x30\x81\x30.png")) == "a\\x810\\x810.png"


def test_each_refusal_names_the_file_it_refused(tmp_path):
    """The user reads which of the files they chose was refused: a folder, a device and a missing
    file are each named in the error's values and in its message (both languages)."""
    from tbcase.messages import EN, ZH, message

    (tmp_path / "订单截图 folder").mkdir()
    for target, code in ((tmp_path / "订单截图 folder", "not_a_regular_file"), ("/dev/zero", "not_a_regular_file"),
                         (tmp_path / "丢失的截图.png", "file_missing")):
        with pytest.raises(KnownError) as info:
            read_bounded(target, 1000)
        name = os.path.basename(str(target))
        assert (info.value.code, info.value.params["name"]) == (code, name)
        for lang in (ZH, EN):
            assert name in message(info.value.code, lang, **info.value.params)
