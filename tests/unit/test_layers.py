"""The architecture: imports point down only. Nothing below ui/ imports Qt."""

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "tbcase"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files(*parts):
    return [p for p in PKG.rglob("*.py") if not any(part in p.parts for part in ("ui",))
            and (not parts or any(part in p.parts for part in parts))]


def test_nothing_below_ui_imports_qt():
    offenders = {str(p.relative_to(PKG)): sorted(i for i in _imports(p) if i.startswith("PySide6"))
                 for p in _files()}
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_domain_imports_neither_storage_pdf_ui_nor_database():
    bad = {}
    for p in (PKG / "domain").rglob("*.py"):
        hits = [i for i in _imports(p) if i.startswith(("tbcase.storage", "tbcase.pdf", "tbcase.ui",
                                                        "peewee", "sqlite3", "PIL", "reportlab"))]
        if hits:
            bad[p.name] = hits
    assert bad == {}


def test_storage_does_not_import_pdf_or_ui():
    bad = {p.name: [i for i in _imports(p) if i.startswith(("tbcase.pdf", "tbcase.ui"))]
           for p in (PKG / "storage").rglob("*.py")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_check_can_fail(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6 import QtCore\nimport peewee\n")
    assert "PySide6" in _imports(sample) and "peewee" in _imports(sample)


def test_stores_use_only_the_case_files_public_surface():
    """Stores see the case file through ``CaseAccess`` (STYLE §13): none imports the case
    file's module, so there is no store <-> casefile knot; intake never touches SQLite,
    and the file format and migrations do not import the case file (no cycle)."""
    storage = PKG / "storage"
    for name in ("evidence", "steps", "tracking", "letters", "intake", "fileformat", "migrations",
                 "access", "records"):
        assert "tbcase.storage.casefile" not in _imports(storage / f"{name}.py"), name
    intake = _imports(storage / "intake.py")
    assert not {i for i in intake if i.startswith(("peewee", "sqlite3", "tbcase.storage.models"))}


def test_no_module_in_the_records_imports_peewee():
    assert not [i for i in _imports(PKG / "storage" / "records.py") if i.startswith("peewee")]


def test_no_module_over_500_lines():
    sizes = {str(p.relative_to(PKG).as_posix()): len(p.read_text(encoding="utf-8").splitlines())
             for p in PKG.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 500} == {}


def test_only_the_ocr_package_touches_the_engine():
    """The engine is an optional extra behind ``tbcase.ocr``: domain, storage and pdf never
    import it, and nothing imports rapidocr/onnxruntime except ``tbcase/ocr``."""
    bad = {}
    for p in PKG.rglob("*.py"):
        hits = [i for i in _imports(p) if i.startswith(("rapidocr", "onnxruntime"))]
        if p.parent.name in ("domain", "storage", "pdf"):
            hits += [i for i in _imports(p) if i.startswith("tbcase.ocr")]
        if hits and p.parent.name != "ocr":
            bad[p.name] = hits
    assert bad == {}
