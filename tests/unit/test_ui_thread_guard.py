"""The guard that keeps disk, image, PDF and chat-parsing work off the GUI thread notices
such work when the window's code does it, and only then."""

import threading

from tests.ui_thread_guard import UI_DIR, UiThreadGuard


def run_as_window_code(source: str, env: dict) -> None:
    """Run ``source`` as if it were a line of tbcase/ui (the guard looks at the file name)."""
    exec(compile(source, f"{UI_DIR}/pretend_tab.py", "exec"), env)  # noqa: S102


def test_guard_records_case_file_and_pillow_use_from_window_code(new_case, tmp_path):
    from PIL import Image

    case = new_case()
    guard = UiThreadGuard()
    guard.install()
    try:
        case.case()  # the test itself: allowed
        assert guard.violations == []
        run_as_window_code("case.case()", {"case": case})
        run_as_window_code("Image.new('RGB', (4, 4)).save(path)", {"Image": Image, "path": str(tmp_path / "x.png")})
        run_as_window_code("parse_chat('tb1 2026-1-1 10:00:00\\nhi\\n')",
                           {"parse_chat": __import__("tbcase.domain.chat", fromlist=["x"]).parse_chat})
    finally:
        guard.uninstall()
    text = "\n".join(guard.violations)
    assert "case file" in text and "Pillow" in text and "chat parser" in text, text
    assert all("pretend_tab.py" in v for v in guard.violations)


def test_guard_allows_the_same_work_on_a_worker_thread(new_case):
    case = new_case()
    guard = UiThreadGuard()
    guard.install()
    try:
        t = threading.Thread(target=run_as_window_code, args=("case.case()", {"case": case}))
        t.start()
        t.join()
    finally:
        guard.uninstall()
    case.release_thread()
    assert guard.violations == []
