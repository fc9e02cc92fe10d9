"""One way of wording things: a ``Wording`` is built once per language and passed in; the
window and the command line ask it for every user-facing word (errors, enum values, rule
and deadline texts, carriers, countdowns, history entries) instead of choosing between
Chinese and English themselves.

Pure Python (no Qt): it sits on ``tbcase.messages`` (the sentences) and the domain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tbcase.argparse_zh import ARGPARSE_ZH
from tbcase.messages import EN, MESSAGES, ZH, has_label, label, language, message

if TYPE_CHECKING:
    from tbcase.domain.ladder import Deadline, Rule
    from tbcase.domain.tone import ToneHint
    from tbcase.storage.integrity import Finding
    from tbcase.storage.records import Letter

_CLOSING_ZH, _OPENING_ZH = "）”』」】", "（“『「【"  # full-width: Chinese puts no space beside them
_ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}(?:\+08:00)?")


@dataclass(frozen=True)
class Wording:
    """Every word tbcase shows, in one language (``for_language``)."""

    lang: str  # "zh" or "en"

    @classmethod
    def for_language(cls, lang: str | None = None) -> Wording:
        """The wording for ``lang``, or for the environment (TBCASE_LANG, the locale)."""
        return cls(EN if (lang or language()) == EN else ZH)

    @property
    def zh(self) -> bool:
        return self.lang != EN

    def qt_catalogues(self) -> tuple[tuple[str, bool], ...]:
        """The Qt translation files of this language: (name, whether it is Qt's own)."""
        if self.zh:
            return (("tbcase_zh_CN", False), ("qtbase_zh_CN", True))
        return (("tbcase_en", False),)

    # -- words

    def word(self, key: str) -> str:
        """A domain value (state.overdue, step.complaint, action.none …)."""
        return label(key, self.lang)

    def withdrawn_told(self, letters: Iterable[Letter]) -> str:
        """The letters kept in the case that told a step just withdrawn (CLI and window)."""
        named = [self.word("letter_named").format(id=x.id, sent=(x.sent or x.created.date()).isoformat())
                 for x in letters]
        return self.word("withdrawn_told").format(letters=("、" if self.zh else ", ").join(named))

    def argparse(self, text: str) -> str | None:
        """argparse's own message ``text`` in this language (None: argparse's own English)."""
        return ARGPARSE_ZH.get(text) if self.zh else None

    def error(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)

    def error_of(self, exc: BaseException) -> str:
        """A KnownError as its sentence; anything else as itself (a bug, shown as is)."""
        code = getattr(exc, "code", None)
        if isinstance(code, str):
            return self.error(code, **getattr(exc, "params", {}))
        return repr(exc)

    def ocr_failure(self, exc: BaseException) -> str:
        """Why the text of an image in the case could not be read: an image's own error
        (damaged, too many pixels) in words for one that was added, not "not added"."""
        code = getattr(exc, "code", None)
        if isinstance(code, str) and f"ocr.{code}" in MESSAGES:
            return self.error(f"ocr.{code}", **getattr(exc, "params", {}))
        return self.error_of(exc)

    def text(self, thing: object, field: str) -> str:
        """A text a rule, deadline or carrier carries in both languages (``label_zh`` /
        ``label_en``, ``source_*``, ``note_*``, ``name_*``)."""
        return str(getattr(thing, f"{field}_{'zh' if self.zh else 'en'}") or "")

    def basis_and_source(self, thing: Deadline | Rule) -> str:
        """A deadline's (or rule's) basis and its source, as every place that cites one shows
        them: the basis says what kind of source it is (law, a platform rule, the guide's advice)."""
        return self.word("basis.with_source").format(basis=self.word("basis." + thing.basis.value),
                                                     source=self.text(thing, "source"))

    def carrier(self, code: str) -> str:
        from tbcase.domain.tracking import BY_CODE

        carrier = BY_CODE.get(code)
        return self.text(carrier, "name") if carrier is not None else code

    def receipt(self, key: str, params: dict[str, object]) -> str:
        """A sentence of the phone receiver (an upload added or refused, and why): the
        phone reads it in Chinese, the window in its own language."""
        from tbcase.receive.words import word

        return word(key, self.lang, **params)

    def list_separator(self) -> str:
        return "、" if self.zh else ", "

    def countdown(self, due: datetime, now: datetime) -> str:
        """还剩 2天3小时 / 逾期 1天2小时, or '2d 3h left', to the hour."""
        seconds = int((due - now).total_seconds())
        late = seconds < 0
        seconds = abs(seconds)
        days, rest = divmod(seconds, 86400)
        hours = rest // 3600
        minutes = (rest % 3600) // 60
        if not self.zh:
            span = f"{days}d {hours}h" if days else (f"{hours}h {minutes}m" if hours else f"{minutes}m")
            return f"{span} overdue" if late else f"{span} left"
        span = f"{days}天{hours}小时" if days else (f"{hours}小时{minutes}分" if hours else f"{minutes}分钟")
        return f"逾期{span}" if late else f"还剩{span}"

    def rule_valid(self, valid_from: object, valid_to: object | None) -> str:
        return f"{valid_from} – {valid_to if valid_to else self.word('rule.until_now')}"

    def rule_starts(self, starts: str) -> str:
        """What starts a rule's clock, in words (a step kind or one of the special starts)."""
        key = "starts." + starts if has_label("starts." + starts) else "step." + starts
        return self.word(key)

    def rule_period(self, amount: int, unit: str) -> str:
        return self.word("unit." + unit).format(n=amount)

    def tone(self, hint: ToneHint) -> str:
        """A hint of the letter's tone check."""
        return self.error("tone." + hint.code, detail=hint.detail)

    def finding(self, finding: Finding) -> str:
        """A ``check`` finding (``storage.integrity.Finding``) as a sentence. The exhibit it
        is about (``label``) is named from its data: Exhibit N, or a deleted one by the
        number it had and its title. A ``field``, a value's ``kind`` and what it ``now`` is
        are named in words; an ``error`` parameter is a known error's code, worded in its
        place (with the other parameters); ``copy_of``: the problem is one of that
        exhibit's redacted copy."""
        params = dict(finding.params)
        for key, prefix in (("field", "field"), ("kind", "value_kind"), ("now", "value_now")):
            if key in params and f"{prefix}.{params[key]}" in MESSAGES:  # our word, not the user's text
                params[key] = self.error(f"{prefix}.{params[key]}")
        if "error" in params:
            params["error"] = self.error(params["error"], **params)
        if named := self._named(params):
            params["label"] = named
        text = self.error(f"check.{finding.code}", **params)
        if "copy_of" in params:
            text = self.error("check.import_copy", exhibit=params["copy_of"]) + text
        return text

    def _named(self, params: Mapping[str, str]) -> str:
        """The exhibit or letter a finding is about, from its data (``exhibit_finding``)."""
        if "letter" in params:
            return self.error("check.named_letter", n=params["letter"])
        if "exhibit" in params:
            return self.word("exhibit").format(n=params["exhibit"])
        title = _short(params.get("title", ""))
        if "former_exhibit" in params:
            if not title:
                return self.word("history.former_exhibit").format(n=params["former_exhibit"])
            return self.error("check.named_former", n=params["former_exhibit"], title=title)
        if "evidence_id" in params:  # no number, and none it had is known: its title, never the id
            return self.error("check.named_unnumbered", title=title)
        if "gone" in params:  # a value finding about a row that is not there, and nothing known of it
            return self.error("check.named_gone_title", title=title) if title else self.error("check.named_gone")
        if "unknown" in params:
            return self.error("check.named_some")
        return ""

    # -- history

    def exhibit(self, number: int) -> str:
        return self.word("exhibit").format(n=number)

    def history(self, what: str, detail: Mapping[str, object]) -> tuple[str, str, str]:
        """A history entry as (what happened, before, after) in this language, worded from
        its data (``tbcase.storage.history``): exhibit numbers, codes and times are words
        here, never in the file, so a file's whole history reads in either language."""
        title = self.word("history." + what) if has_label("history." + what) else what
        old, new = _history_values(self, what, detail)
        return title, _readable_times(old), _readable_times(new)


def _short(title: str, limit: int = 60) -> str:
    """A title as a name: a long one (a file from elsewhere may hold megabytes) cut short."""
    return title if len(title) <= limit else title[:limit] + "…"


def _readable_times(text: str) -> str:
    """ISO times as people read them (2026-11-02 09:30)."""
    return _ISO_TIME.sub(r"\1 \2", text) if "T" in text else text


def _history_values(w: Wording, what: str, d: Mapping[str, object]) -> tuple[str, str]:  # noqa: C901
    """(before, after) of one entry in ``w``'s words."""

    def s(key: str) -> str:
        value = d.get(key)
        return "" if value is None else str(value)

    def join(*parts: str) -> str:
        """The parts with a space between; in Chinese none beside a full-width bracket or
        quote (原证据2（已删除）图三, not …已删除） 图三; 图一（粘贴）)."""
        kept = [p for p in parts if p]
        return "".join(p if i == 0 or w.zh and (kept[i - 1][-1] in _CLOSING_ZH or p[0] in _OPENING_ZH)
                       else " " + p for i, p in enumerate(kept))

    def via() -> str:  # how an exhibit or a redacted copy came in
        return (f"（{coded('via', 'via')}）" if w.zh else f"({coded('via', 'via')})") if d.get("via") else ""

    def coded(prefix: str, key: str) -> str:
        code = s(key)
        return w.word(f"{prefix}.{code}") if code and has_label(f"{prefix}.{code}") else code

    number = d.get("exhibit")
    ex = w.exhibit(number) if isinstance(number, int) else ""
    sha = f"sha256:{s('sha256')}" if d.get("sha256") else ""
    # one without a number, a deleted one (tbcase numbers every other): by the number it had,
    # else by its title (已删除的证据“图三”); entries written before held only its internal id,
    # which the user never saw: a deleted exhibit
    former = d.get("former_exhibit")
    title = s("title")
    gone = ""
    if isinstance(former, int):
        gone = w.word("history.former_exhibit").format(n=former)
    elif d.get("evidence_id") is not None and not ex:
        gone = (w.word("history.deleted_titled").format(title=_short(title)) if title
                else w.word("history.deleted_exhibit"))
        title = ""  # said in the name
    old, new = s("old"), s("new")
    if what == "evidence.moved":
        a, b = d.get("old"), d.get("new")
        old = w.exhibit(a) if isinstance(a, int) else old
        new = w.exhibit(b) if isinstance(b, int) else new
    elif what in ("evidence.added", "evidence.received", "evidence.restored"):
        device = f"· {s('device')}" if d.get("device") else ""
        new = join(ex, s("title"), via(), device, sha)
    elif what in ("evidence.redacted", "evidence.redaction_cleared"):
        old = join(ex, gone, title, old)
        new = join(new, via())
    elif what == "evidence.undecodable":
        new = join(ex, s("title"), f"({s('code')})" if d.get("code") else "")
    elif what == "evidence.deleted":
        old = join(ex, s("title"))
    elif what == "evidence.purged":
        old = join(s("title"), sha)
    elif what == "evidence.present":
        letter = f"#{s('letter')}" if d.get("letter") is not None else ""
        new = join(ex, gone, title, letter and w.word("letter") + letter, sha)
    elif what in ("evidence.title", "evidence.note", "evidence.kind", "evidence.captured"):
        if what == "evidence.kind":
            old, new = coded("kind", "old"), coded("kind", "new")
        old = join(ex, old) if ex else old
    elif what == "step.added":
        new = join(coded("step", "kind"), s("at"), s("ref"))
    elif what == "step.withdrawn":
        old = join(coded("step", "kind"), s("at"), s("ref"))
        new = w.word("history.reason").format(reason=s("reason")) if d.get("reason") else ""
    elif what in ("case.type", "case.outcome", "case.status"):
        prefix = what.split(".")[1]
        old, new = coded(prefix, "old"), coded(prefix, "new")
    elif what in ("tracking.added", "tracking.changed"):
        new = join(s("number"), w.carrier(s("carrier")), coded("direction", "direction"),
                   s("signed"))
        if what == "tracking.changed":
            old = join(s("number"), w.carrier(s("old_carrier")),
                       coded("direction", "old_direction"), s("old_signed"))
    elif what == "countdown.added":
        new = join(s("label"), s("due"))
    elif what == "letter.generated":
        new = join(f"#{s('letter')}", s("sent"), sha,
                   w.word("history.sheet_hash") + s("manifest_sha256") if d.get("manifest_sha256") else "")
    elif what in ("chain.began", "history.structured") and new.isdigit():
        new = w.word("history.entries_" + ("chained" if what == "chain.began" else "read")).format(n=new)
    elif what == "case.imported":
        left = d.get("left_out")
        state = s("chain")  # older entries (before this was data) hold English text instead
        chain = (w.word("source_chain." + state).format(n=s("chain_entries"), at=s("chain_broken_at"),
                                                       time=_readable_times(s("chain_broken_time")),
                                                       head=s("chain_head"))
                 if has_label("source_chain." + state) else s("source_chain"))
        new = join(new, f"(tbcase {s('tbcase')})" if d.get("tbcase") else "",
                   w.word("history.left_out").format(n=left) if isinstance(left, int) else "", chain)
    return old, new
