"""What the written complaint says, built from a case file's records: the order table,
the dated steps with the waiting claims the file licenses (``domain/claims.py``), the
exhibit list, the demands, and the 12315 copy sheet. No reportlab here: ``letter.py``
lays this out on paper."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tbcase.domain.claims import CLAIMS, ClaimKind, letter_moment, step_is_told, unanswered_wait
from tbcase.domain.ladder import StepEvent
from tbcase.domain.model import Complainant, StepKind, format_amount
from tbcase.domain.model import now as now_
from tbcase.domain.tone import ToneHint, check_tone
from tbcase.storage.records import ChatLine

if TYPE_CHECKING:
    from tbcase.domain.workdays import WorkingDayCalendar
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.engine import DeadlineEngine
    from tbcase.storage.manifest import Manifest


# ---------------------------------------------------------------- data


@dataclass
class Exhibit:
    number: int
    title: str
    kind_label: str
    date: str
    sha256: str
    image: bytes | None = None  # the print rendition (display copy), never the original
    transcript: list[ChatLine] = field(default_factory=list)
    redacted: bool = False  # image/transcript are the redacted copy; sha256 stays the original's
    date_added: bool = False  # ``date`` is the day it was added: no capture time is recorded

    @property
    def day_text(self) -> str:
        """Its date as the letter prints it: the day taken, or the day added, marked so."""
        if not self.date:
            return ""
        kind = ClaimKind.EXHIBIT_ADDED if self.date_added else ClaimKind.EXHIBIT_TAKEN
        return CLAIMS[kind].words.format(day=self.date)


@dataclass
class LetterData:
    platform_label: str
    shop: str
    seller_entity: str
    complainant: Complainant
    order_rows: list[tuple[str, str]]
    facts: str
    history_lines: list[str]
    demands: str
    exhibits: list[Exhibit]
    sent: date
    reply_due: date | None
    reply_estimated: bool
    order_no: str
    item: str
    seller_address: str = ""
    amount: str = ""
    manifest: Manifest | None = None  # the evidence-preservation sheet's, when it is included
    sheet_made: datetime | None = None  # when its originals were re-hashed


# ---------------------------------------------------------------- from a case file


_KIND = {"screenshot": "截图", "photo": "照片", "chat": "聊天记录", "receipt": "凭证",
         "document": "文件"}
_PLATFORM = {"taobao": "淘宝", "tmall": "天猫"}
_OUTCOME = {"refund": "退款", "return": "退货退款", "exchange": "换货", "repair": "维修",
            "compensation": "赔偿"}  # "other" says nothing: the demand is not written yet
# the outcomes that ask for the case's one amount, the price paid (实付金额), back: an
# exchange or a repair asks for no money, a compensation for an amount never entered
_PRICE_BACK = {"refund", "return"}


def _day(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d") if dt else ""


def _minute(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") if dt else ""


def second_text(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S") if dt else ""


_STEP_WORDS = {
    "complaint": "于App内提交投诉",
    "platform_reply": "平台答复",
    "written_complaint": "向平台客服提交书面投诉",
    "written_reply": "平台客服书面答复",
    "alibaba": "向阿里巴巴集团投诉",
    "third_party": "向第三方（12315等）投诉",
    "consumer_association": "向消费者协会投诉",
    "third_party_reply": "第三方答复",
    "resolved": "问题解决",
    "rejected": "投诉被驳回",
    "refused": "投诉被拒绝",
    "closed": "结案",
    "return_requested": "申请退货",
    "return_shipped": "寄回退货",
    "return_signed": "卖家签收退货",
}


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def reply_due_sentence(sent: date, due: date) -> str:
    """The answer time, counted from the date the sentence names (the send date)."""
    return CLAIMS[ClaimKind.REPLY_DUE].words.format(sent=zh_date(sent), due=zh_date(due))


def step_sentence(kind: str, at: datetime, ref: str, wait: ClaimKind | None = None) -> str:
    """A dated sentence for the letter, e.g. 2026-11-20 于App内提交投诉，24小时内未获处理。

    ``wait`` is the "no answer within …" claim ``claims.unanswered_wait`` licensed, if any.
    """
    day = at.strftime("%Y-%m-%d")
    ref_txt = f"（编号：{ref}）" if ref else ""
    tail = CLAIMS[wait].words if wait is not None else ""
    return f"{day} {_STEP_WORDS.get(kind, kind)}{ref_txt}{tail}。"


def history_lines(steps: list[tuple[str, datetime, str]], cal: WorkingDayCalendar,
                  moment: datetime) -> list[str]:
    """The letter's 已采取的处理步骤: steps up to the letter's moment, each with the
    waiting claim the case file licenses."""
    events = [StepEvent(StepKind(kind), at) for kind, at, _ in steps]
    out = []
    for (kind, at, ref), event in zip(steps, events, strict=True):
        if not step_is_told(event, moment):
            continue
        out.append(step_sentence(kind, at, ref, unanswered_wait(event, events, cal, moment)))
    return out


def build_letter_data(case: CaseFile, engine: DeadlineEngine, sent: date, with_images: bool = True,
                      made: datetime | None = None, with_sheet: bool = False
                      ) -> tuple[LetterData, dict[str, Any]]:
    row = case.case()
    moment = letter_moment(sent, made or now_())
    steps = [(s.kind.value, s.at, s.ref) for s in case.steps.all()]  # in time order
    history = history_lines(steps, engine.calendar, moment)
    reply = engine.calendar.add_working_days(sent, 7)
    track_txt = "；".join(f"{t.carrier_zh} {t.number}" + ("（退货）" if t.direction == "return" else "")
                         for t in case.tracking.all())
    amount = format_amount(row.amount_fen)
    order_rows = [
        ("订单号", row.order_no), ("商品名称", row.item), ("实付金额", f"¥{amount}" if amount else ""),
        ("下单时间", _minute(row.ordered_at)), ("签收时间", _minute(row.signed_at)),
        ("快递单号", track_txt), ("店铺", row.shop),
    ]
    exhibits = []
    redacted = case.redactions.all()
    for e in case.evidence.all(with_messages=True):
        is_image = e.media_type.startswith("image/")
        # a redacted copy, where there is one, stands in for the original on paper
        copy = e.id in redacted and (is_image or e.kind == "chat")
        image = None
        if with_images and is_image:
            image = case.redactions.data(e.id) if copy else case.evidence.print_image(e.id)
        # a chat log's lines, or a chat screenshot's read bubbles (not for a redacted screenshot:
        # its read text would print what the copy hides); a chat screenshot is a picture
        text_log = e.kind == "chat" and not is_image
        transcript = list(e.messages) if text_log or not copy else []
        if copy and text_log:
            transcript = case.redactions.transcript(e.id) or []
        taken = _day(e.captured)
        exhibits.append(Exhibit(e.exhibit or 0, e.title, _KIND.get(e.kind, e.kind),
                                taken or _day(e.added), e.sha256, image,
                                transcript, redacted=copy, date_added=not taken))
    demands = row.demands.strip()
    if not demands and row.outcome in _OUTCOME:  # the user wrote none: the outcome they chose
        price = f"人民币{amount}元" if amount and row.outcome in _PRICE_BACK else ""
        demands = f"请求{_OUTCOME[row.outcome]}{price}。"
    complainant = row.complainant
    data = LetterData(
        platform_label=_PLATFORM.get(row.platform, row.platform), shop=row.shop,
        seller_entity=row.seller_entity, complainant=complainant, order_rows=order_rows,
        facts=row.facts, history_lines=history, demands=demands, exhibits=exhibits, sent=sent,
        reply_due=reply.day, reply_estimated=reply.estimated, order_no=row.order_no, item=row.item,
        seller_address=row.seller_address, amount=amount,
    )
    if with_sheet:
        from tbcase.storage.manifest import build_manifest

        data.manifest, data.sheet_made = build_manifest(case), now_()
    return data, {"row": row, "evidence_count": len(exhibits)}


EMPTY = "（未填写）"


def copy_sheet_fields(data: LetterData) -> list[tuple[str, str]]:
    """The 12315 form's fields (《市场监督管理投诉举报处理办法》第10条: who complains and how to
    reach them, who is complained about and where, what is asked, and the facts), in order."""
    c = data.complainant
    item = data.item if len(data.item) <= 50 else data.item[:49] + "…"
    return [
        ("投诉人姓名", c.name),
        ("投诉人联系电话", c.phone),
        ("投诉人通讯地址", c.address),
        ("被投诉方名称（经营者）", data.seller_entity),
        ("被投诉方地址（以平台展示为准）", data.seller_address),
        ("网络交易平台", data.platform_label),
        ("店铺名称", data.shop),
        ("订单号", data.order_no),
        ("商品名称（≤50字）", item),
        ("投诉请求", data.demands),
        ("事实和理由", data.facts.strip()),
    ]


def copy_sheet(data: LetterData) -> str:
    """The case arranged by the fields of the 12315 complaint form, to type or paste in.
    Empty fields are marked and listed first, so the user knows what to fill in."""
    fields = copy_sheet_fields(data)
    missing = [name for name, value in fields if not value.strip()]
    lines = ["【12315 投诉填写参考】"]
    if missing:
        lines.append(CLAIMS[ClaimKind.FIELDS_MISSING].words.format(fields="、".join(missing)))
    lines += [f"{name}：{value.strip() or EMPTY}" for name, value in fields[:-1]]
    lines += ["事实和理由：", fields[-1][1] or EMPTY]
    if data.history_lines:
        lines.append("已采取的处理步骤：")
        lines.extend(data.history_lines)
    lines.append("证据：" + "；".join(f"证据{e.number} {e.title}" for e in data.exhibits)
                 if data.exhibits else "证据：（暂无）")
    return "\n".join(lines) + "\n"


@dataclass
class LetterResult:
    """A rendered letter (here, not in ``letter.py``: the window unpickles it from the
    worker process without loading reportlab)."""

    pdf: bytes
    copy_sheet: str
    hints: list[ToneHint]  # the tone check's (the window and the CLI word them: Wording.tone)
    reply_due: date | None
    reply_estimated: bool
    order_no: str = ""
    manifest_sha256: str | None = None  # what its evidence-preservation sheet printed (None: no sheet)


def gather_letter(case: CaseFile, engine: DeadlineEngine, sent: date, with_images: bool = True,
                  made: datetime | None = None, with_sheet: bool = True
                  ) -> tuple[LetterData, list[ToneHint]]:
    """What the letter needs from the case file (reads only): its data and the tone hints.
    The window runs this on the case's database queue and ``render_letter`` (in
    ``letter.py``, with reportlab) in a worker process. ``with_sheet``: the
    evidence-preservation sheet too (its manifest re-hashes every original)."""
    data, extra = build_letter_data(case, engine, sent, with_images, made, with_sheet)
    row = extra["row"]
    return data, check_tone(row.facts, row.demands, row.order_no, extra["evidence_count"])
