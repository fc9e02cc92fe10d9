"""An export (and the preservation sheet's manifest) reads the case as one state of the
file. Before, history, exhibits and the originals were read one after another: a phone
upload committed in between gave a manifest listing an exhibit as 未改变 while the same
manifest's history had no entry adding it."""

import json

from tbcase.storage.bundle import export_case
from tbcase.storage.casefile import CaseFile
from tbcase.storage.manifest import build_manifest
from tests.helpers import make_png


def _upload_from_elsewhere_during(case, monkeypatch, store, method):
    """Another connection (the phone receiver, another process) adds an exhibit just
    before ``store.method`` runs for the first time."""
    real = getattr(store, method)
    done = []

    def meanwhile(*args, **kwargs):
        if not done:
            done.append(True)
            with CaseFile.open(case.path) as other:
                other.evidence.add(make_png(320, 480, seed=77), "from_phone.png")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, method, meanwhile)
    return done


def test_a_manifest_is_one_state_of_the_case(new_case, monkeypatch):
    case = new_case()
    case.evidence.add(make_png(300, 400, seed=1), "a.png")
    done = _upload_from_elsewhere_during(case, monkeypatch, case.evidence, "all")
    manifest = build_manifest(case)
    assert done  # the upload did land in the middle
    added = {h.detail.get("sha256") for h in manifest.history if h.what == "evidence.added"}
    assert [i.exhibit.sha256 in added for i in manifest.items] == [True]  # the state before the upload
    assert len(build_manifest(case).items) == 2  # and the next one sees it


def test_an_export_writes_the_files_its_manifest_lists(new_case, monkeypatch, tmp_path):
    case = new_case()
    case.evidence.add(make_png(300, 400, seed=1), "a.png")
    done = _upload_from_elsewhere_during(case, monkeypatch, case.steps, "countdowns")
    export_case(case, tmp_path / "out")
    assert done
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    listed = sorted(item["file"] for item in manifest["evidence"])
    written = sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != "manifest.json")
    assert listed == written and len(listed) == 1
    added = {h["detail"].get("sha256") for h in manifest["history"] if h["what"] == "evidence.added"}
    assert {item["sha256"] for item in manifest["evidence"]} <= added
