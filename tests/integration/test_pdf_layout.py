"""Where things land on paper: the letter and the evidence-preservation sheet drawn as a
stored reference says, within half a point.

The text tests read what a PDF says; they cannot see a font size, a margin, a colour, a
table's padding or a frame. This test walks each page's drawing operators (pypdf) and
compares every drawn thing with ``tests/fixtures/layout/*.json``:

- each run of text: page, where it starts (x, y in points), its font and size, its colour,
  how many bytes it shows;
- each painted path (table rules, boxes, backgrounds, the QR code's modules): page, its
  points, how it is painted (fill, stroke or both), its colours and line width;
- each image: page, where and how large;
- each page's fonts (a table without its FONT command names Helvetica, never embedded).

Positions compare within 0.5 pt, sizes and line widths within 0.05, colours within 0.004.
The inputs are records built here with fixed values (no clock, no case file), and the font
is the one in ``resources/fonts``, so the drawing depends only on the code and on reportlab.

After an intended change of the layout (or a reportlab release that moves things), look at
the pages (``pdftoppm -png -r 60``) and write the references again:

    TBCASE_WRITE_LAYOUT=1 .venv/bin/python -m pytest -p no:xdist tests/integration/test_pdf_layout.py
"""

from __future__ import annotations

import io
import json
import math
import os
from datetime import date, datetime, timedelta, timezone
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream

from tbcase.domain.model import (
    CaseStatus,
    Complainant,
    ComplaintType,
    EvidenceKind,
    Outcome,
    Platform,
    Via,
)
from tbcase.domain.redact import Box
from tbcase.pdf.content import Exhibit as LetterExhibit
from tbcase.pdf.content import LetterData
from tbcase.pdf.letter import ComplaintLetter
from tbcase.pdf.manifest import render_sheet
from tbcase.storage.manifest import ChainHead, Manifest, ManifestItem, OriginalState, RedactedCopy
from tbcase.storage.records import CaseDetails, ChatLine, Exhibit
from tests.helpers import FIXTURES, ORDER, make_png

REFERENCE = FIXTURES / "layout"
TZ = timezone(timedelta(hours=8))
AT = datetime(2026, 11, 16, 10, 2, 33, tzinfo=TZ)
POS, SIZE, COLOUR = 0.5, 0.05, 0.004


# ---------------------------------------------------------------- the inputs, fixed


def _exhibit(n: int, kind: EvidenceKind, title: str, name: str, captured: datetime | None,
             source: str) -> Exhibit:
    return Exhibit(id=n, exhibit=n, kind=kind, title=title, note="", sha256=f"{n:x}" * 64 if n < 16 else "f" * 64,
                   size=123_456 * n, media_type="image/png", original_name=name, captured=captured,
                   captured_source=source, width=360, height=780, added=AT + timedelta(minutes=n))


def _manifest() -> Manifest:
    case = CaseDetails(order_no=ORDER, platform=Platform.TMALL, shop="青禾家居旗舰店", seller_entity="",
                       seller_address="", item="陶瓷马克杯 2只装", amount_fen=8900, ordered_at=None,
                       signed_at=None, complaint_type=ComplaintType.QUALITY, outcome=Outcome.REFUND,
                       status=CaseStatus.OPEN, facts="", demands="", notes="", buyer_nick="",
                       complainant=Complainant("张三"), created=AT, updated=AT)
    items = (
        ManifestItem(_exhibit(1, EvidenceKind.SCREENSHOT, "订单详情页面截图，标题很长很长很长很长很长很长很长很长很长",
                              "Screenshot_2026-11-16-10-02-33_com.taobao.taobao.png", AT, "file"),
                     "01.png", Via.DROP, OriginalState.UNCHANGED,
                     RedactedCopy("01-redacted.png", "e" * 64, "image/png", (Box(10, 20, 30, 40),))),
        ManifestItem(_exhibit(2, EvidenceKind.PHOTO, "破损照片", "IMG_2041.jpg", AT - timedelta(days=1), "exif"),
                     "02.jpg", Via.PHONE, OriginalState.CHANGED),
        ManifestItem(_exhibit(3, EvidenceKind.CHAT, "与卖家的聊天", "", None, ""),
                     "03.txt", Via.PASTE, OriginalState.UNRECORDED,
                     RedactedCopy("03-redacted.txt", "d" * 64, "text/plain", ())),
        ManifestItem(_exhibit(4, EvidenceKind.DOCUMENT, "旧文件", "old.png", None, ""),
                     "04.png", None, OriginalState.MISSING),
    )
    return Manifest(app="tbcase (layout test)", case=case, items=items, tracking=(), steps=(), countdowns=(),
                    history=(), head=ChainHead(12, "9" * 64, False))


def _transcript() -> list[ChatLine]:
    return [ChatLine(1, AT, "青禾家居旗舰店", "seller", "您好，请问有什么可以帮您？", "已读"),
            ChatLine(2, AT + timedelta(minutes=1), "buyer_nick", "buyer", "杯子碎了，" * 12, ""),
            ChatLine(3, AT + timedelta(minutes=2), "", "system", "系统提示：对方已撤回一条消息", ""),
            ChatLine(4, None, "某人", "unknown", "这一行没有时间", ""),
            ChatLine(5, AT + timedelta(minutes=3), "青禾家居旗舰店", "seller", "撤回的话", "recalled")]


def _letter() -> bytes:
    exhibits = [
        LetterExhibit(1, "订单详情页面截图", "截图", "2026-11-16", "1" * 64,
                      image=make_png(360, 780, seed=1, text_lines=6), redacted=True),
        LetterExhibit(2, "破损照片", "照片", "2026-11-15", "2" * 64, image=make_png(800, 400, seed=2, text_lines=3)),
        LetterExhibit(3, "与卖家的聊天", "聊天记录", "2026-11-16", "3" * 64, transcript=_transcript(), redacted=True),
        LetterExhibit(4, "旧文件", "文件", "", "4" * 64),
        LetterExhibit(5, "聊天截图", "截图", "2026-11-17", "5" * 64, image=make_png(360, 780, seed=5, text_lines=8),
                      transcript=_transcript()[:2] + [ChatLine(6, AT, "", "unknown", "无名之言", "")]),
        LetterExhibit(6, "坏图", "截图", "2026-11-18", "6" * 64, image=b"\xff\xd8\xff not really a jpeg"),
        LetterExhibit(7, "长截图", "截图", "2026-11-18", "7" * 64, image=make_png(300, 3000, seed=7, text_lines=4)),
    ]
    data = LetterData(platform_label="天猫", shop="青禾家居旗舰店", seller_entity="杭州青禾家居有限公司",
                      complainant=Complainant("张三", "13800000000", "buyer_nick", "浙江省杭州市西湖区某路1号"),
                      order_rows=[("订单号", ORDER), ("商品", "陶瓷马克杯 2只装"), ("实付金额", "89.00 元")],
                      facts="收到的杯子碎了。\n" + "卖家拒绝退款，" * 20,
                      history_lines=["2026-11-16 10:00 申请退款（仅退款）", "2026-11-18 10:00 卖家拒绝",
                                     "2026-11-19 09:00 申请平台介入"],
                      demands="退还货款 89.00 元。", exhibits=exhibits, sent=date(2026, 11, 30),
                      reply_due=date(2026, 12, 9), reply_estimated=True, order_no=ORDER, item="陶瓷马克杯 2只装",
                      seller_address="浙江省杭州市余杭区某街道 88 号", amount="89.00 元", manifest=_manifest(),
                      sheet_made=AT + timedelta(days=14))
    return ComplaintLetter(data).render()


def _sheet() -> bytes:
    return render_sheet(_manifest(), AT + timedelta(days=14))


# ---------------------------------------------------------------- the drawing, walked


def _mul(a: list[float], b: list[float]) -> list[float]:
    """The PDF matrix product a × b (a applied first)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _at(m: list[float], x: float, y: float) -> list[float]:
    return [round(m[0] * x + m[2] * y + m[4], 2), round(m[1] * x + m[3] * y + m[5], 2)]


def _num(values: list[Any]) -> list[float]:
    return [round(float(v), 4) for v in values]


_ID = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
_PAINT = {b"S": "stroke", b"s": "stroke", b"f": "fill", b"F": "fill", b"f*": "fill", b"B": "both",
          b"B*": "both", b"b": "both", b"b*": "both"}
_COLOUR = {b"rg": "fill", b"g": "fill", b"k": "fill", b"sc": "fill", b"scn": "fill",
           b"RG": "stroke", b"G": "stroke", b"K": "stroke", b"SC": "stroke", b"SCN": "stroke"}


def _bytes(shown: Any) -> int:
    return len(shown.get_original_bytes() if hasattr(shown, "get_original_bytes") else bytes(shown))


def _fonts(resources: Any) -> dict[str, str]:
    fonts = resources.get("/Font", {}) if resources is not None else {}
    return {name: str(font.get_object()["/BaseFont"]).split("+")[-1] for name, font in fonts.items()}


def _walk(reader: PdfReader, page_no: int, contents: Any, resources: Any, ctm: list[float],
          out: list[dict[str, Any]]) -> None:
    fonts = _fonts(resources)
    state = {"ctm": ctm, "fill": [0.0], "stroke": [0.0], "lw": 1.0}
    stack: list[dict[str, Any]] = []
    tm = tlm = list(_ID)
    font, size, leading, k = "", 0.0, 0.0, 0
    path: list[list[float]] = []
    for operands, op in ContentStream(contents, reader).operations:
        if op == b"q":
            stack.append(dict(state))
        elif op == b"Q":
            state = stack.pop()
        elif op == b"cm":
            state["ctm"] = _mul(_num(operands), state["ctm"])
        elif op in _COLOUR:
            state[_COLOUR[op]] = _num([v for v in operands if not isinstance(v, str)])
        elif op == b"w":
            state["lw"] = float(operands[0])
        elif op == b"BT":
            tm = tlm = list(_ID)
            k = 0
        elif op == b"Tf":
            font, size = fonts.get(operands[0], str(operands[0])), float(operands[1])
        elif op == b"TL":
            leading = float(operands[0])
        elif op in (b"Td", b"TD", b"T*", b"Tm", b"'", b'"'):
            if op == b"Tm":
                tlm = _num(operands)
            else:
                tx, ty = (0.0, -leading) if op in (b"T*", b"'", b'"') else _num(operands)
                if op == b"TD":
                    leading = -ty
                tlm = _mul([1.0, 0.0, 0.0, 1.0, tx, ty], tlm)
            tm, k = list(tlm), 0
        if op in (b"Tj", b"TJ", b"'", b'"'):
            shown = operands[-1]
            n = sum(_bytes(s) for s in shown if not isinstance(s, int | float)) if op == b"TJ" else _bytes(shown)
            m = _mul(tm, state["ctm"])
            out.append({"page": page_no, "text": n, "run": k, "at": _at(m, 0, 0), "font": font,
                        "size": round(size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])), 3),
                        "fill": state["fill"]})
            k += 1
        elif op == b"re":
            x, y, w, h = _num(operands)
            path.append(_at(state["ctm"], x, y) + _at(state["ctm"], x + w, y + h))
        elif op in (b"m", b"l"):
            path.append(_at(state["ctm"], *_num(operands)))
        elif op in (b"c", b"v", b"y"):
            nums = _num(operands)
            path.append(_at(state["ctm"], nums[-2], nums[-1]))
        elif op in _PAINT:
            paint = _PAINT[op]
            drawn = {"page": page_no, "path": [v for p in path for v in p], "paint": paint,
                     "fill": state["fill"] if paint != "stroke" else None,
                     "stroke": state["stroke"] if paint != "fill" else None,
                     "lw": state["lw"] if paint != "fill" else None}
            last = out[-1] if out else {}
            if "path" in last and all(last[key] == drawn[key] for key in ("page", "paint", "fill", "stroke", "lw")):
                last["path"] += drawn["path"]  # one line for a run of the same paint (the QR code's modules)
            else:
                out.append(drawn)
            path = []
        elif op == b"n":
            path = []  # a clip: nothing drawn
        elif op == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                matrix = _num(xobject.get("/Matrix", _ID))
                _walk(reader, page_no, xobject, xobject.get("/Resources", resources), _mul(matrix, state["ctm"]), out)
            else:
                out.append({"page": page_no, "image": _at(state["ctm"], 0, 0) + _at(state["ctm"], 1, 1)})
        elif op == b"INLINE IMAGE":
            out.append({"page": page_no, "image": _at(state["ctm"], 0, 0) + _at(state["ctm"], 1, 1)})


def drawing(pdf: bytes) -> list[dict[str, Any]]:
    """Everything the pages draw, in drawing order."""
    reader = PdfReader(io.BytesIO(pdf))
    out: list[dict[str, Any]] = []
    for n, page in enumerate(reader.pages, 1):
        out.append({"page": n, "fonts": sorted(set(_fonts(page.get("/Resources")).values()))})  # no stray Helvetica
        _walk(reader, n, page.get_contents(), page.get("/Resources"), list(_ID), out)
    return out


def _same(want: Any, got: Any, key: str = "") -> bool:
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(_same(w, g, key) for w, g in zip(want, got, strict=True))
    if isinstance(want, float | int) and isinstance(got, float | int) and key not in ("page", "text", "run"):
        tol = {"fill": COLOUR, "stroke": COLOUR, "size": SIZE, "lw": SIZE}.get(key, POS)
        return abs(want - got) <= tol
    return bool(want == got)


def _first_difference(want: list[dict[str, Any]], got: list[dict[str, Any]]) -> str:
    for i, (w, g) in enumerate(zip(want, got, strict=False)):
        if w.keys() != g.keys() or not all(_same(w[key], g[key], key) for key in w):
            return f"item {i}: reference {w}, drawn {g}"
    return f"{len(want)} things in the reference, {len(got)} drawn"


def _check(name: str, pdf: bytes) -> None:
    got = drawing(pdf)
    path = REFERENCE / f"{name}.json"
    if os.environ.get("TBCASE_WRITE_LAYOUT"):
        path.parent.mkdir(exist_ok=True)
        lines = (json.dumps(d, separators=(",", ":")) for d in got)  # a line each
        path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    assert len(want) == len(got) and all(
        w.keys() == g.keys() and all(_same(w[key], g[key], key) for key in w) for w, g in zip(want, got, strict=True)
    ), f"{name}: the layout moved ({_first_difference(want, got)}); if intended, see this module's docstring"


# ---------------------------------------------------------------- the tests


def test_the_sheet_draws_where_its_reference_says():
    _check("sheet", _sheet())


def test_the_letter_draws_where_its_reference_says():
    _check("letter", _letter())


def test_the_walk_sees_what_a_layout_change_moves():
    """The comparison is able to fail: a text run half a point off, another size, another colour."""
    got = drawing(_sheet())
    text = next(i for i, d in enumerate(got) if "text" in d)
    for key, change in (("at", lambda d: [d["at"][0] + 0.6, d["at"][1]]), ("size", lambda d: d["size"] + 0.1),
                        ("fill", lambda d: [1.0])):
        moved = [dict(d) for d in got]
        moved[text][key] = change(moved[text])
        assert not _same(moved[text][key], got[text][key], key), key
    assert any("path" in d and d["paint"] == "fill" for d in got)  # the QR code's modules and the head's grey
    assert any("path" in d and d["paint"] == "stroke" for d in got)  # the tables' rules
    assert any(str(d.get("font")).startswith("WenQuanYiMicroHeiMono") for d in got)  # the hashes

