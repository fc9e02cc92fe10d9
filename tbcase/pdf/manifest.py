"""The evidence-preservation sheet (证据保全说明): the case's manifest on paper.

For each exhibit its number, title, original file name, size, full SHA-256, capture time
and where that time came from, when and how it was added, and whether its original is
unchanged (re-hashed when the manifest was made). At the foot: the history chain's head,
the SHA-256 of the manifest (the exact bytes an export writes as ``manifest.json``) with
its QR code, and what this proves and what it does not (``ClaimKind.PRESERVATION``).

The letter includes it (``ComplaintLetter`` asks ``sheet_story``); ``render_sheet`` prints
it alone (``tbcase manifest``). Everything printed comes from the ``Manifest`` record.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tbcase import __version__
from tbcase.domain.claims import CLAIMS, ClaimKind
from tbcase.messages import label
from tbcase.pdf.content import second_text
from tbcase.pdf.letter import FONT, MAX_FIELD_CHARS, MONO, NumberedCanvas, capped, para_text, register_fonts
from tbcase.storage.manifest import Manifest, ManifestItem, OriginalState

TITLE = "证据保全说明"
HASH_POINTS = 7.5  # 64 monospaced digits take about 102 mm: one line in the value column
MAX_SHEET_EXHIBITS = 300  # as the letter's exhibit list
QR_SIZE = 32 * mm

_STATE = {
    OriginalState.UNCHANGED: ("未改变", "#1b6e2a"),
    OriginalState.CHANGED: ("已改变（与添加时的 SHA-256 不一致）", "#b00020"),
    OriginalState.UNRECORDED: ("无法证明：历史记录中没有添加时的 SHA-256", "#b36b00"),
    OriginalState.MISSING: ("原件缺失", "#b00020"),
}


def state_words(state: OriginalState) -> str:
    return _STATE[state][0]


def via_words(item: ManifestItem) -> str:
    return label(f"via.{item.via.value if item.via is not None else 'none'}", "zh")


def source_words(source: str) -> str:
    return label(f"source.{source or 'none'}", "zh")


class QrCode(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """A QR code drawn module by module (dark squares on white, a quiet zone of 4)."""

    def __init__(self, text: str, size: float = QR_SIZE) -> None:
        import segno

        super().__init__()
        self.text = text
        self.matrix = [list(row) for row in segno.make(text, error="m").matrix]
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        n = len(self.matrix) + 8
        cell = self.size / n
        c = self.canv
        c.setFillColor(colors.white)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        c.setFillColor(colors.black)
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    c.rect((x + 4) * cell, self.size - (y + 5) * cell, cell, cell, stroke=0, fill=1)


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("sheet", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    return {
        "title": ParagraphStyle("sheet_title", parent=base, fontSize=18, leading=26,
                                alignment=TA_CENTER, spaceAfter=3 * mm),
        "body": ParagraphStyle("sheet_body", parent=base, fontSize=9.5, leading=14),
        "cell": base,
        "head": ParagraphStyle("sheet_head", parent=base, fontSize=10, leading=14),
        "hash": ParagraphStyle("sheet_hash", parent=base, fontName=MONO, fontSize=HASH_POINTS,
                               leading=HASH_POINTS + 3),
        "hash_big": ParagraphStyle("sheet_hash_big", parent=base, fontName=MONO, fontSize=9,
                                   leading=13),
        "small": ParagraphStyle("sheet_small", parent=base, fontSize=8.5, leading=12,
                                textColor=colors.HexColor("#444444")),
        "heading": ParagraphStyle("sheet_heading", parent=base, fontSize=11, leading=16,
                                  spaceBefore=3 * mm, spaceAfter=1.5 * mm, keepWithNext=1),
    }


def _hash(digest: str, width: float, style: ParagraphStyle) -> Paragraph:
    """64 digits on one line, or 32 a line where the column is narrow."""
    per_line = 64
    while per_line > 16 and pdfmetrics.stringWidth("0" * per_line, MONO, style.fontSize) > width:
        per_line //= 2
    return Paragraph("<br/>".join(para_text(digest[i:i + per_line])
                                  for i in range(0, len(digest), per_line)), style)


def copy_words(item: ManifestItem, in_letter: bool) -> str:
    """What the sheet says of an exhibit's redacted copy (empty: it has none)."""
    copy = item.redacted
    if copy is None:
        return ""
    what = f"遮挡 {len(copy.boxes)} 处" if copy.boxes else "文字以■遮挡"
    where = "本函印出的是遮挡副本" if in_letter else "信函中印出的是遮挡副本"
    return (f"{where}（{what}），不是原件；上列原件 SHA-256 为未经遮挡的原件的哈希，"
            "原件完整保存在案件文件中（副本的哈希见 manifest.json）。")


def _exhibit_block(item: ManifestItem, st: dict[str, ParagraphStyle], width: float,
                   in_letter: bool = False) -> Table:
    e = item.exhibit
    label_w = 24 * mm  # "原件 SHA-256" on one line
    value_w = width - label_w

    def p(text: str, style: str = "cell") -> Paragraph:
        return Paragraph(para_text(capped(text, MAX_FIELD_CHARS)), st[style])

    words, colour = _STATE[item.state]
    # the title wraps on the left; the original's state stays whole on the right
    state = f"原件：{words}"
    state_w = pdfmetrics.stringWidth(state, FONT, st["head"].fontSize) + 2
    head = Table([[Paragraph(f"{para_text(f'证据{e.exhibit}')}　{para_text(capped(e.title, MAX_FIELD_CHARS))}",
                             st["head"]),
                   Paragraph(f"<font color='{colour}'>{para_text(state)}</font>", st["head"])]],
                 colWidths=[width - 8 - state_w, state_w])
    head.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    captured = (f"{second_text(e.captured)}（来源：{source_words(e.captured_source)}）"
                if e.captured is not None else "未知")
    rows = [
        [head, ""],
        [p("原文件名"), p(f"{e.original_name or '（无文件名：粘贴或输入）'}（{e.size:,} 字节）")],
        [p("原件 SHA-256" if item.redacted is not None else "SHA-256"), _hash(e.sha256, value_w - 8, st["hash"])],
        [p("拍摄时间"), p(captured)],
        [p("添加"), p(f"{second_text(e.added)} · {via_words(item)}")],
    ]
    if item.redacted is not None:
        rows.append([p("遮挡副本"), p(copy_words(item, in_letter))])
    table = Table(rows, colWidths=[label_w, value_w])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),  # else the table names Helvetica, never embedded
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#888888")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


_ANCHORED = ("本清单哈希随本函一并记入案件历史（“生成书面投诉书”一条，受哈希链保护）：此后导出的 "
             "manifest.json 哈希虽不同，仍可用“检查案件”（tbcase check）查看本函所印的清单哈希。")


def sheet_story(manifest: Manifest, printed: datetime, width: float, in_letter: bool = False) -> list[Any]:
    """The sheet's flowables (a page of its own or more), for the letter or alone."""
    st = _styles()
    digest = manifest.sha256()
    items = manifest.items
    changed = sum(i.state is not OriginalState.UNCHANGED for i in items)
    out: list[Any] = [Paragraph(TITLE, st["title"])]
    out.append(Paragraph(para_text(
        f"订单号 {manifest.case.order_no} · 共 {len(items)} 项证据 · "
        f"核验时间 {second_text(printed)}（打印时逐项重新计算原件的 SHA-256；"
        + ("全部未改变" if not changed else f"其中 {changed} 项不能确认未改变") + "）"), st["body"]))
    out.append(Spacer(1, 3 * mm))
    for item in items[:MAX_SHEET_EXHIBITS]:
        out.append(KeepTogether([_exhibit_block(item, st, width, in_letter), Spacer(1, 2.5 * mm)]))
    if len(items) > MAX_SHEET_EXHIBITS:
        out.append(Paragraph(f"（另有 {len(items) - MAX_SHEET_EXHIBITS} 项证据未列出，见 manifest.json）",
                             st["small"]))
    head = manifest.head
    chain_words = "完整" if head.verified else "断开（请运行“检查案件”查看断点）"
    foot_w = width - QR_SIZE - 4 * mm
    foot: list[Any] = [
        Paragraph("案件历史记录（哈希链）", st["heading"]),
        Paragraph(para_text(f"最新一条：第 {head.number} 条 · 链校验：{chain_words} · 该条哈希："), st["cell"]),
        _hash(head.hash, foot_w, st["hash"]),
        Paragraph("清单哈希（manifest.json 的 SHA-256）", st["heading"]),
        _hash(digest, foot_w, st["hash_big"]),
        Paragraph(para_text("右侧二维码内容即清单哈希。"), st["small"]),
    ]
    table = Table([[foot, QrCode(digest)]], colWidths=[foot_w + 4 * mm, QR_SIZE])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    out.append(KeepTogether([table, Spacer(1, 3 * mm),
                             Paragraph(para_text(CLAIMS[ClaimKind.PRESERVATION].words), st["body"]),
                             Spacer(1, 2 * mm),
                             Paragraph(para_text("核验时间不计入清单哈希：同一案件在未作任何改动时，"
                                                 "再次打印或导出得到相同的清单哈希；此后案件每有新的记录"
                                                 "（包括生成投诉书），清单与其哈希随之改变。"
                                                 + (_ANCHORED if in_letter else "")), st["small"])]))
    return out


def render_sheet(manifest: Manifest, printed: datetime) -> bytes:
    """The sheet alone as a PDF (``tbcase manifest``)."""
    register_fonts()
    left, right, top, bottom = 25 * mm, 20 * mm, 22 * mm, 22 * mm
    buf = io.BytesIO()
    order_no = manifest.case.order_no
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top,
                          bottomMargin=bottom, title=f"{TITLE} {order_no}", subject=TITLE,
                          creator=f"tbcase {__version__}", producer=f"tbcase {__version__} (reportlab)",
                          initialFontName=FONT)

    def header(canvas: Any, _doc: Any) -> None:
        sheet_header(canvas, left, order_no)

    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=header)])
    doc.build(sheet_story(manifest, printed, float(doc.width)), canvasmaker=NumberedCanvas)
    return buf.getvalue()


def sheet_header(canvas: Any, left: float, order_no: str) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(colors.grey)
    canvas.drawString(left, A4[1] - 12 * mm, f"{TITLE} · 订单号 {order_no}")
    canvas.restoreState()
