"""The written complaint (书面投诉书) as a PDF, with reportlab's platypus.

Geometry as class attributes, named paragraph styles, first/other page hooks and a
numbered canvas for 第 x 页 / 共 y 页. The embedded font is the shipped WenQuanYi
Micro Hei (TrueType), so Chinese renders on any machine and extracts as text.
User text is escaped before it reaches a Paragraph (which parses mini-HTML), and
characters the font lacks are replaced visibly.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

from tbcase import __version__
from tbcase.domain.claims import CLAIMS, ClaimKind
from tbcase.domain.errors import KnownError
from tbcase.domain.tone import ToneHint
from tbcase.paths import font_path
from tbcase.pdf.content import (
    LetterData,
    LetterResult,
    copy_sheet,
    gather_letter,
    reply_due_sentence,
    second_text,
    zh_date,
)

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.engine import DeadlineEngine

FONT = "WQYMicroHei"
# the same TTC's monospaced face (WenQuanYi Micro Hei Mono): SHA-256 digests, whose 64 hex
# digits a reader compares column by column with ``sha256sum``
MONO = "WQYMicroHeiMono"
HASH_SIZE = 7  # points: 64 digits take 95 mm, one line under an exhibit's title
# "pragma: no mutate (layout)" marks sizes, positions, spacing and colours: they are seen on paper
# (pdftoppm), not in the text the tests read, so mutation testing leaves them alone (tests/MUTATION.md).
REPLACEMENT = "□"  # shown where the font has no glyph (emoji …): visible, never blank

# reportlab's CJK wrap lets a character that "cannot start a line" hang at the end of the
# previous one; its list lacks the full-width ，：；！？ and a few others, so add them. Two
# copies of the list are read: one-fragment paragraphs wrap in textsplit, others in paragraph.
_EXTRA_CANNOT_START = "，：；！？…—～”’》〉｝"
for _module in (rl_textsplit, rl_paragraph):
    if not all(ch in _module.ALL_CANNOT_START for ch in _EXTRA_CANNOT_START):
        _module.ALL_CANNOT_START = _module.ALL_CANNOT_START + _EXTRA_CANNOT_START

_glyphs: set[int] | None = None

# What a letter prints is capped, so that it renders in seconds whatever the case file
# holds (a 1 MB facts field took 84 s, a 1 MB chat message never finished, 100k messages
# took 91 s). Every cut says so, with the full size; the originals stay in the case file
# and in its export.
MAX_FACTS_CHARS = 20_000  # 投诉事由 and 投诉请求 (a real one is a few hundred characters)
MAX_FIELD_CHARS = 500  # names, addresses, order rows, exhibit titles
MAX_HISTORY_LINES = 200
MAX_LIST_EXHIBITS = 300  # rows of the 证据清单
MAX_APPENDIX_IMAGES = 60
MAX_APPENDIX_MESSAGES = 400  # per chat log
MAX_BESIDE_MESSAGES = 40  # per chat screenshot (one table cell: it cannot run over a page)
MAX_MESSAGE_CHARS = 2_000


def register_fonts() -> None:
    global _glyphs
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    path = font_path()
    if not path.exists():
        raise KnownError("font_missing", path=str(path))
    font = TTFont(FONT, str(path), subfontIndex=0)
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFont(TTFont(MONO, str(path), subfontIndex=1))
    _glyphs = set(font.face.charToGlyph)


def covered(text: str) -> str:
    """Replace characters the font cannot draw with a visible mark."""
    register_fonts()
    assert _glyphs is not None
    return "".join(ch if (ord(ch) in _glyphs or ch in "\n\t") else REPLACEMENT for ch in text)


def capped(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying where and how long the whole is."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"……（以下略，全文共 {len(text):,} 字）"


def para_text(text: str) -> str:
    """User text as Paragraph markup: escaped, glyph-checked, line breaks kept."""
    return escape(covered(text or "")).replace("\n", "<br/>")


# ---------------------------------------------------------------- numbered canvas


class NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]  # reportlab has no type information
    """Defers page output so each footer can say 共 y 页."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont(FONT, 9)  # pragma: no mutate (layout)
            self.setFillColor(colors.grey)  # pragma: no mutate (layout)
            footer = f"第 {self._pageNumber} 页 / 共 {total} 页"
            self.drawCentredString(A4[0] / 2, 12 * mm, footer)  # pragma: no mutate (layout)
            super().showPage()
        super().save()


# ---------------------------------------------------------------- the letter


class ComplaintLetter:
    page_size = A4
    left_margin = 25 * mm  # binding side
    right_margin = 20 * mm
    top_margin = 22 * mm
    bottom_margin = 22 * mm
    thumb_columns = 2
    image_max_px = 1200  # print copies are downsampled to this on their long side

    def __init__(self, data: LetterData) -> None:
        self.data = data
        register_fonts()
        self.styles = self._get_stylesheet()

    # -- styles and page hooks

    def _get_stylesheet(self) -> dict[str, ParagraphStyle]:  # pragma: no mutate block (layout)
        base = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK",
                              firstLineIndent=0)
        return {
            "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28,
                                    alignment=TA_CENTER, spaceAfter=6 * mm),
            "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=20,
                                      spaceBefore=4 * mm, spaceAfter=2 * mm,
                                      keepWithNext=1),  # never alone at a page's foot
            "body": base,
            "indent": ParagraphStyle("indent", parent=base, firstLineIndent=22),
            "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=14),
            "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, spaceBefore=2,
                                    textColor=colors.HexColor("#444444")),
            "caption": ParagraphStyle("caption", parent=base, fontSize=9, leading=12,
                                      alignment=TA_CENTER),
            "hash": ParagraphStyle("hash", parent=base, fontName=MONO, fontSize=HASH_SIZE,
                                   leading=HASH_SIZE + 2.5, textColor=colors.HexColor("#333333")),
            "hash_centred": ParagraphStyle("hash_centred", parent=base, fontName=MONO,
                                           fontSize=HASH_SIZE, leading=HASH_SIZE + 2.5,
                                           alignment=TA_CENTER, textColor=colors.HexColor("#333333")),
            "chat_buyer": ParagraphStyle("chat_buyer", parent=base, fontSize=9.5, leading=13,
                                         leftIndent=30 * mm),
            "chat_seller": ParagraphStyle("chat_seller", parent=base, fontSize=9.5, leading=13,
                                          rightIndent=30 * mm),
            "chat_system": ParagraphStyle("chat_system", parent=base, fontSize=8.5, leading=12,
                                          textColor=colors.grey, alignment=TA_CENTER),
        }

    def _header(self, canvas: Any, text: str) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)  # pragma: no mutate (layout)
        canvas.setFillColor(colors.grey)  # pragma: no mutate (layout)
        line = f"{text} · 订单号 {self.data.order_no}"
        canvas.drawString(self.left_margin, A4[1] - 12 * mm, line)  # pragma: no mutate (layout)
        canvas.restoreState()

    def _on_page(self, canvas: Any, doc: Any) -> None:
        self._header(canvas, "书面投诉书")

    def _on_appendix_page(self, canvas: Any, doc: Any) -> None:
        self._header(canvas, "附件：证据")

    def _on_sheet_page(self, canvas: Any, doc: Any) -> None:
        self._header(canvas, "证据保全说明")

    # -- the story

    def _p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(para_text(text), self.styles[style])

    def _table(self, rows: list[list[Any]], widths: list[float], header: bool = False) -> Table:
        cells = [[c if not isinstance(c, str) else self._p(capped(c, MAX_FIELD_CHARS), "cell") for c in row]
                 for row in rows]
        table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
        # pragma: no mutate start (layout)
        style = [
            ("FONT", (0, 0), (-1, -1), FONT),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
        else:
            style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f4f4f4")))
        # pragma: no mutate end
        table.setStyle(TableStyle(style))
        return table

    def _hash(self, digest: str, width: float, style: str = "hash", label: str = "") -> Paragraph:
        """The full SHA-256 in the monospaced face, in as few lines as ``width`` allows:
        64, 32 or 16 digits a line, so a wrapped digest breaks at a fixed column."""
        lead = pdfmetrics.stringWidth(label, FONT, HASH_SIZE)
        per_line = 64
        while per_line > 16 and lead + pdfmetrics.stringWidth("0" * per_line, MONO, HASH_SIZE) > width:
            per_line //= 2
        lines = [digest[i:i + per_line] for i in range(0, len(digest), per_line)]
        head = f'<font name="{FONT}">{para_text(label)}</font>' if label else ""
        return Paragraph(head + "<br/>".join(para_text(line) for line in lines), self.styles[style])

    def _width(self) -> float:
        return float(self.page_size[0] - self.left_margin - self.right_margin)

    def _get_story(self) -> list[Any]:
        d = self.data
        w = self._width()
        story: list[Any] = [self._p("书面投诉书", "title")]
        story.append(self._p(f"致：{d.platform_label}平台客户服务部门"))
        respondent = d.shop + (f"（经营者：{d.seller_entity}）" if d.seller_entity else "")
        story.append(self._p(f"被投诉方：{capped(respondent, MAX_FIELD_CHARS) or '（店铺名称未填写）'}"))
        if d.seller_address:
            story.append(self._p(f"被投诉方地址（平台展示）：{capped(d.seller_address, MAX_FIELD_CHARS)}"))
        story.append(self._p("一、投诉人信息", "heading"))
        c = d.complainant
        two = [30 * mm, w - 30 * mm]  # pragma: no mutate (layout)
        story.append(self._table([["姓名", c.name], ["联系电话", c.phone],
                                  ["淘宝账号", c.account], ["联系地址", c.address]], two))
        story.append(self._p("二、订单信息", "heading"))
        story.append(self._table([[k, v] for k, v in d.order_rows], two))
        story.append(self._p("三、投诉事由", "heading"))
        for part in capped(d.facts or "（未填写）", MAX_FACTS_CHARS).split("\n\n"):
            story.append(self._p(part, "indent"))
        if d.history_lines:
            story.append(Spacer(1, 2 * mm))  # pragma: no mutate (layout)
            story.append(self._p("已采取的处理步骤：", "body"))
            for line in d.history_lines[:MAX_HISTORY_LINES]:
                story.append(self._p(capped(line, MAX_FIELD_CHARS), "indent"))
            if len(d.history_lines) > MAX_HISTORY_LINES:
                story.append(self._p(f"（另有 {len(d.history_lines) - MAX_HISTORY_LINES} 条处理记录未列出）",
                                     "small"))
        story.append(self._p("四、投诉请求", "heading"))
        story.append(self._p(capped(d.demands or "（未填写）", MAX_FACTS_CHARS), "indent"))
        story.append(self._p("五、证据清单", "heading"))
        if d.exhibits:
            # each exhibit: its row, then the original's full SHA-256 across the table
            rows: list[list[Any]] = [["编号", "名称", "类型", "日期"]]
            spans: list[tuple[Any, ...]] = []
            for e in d.exhibits[:MAX_LIST_EXHIBITS]:
                title = capped(e.title, MAX_FIELD_CHARS) + ("（遮挡副本）" if e.redacted else "")
                # （添加） on a line of its own: the narrow column would break after its （
                rows.append([f"证据{e.number}", title, e.kind_label, e.day_text.replace("（", "\n（")])
                r = len(rows)
                label = "原件 SHA-256 " if e.redacted else "SHA-256 "
                rows.append([self._hash(e.sha256, w - 8, label=label), "", "", ""])
                spans += [("SPAN", (0, r), (-1, r)), ("TOPPADDING", (0, r), (-1, r), 0),
                          ("LINEABOVE", (0, r), (-1, r), 0.5, colors.white)]  # pragma: no mutate (layout)
            cols = [16 * mm, w - 16 * mm - 18 * mm - 26 * mm, 18 * mm, 26 * mm]  # pragma: no mutate (layout)
            table = self._table(rows, cols, header=True)
            table.setStyle(TableStyle(spans))
            story.append(table)
            if len(d.exhibits) > MAX_LIST_EXHIBITS:
                story.append(self._p(f"（另有 {len(d.exhibits) - MAX_LIST_EXHIBITS} 项证据未列出，"
                                     "见案件原件）", "small"))
            story.append(self._p(CLAIMS[ClaimKind.ORIGINALS_KEPT].words
                                 + ("每项证据的来源、添加方式及原件核验结果见所附《证据保全说明》。"
                                    if d.manifest is not None else ""), "small"))
            if any(e.redacted for e in d.exhibits[:MAX_LIST_EXHIBITS]):
                story.append(self._p(CLAIMS[ClaimKind.REDACTED_COPY].words, "small"))
        else:
            story.append(self._p("（暂无）"))
        story.append(self._p("六、答复期限", "heading"))
        if d.reply_due is not None:
            # what was done, not a claim about the world: the year's notice may be out
            # while the installed holiday data lacks it
            est = "（该日期仅按周一至周五估算，未计入该年度节假日安排）" if d.reply_estimated else ""
            story.append(self._p(reply_due_sentence(d.sent, d.reply_due) + est
                                 + "。逾期未答复的，投诉人将向阿里巴巴集团及全国12315平台等第三方反映。",
                                 "indent"))
        sent = zh_date(d.sent)
        story.append(Spacer(1, 12 * mm))  # pragma: no mutate (layout)
        story.append(KeepTogether([
            self._p("此致"),
            self._p(f"{d.platform_label}平台客户服务部门"),
            Spacer(1, 10 * mm),  # pragma: no mutate (layout)
            self._p("投诉人（签名）：____________________"),
            Spacer(1, 4 * mm),  # pragma: no mutate (layout)
            self._p(f"日期：{sent}"),
        ]))
        if d.manifest is not None:  # the evidence-preservation sheet, on pages of its own
            from tbcase.pdf.manifest import sheet_story

            story += [NextPageTemplate("sheet"), PageBreak(),
                      *sheet_story(d.manifest, d.sheet_made or datetime.now().astimezone(), w, in_letter=True)]
        story.extend(self._appendix())
        return story

    def _appendix(self) -> list[Any]:
        d = self.data
        images = [(e, e.image) for e in d.exhibits if e.image and not e.transcript]
        chats = [e for e in d.exhibits if e.transcript]
        if not images and not chats:
            return []
        out: list[Any] = [NextPageTemplate("appendix"), PageBreak(), self._p("附件：证据", "title")]
        w = self._width()
        col_w = (w - 6 * mm) / self.thumb_columns
        frame_h = self.page_size[1] - self.top_margin - self.bottom_margin
        # a phone screenshot is width-bound; photos fit two rows a page
        max_h = frame_h - 40 * mm  # pragma: no mutate (layout)
        cells = []
        for e, image in images[:MAX_APPENDIX_IMAGES]:
            img = self._image(image, col_w - 4 * mm, max_h)  # pragma: no mutate (layout)
            copy = "（遮挡副本）" if e.redacted else ""
            what = "原件 SHA-256" if e.redacted else "SHA-256"
            caption = [self._p(f"证据{e.number}{copy}：{capped(e.title, 200)}\n{e.day_text}  {what}", "caption"),
                       self._hash(e.sha256, col_w - 8, "hash_centred")]
            cells.append([img, caption])
        for i in range(0, len(cells), self.thumb_columns):
            row = cells[i:i + self.thumb_columns]
            row += [["", ""]] * (self.thumb_columns - len(row))
            table = Table([[c[0] for c in row], [c[1] for c in row]], colWidths=[col_w] * len(row))
            # pragma: no mutate start (layout)
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT),
                                       ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                       ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                                       ("BOTTOMPADDING", (0, 1), (-1, 1), 8)]))
            # pragma: no mutate end
            out.append(KeepTogether(table))
        if len(images) > MAX_APPENDIX_IMAGES:
            out.append(self._p(f"（另有 {len(images) - MAX_APPENDIX_IMAGES} 张图片证据未附，"
                               "见证据原件）", "small"))
        for e in chats:
            copy = "，遮挡副本" if e.redacted else ""
            beside = e.image is not None  # a chat screenshot: its read text beside the image
            what = "聊天截图，文字由图像识别整理，以截图为准" if beside else "聊天记录整理"
            out.append(self._p(f"证据{e.number}：{e.title}（{what}{copy}）", "heading"))
            out.append(self._p("原件 SHA-256" if e.redacted else "SHA-256", "small"))
            out.append(self._hash(e.sha256, w))
            limit = MAX_BESIDE_MESSAGES if beside else MAX_APPENDIX_MESSAGES
            lines: list[Any] = []
            for m in e.transcript[:limit]:
                who = capped(m.speaker, 100) or {"buyer": "买家（右）", "seller": "卖家（左）"}.get(m.role, "")
                when = second_text(m.at)
                text = capped(m.text, MAX_MESSAGE_CHARS)
                if m.role == "system":
                    lines.append(self._p(text, "chat_system"))
                    continue
                style = "chat_buyer" if m.role == "buyer" else "chat_seller"
                lines.append(Paragraph(
                    f"<font size=8 color='#666666'>{para_text(who)}  {para_text(when)}</font><br/>"
                    + para_text(text), self.styles[style]))
                lines.append(Spacer(1, 1.5 * mm))  # pragma: no mutate (layout)
            if beside and e.image is not None:
                table = Table([[self._image(e.image, w * 0.4 - 4 * mm, max_h), lines]], colWidths=[w * 0.4, w * 0.6])
                table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
                out.append(table)
            else:
                out.extend(lines)
            more = len(e.transcript) - limit
            if more > 0:
                out.append(self._p(f"（以上为前 {limit} 条；另有 {more:,} 条消息，"
                                   f"见证据{e.number}的聊天记录原件及导出文件）", "small"))
        return out

    def _image(self, data: bytes, max_w: float, max_h: float) -> Image | Paragraph:
        """The stored display copy, decoded within the pixel limit (a copy planted in a
        file from elsewhere may be anything): a note in its place when it cannot be drawn."""
        from tbcase.storage.imaging import print_copy

        try:
            data, w, h = print_copy(data, self.image_max_px)
        except KnownError:
            return self._p("（图片无法显示：存储的显示副本损坏或过大，请查看证据原件）", "caption")
        scale = min(max_w / w, max_h / h)
        return Image(io.BytesIO(data), width=w * scale, height=h * scale)

    # -- output

    def render(self, report: Callable[[int, int, str], None] | None = None) -> bytes:
        buf = io.BytesIO()
        doc = BaseDocTemplate(
            buf, pagesize=self.page_size, leftMargin=self.left_margin,
            rightMargin=self.right_margin, topMargin=self.top_margin,
            bottomMargin=self.bottom_margin, title=f"书面投诉书 {self.data.order_no}",
            author=self.data.complainant.name, subject="书面投诉书",
            creator=f"tbcase {__version__}", producer=f"tbcase {__version__} (reportlab)",
            initialFontName=FONT,  # else every page references Helvetica, not embedded
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([
            PageTemplate(id="letter", frames=[frame], onPage=self._on_page),
            PageTemplate(id="appendix", frames=[frame], onPage=self._on_appendix_page),
            PageTemplate(id="sheet", frames=[frame], onPage=self._on_sheet_page),
        ])
        if report is not None:
            doc.setProgressCallBack(_progress_to(report))
        doc.build(self._get_story(), canvasmaker=NumberedCanvas)
        return buf.getvalue()


# ---------------------------------------------------------------- from a case file


def _progress_to(report: Callable[[int, int, str], None]) -> Callable[[str, int], None]:
    """reportlab's progress callback (``SIZE_EST`` = flowables in the story, ``PROGRESS`` =
    the one being laid out) as ``report(done, total, "")``."""
    total = [0]

    def callback(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            total[0] = int(value)
        elif kind == "PROGRESS" and total[0]:
            report(min(int(value), total[0]), total[0], "")

    return callback


def render_letter(data: LetterData, hints: list[ToneHint],
                  report: Callable[[int, int, str], None] | None = None) -> LetterResult:
    """The PDF and the 12315 copy sheet from gathered data (no case file needed). The
    window runs this in a worker process (``tbcase/ui/process.py``): ``report(done, total,
    what)`` follows reportlab's progress through the story."""
    pdf = ComplaintLetter(data).render(report)
    return LetterResult(pdf, copy_sheet(data), hints, data.reply_due, data.reply_estimated, data.order_no,
                        data.manifest.sha256() if data.manifest is not None else None)


def render_case_file(path: str, engine: DeadlineEngine, sent: date, with_sheet: bool = True,
                     report: Callable[[int, int, str], None] | None = None) -> LetterResult:
    """The letter of the case file at ``path``, read and laid out here: the window's worker
    process runs this (``tbcase/ui/process.py``), so neither the gathering (a long chat log
    is 100,000 objects) nor reportlab's layout holds the window's interpreter lock, and
    nothing big is pickled across. The window calls it after the writes before it are
    committed; the result is stored through the window's ``CaseSession``."""
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(Path(path), readonly=True) as case:
        data, hints = gather_letter(case, engine, sent, with_sheet=with_sheet)
    return render_letter(data, hints, report)


def render_case_letter(case: CaseFile, engine: DeadlineEngine, sent: date, with_images: bool = True,
                       made: datetime | None = None, with_sheet: bool = True) -> LetterResult:
    return render_letter(*gather_letter(case, engine, sent, with_images, made, with_sheet))

