"""The page the phone opens: one HTML document, Chinese, sized for a phone, with its
style and script inline (allowed by a per-response nonce in the CSP) and no external
asset of any kind. The case's order number and item are escaped into it."""

from __future__ import annotations

import html

_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>传图到案件 · tbcase</title>
<style nonce="{nonce}">
* {{ box-sizing: border-box; }}
body {{ margin: 0; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  background: #f5f5f5; color: #212121; font-size: 16px; line-height: 1.5; }}
main {{ max-width: 520px; margin: 0 auto; padding: 16px; }}
h1 {{ font-size: 20px; margin: 4px 0 12px; }}
.case {{ background: #fff; border-radius: 10px; padding: 12px 14px; margin-bottom: 14px; }}
.case div {{ overflow-wrap: anywhere; }}
.label {{ color: #757575; font-size: 14px; }}
label.pick {{ display: block; text-align: center; background: #ff5000; color: #fff; font-size: 20px;
  font-weight: 600; padding: 18px 12px; border-radius: 12px; cursor: pointer; }}
label.pick input {{ display: none; }}
.hint {{ color: #616161; font-size: 14px; margin: 10px 2px 16px; }}
ul {{ list-style: none; padding: 0; margin: 0; }}
li {{ background: #fff; border-radius: 10px; padding: 10px 12px; margin-bottom: 8px; }}
li .name {{ font-weight: 600; overflow-wrap: anywhere; }}
li .meta {{ color: #757575; font-size: 13px; }}
li progress {{ width: 100%; height: 10px; }}
li.ok .state {{ color: #2e7d32; }}
li.bad .state {{ color: #c62828; }}
#summary {{ margin: 8px 2px; color: #424242; }}
#code {{ background: #fff; border-radius: 10px; padding: 12px 14px; margin-bottom: 14px; }}
#code input {{ font-size: 28px; letter-spacing: 10px; width: 6.5em; padding: 6px 10px; text-align: center; }}
#code button {{ font-size: 20px; padding: 10px 18px; margin-left: 8px; border-radius: 10px; border: 0;
  background: #ff5000; color: #fff; }}
#codeanswer {{ color: #c62828; margin-top: 6px; }}
[hidden] {{ display: none !important; }}
</style>
</head>
<body>
<main>
<h1>传图到案件</h1>
<section class="case">
<div><span class="label">订单号</span> <span id="order">{order}</span></div>
<div><span class="label">商品</span> <span id="item">{item}</span></div>
</section>
<form id="code"{code_hidden}><label class="label" for="codeinput">请输入电脑上显示的 4 位验证码</label><div>
<input id="codeinput" inputmode="numeric" pattern="[0-9]*" maxlength="4" autocomplete="one-time-code">\
<button type="submit">确定</button></div><div id="codeanswer"></div></form>
<label class="pick" id="pick"{pick_hidden}>选择截图/照片<input id="files" type="file" multiple
 accept="image/*,video/*,application/pdf,text/plain,.heic,.heif,.txt"></label>
<p class="hint">可一次选多个文件，单个不超过 {limit_mb} MB。\
iPhone 请在弹出的菜单中选“文件”（而不是“照片”），以原图（HEIC）发送；从“照片”选取时，系统会把照片转换为 JPEG。</p>
<div id="summary"></div>
<ul id="list"></ul>
</main>
<script nonce="{nonce}">
"use strict";
const LIMIT = {limit};
const PARALLEL = 2;
const list = document.getElementById("list");
const summary = document.getElementById("summary");
const queue = [];
let running = 0, okCount = 0, badCount = 0, code = "";
document.getElementById("code").addEventListener("submit", (e) => {{
  e.preventDefault();
  const given = document.getElementById("codeinput").value.trim();
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "code");
  xhr.onload = () => {{
    let answer = null;
    try {{ answer = JSON.parse(xhr.responseText); }} catch (err) {{ answer = null; }}
    if (xhr.status === 200) {{
      code = given;
      document.getElementById("code").hidden = true;
      document.getElementById("pick").hidden = false;
    }} else {{
      document.getElementById("codeanswer").textContent = xhr.status === 404
        ? "接收已结束，请在电脑上重新开始后扫码。" : (answer ? answer.text : "验证失败（" + xhr.status + "）");
    }}
  }};
  xhr.onerror = () => {{
    document.getElementById("codeanswer").textContent = "连接中断，请确认手机与电脑在同一 Wi-Fi。";
  }};
  xhr.send(given);
}});

function sizeText(n) {{
  return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
}}
function kindText(file) {{
  const n = file.name.toLowerCase();
  if (n.endsWith(".heic") || n.endsWith(".heif")) return "原图 HEIC";
  if (file.type === "image/jpeg") return "JPEG";
  return file.type || "文件";
}}
function row(file) {{
  const li = document.createElement("li");
  const name = document.createElement("div"); name.className = "name"; name.textContent = file.name;
  const meta = document.createElement("div"); meta.className = "meta";
  meta.textContent = sizeText(file.size) + " · " + kindText(file);
  const bar = document.createElement("progress"); bar.max = 100; bar.value = 0;
  const state = document.createElement("div"); state.className = "state"; state.textContent = "等待上传…";
  li.append(name, meta, bar, state);
  list.prepend(li);
  return {{li, bar, state}};
}}
function finish(r, ok, text) {{
  r.bar.value = 100;
  r.bar.hidden = true;
  r.li.className = ok ? "ok" : "bad";
  r.state.textContent = text;
  if (ok) okCount++; else badCount++;
  summary.textContent = "已添加 " + okCount + " 个" + (badCount ? "，未添加 " + badCount + " 个" : "");
}}
function send(job, attempt) {{
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "upload");
  xhr.setRequestHeader("X-File-Name", encodeURIComponent(job.file.name));
  if (code) xhr.setRequestHeader("X-Code", code);
  xhr.upload.onprogress = (e) => {{
    if (e.lengthComputable) {{
      job.r.bar.value = Math.floor(e.loaded * 100 / e.total);
      job.r.state.textContent = "上传中 " + job.r.bar.value + "%";
    }}
  }};
  xhr.onload = () => {{
    let answer = null;
    try {{ answer = JSON.parse(xhr.responseText); }} catch (e) {{ answer = null; }}
    if (xhr.status === 503 && answer && !answer.name && attempt < 5) {{
      setTimeout(() => send(job, attempt + 1), 1000 * (attempt + 1));
      return;
    }}
    if (xhr.status === 404) finish(job.r, false, "接收已结束或地址无效，请在电脑上重新扫码。");
    else finish(job.r, !!(answer && answer.ok), answer ? answer.text : "上传失败（" + xhr.status + "）");
    done();
  }};
  xhr.onerror = () => {{
    finish(job.r, false, "连接中断，未添加。请确认手机与电脑在同一 Wi-Fi，接收仍在进行。");
    done();
  }};
  job.r.state.textContent = "上传中 0%";
  xhr.send(job.file);
}}
function done() {{ running--; pump(); }}
function pump() {{
  while (running < PARALLEL && queue.length) {{
    running++;
    send(queue.shift(), 0);
  }}
}}
document.getElementById("files").addEventListener("change", (e) => {{
  for (const file of e.target.files) {{
    const r = row(file);
    if (file.size === 0) {{ finish(r, false, file.name + " 是空文件（0 字节），未添加。"); continue; }}
    if (file.size > LIMIT) {{ finish(r, false, file.name + " 超过 {limit_mb} MB，未添加。"); continue; }}
    queue.push({{file, r}});
  }}
  e.target.value = "";
  pump();
}});
</script>
</body>
</html>
"""


def page_html(order_no: str, item: str, limit_bytes: int, nonce: str, code_required: bool = False) -> str:
    """The page; with ``code_required`` it first asks for the 4-digit code, and shows the
    file button once the receiver has accepted it."""
    return _PAGE.format(order=html.escape(order_no) or "—", item=html.escape(item) or "—",
                        limit=int(limit_bytes), limit_mb=max(1, limit_bytes // (1024 * 1024)),
                        nonce=html.escape(nonce), code_hidden="" if code_required else " hidden",
                        pick_hidden=" hidden" if code_required else "")
