"""Every factual claim the written complaint and its 12315 copy sheet can make, and the
case data that licenses it.

This is the one place that decides what the letter may assert. ``tbcase/pdf/letter.py``
asks these functions; it never states a fact about the case on its own. Each entry of
``CLAIMS`` names the words the letter prints and, in ``licence``, the case data without
which the words must not appear. The tests check every claim both ways.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tbcase.domain.ladder import StepEvent, due_time
from tbcase.domain.model import StepKind, end_of_day
from tbcase.domain.workdays import WorkingDayCalendar


class ClaimKind(StrEnum):
    STEP_TAKEN = "step_taken"
    NO_APP_REPLY = "no_app_reply"
    NO_WRITTEN_REPLY = "no_written_reply"
    REPLY_DUE = "reply_due"
    ORIGINALS_KEPT = "originals_kept"
    FIELD_VALUE = "field_value"
    FIELDS_MISSING = "fields_missing"
    REDACTED_COPY = "redacted_copy"
    EXHIBIT_TAKEN = "exhibit_taken"
    EXHIBIT_ADDED = "exhibit_added"
    PRESERVATION = "preservation"


@dataclass(frozen=True)
class Claim:
    kind: ClaimKind
    words: str  # what the letter prints (a template)
    licence: str  # the case data that must be there for the words to appear


CLAIMS: dict[ClaimKind, Claim] = {c.kind: c for c in (
    Claim(ClaimKind.STEP_TAKEN, "{day} {action}（编号：{ref}）。",
          "a step of that kind recorded at that time, at or before the letter's date; the "
          "number only as recorded"),
    Claim(ClaimKind.NO_APP_REPLY, "，24小时内未获处理",
          "an in-app complaint whose 24 hours ran out before the next ladder step was "
          "recorded (or before the letter was made), with no platform reply, in-app or "
          "written, recorded in between"),
    Claim(ClaimKind.NO_WRITTEN_REPLY, "，7个工作日内未获书面答复",
          "a written complaint whose 7 working days (on a calendar that knows that year's "
          "holidays, not an estimate) ran out before the next ladder step was "
          "recorded (or before the letter was made), with no written reply recorded in between"),
    Claim(ClaimKind.REPLY_DUE,
          "请自本投诉书发出之日（{sent}）起7个工作日内，即{due}24时前，书面答复",
          "the send date the user gives; the due day is 7 working days after it (the start "
          "day not counted, 民法典 第201条), marked estimated when a year lacks holiday data"),
    Claim(ClaimKind.ORIGINALS_KEPT,
          "证据原件完整保存于投诉人处，可随时提供核验；每项证据名称下的 SHA-256 为原件的完整"
          "数字指纹（64位十六进制），可对原件用 sha256sum 等工具计算核对。",
          "at least one exhibit, each stored in the case file as the original bytes with "
          "its full SHA-256 (64 hex digits) printed under its title"),
    Claim(ClaimKind.REDACTED_COPY,
          "标注“遮挡副本”的证据，本投诉书所附的是遮挡了个人信息（如电话号码、地址）的副本，遮挡处为"
          "不透明色块；未遮挡的原件完整保存于案件文件中，可供核验。其下所列 SHA-256 为原件的数字指纹，"
          "不是副本的。",
          "at least one listed exhibit with a redacted copy stored in the case file (a derived "
          "copy whose making the history records); the original's bytes and SHA-256 unchanged"),
    Claim(ClaimKind.EXHIBIT_TAKEN, "{day}",
          "the exhibit's capture time as the case file records it, with its source (a photo's "
          "EXIF, a chat log's first message): the day only"),
    Claim(ClaimKind.EXHIBIT_ADDED, "{day}（添加）",
          "no capture time recorded: the day the exhibit was added to the case, marked （添加） "
          "so that it is never read as the day the screenshot or photo was taken"),
    Claim(ClaimKind.FIELD_VALUE, "{field}：{value}",
          "the case field as entered (order number, item, amount, times, tracking numbers, "
          "shop, seller, seller's address, complainant); an empty field prints as empty or "
          "（未填写）, never a guess"),
    Claim(ClaimKind.FIELDS_MISSING, "尚未填写：{fields}",
          "the fields of 《市场监督管理投诉举报处理办法》第10条 that are empty in the case"),
    Claim(ClaimKind.PRESERVATION,
          "简言之：证明自添加以来未被修改；不证明内容真实。"
          "本说明证明：标为“未改变”的证据原件，自添加进本案件文件以来未被修改——打印时重新计算的"
          " SHA-256 与添加时记入案件历史记录（哈希链）的一致。本说明不证明：截图、照片或聊天记录"
          "所示内容属实；证据在添加之前未被修改；拍摄时间准确（按所注来源记录，未经独立核实）。"
          "清单哈希是本清单（manifest.json，规范化 JSON 的 UTF-8 字节）的 SHA-256，"
          "可与导出文件夹中的 manifest.json 用 sha256sum 核对。",
          "the sheet: every exhibit's original bytes re-hashed when it is made; 未改变 only "
          "when that hash equals the stored SHA-256 and a history entry recorded that hash "
          "when the exhibit was added; the manifest hash is the SHA-256 of the exact bytes an "
          "export writes as manifest.json"),
)}

# The waits a history line may report, by the step that started them: the replies that
# answer it (未获处理: any answer of the platform's; 未获书面答复: a written one) and the
# length of time its words say. That length is the claim's own, not a rule's: the rules
# are the user's to change (a ladder.toml of 2 hours still may not make the letter say 24
# hours went unanswered).
_WAITS: dict[StepKind, tuple[frozenset[StepKind], str, int, ClaimKind]] = {
    StepKind.COMPLAINT: (frozenset({StepKind.PLATFORM_REPLY, StepKind.WRITTEN_REPLY}), "hours", 24,
                         ClaimKind.NO_APP_REPLY),
    StepKind.WRITTEN_COMPLAINT: (frozenset({StepKind.WRITTEN_REPLY}), "working_days", 7,
                                 ClaimKind.NO_WRITTEN_REPLY),
}
# Steps that move the case on: a wait ends when one of these is recorded.
_LADDER = frozenset({
    StepKind.COMPLAINT, StepKind.WRITTEN_COMPLAINT, StepKind.ALIBABA, StepKind.THIRD_PARTY,
    StepKind.CONSUMER_ASSOCIATION, StepKind.RESOLVED, StepKind.CLOSED, StepKind.REJECTED,
    StepKind.REFUSED,
})


def letter_moment(sent: date, made: datetime) -> datetime:
    """The moment the letter speaks for: when it is made, but never after its own date."""
    return min(made, end_of_day(sent))


def step_is_told(step: StepEvent, moment: datetime) -> bool:
    """A step may be narrated only if it had happened by the letter's moment."""
    return step.at <= moment


def unanswered_wait(step: StepEvent, steps: Sequence[StepEvent], cal: WorkingDayCalendar,
                    moment: datetime) -> ClaimKind | None:
    """The "no answer within …" claim this step licenses, if any.

    Licensed only when the step's clock really ran out before the next ladder step (or
    before the letter's moment, if none came) and no reply of its kind was recorded between
    the step and that point. The clock is counted from this step itself, so a complaint
    made again has its own clock, and over the length the words say. A count of working
    days the calendar can only estimate (a year whose holiday notice is not installed:
    国庆 may fall inside) licenses nothing.
    """
    wait = _WAITS.get(step.kind)
    if wait is None:
        return None
    replies, unit, amount, claim = wait
    due, estimated = due_time(unit, amount, step.at, cal)
    if estimated:
        return None
    later = sorted((s for s in steps if s.at > step.at or (s.at == step.at and s is not step)),
                   key=lambda s: s.at)
    next_move = next((s.at for s in later if s.kind in _LADDER), None)
    cutoff = min(next_move, moment) if next_move is not None else moment
    if cutoff < due:
        return None  # the user moved on (or wrote) before the clock ran out
    if any(s.kind in replies and step.at <= s.at <= cutoff for s in later):
        return None
    return claim
