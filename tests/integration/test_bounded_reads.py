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
