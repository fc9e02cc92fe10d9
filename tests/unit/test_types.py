"""The type gate: ``mypy --strict`` over the layers below the window (configured in
pyproject.toml: tbcase/domain, tbcase/storage, tbcase/pdf, and the phone receiver
tbcase/receive) reports nothing."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _mypy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


GATED = ("tbcase/domain", "tbcase/storage", "tbcase/pdf", "tbcase/receive")


def test_mypy_strict_passes_on_domain_storage_pdf_and_receive():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True and set(GATED) <= set(config["files"])
    r = _mypy()
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found" in r.stdout


def test_the_gate_is_strict_and_can_fail(tmp_path):
    """The same configuration refuses an untyped function and a wrong return type."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f(x):\n    return x\n\n\ndef g() -> int:\n    return 'a'\n")
    r = _mypy("--config-file", str(ROOT / "pyproject.toml"), str(sample), cwd=tmp_path)
    assert r.returncode == 1
    assert "no-untyped-def" in r.stdout and "return-value" in r.stdout
