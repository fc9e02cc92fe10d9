"""A PNG or JPEG missing only its end (IEND chunk, end-of-image marker) gets the same answer
on every path: refused as ``image_corrupt`` ("已损坏或不完整，未添加"), nothing stored. Before,
the phone refused it (structure check) while a drop, the CLI or a bundle import accepted
the PNG, because Pillow shows a PNG without IEND.

Why refuse rather than accept marked: the case keeps originals as evidence, and a file cut
short is not a faithful copy of what the user had; 最高人民法院关于民事诉讼证据的若干规定
第93条 weighs electronic data by whether it was kept completely. The user still has the
whole file and can add it again; accepting it would put a hash on paper for bytes that
are not the original.
"""

import os
import subprocess
import sys

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage import imaging
from tbcase.storage.bundle import export_case
from tbcase.storage.library import Library
from tbcase.wording import Wording
from tests.helpers import ORDER, make_jpeg, make_png

PNG = make_png(300, 400, seed=1, text_lines=3)
JPEG = make_jpeg(seed=2)
CUT = [("no_iend.png", PNG[:-12]), ("no_eoi.jpg", JPEG[:-2])]


@pytest.mark.parametrize("name, data", CUT)
def test_the_phones_check_and_a_drop_give_the_same_answer(new_case, name, data):
    with pytest.raises(KnownError) as phone:  # what the receiver runs
        imaging.inspect_image(data)
    case = new_case()
    with pytest.raises(KnownError) as drop:  # what a drop, a paste, the file dialog run
        case.evidence.add(data, name, via="drop")
    assert phone.value.code == drop.value.code == "image_corrupt"
    assert drop.value.params["name"] == name
    assert case.evidence.all() == [] and not any(h.what == "evidence.added" for h in case.history())
    whole = PNG if name.endswith(".png") else JPEG
    assert case.evidence.add(whole, name, via="drop").sha256  # the whole file is taken


def test_the_cli_refuses_a_cut_file_in_the_users_language(new_case, library_dir, tmp_path):
    new_case().close()
    (tmp_path / "no_iend.png").write_bytes(CUT[0][1])
    for lang, words in (("zh", "已损坏或不完整"), ("en", "damaged or incomplete")):
        r = subprocess.run([sys.executable, "-m", "tbcase", "--library", str(library_dir), "add", ORDER,
                            str(tmp_path / "no_iend.png")], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "TBCASE_LANG": lang})
        assert r.returncode != 0 and words in r.stderr and "no_iend.png" in r.stderr, r.stderr


def test_a_bundle_holding_a_cut_file_names_it_and_imports_the_rest(new_case, tmp_path):
    case = new_case()
    case.evidence.add(PNG, "whole.png")
    case.evidence.add(make_png(200, 300, seed=7), "later_cut.png")
    export_case(case, tmp_path / "out")
    import hashlib
    import json

    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    item = manifest["evidence"][1]
    cut = (tmp_path / "out" / item["file"]).read_bytes()[:-12]
    (tmp_path / "out" / item["file"]).write_bytes(cut)
    item["sha256"] = hashlib.sha256(cut).hexdigest()  # a sender whose file was already cut
    (tmp_path / "out" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    path, problems = Library(tmp_path / "elsewhere").import_bundle(tmp_path / "out")
    assert [Wording("en").finding(p) for p in problems] == [
        f"{item['file']}: Image {item['file']} is damaged or incomplete; not added."]
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(path) as imported:
        assert [e.original_name for e in imported.evidence.all()] == ["whole.png"]


def test_a_phone_photo_cut_short_is_refused_although_its_exif_thumbnail_is_whole():
    """A phone photo carries a small whole JPEG (its EXIF thumbnail, with its own end-of-image
    marker) in a segment before its scan. Cut short in the scan, the photo has no end-of-image
    marker after the scan: it is refused, however whole the thumbnail inside it is."""
    import struct

    thumb = make_jpeg(seed=3)  # a whole JPEG, ending in FFD9
    assert thumb.endswith(b"\xff\xd9")
    app1 = b"Exif\x00\x00" + thumb
    photo = JPEG[:20] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + JPEG[20:]
    assert JPEG[2:4] == b"\xff\xe0" and 20 == 4 + int.from_bytes(JPEG[4:6], "big")  # after the JFIF segment
    imaging.check_complete(photo)  # whole: taken
    for cut in (len(photo) - 2, len(photo) - 500):
        with pytest.raises(KnownError) as info:
            imaging.check_complete(photo[:cut])
        assert info.value.code == "image_corrupt"
