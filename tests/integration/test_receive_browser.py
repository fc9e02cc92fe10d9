"""The phone page in a real browser (issue 15): Debian's Chromium, headless, driven by
Playwright, at a phone's size (390x844). Files are picked in the page; the test sees the
progress, the list and the case. Only 127.0.0.1 is contacted; the browser runs with a
fresh profile and its background networking off.

Skipped, saying why, when Playwright or Chromium is missing (``.ci/run`` installs
Chromium; ``pip install -e ".[test]"`` brings Playwright; ``playwright install`` is never
needed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tbcase.receive.server import CaseHeading, Limits, Receiver
from tbcase.receive.store import SerialWriter
from tests.helpers import make_png
from tests.integration.test_receive import KB, noise_png, read_case

CHROMIUM = os.environ.get("TBCASE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed "
                                     "(pip install -e \".[test]\")")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")

WATCH = """() => {
  window.__states = [];
  window.__bars = [];
  new MutationObserver(() => {
    for (const s of document.querySelectorAll("li .state")) window.__states.push(s.textContent);
    for (const b of document.querySelectorAll("li progress")) window.__bars.push(b.value);
  }).observe(document.getElementById("list"), {subtree: true, childList: true, characterData: true,
                                                  attributes: true});
}"""


FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"


def font_config(folder: Path) -> Path:
    """A fontconfig file that adds the app's own CJK font (a phone has one; a bare CI
    machine does not, and the screenshot would show boxes)."""
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{FONTS}</dir>
<cachedir>{folder / "fc-cache"}</cachedir></fontconfig>""", encoding="utf-8")
    return conf


@pytest.fixture
def phone_page(tmp_path):
    env = {**os.environ, "FONTCONFIG_FILE": str(font_config(tmp_path))}
    with playwright_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS, env=env,
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
            locale="zh-CN", user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
                                       "AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1 (Chromium test)")
        context.route(lambda url: not url.startswith("http://127.0.0.1:"),
                      lambda route: route.abort())  # belt and braces: nothing leaves this machine
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()


def test_pick_files_in_the_page_see_progress_and_the_list(new_case, phone_page, tmp_path):
    case = new_case(item="陶瓷马克杯 2只装")
    d = case.case()
    writer = SerialWriter(case)
    receiver = Receiver(writer, CaseHeading(d.order_no, d.item, d.shop, d.buyer_nick),
                        limits=Limits(file_bytes=3000 * KB, idle_seconds=None), bind="127.0.0.1").start()
    problems: list[str] = []
    phone_page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    phone_page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        phone_page.goto(receiver.url)
        assert phone_page.title() == "传图到案件 · tbcase"
        assert phone_page.text_content("#order") == d.order_no
        assert phone_page.text_content("#item") == "陶瓷马克杯 2只装"
        pick = phone_page.locator("label.pick")
        box = pick.bounding_box()
        assert box is not None and box["width"] >= 300 and box["height"] >= 56  # a thumb-sized button
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        files = []
        for i in range(3):
            f = tmp_path / f"Screenshot_2026112{i}.png"
            f.write_bytes(noise_png(900, 60 + i) if i == 0 else make_png(1170, 2532, seed=60 + i))
            files.append(f)
        fake = tmp_path / "fake.png"
        fake.write_bytes(b"this is not a picture" * 50)
        big = tmp_path / "video_too_big.mp4"
        big.write_bytes(b"\0" * (3100 * KB))
        phone_page.evaluate(WATCH)
        phone_page.set_input_files("#files", [*map(str, files), str(fake), str(big)])
        phone_page.wait_for_function("() => document.querySelectorAll('li.ok, li.bad').length === 5",
                                      timeout=60000)  # a function: the page's CSP forbids eval of a string
        phone_page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
        if os.environ.get("TBCASE_PHONE_SCREENSHOT"):
            shutil.copyfile(tmp_path / "phone.png", os.environ["TBCASE_PHONE_SCREENSHOT"])
        ok = phone_page.locator("li.ok .state").all_text_contents()
        bad = phone_page.locator("li.bad .state").all_text_contents()
        assert sorted(ok) == [f"已添加为证据{n}：Screenshot_2026112{i}.png" for n, i in
                              sorted((int(t.split("证据")[1].split("：")[0]), int(t[-5])) for t in ok)]
        assert len(ok) == 3
        assert any("不是图片" in t for t in bad) and any("超过 2 MB" in t or "超过" in t for t in bad)
        assert phone_page.text_content("#summary") == "已添加 3 个，未添加 2 个"
        states = phone_page.evaluate("window.__states")
        bars = phone_page.evaluate("window.__bars")
        assert any(s.startswith("上传中") for s in states)  # progress was shown
        assert 100 in bars and any(0 < b < 100 for b in bars) or any(s == "上传中 100%" for s in states)
        # no CSP violation, no script error (a refused upload's 4xx is logged by Chromium: expected)
        assert [p for p in problems if not p.startswith("Failed to load resource")] == []
    finally:
        receiver.stop()
        writer.close()
    exhibits, history, originals = read_case(case.path)
    assert sorted(e.original_name for e in exhibits) == sorted(f.name for f in files)
    for e in exhibits:
        assert originals[e.id] == (tmp_path / e.original_name).read_bytes()
    agents = [h.detail["device"] for h in history if h.what == "evidence.received"]
    assert len(agents) == 3 and all("iPhone OS 17_5" in a for a in agents)


def test_the_page_asks_for_the_code_before_the_first_upload(new_case, phone_page, tmp_path):
    case = new_case(item="陶瓷马克杯 2只装")
    d = case.case()
    writer = SerialWriter(case)
    receiver = Receiver(writer, CaseHeading(d.order_no, d.item, d.shop, d.buyer_nick), code="3907",
                        limits=Limits(idle_seconds=None), bind="127.0.0.1").start()
    problems: list[str] = []
    phone_page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        phone_page.goto(receiver.url)
        assert phone_page.is_visible("#codeinput") and not phone_page.is_visible("label.pick")
        phone_page.fill("#codeinput", "1234")
        phone_page.click("#code button")
        phone_page.wait_for_function("() => document.getElementById('codeanswer').textContent !== ''")
        assert phone_page.text_content("#codeanswer") == "验证码不对，还可再试 4 次。"
        assert not phone_page.is_visible("label.pick")
        if os.environ.get("TBCASE_PHONE_CODE_SCREENSHOT"):
            phone_page.screenshot(path=os.environ["TBCASE_PHONE_CODE_SCREENSHOT"])
        phone_page.fill("#codeinput", "3907")
        phone_page.click("#code button")
        phone_page.wait_for_selector("label.pick", state="visible")
        assert not phone_page.is_visible("#codeinput")
        shot = tmp_path / "Screenshot_1.png"
        shot.write_bytes(make_png(1170, 2532, seed=70))
        phone_page.set_input_files("#files", [str(shot)])
        phone_page.wait_for_function("() => document.querySelectorAll('li.ok, li.bad').length === 1",
                                      timeout=60000)
        assert phone_page.locator("li.ok .state").all_text_contents() == ["已添加为证据1：Screenshot_1.png"]
        assert problems == []
    finally:
        receiver.stop()
        writer.close()
    exhibits, _, originals = read_case(case.path)
    assert [originals[e.id] for e in exhibits] == [shot.read_bytes()]
