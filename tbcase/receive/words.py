"""The receiver's sentences, for the phone page (always Chinese first) and the command line."""

from __future__ import annotations

from typing import NamedTuple

from tbcase.messages import choose, message


class Reason(NamedTuple):
    """A sentence not yet worded: its key and values, so the phone (Chinese), the command
    line and the window (its own language) each word it themselves. A value that is
    itself a Reason is worded in the same language (``case_failed``'s ``detail``)."""

    key: str
    params: dict[str, object]

    def text(self, lang: str) -> str:
        return word(self.key, lang, **self.params)

WORDS: dict[str, tuple[str, str]] = {
    "added": ("已添加为证据{exhibit}：{name}", "Added as exhibit {exhibit}: {name}"),
    "duplicate": ("{name} 与证据{exhibit}完全相同，未重复添加。",
                  "{name} is the same as exhibit {exhibit}; not added again."),
    "restored": ("{name} 与已删除的证据相同，已恢复为证据{exhibit}。",
                 "{name} matches a deleted exhibit; restored as exhibit {exhibit}."),
    "total_exceeded": ("本次传输已达上限 {mb} MB，请在电脑上重新打开“从手机传图”。",
                       "This session's limit of {mb} MB is reached; open “receive from phone” again."),
    "type_refused": ("{name} 的类型不能作为证据（可传图片、视频、PDF、文本）。",
                     "{name} is not a kind of file that can be evidence (images, video, PDF, text)."),
    "not_an_image": ("{name} 不是图片（内容与扩展名不符），未添加。",
                     "{name} is not an image (its content does not match its name); not added."),
    "too_many": ("同时上传的文件太多，请稍候重试。", "Too many uploads at once; try again shortly."),
    "no_length": ("请求缺少文件长度，未添加。", "The request gave no length; not added."),
    "incomplete": ("{name} 未传完整（连接中断），未添加。",
                   "{name} did not arrive whole (connection lost); not added."),
    "case_failed": ("保存 {name} 失败：{detail} 案件文件保持完整。",
                    "Saving {name} failed: {detail} The case file is intact."),
    "stopped": ("接收已结束。", "The receiver has stopped."),
    "code_needed": ("请先输入电脑上显示的 4 位验证码，未添加。",
                    "Enter the 4-digit code shown on the computer first; not added."),
    "code_wrong": ("验证码不对，还可再试 {left} 次。", "Wrong code; {left} attempt(s) left."),
    "code_locked": ("验证码错误次数太多，接收已停止。请在电脑上点“重新开始”，再扫新的二维码。",
                    "Too many wrong codes: receiving has stopped. Choose “Start again” on the computer "
                    "and scan the new QR code."),
    # the command line
    "cli.url": ("用手机相机或浏览器扫码（手机与电脑连接同一 Wi-Fi）：",
                "Scan with the phone's camera or browser (phone and computer on the same Wi-Fi):"),
    "cli.until": ("接收中，{minutes} 分钟后或按 Ctrl+C 结束。", "Receiving; stops after {minutes} min or Ctrl+C."),
    "cli.code": ("验证码：{code}（手机页面会要求输入）", "Code: {code} (the phone page asks for it)"),
    "cli.refused": ("未添加：{text}", "Not added: {text}"),
    "cli.done": ("接收结束：添加 {added} 个，重复 {duplicates} 个，拒收 {refused} 个。",
                 "Receiver stopped: {added} added, {duplicates} duplicates, {refused} refused."),
    "cli.loopback": ("注意：没有找到局域网地址，只能在本机访问（127.0.0.1）。可用 --bind 指定地址。",
                     "Note: no local network address found; only this computer can connect (127.0.0.1). "
                     "Use --bind to choose an address."),
}


def word(key: str, lang: str, **params: object) -> str:
    """One of the receiver's sentences; KnownError codes fall back to tbcase.messages."""
    params = {k: v.text(lang) if isinstance(v, Reason) else v for k, v in params.items()}
    pair = WORDS.get(key)
    if pair is None:
        return message(key, lang, **params)
    params.setdefault("name", "")
    try:
        return choose(pair, lang).format(**params)
    except (KeyError, IndexError):
        return choose(pair, lang)
