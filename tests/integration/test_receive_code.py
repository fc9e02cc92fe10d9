"""扫码传图 (issue 15): the optional 4-digit code shown on the computer, which the phone page
asks for before the first upload; five wrong codes stop the receiver. Only 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

from tbcase.receive.passcode import ATTEMPTS, Passcode, new_code
from tests.helpers import ORDER, make_png
from tests.integration.test_receive import Phone, read_case, receiving  # noqa: F401 - a fixture


def code_phone(receiver, agent="TestPhone"):
    phone = Phone(receiver.url, agent)

    def check(given: str):
        status, _, body = phone.request("POST", phone.base + "code", given.encode())
        return status, json.loads(body) if body.startswith(b"{") else {}

    return phone, check


def upload_with(phone: Phone, data: bytes, name: str, code: str | None):
    headers = {"X-File-Name": name, **({"X-Code": code} if code is not None else {})}
    status, _, body = phone.request("POST", phone.base + "upload", data, headers)
    return status, json.loads(body)


def test_codes_are_four_digits_and_compared_whole():
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 4 and c.isdigit() for c in codes) and len(codes) > 150
    p = Passcode("0427")
    assert p.check("0427") is None and p.check(" 0427 ") is None
    assert p.check("").key == "code_needed" and p.wrong == 0  # asking is not guessing
    assert p.check("427").key == "code_wrong" and p.check("04270").key == "code_wrong" and p.wrong == 2
    assert Passcode(None).check("") is None  # no code asked


def test_the_page_asks_for_the_code_and_uploads_need_it(receiving):  # noqa: F811 - the fixture
    receiver, path = receiving(code="4821")
    phone, check = code_phone(receiver)
    status, _, body = phone.request("GET", urlsplit(receiver.url).path)
    page = body.decode("utf-8")
    assert status == 200 and "请输入电脑上显示的 4 位验证码" in page
    assert '<form id="code">' in page and 'id="pick" hidden' in page  # the file button comes after
    assert "4821" not in page  # the page never holds the code itself
    data = make_png(300, 600, seed=3, text_lines=3)
    status, answer = upload_with(phone, data, "a.png", None)
    assert status == 403 and not answer["ok"] and "验证码" in answer["text"]
    status, answer = check("1111")
    assert status == 403 and answer["text"] == f"验证码不对，还可再试 {ATTEMPTS - 1} 次。"
    assert check("4821") == (200, {"ok": True})
    status, answer = upload_with(phone, data, "a.png", "4821")
    assert status == 200 and answer["exhibit"] == 1
    assert [e.original_name for e in read_case(path)[0]] == ["a.png"]


def test_five_wrong_codes_stop_the_receiver(receiving):  # noqa: F811 - the fixture
    receiver, path = receiving(code="4821")
    phone, check = code_phone(receiver)
    texts = [check(f"{i:04d}")[1]["text"] for i in range(ATTEMPTS - 1)]
    assert texts[-1] == "验证码不对，还可再试 1 次。"
    status, answer = upload_with(phone, make_png(200, 400, seed=4, text_lines=2), "guess.png", "9999")
    assert status == 403 and "错误次数太多" in answer["text"]  # a guess by upload counts too
    assert receiver.wait(5) and receiver.stop_reason == "code_locked"
    assert read_case(path)[0] == []


def test_without_a_code_the_page_has_no_code_form(receiving):  # noqa: F811 - the fixture
    receiver, _ = receiving()
    phone, check = code_phone(receiver)
    page = phone.request("GET", urlsplit(receiver.url).path)[2].decode("utf-8")
    assert '<form id="code" hidden>' in page and 'id="pick" hidden' not in page
    assert check("")[0] == 200


def test_cli_code_prints_the_code_after_the_qr_code(new_case, library_dir):
    new_case().close()
    env = {**os.environ, "TBCASE_LIBRARY": str(library_dir), "TBCASE_LANG": "zh"}
    proc = subprocess.Popen([sys.executable, "-m", "tbcase", "receive", ORDER, "--bind", "127.0.0.1",
                             "--minutes", "0.05", "--code"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True, encoding="utf-8")
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        lines = []
        while not lines or not lines[-1].startswith("验证码："):
            lines.append(proc.stdout.readline().strip())
        code = lines[-1].removeprefix("验证码：")[:4]
        assert code.isdigit()
        phone = Phone(url)
        assert upload_with(phone, make_png(200, 400, seed=5, text_lines=2), "x.png", "0000" if code != "0000"
                           else "0001")[0] == 403
        assert upload_with(phone, make_png(200, 400, seed=5, text_lines=2), "x.png", code)[0] == 200
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "已添加为证据1：x.png" in out.splitlines()
